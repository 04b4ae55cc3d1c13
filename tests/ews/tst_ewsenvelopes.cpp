// Builds one representative envelope per EWS request builder and checks it against Microsoft's
// published schema with liaison-ews-validate (tests/tools, libxml2 underneath).

#include "mailbox/ews/ewsautodiscover.h"
#include "mailbox/ews/ewsfolderrequests.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "mailbox/ews/ewssyncrequests.h"
#include "ewstestsupport.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Liaison;
using namespace Qt::StringLiterals;

class TestEwsEnvelopes : public QObject
{
    Q_OBJECT

private:
    QString m_dir;
    QStringList m_written;

    static EwsRequestContext context()
    {
        EwsRequestContext c;
        c.impersonatedSmtp = u"anna.berg@contoso.example"_s;
        c.timeZoneId = u"W. Europe Standard Time"_s;
        c.account = u"svc-liaison@contoso.example"_s;
        return c;
    }

    static MailboxContact contact()
    {
        MailboxContact c;
        c.crmId = u"2f1c4a8e-0b7d-4c55-9e3a-5d1f00a1b2c3"_s;
        c.displayName = u"Jörg Müller"_s;
        c.givenName = u"Jörg"_s;
        c.middleName = u"K."_s;
        c.surname = u"Müller"_s;
        c.fileAs = u"Müller, Jörg"_s;
        c.companyName = u"Fabrikam & Söhne <GmbH>"_s;
        c.department = u"Sales"_s;
        c.jobTitle = u"Head of Sales"_s;
        c.notes = u"Met at the fair.\nLikes coffee."_s;
        c.emailAddresses = {u"joerg@fabrikam.example"_s, QString(), u"jm@home.example"_s};
        c.phoneNumbers.insert(u"BusinessPhone"_s, u"+49 30 1234567"_s);
        c.phoneNumbers.insert(u"MobilePhone"_s, u"+49 170 7654321"_s);
        c.businessAddress = {u"Hauptstr. 1"_s, u"Berlin"_s, QString(), u"Germany"_s, u"10115"_s};
        c.homeAddress.city = u"Potsdam"_s;
        c.birthday = QDate(1975, 4, 30);
        c.categories = {u"CRM"_s, u"Customer"_s};
        return c;
    }

    static MailboxEvent event()
    {
        MailboxEvent e;
        e.crmId = u"7a0e9d3c-1111-4c55-9e3a-5d1f00a1b2c3"_s;
        e.subject = u"Quarterly review"_s;
        e.body = u"Agenda: numbers"_s;
        e.location = u"Room 4.01"_s;
        const QTimeZone berlin("Europe/Berlin");
        e.start = QDateTime(QDate(2026, 3, 2), QTime(9, 0), berlin);
        e.end = QDateTime(QDate(2026, 3, 2), QTime(10, 30), berlin);
        e.startTimeZone = u"W. Europe Standard Time"_s;
        e.endTimeZone = u"W. Europe Standard Time"_s;
        e.sensitivity = MailboxSensitivity::Private;
        e.categories = {u"CRM"_s};
        e.attendees = {{u"Jörg Müller"_s, u"joerg@fabrikam.example"_s, MailboxAttendeeRole::Required, {}},
                       {QString(), u"cfo@fabrikam.example"_s, MailboxAttendeeRole::Optional, {}},
                       {u"Room 4.01"_s, u"room401@contoso.example"_s, MailboxAttendeeRole::Resource, {}}};
        MailboxRecurrence r;
        r.pattern = MailboxRecurrence::Pattern::RelativeMonthly;
        r.interval = 3;
        r.daysOfWeek = {MailboxDayOfWeek::Monday};
        r.weekIndex = MailboxWeekIndex::First;
        r.range = MailboxRecurrence::Range::Numbered;
        r.startDate = QDate(2026, 3, 2);
        r.numberOfOccurrences = 8;
        e.recurrence = r;
        return e;
    }

