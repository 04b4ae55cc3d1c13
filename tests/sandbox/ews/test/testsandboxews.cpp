// The EWS sandbox spoken to over real loopback sockets with Liaison's own EWS request builders
// and readers, so the sandbox is proven against the client code. Every request and reply in
// the protocol trace is validated against Microsoft's schema with ews-validate.
#include <QtTest>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "mailbox/ews/ewsautodiscover.h"
#include "mailbox/ews/ewsfolderrequests.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "mailbox/ews/ewssyncrequests.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxewstesthttp.h"

#include "../../../ews/integration/ewstracecheck.h"

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {
const QString kAccount = u"svc-liaison@contoso.test"_s;
const QString kPassword = u"Sandbox-Pass-1"_s;
const QString kAnna = u"anna@contoso.test"_s;
const QString kBob = u"bob@contoso.test"_s;
const QString kEve = u"eve@contoso.test"_s;   // exists, but not impersonable
} // namespace

class TestSandboxEws : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxHttpServer> m_server;
    std::unique_ptr<SandboxEws> m_ews;
    std::unique_ptr<HttpClient> m_client;
    QString m_traceDir;
    QHash<QString, QString> m_brokenOnPurpose;   // trace file tag -> why ews-validate must not see it

    void start(const QString &dataFolder = {})
    {
        m_server = std::make_unique<SandboxHttpServer>();
        SandboxEwsOptions o;
        o.dataFolder = dataFolder;
        o.keepAliveMs = 300;
        o.streamingMinuteMs = 2000;
        m_ews = std::make_unique<SandboxEws>(o);
        m_ews->addServiceAccount(kAccount, kPassword, {kAnna, kBob});
        m_ews->addMailbox(kAnna, u"Anna Berg"_s);
        m_ews->addMailbox(kBob);
        m_ews->addMailbox(kEve);
        QVERIFY(m_ews->install(*m_server));
        QVERIFY(m_server->listen());
    }

    QUrl url(const QString &path) const { return SandboxEwsTestHttp::url(*m_server, path); }
    static bool wait(HttpReply *reply, int ms = 15000) { return SandboxEwsTestHttp::wait(reply, ms); }
    static QByteArray basic(const QString &user, const QString &password)
    {
        return SandboxEwsTestHttp::basic(user, password);
    }

    HttpReply *post(const QString &path, const QByteArray &body, const QByteArray &auth, const QString &tag,
                    const QByteArray &contentType = "text/xml; charset=utf-8", const QList<HttpHeader> &headers = {})
    {
        HttpReply *reply = m_client->send(SandboxEwsTestHttp::post(url(path), body, auth, tag, headers, contentType));
        wait(reply);
        return reply;
    }

    // One EWS call as the service account (impersonating `mailbox` when set).
    Result<EwsSoapResponse> ews(const QByteArray &body, const QString &tag, int *status = nullptr,
                                const QList<HttpHeader> &headers = {})
    {
        HttpReply *reply = post(QString::fromLatin1(SandboxEws::kEwsPath), body, basic(kAccount, kPassword), tag,
                                "text/xml; charset=utf-8", headers);
        if (status)
            *status = reply->statusCode();
        const QByteArray bytes = reply->body();
        reply->deleteLater();
        return EwsSoapResponse::parse(bytes);
    }

    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return SandboxEwsTestHttp::admin(*m_client, *m_server, method, path, body);
    }

    static EwsRequestContext as(const QString &mailbox)
    {
        return SandboxEwsTestHttp::impersonating(kAccount, mailbox);
    }

    static MailboxContact contact(const QString &given, const QString &surname)
    {
        MailboxContact c;
        c.givenName = given;
        c.surname = surname;
        c.displayName = given + u' ' + surname;
        c.fileAs = surname + u", "_s + given;
        c.companyName = u"Fabrikam & Söhne"_s;
        c.emailAddresses = {u"%1@fabrikam.example"_s.arg(given.toLower())};
        c.phoneNumbers.insert(u"BusinessPhone"_s, u"+49 30 123"_s);
        c.businessAddress.city = u"Berlin"_s;
        c.businessAddress.street = u"Hauptstr. 1"_s;
        c.categories = {u"CRM"_s};
        c.notes = u"Line one\nLine <two>"_s;
        c.crmId = u"2f1c4a8e-0b7d-4c55-9e3a-5d1f00a1b2c3"_s;
        return c;
    }

    MailboxItemId create(const QString &mailbox, const MailboxItem &item, const MailboxFolderRef &folder = {})
    {
        EwsCreateItemRequest req;
        req.folder = folder;
        req.items = {item};
        const auto body = req.build(as(mailbox));
        if (!body)
            return {};
        const auto response = ews(*body, u"CreateItem"_s);
        if (!response)
            return {};
        const auto ids = EwsCreateItemRequest::parse(*response, as(mailbox));
        return ids && ids->size() == 1 && ids->first().ok() ? *ids->first().value : MailboxItemId{};
    }

    Result<MailboxChangePage> sync(const QString &mailbox, const QString &folder, const QString &state, int max)
    {
        EwsSyncFolderItemsRequest req;
        req.folder = MailboxFolderRef::wellKnown(folder);
        req.syncState = state;
        req.maxChanges = max;
        const auto response = ews(req.build(as(mailbox)), u"SyncFolderItems"_s);
        if (!response)
            return response.error();
        return EwsSyncFolderItemsRequest::parse(*response, as(mailbox));
    }

    QList<EwsOutcome<MailboxItem>> get(const QString &mailbox, const QList<MailboxItemId> &ids, EwsItemKind kind)
    {
        EwsGetItemRequest req;
        req.ids = ids;
        req.kind = kind;
        const auto response = ews(*req.build(as(mailbox)), u"GetItem"_s);
        if (!response)
            return {};
        return EwsGetItemRequest::parse(*response, as(mailbox)).value();
    }

