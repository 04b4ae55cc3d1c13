// Recurring series in the EWS sandbox as Outlook users change them: one occurrence moved or
// renamed (an exception), one deleted, through the admin API and through UpdateItem/DeleteItem
// on an OccurrenceItemId; relative monthly/yearly patterns expanded by CalendarView. Liaison's
// real EWS client reads all of it over loopback; every SOAP body is validated with ews-validate.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "../../../ews/integration/ewstracecheck.h"
#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsmailboxprovider.h"
#include "mailbox/ews/ewssyncrequests.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxewstesthttp.h"
#include "sandboxhttpserver.h"

using namespace Liaison;
using namespace Qt::StringLiterals;
using Liaison::SandboxEwsTestHttp::enc;

namespace {
const QString kAccount = u"svc-liaison@contoso.test"_s;
const QString kPassword = u"Sandbox-Pass-1"_s;
const QString kAnna = u"anna@contoso.test"_s;

template<typename T>
Result<T> await(const std::function<void(MailboxProvider::Callback<T>)> &call)
{
    std::optional<Result<T>> out;
    call([&out](Result<T> r) { out = std::move(r); });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return out ? std::move(*out) : Result<T>(Error::invalid(u"no answer within 30 s"_s));
}

QDateTime utc(int y, int m, int d, int h, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone::utc());
}
} // namespace