    static MailboxTask task()
    {
        MailboxTask t;
        t.crmId = u"99999999-1111-4c55-9e3a-5d1f00a1b2c3"_s;
        t.subject = u"Send offer"_s;
        t.body = u"Include the volume discount"_s;
        t.startDate = QDateTime(QDate(2026, 3, 1), QTime(8, 0), QTimeZone::utc());
        t.dueDate = QDateTime(QDate(2026, 3, 5), QTime(17, 0), QTimeZone::utc());
        t.status = MailboxTaskStatus::InProgress;
        t.percentComplete = 50;
        t.sensitivity = MailboxSensitivity::Confidential;
        t.categories = {u"CRM"_s};
        return t;
    }

    void write(const QString &name, const QByteArray &bytes)
    {
        QVERIFY(!bytes.isEmpty());
        const QString path = m_dir + u'/' + name + u".xml"_s;
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
        f.write(bytes);
        m_written << path;
    }

    template<typename R>
    void writeResult(const QString &name, const R &result)
    {
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().toString()));
        write(name, result.value());
    }

    static void validate(const QStringList &files)
    {
        const QString errors = EwsTest::schemaErrors(files);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = QStringLiteral(LIAISON_TEST_OUTPUT_DIR "/ews-envelopes");
        QVERIFY(QDir().mkpath(m_dir));
        QVERIFY2(QFile::exists(QStringLiteral(LIAISON_EWS_VALIDATE)), "liaison-ews-validate is missing");
    }

    void syncFolderHierarchy()
    {
        EwsSyncFolderHierarchyRequest r;
        write(u"SyncFolderHierarchy-first"_s, r.build(context()));
        r.syncState = u"H4sIAAAAAAAEAO29B2AcSZY"_s;
        write(u"SyncFolderHierarchy-next"_s, r.build({}));
    }

    void syncFolderItems()
    {
        EwsSyncFolderItemsRequest r;
        r.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
        r.maxChanges = 10000; // clamped to 512
        const QByteArray first = r.build(context());
        QVERIFY(first.contains("<m:MaxChangesReturned>512</m:MaxChangesReturned>"));
        write(u"SyncFolderItems-first"_s, first);
        r.folder = MailboxFolderRef::byId(u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQAuAAAAAAA="_s);
        r.syncState = u"H4sIAAAAAAAEAO29B2AcSZYlJi9tynt/SvK+"_s;
        write(u"SyncFolderItems-next"_s, r.build(context()));
    }

    void getItem()
    {
        const QList<MailboxItemId> ids{{u"AAMkAGI2TG93AAA="_s, u"CQAAABYAAAA"_s}, {u"AAMkAGI2TG94AAA="_s, {}}};
        for (EwsItemKind kind : {EwsItemKind::Contact, EwsItemKind::Event, EwsItemKind::Task}) {
            EwsGetItemRequest r;
            r.ids = ids;
            r.kind = kind;
            writeResult(u"GetItem-%1"_s.arg(static_cast<int>(kind)), r.build(context()));
        }
        QVERIFY(!EwsGetItemRequest{}.build(context()).ok());
    }

    void findCalendarView()
    {
        EwsFindCalendarViewRequest r;
        r.start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
        r.end = r.start.addDays(90);
        r.maxEntries = 500;
        writeResult(u"FindItem-CalendarView"_s, r.build(context()));
        r.end = r.start.addYears(3);
        QVERIFY(!r.build(context()).ok());
    }

    void findFolder()
    {
        EwsFindFolderRequest r;
        r.parent = MailboxFolderRef::wellKnown(u"contacts"_s);
        r.displayName = u"CRM Contacts"_s;
        writeResult(u"FindFolder"_s, r.build(context()));
    }

    void createFolder()
    {
        EwsCreateFolderRequest r;
        r.displayName = u"CRM Contacts"_s;
        writeResult(u"CreateFolder-contacts"_s, r.build(context()));
        r.folderElement = u"TasksFolder"_s;
        r.parent = MailboxFolderRef::wellKnown(u"tasks"_s);
        writeResult(u"CreateFolder-tasks"_s, r.build(context()));
        r.folderElement = u"SearchFolder"_s;
        QVERIFY(!r.build(context()).ok());
    }

    void createItem()
    {
        EwsCreateItemRequest r;
        r.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
        r.items = {contact()};
        writeResult(u"CreateItem-contact"_s, r.build(context()));
        QVERIFY(r.build(context())->contains("SendMeetingInvitations=\"SendToNone\"")); // always sent

        r.folder = MailboxFolderRef::wellKnown(u"calendar"_s);
        r.items = {event()};
        const auto ev = r.build(context());
        QVERIFY(ev.ok());
        QVERIFY(ev->contains("SendMeetingInvitations=\"SendToNone\""));
        write(u"CreateItem-event"_s, *ev);

        MailboxEvent allDay;
        allDay.subject = u"Trade fair"_s;
        allDay.isAllDay = true;
        allDay.startTimeZone = u"W. Europe Standard Time"_s;
        allDay.start = QDateTime(QDate(2026, 5, 4), QTime(0, 0), QTimeZone("Europe/Berlin"));
        allDay.end = allDay.start.addDays(2);
        MailboxRecurrence weekly;
        weekly.pattern = MailboxRecurrence::Pattern::Weekly;
        weekly.daysOfWeek = {MailboxDayOfWeek::Monday, MailboxDayOfWeek::Wednesday};
        weekly.firstDayOfWeek = MailboxDayOfWeek::Monday;
        weekly.range = MailboxRecurrence::Range::EndDate;
        weekly.startDate = QDate(2026, 5, 4);
        weekly.endDate = QDate(2026, 12, 31);
        allDay.recurrence = weekly;
        r.items = {allDay};
        const auto allDayBytes = r.build(context());
        QVERIFY(allDayBytes.ok());
        // All-day: local midnight in the event's zone, no offset (EWS applies StartTimeZone).
        QVERIFY(allDayBytes->contains("<t:Start>2026-05-04T00:00:00</t:Start>"));
        QVERIFY(allDayBytes->contains("<t:StartTimeZone Id=\"W. Europe Standard Time\"/>"));
        write(u"CreateItem-allday"_s, *allDayBytes);

        r.folder = MailboxFolderRef::wellKnown(u"tasks"_s);
        r.items = {task()};
        writeResult(u"CreateItem-task"_s, r.build(context()));

        r.items = {};
        QVERIFY(!r.build(context()).ok());
    }

    void updateItem()
    {
        EwsUpdateItemRequest r;
        MailboxContact c = contact();
        c.id = {u"AAMkAGI2TG93AAA="_s, u"EQAAABYAAAA"_s};
        c.middleName.clear(); // cleared -> DeleteItemField
        c.phoneNumbers.insert(u"HomePhone"_s, QString());
        r.changes << EwsUpdateItemRequest::Change{c,
            {MailboxField::DisplayName, MailboxField::MiddleName, MailboxField::EmailAddresses,
             MailboxField::PhoneNumbers, MailboxField::BusinessAddress, MailboxField::Birthday,
             MailboxField::Body, MailboxField::Categories, MailboxField::CrmId, MailboxField::Surname}};
        // A contact alone carries it too: always sent, so no calendar item can slip through without it.
        QVERIFY(r.build(context())->contains("SendMeetingInvitationsOrCancellations=\"SendToNone\""));
        MailboxEvent e = event();
        e.id = {u"AAMkAGI2TG95AAA="_s, u"DwAAABYAAAA"_s};
        r.changes << EwsUpdateItemRequest::Change{e,
            {MailboxField::Subject, MailboxField::Start, MailboxField::End, MailboxField::Location,
             MailboxField::Attendees, MailboxField::Recurrence, MailboxField::Sensitivity,
             MailboxField::StartTimeZone}};
        MailboxTask t = task();
        t.id = {u"AAMkAGI2TG96AAA="_s, u"FwAAABYAAAA"_s};
        r.changes << EwsUpdateItemRequest::Change{t,
            {MailboxField::Subject, MailboxField::DueDate, MailboxField::CompleteDate, MailboxField::TaskStatus,
             MailboxField::PercentComplete}};
        const auto built = r.build(context());
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().toString()));
        QVERIFY(built->contains("SendMeetingInvitationsOrCancellations=\"SendToNone\""));
        QVERIFY(built->contains("DeleteItemField"));
        write(u"UpdateItem"_s, *built);

        // NeverOverwrite without a ChangeKey is refused; a field of another type too.
        EwsUpdateItemRequest bad;
        c.id.changeKey.clear();
        bad.changes << EwsUpdateItemRequest::Change{c, {MailboxField::DisplayName}};
        QVERIFY(!bad.build(context()).ok());
        EwsUpdateItemRequest wrongField;
        wrongField.changes << EwsUpdateItemRequest::Change{t, {MailboxField::Location}};
        QVERIFY(!wrongField.build(context()).ok());
    }

    void deleteItem()
    {
        EwsDeleteItemRequest r;
        r.ids = {{u"AAMkAGI2TG93AAA="_s, u"EQAAABYAAAA"_s}, {u"AAMkAGI2TG94AAA="_s, {}}};
        writeResult(u"DeleteItem"_s, r.build(context()));
        r.deleteType = EwsDeleteItemRequest::DeleteType::HardDelete;
        writeResult(u"DeleteItem-hard"_s, r.build(context()));
        // Exchange refuses a calendar item or task delete without these: always sent, whatever the ids are.
        QVERIFY(r.build(context())->contains("SendMeetingCancellations=\"SendToNone\""));
        QVERIFY(r.build(context())->contains("AffectedTaskOccurrences=\"AllOccurrences\""));
    }

    void subscribe()
    {
        EwsSubscribeRequest r;
        writeResult(u"Subscribe-all"_s, r.build(context()));
        r.folders = {MailboxFolderRef::wellKnown(u"contacts"_s), MailboxFolderRef::byId(u"AAMkADk0ZGY2AAA="_s)};
        writeResult(u"Subscribe-folders"_s, r.build(context()));
        r.eventTypes = {u"BogusEvent"_s};
        QVERIFY(!r.build(context()).ok());
    }

    void getStreamingEvents()
    {
        EwsGetStreamingEventsRequest r;
        r.subscriptionIds = {u"JABldXIwMWIzMDEubmFtcHJkMDEucHJvZC5vdXRsb29rLmNvbRAAAAA="_s};
        r.connectionTimeoutMinutes = 90; // clamped to 30
        const auto built = r.build(context());
        QVERIFY(built.ok());
        QVERIFY(built->contains("<m:ConnectionTimeout>30</m:ConnectionTimeout>"));
        write(u"GetStreamingEvents"_s, *built);
    }

    void getUserSettings()
    {
        // The autodiscover schema is not in tests/data/ews-schema: check the shape by parsing it back.
        EwsGetUserSettingsRequest r;
        r.mailbox = u"anna.berg@contoso.example"_s;
        r.url = u"https://autodiscover.contoso.example/autodiscover/autodiscover.svc"_s;
        const auto built = r.build();
        QVERIFY(built.ok());
        const auto tree = EwsXmlNode::parse(*built);
        QVERIFY(tree.ok());
        const EwsXmlNode *user = tree->path({u"Body"_s, u"GetUserSettingsRequestMessage"_s, u"Request"_s,
                                             u"Users"_s, u"User"_s});
        QVERIFY(user);
        QCOMPARE(user->childText(u"Mailbox"_s), u"anna.berg@contoso.example"_s);
        QCOMPARE(user->ns, u"http://schemas.microsoft.com/exchange/2010/Autodiscover"_s);
        const EwsXmlNode *settings = tree->path({u"Body"_s, u"GetUserSettingsRequestMessage"_s, u"Request"_s,
                                                 u"RequestedSettings"_s});
        QVERIFY(settings);
        QCOMPARE(settings->childrenNamed(u"Setting"_s).size(), 4);
        QVERIFY(!built->contains("https://schemas"));
        r.mailbox = u"not-an-address"_s;
        QVERIFY(!r.build().ok());
    }

    void validateAll()
    {
        QVERIFY(!m_written.isEmpty());
        for (const QString &f : std::as_const(m_written)) {
            QFile file(f);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("https://schemas.microsoft.com"), qPrintable(f));
        }
        validate(m_written);
    }
};

QTEST_GUILESS_MAIN(TestEwsEnvelopes)
#include "tst_ewsenvelopes.moc"
