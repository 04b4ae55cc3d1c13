// Parses realistic EWS / Autodiscover responses stored in data/ (schema-valid: checked here with
// liaison-ews-validate) and hostile input, which must give an Error and never crash.

#include "mailbox/ews/ewsautodiscover.h"
#include "mailbox/ews/ewsitemreader.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsitemwriter.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "mailbox/ews/ewssyncrequests.h"
#include "ewstestsupport.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

using EwsTest::dataPath;
using EwsTest::readData;

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc());
}

EwsRequestContext context() { return EwsTest::impersonationContext(); }

} // namespace

class TestEwsResponses : public QObject
{
    Q_OBJECT

private:
    static EwsSoapResponse load(const QString &name)
    {
        const QByteArray bytes = readData(name);
        auto r = EwsSoapResponse::parse(bytes);
        if (!r.ok())
            qWarning("%s: %s", qPrintable(name), qPrintable(r.error().toString()));
        return r.ok() ? std::move(r).value() : EwsSoapResponse();
    }

private Q_SLOTS:
    void dataFilesAreSchemaValid()
    {
        const QStringList files{u"syncfolderitems-changes.xml"_s, u"syncfolderitems-invalidsyncstate.xml"_s,
                                u"getitem-contact.xml"_s, u"getitem-recurring-master.xml"_s, u"getitem-task.xml"_s,
                                u"getitem-partial-failure.xml"_s, u"fault-serverbusy.xml"_s,
                                u"streaming-notification.xml"_s};
        QStringList paths;
        for (const QString &f : files) {
            QVERIFY2(QFile::exists(dataPath(f)), qPrintable(f));
            paths << dataPath(f);
        }
        const QString errors = EwsTest::schemaErrors(paths);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
    }