private Q_SLOTS:
    void init()
    {
        m_traceDir = QStringLiteral(LIAISON_TEST_OUTPUT_DIR) + u"/ews-trace/"_s
                   + QString::fromLatin1(QTest::currentTestFunction());
        QDir(m_traceDir).removeRecursively();
        QDir().mkpath(m_traceDir);
        m_client = std::make_unique<HttpClient>();
        m_client->setTraceDirectory(m_traceDir);
        m_brokenOnPurpose.clear();
        start();
    }

    void cleanup()
    {
        m_client.reset();
        m_ews.reset();
        m_server.reset();
        // Every XML body of the trace must pass ews-validate, except the ones broken on purpose.
        if (!QTest::currentTestFailed()) {
            QString output;
            QVERIFY2(EwsTraceCheck::validate(m_traceDir, &output, m_brokenOnPurpose) >= 0, qPrintable(output.right(3000)));
        }
    }

    void authenticationIsRequired()
    {
        EwsSyncFolderItemsRequest contacts;
        contacts.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
        HttpReply *none = post(u"/EWS/Exchange.asmx"_s, contacts.build(as(kAnna)), {}, u"NoAuth"_s);
        QCOMPARE(none->statusCode(), 401);
        QList<QByteArray> challenges;
        for (const auto &h : none->rawHeaders()) {
            if (h.first.toLower() == "www-authenticate")
                challenges << h.second;
        }
        QVERIFY(challenges.join(',').contains("Basic realm="));
        QVERIFY(challenges.join(',').contains("Bearer"));
        HttpReply *wrong = post(u"/EWS/Exchange.asmx"_s, contacts.build(as(kAnna)),
                                basic(kAccount, u"wrong"_s), u"WrongAuth"_s);
        QCOMPARE(wrong->statusCode(), 401);
        EwsSyncFolderItemsRequest req;
        req.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
        HttpReply *bearer = post(u"/EWS/Exchange.asmx"_s, req.build(as(kAnna)),
                                 "Bearer " + m_ews->issueToken(kAccount).toLatin1(), u"Bearer"_s);
        QCOMPARE(bearer->statusCode(), 200);
        const auto page = EwsSyncFolderItemsRequest::parse(*EwsSoapResponse::parse(bearer->body()), as(kAnna));
        QVERIFY(page);
        QVERIFY(EwsSoapResponse::parse(bearer->body())->serverVersion().has_value());
    }

    void impersonationIsChecked()
    {
        auto denied = sync(kEve, u"contacts"_s, {}, 10);
        QVERIFY(!denied);
        QVERIFY2(denied.error().message.contains(u"ErrorImpersonateUserDenied"_s), qPrintable(denied.error().message));
        auto missing = sync(u"nobody@contoso.test"_s, u"contacts"_s, {}, 10);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(u"ErrorNonExistentMailbox"_s));
    }

    void createSyncAndGetContact()
    {
        const MailboxContact c = contact(u"Jörg"_s, u"Müller"_s);
        const MailboxItemId id = create(kAnna, c, MailboxFolderRef::wellKnown(u"contacts"_s));
        QVERIFY(!id.id.isEmpty());
        QVERIFY(!id.changeKey.isEmpty());
        const auto page = sync(kAnna, u"contacts"_s, {}, 100);
        QVERIFY(page);
        QCOMPARE(page->changes.size(), 1);
        QCOMPARE(page->changes.first().type, MailboxChange::Type::Created);
        QCOMPARE(page->changes.first().id, id);
        QVERIFY(page->includesLastItem);
        const auto items = get(kAnna, {id, {u"AAAAAAAAAAAAAAAAAAAAAAAA"_s, {}}}, EwsItemKind::Contact);
        QCOMPARE(items.size(), 2);
        QVERIFY(items.first().ok());
        const MailboxContact read = std::get<MailboxContact>(*items.first().value);
        QCOMPARE(read.givenName, c.givenName);
        QCOMPARE(read.companyName, c.companyName);
        QCOMPARE(read.emailAddresses, c.emailAddresses);
        QCOMPARE(read.phoneNumbers, c.phoneNumbers);
        QCOMPARE(read.businessAddress, c.businessAddress);
        QCOMPARE(read.notes, c.notes);
        QCOMPARE(read.crmId, c.crmId);
        QCOMPARE(read.categories, c.categories);
        QCOMPARE(items.at(1).status.responseCode, u"ErrorItemNotFound"_s);
        // Bob cannot see Anna's items through his own impersonation.
        QCOMPARE(get(kBob, {id}, EwsItemKind::Contact).first().status.responseCode, u"ErrorItemNotFound"_s);
    }

    void syncStatePagingAndInvalidState()
    {
        const QJsonObject seeded = admin("POST", u"seed"_s, {{u"mailboxes"_s, QJsonArray{QJsonObject{{u"smtp"_s, kBob}, {u"contacts"_s, 25}}}}});
        QCOMPARE(seeded.value(u"items"_s).toInt(), 25);
        QString state;
        QList<bool> lasts;
        int total = 0;
        for (int i = 0; i < 5; ++i) {
            const auto page = sync(kBob, u"contacts"_s, state, 10);
            QVERIFY(page);
            total += int(page->changes.size());
            lasts << page->includesLastItem;
            state = page->syncState;
            if (page->includesLastItem)
                break;
        }
        QCOMPARE(total, 25);
        QCOMPARE(lasts, (QList<bool>{false, false, true}));
        const QJsonArray items = admin("GET", u"mailboxes/%1/folders/contacts/items"_s.arg(kBob)).value(u"value"_s).toArray();
        QCOMPARE(items.size(), 25);
        const QString first = items.at(0).toObject().value(u"id"_s).toString();
        const QString second = items.at(1).toObject().value(u"id"_s).toString();
        const QString enc1 = QString::fromLatin1(QUrl::toPercentEncoding(first));
        QCOMPARE(admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kBob, enc1), {{u"fields"_s, QJsonObject{{u"JobTitle"_s, u"CEO"_s}}}})
                     .value(u"fields"_s).toObject().value(u"JobTitle"_s).toString(), u"CEO"_s);
        admin("DELETE", u"mailboxes/%1/items/%2"_s.arg(kBob, QString::fromLatin1(QUrl::toPercentEncoding(second))));
        const auto delta = sync(kBob, u"contacts"_s, state, 10);
        QVERIFY(delta);
        QCOMPARE(delta->changes.size(), 2);
        QCOMPARE(delta->changes.at(0).type, MailboxChange::Type::Updated);
        QCOMPARE(delta->changes.at(0).id.id, first);
        QCOMPARE(delta->changes.at(1).type, MailboxChange::Type::Deleted);
        QCOMPARE(delta->changes.at(1).id.id, second);

        const auto bogus = sync(kBob, u"contacts"_s, u"SGVsbG8gd29ybGQ="_s, 10);
        QVERIFY(!bogus);
        QVERIFY(bogus.error().message.contains(u"ErrorInvalidSyncStateData"_s));
        // A state from another folder is refused too.
        QVERIFY(!sync(kBob, u"calendar"_s, delta->syncState, 10));
        admin("POST", u"faults"_s, {{u"fault"_s, u"invalidSyncState"_s}});
        QVERIFY(!sync(kBob, u"contacts"_s, delta->syncState, 10));
        QVERIFY(sync(kBob, u"contacts"_s, delta->syncState, 10));

        EwsSyncFolderItemsRequest req;
        req.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
        req.maxChanges = 10;
        QByteArray body = req.build(as(kBob));
        body.replace("<m:MaxChangesReturned>10<", "<m:MaxChangesReturned>0<");
        m_brokenOnPurpose.insert(u"BadMax-request"_s, u"MaxChangesReturned 0 is outside the schema on purpose"_s);
        int status = 0;
        const auto invalid = ews(body, u"BadMax"_s, &status);
        QCOMPARE(status, 500);
        QVERIFY(invalid && invalid->fault());
        QCOMPARE(invalid->fault()->responseCode, u"ErrorSchemaValidation"_s);
    }

    void changeKeyConflicts()
    {
        MailboxContact c = contact(u"Ann"_s, u"Lee"_s);
        c.id = create(kAnna, c);
        QVERIFY(!c.id.isEmpty());
        EwsUpdateItemRequest update;
        c.jobTitle = u"CFO"_s;
        update.changes = {{c, {MailboxField::JobTitle, MailboxField::EmailAddresses}}};
        auto response = ews(*update.build(as(kAnna)), u"UpdateItem"_s);
        auto result = EwsUpdateItemRequest::parse(*response, as(kAnna));
        QVERIFY(result && result->first().ok());
        const MailboxItemId fresh = *result->first().value;
        QCOMPARE(fresh.id, c.id.id);
        QVERIFY(fresh.changeKey != c.id.changeKey);
        // The old ChangeKey is stale now.
        response = ews(*update.build(as(kAnna)), u"UpdateItem"_s);
        result = EwsUpdateItemRequest::parse(*response, as(kAnna));
        QVERIFY(result);
        QCOMPARE(result->first().status.responseCode, u"ErrorIrresolvableConflict"_s);
        QVERIFY(result->first().status.describe().recovery == Error::Recovery::Refetch);
        update.conflictResolution = EwsUpdateItemRequest::ConflictResolution::AlwaysOverwrite;
        response = ews(*update.build(as(kAnna)), u"UpdateItem"_s);
        QVERIFY(EwsUpdateItemRequest::parse(*response, as(kAnna))->first().ok());
        const auto read = get(kAnna, {fresh}, EwsItemKind::Contact);
        QCOMPARE(std::get<MailboxContact>(*read.first().value).jobTitle, u"CFO"_s);

        EwsDeleteItemRequest del;
        del.ids = {fresh};
        const auto deleted = EwsDeleteItemRequest::parse(*ews(*del.build(as(kAnna)), u"DeleteItem"_s), as(kAnna));
        QVERIFY(deleted && !deleted->first().isError());
        QCOMPARE(get(kAnna, {fresh}, EwsItemKind::Contact).first().status.responseCode, u"ErrorItemNotFound"_s);
    }

    void calendarItemsAndCalendarView()
    {
        MailboxEvent e;
        e.subject = u"Weekly sync"_s;
        e.start = QDateTime(QDate(2026, 3, 2), QTime(8, 0), QTimeZone::utc());
        e.end = e.start.addSecs(1800);
        e.sensitivity = MailboxSensitivity::Private;
        e.categories = {u"CRM"_s};
        e.attendees = {{u"Jörg"_s, u"joerg@fabrikam.example"_s, MailboxAttendeeRole::Required, {}}};
        MailboxRecurrence r;
        r.pattern = MailboxRecurrence::Pattern::Weekly;
        r.daysOfWeek = {MailboxDayOfWeek::Monday, MailboxDayOfWeek::Thursday};
        r.range = MailboxRecurrence::Range::EndDate;
        r.startDate = e.start.date();
        r.endDate = QDate(2026, 6, 29);
        e.recurrence = r;
        e.crmId = u"7a0e9d3c-1111-4c55-9e3a-5d1f00a1b2c3"_s;
        const MailboxItemId master = create(kAnna, e);
        QVERIFY(!master.isEmpty());
        MailboxEvent allDay;
        allDay.subject = u"Trade fair"_s;
        allDay.isAllDay = true;
        allDay.start = QDateTime(QDate(2026, 3, 10), QTime(0, 0), QTimeZone::utc());
        allDay.end = allDay.start.addDays(1);
        QVERIFY(!create(kAnna, allDay).isEmpty());

        const auto read = get(kAnna, {master}, EwsItemKind::Event);
        QVERIFY(read.first().ok());
        const MailboxEvent ev = std::get<MailboxEvent>(*read.first().value);
        QCOMPARE(ev.kind, MailboxEventKind::RecurringMaster);
        QCOMPARE(ev.sensitivity, MailboxSensitivity::Private);
        QCOMPARE(ev.organizerEmail, kAnna);
        QCOMPARE(ev.attendees.size(), 1);
        QCOMPARE(ev.recurrence, e.recurrence);
        QCOMPARE(ev.crmId, e.crmId);
        QVERIFY(!ev.uid.isEmpty());

        EwsFindCalendarViewRequest view;
        view.start = QDateTime(QDate(2026, 3, 1), QTime(0, 0), QTimeZone::utc());
        view.end = view.start.addDays(14);
        auto events = EwsFindCalendarViewRequest::parse(*ews(*view.build(as(kAnna)), u"FindItem"_s), as(kAnna));
        QVERIFY(events);
        QCOMPARE(events->size(), 5);   // Mon 2, Thu 5, Mon 9, Thu 12 + the all-day single
        QCOMPARE(events->first().kind, MailboxEventKind::Occurrence);
        QCOMPARE(events->at(1).start, QDateTime(QDate(2026, 3, 5), QTime(8, 0), QTimeZone::utc()));
        view.maxEntries = 2;
        const QByteArray limited = *view.build(as(kAnna));
        HttpReply *reply = post(u"/EWS/Exchange.asmx"_s, limited, basic(kAccount, kPassword), u"FindItem"_s);
        QVERIFY(reply->body().contains("IncludesLastItemInRange=\"false\""));
        QCOMPARE(EwsFindCalendarViewRequest::parse(*EwsSoapResponse::parse(reply->body()), as(kAnna))->size(), 2);
        // An occurrence id from the view reads back as an occurrence.
        const auto occ = get(kAnna, {events->at(1).id}, EwsItemKind::Event);
        QVERIFY(occ.first().ok());
        QCOMPARE(std::get<MailboxEvent>(*occ.first().value).start, events->at(1).start);
        // SendToNone: nobody was mailed.
        QCOMPARE(admin("GET", u"outbox"_s).value(u"value"_s).toArray().size(), 0);
    }

    void tasksRoundTrip()
    {
        MailboxTask t;
        t.subject = u"Call back"_s;
        t.dueDate = QDateTime(QDate(2026, 4, 1), QTime(0, 0), QTimeZone::utc());
        t.status = MailboxTaskStatus::InProgress;
        t.percentComplete = 50;
        const MailboxItemId id = create(kAnna, t);
        const auto read = get(kAnna, {id}, EwsItemKind::Task);
        QVERIFY(read.first().ok());
        const MailboxTask back = std::get<MailboxTask>(*read.first().value);
        QCOMPARE(back.subject, t.subject);
        QCOMPARE(back.status, t.status);
        QCOMPARE(back.dueDate, t.dueDate);
    }

    void foldersFindCreateAndHierarchy()
    {
        EwsFindFolderRequest find;
        find.parent = MailboxFolderRef::wellKnown(u"contacts"_s);
        find.displayName = u"Liaison"_s;
        auto found = EwsFindFolderRequest::parse(*ews(*find.build(as(kAnna)), u"FindFolder"_s), as(kAnna));
        QVERIFY(found && found->isEmpty());
        EwsCreateFolderRequest create;
        create.displayName = u"Liaison"_s;
        auto created = EwsCreateFolderRequest::parse(*ews(*create.build(as(kAnna)), u"CreateFolder"_s), as(kAnna));
        QVERIFY(created);
        found = EwsFindFolderRequest::parse(*ews(*find.build(as(kAnna)), u"FindFolder"_s), as(kAnna));
        QVERIFY(found);
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().id, created->id);
        QCOMPARE(found->first().folderClass, u"IPF.Contact"_s);
        auto again = EwsCreateFolderRequest::parse(*ews(*create.build(as(kAnna)), u"CreateFolder"_s), as(kAnna));
        QVERIFY(!again);
        QVERIFY(again.error().message.contains(u"ErrorFolderExists"_s));
        // Items go into the new folder by id and sync from there.
        const MailboxItemId inFolder = this->create(kAnna, contact(u"In"_s, u"Folder"_s), MailboxFolderRef::byId(created->id));
        QVERIFY(!inFolder.isEmpty());
        EwsSyncFolderItemsRequest items;
        items.folder = MailboxFolderRef::byId(created->id);
        const auto inPage = EwsSyncFolderItemsRequest::parse(*ews(items.build(as(kAnna)), u"SyncFolderItems"_s), as(kAnna));
        QVERIFY(inPage);
        QCOMPARE(inPage->changes.size(), 1);
        QCOMPARE(inPage->changes.first().id, inFolder);
        EwsSyncFolderHierarchyRequest hierarchy;
        const auto page = EwsSyncFolderHierarchyRequest::parse(*ews(hierarchy.build(as(kAnna)), u"SyncFolderHierarchy"_s), as(kAnna));
        QVERIFY(page);
        QVERIFY(std::any_of(page->changes.cbegin(), page->changes.cend(),
                            [&](const MailboxFolderChange &c) { return c.folder.id == created->id && c.folder.displayName == u"Liaison"_s; }));
    }

    void streamingNotificationAfterAdminChange()
    {
        EwsSubscribeRequest subscribe;
        subscribe.folders = {MailboxFolderRef::wellKnown(u"contacts"_s)};
        // Affinity: the sandbox has several back ends; the anchor routes both calls to Anna's.
        const QList<HttpHeader> anchor{{"X-AnchorMailbox", kAnna.toUtf8()}};
        const auto sub = EwsSubscribeRequest::parse(*ews(*subscribe.build(as(kAnna)), u"Subscribe"_s, nullptr, anchor), as(kAnna));
        QVERIFY(sub);
        EwsGetStreamingEventsRequest events;
        events.subscriptionIds = {sub->subscriptionId};
        events.connectionTimeoutMinutes = 1;   // 2 s in this sandbox
        HttpRequest r = HttpRequest::post(url(u"/EWS/Exchange.asmx"_s), *events.build(as(kAnna)), "text/xml; charset=utf-8");
        r.setHeader("Authorization", basic(kAccount, kPassword));
        r.setHeader("X-AnchorMailbox", kAnna.toUtf8());
        r.streaming = true;
        r.traceTag = u"GetStreamingEvents"_s;
        HttpReply *stream = m_client->send(r);
        QByteArray received;
        connect(stream, &HttpReply::readyRead, this, [&] { received += stream->readAvailable(); });
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("ConnectionStatus>OK"), 5000);   // keep-alive
        const QJsonObject created = admin("POST", u"mailboxes/%1/folders/contacts/items"_s.arg(kAnna),
                                          {{u"kind"_s, u"Contact"_s}, {u"fields"_s, QJsonObject{{u"GivenName"_s, u"Streamy"_s}}}});
        QVERIFY(!created.value(u"id"_s).toString().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("CreatedEvent"), 5000);
        const qsizetype start = received.lastIndexOf("<?xml", received.indexOf("CreatedEvent"));
        const qsizetype end = received.indexOf("</s:Envelope>", start) + 13;
        const auto parsed = EwsGetStreamingEventsRequest::parse(*EwsSoapResponse::parse(received.mid(start, end - start)), as(kAnna));
        QVERIFY(parsed);
        QCOMPARE(parsed->notifications.size(), 1);
        QCOMPARE(parsed->notifications.first().events.first().type, u"CreatedEvent"_s);
        QCOMPARE(parsed->notifications.first().events.first().itemId.id, created.value(u"id"_s).toString());
        // ConnectionTimeout: the server closes the stream itself.
        QTRY_VERIFY_WITH_TIMEOUT(stream->isFinished(), 8000);
        QVERIFY(received.contains("ConnectionStatus>Closed"));
        stream->deleteLater();

        events.subscriptionIds = {u"AAAAbm9zdWNoc3Vic2NyaXB0aW9u"_s};
        const auto unknown = EwsGetStreamingEventsRequest::parse(*ews(*events.build(as(kAnna)), u"GetStreamingEvents"_s), as(kAnna));
        QVERIFY(unknown);
        QCOMPARE(unknown->statuses.first().responseCode, u"ErrorSubscriptionNotFound"_s);
        QCOMPARE(unknown->errorSubscriptionIds, events.subscriptionIds);
    }

    void faults()
    {
        EwsSyncFolderItemsRequest req;
        req.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
        const QByteArray body = req.build(as(kAnna));
        admin("POST", u"faults"_s, {{u"fault"_s, u"serverBusy"_s}, {u"backOffMs"_s, 1234}, {u"times"_s, 2}});
        for (int i = 0; i < 2; ++i) {
            int status = 0;
            const auto busy = ews(body, u"Busy"_s, &status);
            QCOMPARE(status, 500);
            QVERIFY(busy && busy->fault());
            QCOMPARE(busy->fault()->responseCode, u"ErrorServerBusy"_s);
            QCOMPARE(busy->fault()->backOffMs, 1234);
        }
        QVERIFY(ews(body, u"AfterBusy"_s).value().fault() == std::nullopt);
        admin("POST", u"faults"_s, {{u"fault"_s, u"http503"_s}, {u"retryAfter"_s, 1}});
        HttpReply *unavailable = post(u"/EWS/Exchange.asmx"_s, body, basic(kAccount, kPassword), u"503"_s);
        QCOMPARE(unavailable->statusCode(), 503);
        admin("POST", u"faults"_s, {{u"fault"_s, u"slow"_s}, {u"delayMs"_s, 200}});
        QCOMPARE(post(u"/EWS/Exchange.asmx"_s, body, basic(kAccount, kPassword), u"Slow"_s)->statusCode(), 200);
        // QNAM silently resends once when a kept-alive connection drops, so drop twice.
        admin("POST", u"faults"_s, {{u"fault"_s, u"drop"_s}, {u"times"_s, 2}});
        QVERIFY(post(u"/EWS/Exchange.asmx"_s, body, basic(kAccount, kPassword), u"Drop"_s)->hasError());
        admin("DELETE", u"faults"_s);
        admin("POST", u"faults"_s, {{u"fault"_s, u"malformedXml"_s}});
        m_brokenOnPurpose.insert(u"Malformed-response"_s, u"the malformedXml fault breaks this reply on purpose"_s);
        QVERIFY(!ews(body, u"Malformed"_s));
        QCOMPARE(admin("GET", u"stats"_s).value(u"pendingFaults"_s).toInt(), 0);
    }

    void autodiscover()
    {
        EwsGetUserSettingsRequest soap;
        soap.mailbox = kAnna;
        HttpReply *reply = post(u"/autodiscover/autodiscover.svc"_s, *soap.build(), basic(kAccount, kPassword), u"Autodiscover"_s);
        const auto settings = EwsGetUserSettingsRequest::parse(reply->body());
        QVERIFY2(settings, reply->body().constData());
        QCOMPARE(settings->ewsUrl(), url(u"/EWS/Exchange.asmx"_s).toString());
        QCOMPARE(settings->settings.value(u"UserDisplayName"_s), u"Anna Berg"_s);
        m_ews->setAutodiscoverRedirect(u"fabrikam.example"_s, u"anna@contoso.test"_s, false);
        soap.mailbox = u"x@fabrikam.example"_s;
        reply = post(u"/autodiscover/autodiscover.svc"_s, *soap.build(), basic(kAccount, kPassword), u"Autodiscover"_s);
        const auto redirect = EwsGetUserSettingsRequest::parse(reply->body());
        QVERIFY(redirect);
        QCOMPARE(redirect->errorCode, u"RedirectAddress"_s);
        QCOMPARE(redirect->redirectTarget, kAnna);
        EwsPoxAutodiscoverRequest pox;
        pox.emailAddress = kAnna;
        reply = post(u"/autodiscover/autodiscover.xml"_s, *pox.build(), basic(kAccount, kPassword), u"Pox"_s);
        const auto poxResult = EwsPoxAutodiscoverRequest::parse(reply->body());
        QVERIFY(poxResult);
        QCOMPARE(poxResult->ewsUrl(), url(u"/EWS/Exchange.asmx"_s).toString());
        QCOMPARE(post(u"/autodiscover/autodiscover.xml"_s, *pox.build(), {}, u"PoxNoAuth"_s)->statusCode(), 401);
    }

    void persistsAcrossRestart()
    {
        QTemporaryDir data;
        start(data.path());
        const MailboxItemId id = create(kAnna, contact(u"Kept"_s, u"Person"_s));
        QVERIFY(!id.isEmpty());
        const auto page = sync(kAnna, u"contacts"_s, {}, 10);
        QVERIFY(page);
        QVERIFY(QFile::exists(data.filePath(u"ews.json"_s)));
        start(data.path());   // a new sandbox on the same data folder
        const auto read = get(kAnna, {id}, EwsItemKind::Contact);
        QVERIFY(read.first().ok());
        QCOMPARE(std::get<MailboxContact>(*read.first().value).givenName, u"Kept"_s);
        QCOMPARE(std::get<MailboxContact>(*read.first().value).id.changeKey, id.changeKey);
        const auto next = sync(kAnna, u"contacts"_s, page->syncState, 10);
        QVERIFY(next);   // the stored SyncState is still valid
        QCOMPARE(next->changes.size(), 0);

        // A data file saved before the sandbox knew Sent Items: loading adds the folder, as every
        // Exchange mailbox has it, and keeps the rest.
        m_ews.reset();
        QFile file(data.filePath(u"ews.json"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject saved = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray mailboxes = saved.value(u"mailboxes"_s).toArray();
        for (qsizetype m = 0; m < mailboxes.size(); ++m) {
            QJsonObject mailbox = mailboxes.at(m).toObject();
            QJsonArray folders;
            for (const QJsonValue &f : mailbox.value(u"folders"_s).toArray()) {
                if (f.toObject().value(u"distinguishedId"_s).toString() != u"sentitems"_s)
                    folders.append(f);
            }
            QCOMPARE(folders.size(), mailbox.value(u"folders"_s).toArray().size() - 1);
            mailbox.insert(u"folders"_s, folders);
            mailboxes.replace(m, mailbox);
        }
        saved.insert(u"mailboxes"_s, mailboxes);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(saved).toJson(QJsonDocument::Compact));
        file.close();
        start(data.path());
        QStringList wellKnown;
        for (const QJsonValue &f : admin("GET", u"mailboxes/%1/folders"_s.arg(kAnna)).value(u"value"_s).toArray())
            wellKnown << f.toObject().value(u"distinguishedId"_s).toString();
        QVERIFY2(wellKnown.contains(u"sentitems"_s), qPrintable(wellKnown.join(u',')));
        QCOMPARE(std::get<MailboxContact>(*get(kAnna, {id}, EwsItemKind::Contact).first().value).givenName,
                 u"Kept"_s);
        const auto after = sync(kAnna, u"contacts"_s, page->syncState, 10);
        QVERIFY(after);
        QCOMPARE(after->changes.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSandboxEws)
#include "testsandboxews.moc"