class TestSandboxEwsRecurrence : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxHttpServer> m_server;
    std::unique_ptr<SandboxEws> m_ews;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<EwsConnection> m_conn;
    QString m_trace;

    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return SandboxEwsTestHttp::admin(*m_server, method, path, body);
    }

    static EwsRequestContext as(const QString &mailbox)
    {
        return SandboxEwsTestHttp::impersonating(kAccount, mailbox);
    }

    // Hand-written operation bodies test the sandbox apart from the client's writer: take the
    // client's DeleteItem envelope (header, impersonation) and put `operation` in its body.
    static QByteArray envelope(const QString &anyId, const QString &operation)
    {
        EwsDeleteItemRequest del;
        del.ids = {MailboxItemId{anyId, {}}};
        QByteArray env = *del.build(as(kAnna));
        const qsizetype from = env.indexOf("<m:DeleteItem");
        const qsizetype to = env.indexOf("</m:DeleteItem>") + qsizetype(qstrlen("</m:DeleteItem>"));
        return env.replace(from, to - from, operation.toUtf8());
    }

    Result<EwsSoapResponse> post(const QString &operation, const QByteArray &body)
    {
        std::optional<Result<EwsSoapResponse>> out;
        m_conn->post(kAnna, operation, body, [&out](Result<EwsSoapResponse> r) { out = std::move(r); });
        QElapsedTimer t;
        t.start();
        while (!out && t.elapsed() < 15000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        return out ? std::move(*out) : Result<EwsSoapResponse>(Error::invalid(u"no answer within 15 s"_s));
    }

    static QString responseCode(const Result<EwsSoapResponse> &r)
    {
        if (!r)
            return r.error().message;
        const auto messages = r->responseMessages();
        return messages.isEmpty() ? u"(none)"_s : messages.first().first.responseCode;
    }

    QList<MailboxChange> syncAll(EwsMailboxProvider &p, const QString &folder, QString *state)
    {
        QList<MailboxChange> out;
        for (int i = 0; i < 100; ++i) {
            const auto page = await<MailboxChangePage>([&](auto cb) {
                p.syncChanges(MailboxFolderRef::wellKnown(folder), *state, 512, cb);
            });
            if (!page)
                return {};
            out += page->changes;
            *state = page->syncState;
            if (page->includesLastItem)
                break;
        }
        return out;
    }

    Result<MailboxFolderChangePage> hierarchy(const QString &state)
    {
        EwsSyncFolderHierarchyRequest req;
        req.syncState = state;
        const auto response = post(u"SyncFolderHierarchy"_s, req.build(as(kAnna)));
        if (!response)
            return response.error();
        return EwsSyncFolderHierarchyRequest::parse(*response, as(kAnna));
    }

    QList<MailboxEvent> view(EwsMailboxProvider &p, const QDateTime &from, const QDateTime &to)
    {
        const auto events = await<QList<MailboxEvent>>([&](auto cb) {
            p.listEvents(MailboxFolderRef::wellKnown(u"calendar"_s), from, to, cb);
        });
        return events ? *events : QList<MailboxEvent>{};
    }

    QString createSeries(const QString &subject, const QString &recurrence, const QDateTime &start)
    {
        const QJsonObject created = admin("POST", u"mailboxes/%1/folders/calendar/items"_s.arg(kAnna),
                                          {{u"kind"_s, u"CalendarItem"_s},
                                           {u"fields"_s, QJsonObject{{u"Subject"_s, subject},
                                                                    {u"Start"_s, start.toString(Qt::ISODate)},
                                                                    {u"End"_s, start.addSecs(3600).toString(Qt::ISODate)},
                                                                    {u"Location"_s, u"Room 1"_s},
                                                                    {u"Recurrence"_s, recurrence}}}});
        return created.value(u"id"_s).toString();
    }

private Q_SLOTS:
    void init()
    {
        m_trace = EwsTraceCheck::traceDir(u"recurrence-"_s + QString::fromLatin1(QTest::currentTestFunction()));
        m_http = std::make_unique<HttpClient>();
        m_http->setTraceDirectory(m_trace);
        m_server = std::make_unique<SandboxHttpServer>();
        m_ews = std::make_unique<SandboxEws>();
        m_ews->addServiceAccount(kAccount, kPassword, {u"*"_s});
        m_ews->addMailbox(kAnna, u"Anna Berg"_s);
        QVERIFY(m_ews->install(*m_server));
        QVERIFY(m_server->listen());
        m_conn = std::make_unique<EwsConnection>(
            m_http.get(), SandboxEwsTestHttp::connectionSettings(*m_server, kAccount, kPassword));
    }

    void cleanup()
    {
        m_conn.reset();
        m_http.reset();
        m_ews.reset();
        m_server.reset();
        if (!QTest::currentTestFailed())
            LIAISON_VALIDATE_TRACE(m_trace);
    }

    void modifiedAndDeletedOccurrences()
    {
        // Daily at 09:00 for 10 days from 1 June 2026.
        const QString master = createSeries(
            u"Stand-up"_s,
            u"<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NumberedRecurrence>"
            "<t:StartDate>2026-06-01Z</t:StartDate><t:NumberOfOccurrences>10</t:NumberOfOccurrences>"
            "</t:NumberedRecurrence></t:Recurrence>"_s,
            utc(2026, 6, 1, 9));
        QVERIFY(!master.isEmpty());
        EwsMailboxProvider p(m_conn.get(), kAnna);
        QString state;
        const QList<MailboxChange> initial = syncAll(p, u"calendar"_s, &state);
        QCOMPARE(initial.size(), 1);
        const QString firstKey = initial.first().id.changeKey;
        QCOMPARE(view(p, utc(2026, 6, 1, 0), utc(2026, 6, 20, 0)).size(), 10);

        // A user moves #3 to the afternoon with a new subject and room, and deletes #5.
        const QJsonObject moved = admin("PATCH", u"mailboxes/%1/items/%2/occurrences/3"_s.arg(kAnna, enc(master)),
                                        {{u"fields"_s, QJsonObject{{u"Start"_s, u"2026-06-03T14:00:00Z"_s},
                                                                  {u"End"_s, u"2026-06-03T15:00:00Z"_s},
                                                                  {u"Subject"_s, u"Stand-up (moved)"_s},
                                                                  {u"Location"_s, u"Room 2"_s}}}});
        QCOMPARE(moved.value(u"start"_s).toString(), u"2026-06-03T14:00:00Z"_s);
        QCOMPARE(moved.value(u"originalStart"_s).toString(), u"2026-06-03T09:00:00Z"_s);
        QVERIFY(moved.value(u"changeKey"_s).toString() != firstKey);
        QVERIFY(!admin("DELETE", u"mailboxes/%1/items/%2/occurrences/5"_s.arg(kAnna, enc(master))).contains(u"error"_s));
        // Deleting it twice, or an index beyond the series, is refused.
        QVERIFY(admin("DELETE", u"mailboxes/%1/items/%2/occurrences/5"_s.arg(kAnna, enc(master)))
                    .value(u"error"_s).toString().contains(u"ErrorCalendarOccurrenceIsDeletedFromRecurrence"_s));
        QVERIFY(admin("DELETE", u"mailboxes/%1/items/%2/occurrences/11"_s.arg(kAnna, enc(master)))
                    .value(u"error"_s).toString().contains(u"ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange"_s));

        // Over EWS: UpdateItem on OccurrenceItemId #7 (new subject and time), DeleteItem on #9.
        const auto updated = post(u"UpdateItem"_s, envelope(master, uR"(<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:OccurrenceItemId RecurringMasterId="%1" InstanceIndex="7"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>Stand-up (late)</t:Subject></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2026-06-07T11:00:00Z</t:Start></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2026-06-07T11:30:00Z</t:End></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>)"_s.arg(master)));
        QCOMPARE(responseCode(updated), u"NoError"_s);
        const auto deleted = post(u"DeleteItem"_s, envelope(master, uR"(<m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToNone"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="%1" InstanceIndex="9"/></m:ItemIds></m:DeleteItem>)"_s.arg(master)));
        QCOMPARE(responseCode(deleted), u"NoError"_s);
        // The series is not moved to Deleted Items, and #9 cannot be read any more.
        QCOMPARE(admin("GET", u"mailboxes/%1/folders/deleteditems/items"_s.arg(kAnna)).value(u"value"_s).toArray().size(), 0);
        const auto gone = post(u"GetItem"_s, envelope(master, uR"(<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:OccurrenceItemId RecurringMasterId="%1" InstanceIndex="9"/></m:ItemIds></m:GetItem>)"_s.arg(master)));
        QCOMPARE(responseCode(gone), u"ErrorCalendarOccurrenceIsDeletedFromRecurrence"_s);

        // SyncFolderItems: the master, once, as an Update with a new ChangeKey.
        const QList<MailboxChange> delta = syncAll(p, u"calendar"_s, &state);
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().type, MailboxChange::Type::Updated);
        QCOMPARE(delta.first().id.id, master);
        QVERIFY(delta.first().id.changeKey != firstKey);

        // GetItem on the master: ModifiedOccurrences and DeletedOccurrences, read by the client.
        const auto read = await<QList<Result<MailboxItem>>>([&](auto cb) { p.fetchItems({delta.first().id}, cb); });
        QVERIFY(read && read->size() == 1 && read->first().ok());
        const MailboxEvent series = std::get<MailboxEvent>(*read->first());
        QCOMPARE(series.kind, MailboxEventKind::RecurringMaster);
        QCOMPARE(series.subject, u"Stand-up"_s);
        QCOMPARE(series.modifiedOccurrences.size(), 2);
        QCOMPARE(series.modifiedOccurrences.at(0).start, utc(2026, 6, 3, 14));
        QCOMPARE(series.modifiedOccurrences.at(0).end, utc(2026, 6, 3, 15));
        QCOMPARE(series.modifiedOccurrences.at(0).originalStart, utc(2026, 6, 3, 9));
        QVERIFY(!series.modifiedOccurrences.at(0).id.id.isEmpty());
        QCOMPARE(series.modifiedOccurrences.at(1).start, utc(2026, 6, 7, 11));
        QCOMPARE(series.modifiedOccurrences.at(1).originalStart, utc(2026, 6, 7, 9));
        QCOMPARE(series.deletedOccurrences, (QList<QDateTime>{utc(2026, 6, 5, 9), utc(2026, 6, 9, 9)}));

        // CalendarView: 8 occurrences, the exceptions at their new times with their own subject.
        const QList<MailboxEvent> events = view(p, utc(2026, 6, 1, 0), utc(2026, 6, 20, 0));
        QCOMPARE(events.size(), 8);
        QStringList starts;
        for (const MailboxEvent &e : events)
            starts << e.start.toString(Qt::ISODate);
        QVERIFY(!starts.contains(u"2026-06-05T09:00:00Z"_s));
        QVERIFY(!starts.contains(u"2026-06-09T09:00:00Z"_s));
        QVERIFY(!starts.contains(u"2026-06-03T09:00:00Z"_s));
        const auto startingAt = [&](const QString &iso) { return events.value(starts.indexOf(iso)); };
        const auto kindAndSubject = [](const MailboxEvent &e) { return std::pair{e.kind, e.subject}; };
        const MailboxEvent third = startingAt(u"2026-06-03T14:00:00Z"_s);
        QCOMPARE(kindAndSubject(third), std::pair(MailboxEventKind::Exception, u"Stand-up (moved)"_s));
        QCOMPARE(third.id.id, series.modifiedOccurrences.at(0).id.id);
        const MailboxEvent seventh = startingAt(u"2026-06-07T11:00:00Z"_s);
        QCOMPARE(kindAndSubject(seventh), std::pair(MailboxEventKind::Exception, u"Stand-up (late)"_s));
        QCOMPARE(seventh.end, utc(2026, 6, 7, 11, 30));
        QCOMPARE(kindAndSubject(startingAt(u"2026-06-02T09:00:00Z"_s)),
                 std::pair(MailboxEventKind::Occurrence, u"Stand-up"_s));
        // A moved exception shows in a window its original slot is outside of.
        const QList<MailboxEvent> afternoon = view(p, utc(2026, 6, 3, 12), utc(2026, 6, 3, 18));
        QCOMPARE(afternoon.size(), 1);
        QCOMPARE(afternoon.first().subject, u"Stand-up (moved)"_s);
    }

    void plainOccurrencesCarryTheirOriginalStart()
    {
        const QString master = createSeries(
            u"Review"_s,
            u"<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek>"
            "</t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2026-06-01Z</t:StartDate>"
            "<t:NumberOfOccurrences>4</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>"_s,
            utc(2026, 6, 1, 9));
        QVERIFY(!master.isEmpty());
        admin("PATCH", u"mailboxes/%1/items/%2/occurrences/2"_s.arg(kAnna, enc(master)),
              {{u"fields"_s, QJsonObject{{u"Start"_s, u"2026-06-09T13:00:00Z"_s}, {u"End"_s, u"2026-06-09T14:00:00Z"_s}}}});
        EwsMailboxProvider p(m_conn.get(), kAnna);
        const QList<MailboxEvent> events = view(p, utc(2026, 6, 1, 0), utc(2026, 7, 1, 0));
        QCOMPARE(events.size(), 4);
        for (const MailboxEvent &e : events) {
            if (e.kind == MailboxEventKind::Exception) {
                QCOMPARE(e.start, utc(2026, 6, 9, 13));
                QCOMPARE(e.originalStart, utc(2026, 6, 8, 9));
                continue;
            }
            // A plain occurrence's OriginalStart is where the pattern puts it: its own start.
            QCOMPARE(e.kind, MailboxEventKind::Occurrence);
            QVERIFY(e.originalStart.isValid());
            QCOMPARE(e.originalStart, e.start);
        }
        // GetItem on an OccurrenceItemId asking for it: calendar:OriginalStart in schema order.
        const auto read = post(u"GetItem"_s, envelope(master, uR"(<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Start"/><t:FieldURI FieldURI="calendar:OriginalStart"/><t:FieldURI FieldURI="calendar:IsAllDayEvent"/><t:FieldURI FieldURI="calendar:CalendarItemType"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:OccurrenceItemId RecurringMasterId="%1" InstanceIndex="3"/></m:ItemIds></m:GetItem>)"_s.arg(master)));
        QCOMPARE(responseCode(read), u"NoError"_s);
        const EwsXmlNode *item = read->responseMessages().first().second->path({u"Items"_s, u"CalendarItem"_s});
        QVERIFY(item);
        QCOMPARE(item->childText(u"CalendarItemType"_s), u"Occurrence"_s);
        QCOMPARE(item->childText(u"OriginalStart"_s), u"2026-06-15T09:00:00Z"_s);
        QStringList order;
        for (const EwsXmlNode &c : item->children)
            order << c.name;
        QCOMPARE(order, (QStringList{u"ItemId"_s, u"Start"_s, u"OriginalStart"_s, u"IsAllDayEvent"_s, u"CalendarItemType"_s}));
    }

    void seriesChangesDropExceptionsOtherChangesKeepThem()
    {
        const QString daily =
            u"<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NumberedRecurrence>"
            "<t:StartDate>2026-06-01Z</t:StartDate><t:NumberOfOccurrences>10</t:NumberOfOccurrences>"
            "</t:NumberedRecurrence></t:Recurrence>"_s;
        const QString master = createSeries(u"Stand-up"_s, daily, utc(2026, 6, 1, 9));
        QVERIFY(!master.isEmpty());
        const auto except = [&] {
            admin("PATCH", u"mailboxes/%1/items/%2/occurrences/3"_s.arg(kAnna, enc(master)),
                  {{u"fields"_s, QJsonObject{{u"Subject"_s, u"Stand-up (moved)"_s},
                                            {u"Start"_s, u"2026-06-03T14:00:00Z"_s}, {u"End"_s, u"2026-06-03T15:00:00Z"_s}}}});
            admin("DELETE", u"mailboxes/%1/items/%2/occurrences/5"_s.arg(kAnna, enc(master)));
        };
        EwsMailboxProvider p(m_conn.get(), kAnna);
        QString state;
        const QList<MailboxChange> synced = syncAll(p, u"calendar"_s, &state);
        QCOMPARE(synced.size(), 1);
        const MailboxItemId id = synced.first().id;
        const auto series = [&]() -> MailboxEvent {
            const auto read = await<QList<Result<MailboxItem>>>([&](auto cb) { p.fetchItems({id}, cb); });
            if (!read || read->size() != 1 || !read->first().ok()) {
                qWarning() << (read && !read->isEmpty() && !read->first().ok() ? read->first().error().toString() : QString());
                return {};
            }
            return std::get<MailboxEvent>(*read->first());
        };
        const auto counts = [&] {
            const MailboxEvent e = series();
            return std::pair{e.modifiedOccurrences.size(), e.deletedOccurrences.size()};
        };
        except();
        QCOMPARE(counts(), (std::pair<qsizetype, qsizetype>{1, 1}));

        // Subject and Location of the series (admin API and UpdateItem), and re-sending the same
        // Start in another spelling: the exceptions stay.
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kAnna, enc(master)), {{u"Location"_s, u"Room 9"_s}});
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kAnna, enc(master)), {{u"Start"_s, u"2026-06-01T09:00:00.000Z"_s}});
        const auto renamed = post(u"UpdateItem"_s, envelope(master, uR"(<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="%1"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>Daily stand-up</t:Subject></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>)"_s.arg(master)));
        QCOMPARE(responseCode(renamed), u"NoError"_s);
        QCOMPARE(counts(), (std::pair<qsizetype, qsizetype>{1, 1}));
        QCOMPARE(series().subject, u"Daily stand-up"_s);

        // UpdateItem on calendar:Recurrence: both exceptions go, as in Exchange.
        const auto repatterned = post(u"UpdateItem"_s, envelope(master, uR"(<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="%1"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="calendar:Recurrence"/><t:CalendarItem><t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2026-06-01Z</t:StartDate><t:NumberOfOccurrences>8</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>)"_s.arg(master)));
        QCOMPARE(responseCode(repatterned), u"NoError"_s);
        QCOMPARE(counts(), (std::pair<qsizetype, qsizetype>{0, 0}));
        QCOMPARE(view(p, utc(2026, 6, 1, 0), utc(2026, 6, 20, 0)).size(), 8);

        // The admin API moving the series (its Start and End) drops them too.
        except();
        QCOMPARE(counts(), (std::pair<qsizetype, qsizetype>{1, 1}));
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kAnna, enc(master)),
              {{u"Start"_s, u"2026-06-01T10:00:00Z"_s}, {u"End"_s, u"2026-06-01T11:00:00Z"_s}});
        QCOMPARE(counts(), (std::pair<qsizetype, qsizetype>{0, 0}));
        for (const MailboxEvent &e : view(p, utc(2026, 6, 1, 0), utc(2026, 6, 20, 0)))
            QCOMPARE(e.start.time(), QTime(10, 0));

        // DeleteItemField on calendar:Recurrence makes it a single event without exceptions.
        except();
        QCOMPARE(counts(), (std::pair<qsizetype, qsizetype>{1, 1}));
        const auto single = post(u"UpdateItem"_s, envelope(master, uR"(<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="%1"/><t:Updates><t:DeleteItemField><t:FieldURI FieldURI="calendar:Recurrence"/></t:DeleteItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>)"_s.arg(master)));
        QCOMPARE(responseCode(single), u"NoError"_s);
        const MailboxEvent now = series();
        QCOMPARE(now.kind, MailboxEventKind::Single);
        QVERIFY(now.modifiedOccurrences.isEmpty() && now.deletedOccurrences.isEmpty());
        QCOMPARE(view(p, utc(2026, 6, 1, 0), utc(2026, 6, 20, 0)).size(), 1);
    }

    void folderRenameAndDeleteReachHierarchySync()
    {
        const QString projects = admin("POST", u"mailboxes/%1/folders"_s.arg(kAnna),
                                       {{u"displayName"_s, u"Projects"_s}, {u"element"_s, u"ContactsFolder"_s}})
                                     .value(u"id"_s).toString();
        const QJsonObject old = admin("POST", u"mailboxes/%1/folders"_s.arg(kAnna), {{u"displayName"_s, u"Old"_s}});
        const QString oldId = old.value(u"id"_s).toString();
        const QString oldChild = admin("POST", u"mailboxes/%1/folders"_s.arg(kAnna),
                                       {{u"parent"_s, oldId}, {u"displayName"_s, u"Old child"_s}})
                                     .value(u"id"_s).toString();
        QVERIFY(!projects.isEmpty() && !oldId.isEmpty() && !oldChild.isEmpty());
        admin("POST", u"mailboxes/%1/folders/%2/items"_s.arg(kAnna, enc(oldId)),
              {{u"kind"_s, u"Contact"_s}, {u"fields"_s, QJsonObject{{u"GivenName"_s, u"Gone"_s}}}});

        const auto initial = hierarchy({});
        QVERIFY2(initial, qPrintable(initial ? QString() : initial.error().toString()));
        QSet<QString> seen;
        for (const MailboxFolderChange &c : initial->changes) {
            QCOMPARE(c.type, MailboxChange::Type::Created);
            seen.insert(c.folder.id);
        }
        QVERIFY(seen.contains(projects) && seen.contains(oldId) && seen.contains(oldChild));
        EwsMailboxProvider p(m_conn.get(), kAnna);
        const auto items = await<MailboxChangePage>([&](auto cb) {
            p.syncChanges(MailboxFolderRef::byId(oldId), {}, 100, cb);
        });
        QVERIFY(items && items->changes.size() == 1);

        // A user renames one folder, deletes another (with its child and item), and creates and
        // deletes a third the client never saw. The distinguished Inbox cannot be deleted.
        const QJsonObject renamed = admin("PATCH", u"mailboxes/%1/folders/%2"_s.arg(kAnna, enc(projects)),
                                          {{u"displayName"_s, u"Projects 2026"_s}});
        QCOMPARE(renamed.value(u"displayName"_s).toString(), u"Projects 2026"_s);
        QVERIFY(!admin("DELETE", u"mailboxes/%1/folders/%2"_s.arg(kAnna, enc(oldId))).contains(u"error"_s));
        const QString brief = admin("POST", u"mailboxes/%1/folders"_s.arg(kAnna), {{u"displayName"_s, u"Brief"_s}})
                                  .value(u"id"_s).toString();
        QVERIFY(!admin("DELETE", u"mailboxes/%1/folders/%2"_s.arg(kAnna, enc(brief))).contains(u"error"_s));
        QVERIFY(admin("DELETE", u"mailboxes/%1/folders/inbox"_s.arg(kAnna)).value(u"error"_s).toString()
                    .startsWith(u"ErrorDeleteDistinguishedFolder"_s));

        const auto delta = hierarchy(initial->syncState);
        QVERIFY2(delta, qPrintable(delta ? QString() : delta.error().toString()));
        QCOMPARE(delta->changes.size(), 3);
        QCOMPARE(delta->changes.at(0).type, MailboxChange::Type::Updated);
        QCOMPARE(delta->changes.at(0).folder.id, projects);
        QCOMPARE(delta->changes.at(0).folder.displayName, u"Projects 2026"_s);
        QSet<QString> deleted;
        for (const MailboxFolderChange &c : delta->changes.mid(1)) {
            QCOMPARE(c.type, MailboxChange::Type::Deleted);
            deleted.insert(c.folder.id);
        }
        QCOMPARE(deleted, (QSet<QString>{oldId, oldChild}));
        const auto again = hierarchy(delta->syncState);
        QVERIFY(again && again->changes.isEmpty());

        // SyncFolderItems on the deleted folder: ErrorSyncFolderNotFound, an error the client resets on.
        EwsSyncFolderItemsRequest req;
        req.folder = MailboxFolderRef::byId(oldId);
        req.syncState = items->syncState;
        const auto response = post(u"SyncFolderItems"_s, req.build(as(kAnna)));
        QCOMPARE(responseCode(response), u"ErrorSyncFolderNotFound"_s);
        const auto page = EwsSyncFolderItemsRequest::parse(*response, as(kAnna));
        QVERIFY(!page);
        QCOMPARE(page.error().code, Error::Code::NotFound);
        QCOMPARE(admin("GET", u"stats"_s).value(u"items"_s).toInt(), 0);
    }

    void readFlagChangesOfInboxMessages()
    {
        const auto message = [&](const QString &subject) {
            return admin("POST", u"mailboxes/%1/folders/inbox/items"_s.arg(kAnna),
                         {{u"kind"_s, u"Message"_s},
                          {u"fields"_s, QJsonObject{{u"Subject"_s, subject}, {u"IsRead"_s, false}}}})
                .value(u"id"_s).toString();
        };
        const QString hello = message(u"Hello"_s);
        const QString offer = message(u"Offer"_s);
        const QString news = message(u"News"_s);
        QVERIFY(!hello.isEmpty() && !offer.isEmpty() && !news.isEmpty());
        EwsMailboxProvider p(m_conn.get(), kAnna);
        QString state;
        const QList<MailboxChange> initial = syncAll(p, u"inbox"_s, &state);
        QCOMPARE(initial.size(), 3);
        for (const MailboxChange &c : initial) {
            QCOMPARE(c.type, MailboxChange::Type::Created);
            QCOMPARE(c.itemClass, u"Message"_s);
        }

        // The user reads "Hello", reads and then unreads "Offer", and edits "News" (an Update,
        // even when the read flag changes with it).
        const auto patch = [&](const QString &id, const QJsonObject &fields) {
            return admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kAnna, enc(id)), fields);
        };
        QCOMPARE(patch(hello, {{u"IsRead"_s, true}}).value(u"fields"_s).toObject().value(u"IsRead"_s).toString(), u"true"_s);
        patch(offer, {{u"IsRead"_s, true}});
        patch(offer, {{u"IsRead"_s, false}});
        patch(news, {{u"Subject"_s, u"News (edited)"_s}});
        patch(news, {{u"IsRead"_s, true}});
        const QList<MailboxChange> delta = syncAll(p, u"inbox"_s, &state);
        QCOMPARE(delta.size(), 3);
        QCOMPARE(delta.at(0).type, MailboxChange::Type::ReadFlagChanged);
        QCOMPARE(delta.at(0).id.id, hello);
        QVERIFY(delta.at(0).isRead);
        QCOMPARE(delta.at(1).type, MailboxChange::Type::ReadFlagChanged);
        QCOMPARE(delta.at(1).id.id, offer);
        QVERIFY(!delta.at(1).isRead);
        QCOMPARE(delta.at(2).type, MailboxChange::Type::Updated);
        QCOMPARE(delta.at(2).id.id, news);
        // Once reported, a read flag change of "News" alone is a ReadFlagChange again.
        patch(news, {{u"IsRead"_s, false}});
        const QList<MailboxChange> last = syncAll(p, u"inbox"_s, &state);
        QCOMPARE(last.size(), 1);
        QCOMPARE(last.first().type, MailboxChange::Type::ReadFlagChanged);
        QVERIFY(!last.first().isRead);
        // A client starting now sees three messages created, no flag changes.
        QString fresh;
        for (const MailboxChange &c : syncAll(p, u"inbox"_s, &fresh))
            QCOMPARE(c.type, MailboxChange::Type::Created);
    }

    void relativeMonthlyAndYearlyExpandFully()
    {
        // Second Tuesday of every other month, from January 2026.
        createSeries(u"Board"_s,
                     u"<t:Recurrence><t:RelativeMonthlyRecurrence><t:Interval>2</t:Interval><t:DaysOfWeek>Tuesday"
                     "</t:DaysOfWeek><t:DayOfWeekIndex>Second</t:DayOfWeekIndex></t:RelativeMonthlyRecurrence>"
                     "<t:NoEndRecurrence><t:StartDate>2026-01-01Z</t:StartDate></t:NoEndRecurrence></t:Recurrence>"_s,
                     utc(2026, 1, 13, 10));
        // Last weekday of every month, 5 times.
        createSeries(u"Payroll"_s,
                     u"<t:Recurrence><t:RelativeMonthlyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Weekday"
                     "</t:DaysOfWeek><t:DayOfWeekIndex>Last</t:DayOfWeekIndex></t:RelativeMonthlyRecurrence>"
                     "<t:NumberedRecurrence><t:StartDate>2026-01-01Z</t:StartDate><t:NumberOfOccurrences>5"
                     "</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>"_s,
                     utc(2026, 1, 30, 16));
        // Fourth Thursday of November (Thanksgiving), yearly.
        createSeries(u"Thanksgiving"_s,
                     u"<t:Recurrence><t:RelativeYearlyRecurrence><t:DaysOfWeek>Thursday</t:DaysOfWeek>"
                     "<t:DayOfWeekIndex>Fourth</t:DayOfWeekIndex><t:Month>November</t:Month></t:RelativeYearlyRecurrence>"
                     "<t:NoEndRecurrence><t:StartDate>2025-01-01Z</t:StartDate></t:NoEndRecurrence></t:Recurrence>"_s,
                     utc(2025, 11, 27, 12));
        EwsMailboxProvider p(m_conn.get(), kAnna);
        QMap<QString, QStringList> dates;
        for (const MailboxEvent &e : view(p, utc(2025, 1, 1, 0), utc(2026, 12, 31, 0))) {
            QCOMPARE(e.kind, MailboxEventKind::Occurrence);
            dates[e.subject] << e.start.toString(Qt::ISODate);
        }
        QCOMPARE(dates.value(u"Board"_s), (QStringList{u"2026-01-13T10:00:00Z"_s, u"2026-03-10T10:00:00Z"_s,
                                                      u"2026-05-12T10:00:00Z"_s, u"2026-07-14T10:00:00Z"_s,
                                                      u"2026-09-08T10:00:00Z"_s, u"2026-11-10T10:00:00Z"_s}));
        QCOMPARE(dates.value(u"Payroll"_s), (QStringList{u"2026-01-30T16:00:00Z"_s, u"2026-02-27T16:00:00Z"_s,
                                                        u"2026-03-31T16:00:00Z"_s, u"2026-04-30T16:00:00Z"_s,
                                                        u"2026-05-29T16:00:00Z"_s}));
        QCOMPARE(dates.value(u"Thanksgiving"_s), (QStringList{u"2025-11-27T12:00:00Z"_s, u"2026-11-26T12:00:00Z"_s}));
    }
};

QTEST_GUILESS_MAIN(TestSandboxEwsRecurrence)
#include "testsandboxewsrecurrence.moc"