    void syncFolderItemsChanges()
    {
        const EwsSoapResponse r = load(u"syncfolderitems-changes.xml"_s);
        QVERIFY(r.serverVersion().has_value());
        QCOMPARE(r.serverVersion()->majorVersion, 15);
        QCOMPARE(r.serverVersion()->version, u"V2018_01_08"_s);
        const auto page = EwsSyncFolderItemsRequest::parse(r, context());
        QVERIFY2(page.ok(), page.ok() ? "" : qPrintable(page.error().toString()));
        QCOMPARE(page->syncState, u"H4sIAAAAAAAEAGNgYGCwMjA0MDM3MTEwMTExNDIxAAC7l8IJGAAAAA=="_s);
        QCOMPARE(page->includesLastItem, false);
        QCOMPARE(page->changes.size(), 4);
        QCOMPARE(page->changes[0].type, MailboxChange::Type::Created);
        QCOMPARE(page->changes[0].itemClass, u"Contact"_s);
        QCOMPARE(page->changes[0].id.changeKey, u"EQAAABYAAABDnOdVvf2RQ6Hn8dG2n5KKAAAB7Xg1"_s);
        QCOMPARE(page->changes[1].type, MailboxChange::Type::Updated);
        QCOMPARE(page->changes[1].itemClass, u"CalendarItem"_s);
        QCOMPARE(page->changes[2].type, MailboxChange::Type::Deleted);
        QVERIFY(page->changes[2].id.changeKey.isEmpty());
        QCOMPARE(page->changes[2].id.id, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQBGAAAAAAC3AAA="_s);
        QCOMPARE(page->changes[3].type, MailboxChange::Type::ReadFlagChanged);
        QVERIFY(page->changes[3].isRead);
        // Answer for a different operation is refused.
        QVERIFY(!EwsGetItemRequest::parse(r, context()).ok());
    }

    void invalidSyncState()
    {
        const EwsSoapResponse r = load(u"syncfolderitems-invalidsyncstate.xml"_s);
        const auto messages = r.responseMessages();
        QCOMPARE(messages.size(), 1);
        QVERIFY(messages[0].first.isError());
        QCOMPARE(messages[0].first.responseCode, u"ErrorInvalidSyncStateData"_s);
        const Error info = messages[0].first.describe(context().account, u"anna.berg@contoso.example"_s);
        QVERIFY(info.recovery == Error::Recovery::ResetSyncState);
        QVERIFY(info.recovery != Error::Recovery::RetryLater);
        QVERIFY(info.message.contains(u"anna.berg@contoso.example"_s));
        const auto page = EwsSyncFolderItemsRequest::parse(r, context());
        QVERIFY(!page.ok());
        QVERIFY(page.error().message.contains(u"ErrorInvalidSyncStateData"_s));
        QVERIFY(!page.error().fix.isEmpty());
    }

    void getItemContact()
    {
        const auto items = EwsGetItemRequest::parse(load(u"getitem-contact.xml"_s), context());
        QVERIFY(items.ok());
        QCOMPARE(items->size(), 1);
        QVERIFY(items->at(0).ok());
        const auto *c = std::get_if<MailboxContact>(&*items->at(0).value);
        QVERIFY(c);
        QCOMPARE(c->id.id, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQBGAAAAAAC1AAA="_s);
        QCOMPARE(c->parentFolderId, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQAuAAAAAAA="_s);
        QCOMPARE(c->crmId, u"2f1c4a8e-0b7d-4c55-9e3a-5d1f00a1b2c3"_s); // PropertySetId matched case-insensitively
        QCOMPARE(c->displayName, u"Jörg Müller"_s);
        QCOMPARE(c->givenName, u"Jörg"_s);
        QCOMPARE(c->middleName, u"K."_s);
        QCOMPARE(c->surname, u"Müller"_s);
        QCOMPARE(c->fileAs, u"Müller, Jörg"_s);
        QCOMPARE(c->companyName, u"Fabrikam & Söhne"_s);
        QCOMPARE(c->department, u"Sales"_s);
        QCOMPARE(c->jobTitle, u"Head of Sales"_s);
        QCOMPARE(c->notes, u"Met at the fair & likes coffee.\nSecond line."_s);
        QCOMPARE(c->emailAddresses, (QStringList{u"joerg@fabrikam.example"_s, QString(), u"jm@home.example"_s}));
        QCOMPARE(c->phoneNumbers.size(), 2);
        QCOMPARE(c->phoneNumbers.value(u"MobilePhone"_s), u"+49 170 7654321"_s);
        QCOMPARE(c->businessAddress,
                 (MailboxPostalAddress{u"Hauptstr. 1"_s, u"Berlin"_s, QString(), u"Germany"_s, u"10115"_s}));
        QCOMPARE(c->homeAddress.city, u"Potsdam"_s);
        QVERIFY(c->otherAddress.isEmpty());
        QCOMPARE(c->birthday, QDate(1975, 4, 30));
        QCOMPARE(c->categories, (QStringList{u"CRM"_s, u"Customer"_s}));
        QCOMPARE(c->lastModified, utc(2026, 2, 10, 14, 21, 7));
    }

    void getItemRecurringMaster()
    {
        const auto items = EwsGetItemRequest::parse(load(u"getitem-recurring-master.xml"_s), context());
        QVERIFY(items.ok());
        QCOMPARE(items->size(), 1);
        const auto *e = std::get_if<MailboxEvent>(&*items->at(0).value);
        QVERIFY(e);
        QCOMPARE(e->kind, MailboxEventKind::RecurringMaster);
        QCOMPARE(e->subject, u"Weekly sync"_s);
        QCOMPARE(e->crmId, u"7a0e9d3c-1111-4c55-9e3a-5d1f00a1b2c3"_s);
        QVERIFY(e->uid.startsWith(u"040000008200E00074C5B7101A82E008"_s));
        QCOMPARE(e->start, utc(2026, 3, 2, 8, 0));
        QCOMPARE(e->end, utc(2026, 3, 2, 8, 30));
        QCOMPARE(e->isAllDay, false);
        QCOMPARE(e->sensitivity, MailboxSensitivity::Private);
        QCOMPARE(e->startTimeZone, u"W. Europe Standard Time"_s);
        QCOMPARE(e->organizerEmail, u"anna.berg@contoso.example"_s);
        QCOMPARE(e->attendees.size(), 3);
        QCOMPARE(e->attendees[0], (MailboxAttendee{u"Jörg Müller"_s, u"joerg@fabrikam.example"_s,
                                                   MailboxAttendeeRole::Required, MailboxResponseType::Accept}));
        QCOMPARE(e->attendees[1].role, MailboxAttendeeRole::Optional);
        QCOMPARE(e->attendees[1].response, MailboxResponseType::NoResponseReceived);
        QVERIFY(e->attendees[1].name.isEmpty());
        QCOMPARE(e->attendees[2].role, MailboxAttendeeRole::Resource);
        QVERIFY(e->recurrence.has_value());
        const MailboxRecurrence &rec = *e->recurrence;
        QCOMPARE(rec.pattern, MailboxRecurrence::Pattern::Weekly);
        QCOMPARE(rec.interval, 1);
        QCOMPARE(rec.daysOfWeek, (QList<MailboxDayOfWeek>{MailboxDayOfWeek::Monday, MailboxDayOfWeek::Thursday}));
        QCOMPARE(rec.firstDayOfWeek, std::optional<MailboxDayOfWeek>(MailboxDayOfWeek::Monday));
        QCOMPARE(rec.range, MailboxRecurrence::Range::EndDate);
        QCOMPARE(rec.startDate, QDate(2026, 3, 2));
        QCOMPARE(rec.endDate, QDate(2026, 6, 29));
        QCOMPARE(e->modifiedOccurrences.size(), 1);
        QCOMPARE(e->modifiedOccurrences[0].start, utc(2026, 3, 9, 10, 0));
        QCOMPARE(e->modifiedOccurrences[0].originalStart, utc(2026, 3, 9, 8, 0));
        QVERIFY(!e->modifiedOccurrences[0].id.isEmpty());
        QCOMPARE(e->deletedOccurrences, (QList<QDateTime>{utc(2026, 3, 5, 8, 0), utc(2026, 4, 6, 7, 0)}));
    }

    void getItemTask()
    {
        const auto items = EwsGetItemRequest::parse(load(u"getitem-task.xml"_s), context());
        QVERIFY(items.ok());
        const auto *t = std::get_if<MailboxTask>(&*items->at(0).value);
        QVERIFY(t);
        QCOMPARE(t->subject, u"Send offer"_s);
        QCOMPARE(t->status, MailboxTaskStatus::InProgress);
        QCOMPARE(t->percentComplete, 50.0);
        QCOMPARE(t->dueDate, utc(2026, 3, 5, 17, 0));
        QCOMPARE(t->startDate, utc(2026, 3, 1, 8, 0));
        QVERIFY(!t->completeDate.isValid());
        QCOMPARE(t->sensitivity, MailboxSensitivity::Confidential);
        QVERIFY(t->crmId.isEmpty());
    }

    void partialBatchFailure()
    {
        const auto items = EwsGetItemRequest::parse(load(u"getitem-partial-failure.xml"_s), context());
        QVERIFY(items.ok());
        QCOMPARE(items->size(), 4); // one outcome per requested id, in order
        QVERIFY(items->at(0).ok());
        QCOMPARE(std::get<MailboxContact>(*items->at(0).value).displayName, u"First Contact"_s);
        QVERIFY(!items->at(1).ok());
        QCOMPARE(items->at(1).status.responseCode, u"ErrorItemNotFound"_s);
        QCOMPARE(items->at(1).status.describe().code, Error::Code::NotFound);
        QVERIFY(items->at(2).ok());
        QCOMPARE(std::get<MailboxContact>(*items->at(2).value).id.changeKey, u"EQAAABYAAAA3"_s);
        // A message in a contacts folder is not ours: reported per item, the batch survives.
        QVERIFY(!items->at(3).ok());
        QCOMPARE(items->at(3).status.responseCode, u"ErrorUnsupportedItemType"_s);
    }

    void faultServerBusy()
    {
        const auto parsed = EwsSoapResponse::parse(readData(u"fault-serverbusy.xml"_s));
        QVERIFY(parsed.ok());
        QVERIFY(parsed->fault().has_value());
        QCOMPARE(parsed->fault()->responseCode, u"ErrorServerBusy"_s);
        QCOMPARE(parsed->fault()->backOffMs, qint64(297749));
        QVERIFY(parsed->operation() == nullptr);
        const Error info = parsed->faultError(context().account, u"anna.berg@contoso.example"_s);
        QVERIFY(info.recovery == Error::Recovery::RetryLater);
        QVERIFY(!info.fix.isEmpty());
        const auto items = EwsGetItemRequest::parse(*parsed, context());
        QVERIFY(!items.ok());
        QVERIFY(items.error().message.contains(u"ErrorServerBusy"_s));
    }

    void streamingNotification()
    {
        const auto ev = EwsGetStreamingEventsRequest::parse(load(u"streaming-notification.xml"_s), context());
        QVERIFY2(ev.ok(), ev.ok() ? "" : qPrintable(ev.error().toString()));
        QCOMPARE(ev->notifications.size(), 1);
        const EwsNotification &n = ev->notifications[0];
        QCOMPARE(n.subscriptionId, u"JABldXIwMWIzMDEubmFtcHJkMDEucHJvZC5vdXRsb29rLmNvbRAAAAA="_s);
        QCOMPARE(n.previousWatermark, u"AQAAAEqXzZfZ8V1Gk6sX3R8cQe0mAQAAAAAAAAA="_s);
        QCOMPARE(n.moreEvents, false);
        QCOMPARE(n.events.size(), 3);
        QCOMPARE(n.events[0].type, u"CreatedEvent"_s);
        QCOMPARE(n.events[0].timeStamp, utc(2026, 2, 13, 10, 15, 2));
        QCOMPARE(n.events[0].itemId.id, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQBGAAAAAADBAAA="_s);
        QCOMPARE(n.events[0].parentFolderId, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQAuAAAAAAA="_s);
        QCOMPARE(n.events[1].type, u"ModifiedEvent"_s);
        QVERIFY(n.events[1].itemId.isEmpty());
        QCOMPARE(n.events[1].folderId, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQAuAAAAAAA="_s);
        QCOMPARE(n.events[2].type, u"MovedEvent"_s);
        QCOMPARE(n.events[2].oldItemId.id, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQBGAAAAAADDAAA="_s);
        QCOMPARE(n.events[2].oldParentFolderId, u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQAuAAAAAAA="_s);
        QCOMPARE(ev->statuses.size(), 1);
        QVERIFY(!ev->statuses[0].isError());
    }

    void getUserSettings()
    {
        const auto s = EwsGetUserSettingsRequest::parse(readData(u"getusersettings-response.xml"_s));
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().toString()));
        QCOMPARE(s->errorCode, u"NoError"_s);
        QCOMPARE(s->externalEwsUrl(), u"https://mail.contoso.example/EWS/Exchange.asmx"_s);
        QCOMPARE(s->internalEwsUrl(), u"https://exch01.corp.contoso.example/EWS/Exchange.asmx"_s);
        QCOMPARE(s->ewsUrl(), s->externalEwsUrl());
        QCOMPARE(s->settings.value(u"GroupingInformation"_s), u"EURPR01"_s);

        const auto redirect = EwsGetUserSettingsRequest::parse(readData(u"getusersettings-redirect.xml"_s));
        QVERIFY(redirect.ok());
        QCOMPARE(redirect->errorCode, u"RedirectAddress"_s);
        QCOMPARE(redirect->redirectTarget, u"anna.berg@contoso.mail.onmicrosoft.example"_s);
        QVERIFY(redirect->ewsUrl().isEmpty());

        // An EWS answer where an Autodiscover one was expected is an Error.
        QVERIFY(!EwsGetUserSettingsRequest::parse(readData(u"getitem-task.xml"_s)).ok());
    }

    void poxAutodiscover()
    {
        const auto pox = EwsPoxAutodiscoverRequest::parse(readData(u"pox-autodiscover-response.xml"_s));
        QVERIFY2(pox.ok(), pox.ok() ? "" : qPrintable(pox.error().toString()));
        QCOMPARE(pox->action, u"settings"_s);
        QCOMPARE(pox->internalEwsUrl, u"https://exch01.corp.contoso.example/EWS/Exchange.asmx"_s);
        QCOMPARE(pox->externalEwsUrl, u"https://mail.contoso.example/EWS/Exchange.asmx"_s);
        QCOMPARE(pox->ewsUrl(), pox->externalEwsUrl);

        const auto request = EwsPoxAutodiscoverRequest{u"anna.berg@contoso.example"_s}.build();
        QVERIFY(request.ok());
        QVERIFY(request->contains("<EMailAddress>anna.berg@contoso.example</EMailAddress>"));
        QVERIFY(request->contains("http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"));
    }

    // What the writer sends, the reader reads back the same (one field table each way).
    void writerReaderRoundTrip()
    {
        MailboxContact c;
        c.crmId = u"2f1c4a8e-0b7d-4c55-9e3a-5d1f00a1b2c3"_s;
        c.displayName = u"A <B> & C"_s;
        c.givenName = u"A"_s;
        c.surname = u"C"_s;
        c.notes = u"line1\nline2"_s;
        c.emailAddresses = {u"a@example.com"_s, QString(), u"c@example.com"_s};
        c.phoneNumbers.insert(u"BusinessPhone"_s, u"+1 555 0100"_s);
        c.businessAddress = {u"1 Main St"_s, u"Springfield"_s, u"IL"_s, u"USA"_s, u"62701"_s};
        c.birthday = QDate(1980, 1, 2);
        c.categories = {u"CRM"_s};
        EwsCreateItemRequest req;
        req.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
        req.items = {c};
        const auto bytes = req.build(context());
        QVERIFY(bytes.ok());
        const auto tree = EwsXmlNode::parse(*bytes);
        QVERIFY(tree.ok());
        const EwsXmlNode *contact = tree->path({u"Body"_s, u"CreateItem"_s, u"Items"_s, u"Contact"_s});
        QVERIFY(contact);
        const MailboxContact back = EwsItemReader::readContact(*contact);
        QCOMPARE(back.crmId, c.crmId);
        QCOMPARE(back.displayName, c.displayName);
        QCOMPARE(back.notes, c.notes);
        QCOMPARE(back.emailAddresses, c.emailAddresses);
        QCOMPARE(back.phoneNumbers, c.phoneNumbers);
        QCOMPARE(back.businessAddress, c.businessAddress);
        QCOMPARE(back.birthday, c.birthday);
        QCOMPARE(back.categories, c.categories);
    }

    void hostileDoctypeAndEntities()
    {
        for (const QString &name : {u"hostile-doctype.xml"_s, u"hostile-xxe.xml"_s}) {
            const QByteArray bytes = readData(name);
            QVERIFY(!bytes.isEmpty());
            const auto r = EwsSoapResponse::parse(bytes);
            QVERIFY2(!r.ok(), qPrintable(name));
            QCOMPARE(r.error().code, Error::Code::Protocol);
            QVERIFY(r.error().message.contains(u"DOCTYPE"_s));
            QVERIFY(!r.error().message.contains(u"passwd"_s));
            QVERIFY(!EwsGetUserSettingsRequest::parse(bytes).ok());
            QVERIFY(!EwsPoxAutodiscoverRequest::parse(bytes).ok());
        }
        // An undeclared entity without any DTD is an error as well.
        const QByteArray undeclared = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                                      "<s:Body>&foo;</s:Body></s:Envelope>";
        QVERIFY(!EwsSoapResponse::parse(undeclared).ok());
    }

    void hostileTruncated()
    {
        const QByteArray full = readData(u"getitem-recurring-master.xml"_s);
        QVERIFY(full.size() > 1000);
        const auto half = EwsSoapResponse::parse(full.left(full.size() / 2));
        QVERIFY(!half.ok());
        QVERIFY(half.error().message.contains(u"well-formed"_s));
        QVERIFY(!half.error().fix.isEmpty());
        // Every cut point: an Error or (for a cut after the root closed) a value, never a crash.
        int errors = 0;
        for (qsizetype cut = 0; cut < full.size(); cut += 37) {
            const auto r = EwsSoapResponse::parse(full.left(cut));
            if (!r.ok())
                ++errors;
            else
                QVERIFY(EwsGetItemRequest::parse(*r, context()).ok());
        }
        QVERIFY(errors > 10);
        QVERIFY(!EwsSoapResponse::parse(QByteArray()).ok());
        QVERIFY(!EwsSoapResponse::parse("\x00\xff\xfe garbage").ok());
    }

    void hostileDeepNestingAndSize()
    {
        QByteArray deep = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>";
        const int levels = 100000;
        deep += QByteArray("<a>").repeated(levels);
        deep += QByteArray("</a>").repeated(levels);
        deep += "</s:Body></s:Envelope>";
        const auto r = EwsSoapResponse::parse(deep);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(u"nesting"_s));

        QByteArray wide = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>";
        wide += QByteArray("<a/>").repeated(2000);
        wide += "</s:Body></s:Envelope>";
        EwsXmlLimits limits;
        limits.maxElements = 1000;
        QVERIFY(!EwsSoapResponse::parse(wide, limits).ok());
        limits = {};
        limits.maxBytes = 100;
        QVERIFY(!EwsSoapResponse::parse(wide, limits).ok());
        QVERIFY(EwsSoapResponse::parse(wide).ok());
    }

    void notSoap()
    {
        const auto html = EwsSoapResponse::parse("<html><body><form>Sign in</form></body></html>");
        QVERIFY(!html.ok());
        QVERIFY(html.error().message.contains(u"SOAP"_s));
        const auto two = EwsSoapResponse::parse("<a/><b/>");
        QVERIFY(!two.ok());
    }
};

QTEST_GUILESS_MAIN(TestEwsResponses)
#include "tst_ewsresponses.moc"
