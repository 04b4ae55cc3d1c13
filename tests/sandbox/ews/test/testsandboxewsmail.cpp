// What Exchange does around a write beyond storing it, in the EWS sandbox: the meeting-message
// attributes it requires (updateitem.md, deleteitem.md), the meeting mail it sends (removed
// attendees included), the events a delete raises (MovedEvent for a move to Deleted Items or a
// soft delete, DeletedEvent for a hard delete: pull-notifications-for-ews-deletion-related-
// mailbox-events-in-exchange.md) and task completion (percentcomplete.md, completedate.md).
// Over loopback; every SOAP body is validated with ews-validate.
#include "../../../ews/integration/ewstracecheck.h"
#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsenvelopesplitter.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsmailboxprovider.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxewstesthttp.h"
#include "sandboxhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Liaison;
using namespace Qt::StringLiterals;
using Liaison::SandboxEwsTestHttp::enc;

namespace {
const QString kAccount = u"svc-liaison@contoso.test"_s;
const QString kPassword = u"Sandbox-Pass-1"_s;
const QString kAnna = u"anna@contoso.test"_s;

template<typename T> Result<T> await(const std::function<void(MailboxProvider::Callback<T>)> &call)
{
    std::optional<Result<T>> out;
    call([&out](Result<T> r) { out = std::move(r); });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return out ? std::move(*out) : Result<T>(Error::invalid(u"no answer within 30 s"_s));
}

QString attendees(const QStringList &smtps)
{
    QString xml = u"<t:RequiredAttendees>"_s;
    for (const QString &s : smtps)
        xml +=
            u"<t:Attendee><t:Mailbox><t:EmailAddress>%1</t:EmailAddress></t:Mailbox></t:Attendee>"_s.arg(s);
    return xml + u"</t:RequiredAttendees>"_s;
}
} // namespace

class TestSandboxEwsMail : public QObject
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
    static QByteArray envelope(const QString &operation)
    {
        EwsDeleteItemRequest del;
        del.ids = {MailboxItemId{u"AAAAAAAAAAAAAAAA"_s, {}}};
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

    // The ResponseCode of every ResponseMessage, in order.
    static QStringList codes(const Result<EwsSoapResponse> &r)
    {
        if (!r)
            return {r.error().message};
        QStringList out;
        for (const auto &[status, node] : r->responseMessages())
            out << status.responseCode;
        return out;
    }

    QString update(const QString &id, const QString &attribute, const QString &updates)
    {
        const auto r = post(
            u"UpdateItem"_s,
            envelope(
                uR"(<m:UpdateItem ConflictResolution="AlwaysOverwrite"%1><m:ItemChanges><t:ItemChange><t:ItemId Id="%2"/><t:Updates>%3</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>)"_s
                    .arg(attribute, id, updates)));
        return codes(r).value(0);
    }

    QString createIn(const QString &folder, const QString &kind, const QJsonObject &fields)
    {
        return admin("POST", u"mailboxes/%1/folders/%2/items"_s.arg(kAnna, folder),
                     {{u"kind"_s, kind}, {u"fields"_s, fields}})
            .value(u"id"_s)
            .toString();
    }

    QString folderId(const QString &distinguished)
    {
        for (const QJsonValue &v :
             admin("GET", u"mailboxes/%1/folders"_s.arg(kAnna)).value(u"value"_s).toArray()) {
            if (v.toObject().value(u"distinguishedId"_s).toString() == distinguished)
                return v.toObject().value(u"id"_s).toString();
        }
        return {};
    }

    QList<MailboxChange> syncAll(EwsMailboxProvider &p, const QString &folder, QString *state)
    {
        QList<MailboxChange> out;
        for (int i = 0; i < 100; ++i) {
            const auto page = await<MailboxChangePage>(
                [&](auto cb) { p.syncChanges(MailboxFolderRef::wellKnown(folder), *state, 512, cb); });
            if (!page)
                return {};
            out += page->changes;
            *state = page->syncState;
            if (page->includesLastItem)
                break;
        }
        return out;
    }

    // A streaming subscription on `folders` with its open GetStreamingEvents; events() reads
    // every notification received so far.
    struct Stream
    {
        HttpReply *reply = nullptr;
        EwsEnvelopeSplitter splitter;
        QList<EwsNotificationEvent> events;
    };

    std::unique_ptr<Stream> openStream(const QList<MailboxFolderRef> &folders)
    {
        EwsSubscribeRequest subscribe;
        subscribe.folders = folders;
        const auto subscribed = post(u"Subscribe"_s, *subscribe.build(as(kAnna)));
        const auto sub = subscribed ? EwsSubscribeRequest::parse(*subscribed, as(kAnna))
                                    : Result<EwsSubscription>(subscribed.error());
        if (!sub) {
            qWarning() << sub.error().toString();
            return nullptr;
        }
        EwsGetStreamingEventsRequest events;
        events.subscriptionIds = {sub->subscriptionId};
        events.connectionTimeoutMinutes = 1;
        HttpRequest r =
            HttpRequest::post(SandboxEwsTestHttp::url(*m_server, QString::fromLatin1(SandboxEws::kEwsPath)),
                              *events.build(as(kAnna)), "text/xml; charset=utf-8");
        r.setHeader("Authorization", SandboxEwsTestHttp::basic(kAccount, kPassword));
        r.setHeader("X-AnchorMailbox", kAnna.toUtf8());
        r.streaming = true;
        r.traceTag = u"GetStreamingEvents"_s;
        auto stream = std::make_unique<Stream>();
        stream->reply = m_http->send(r);
        Stream *s = stream.get();
        connect(s->reply, &HttpReply::readyRead, this, [s] {
            for (const QByteArray &envelope : s->splitter.feed(s->reply->readAvailable())) {
                const auto parsed = EwsSoapResponse::parse(envelope);
                const auto read = parsed ? EwsGetStreamingEventsRequest::parse(*parsed, as(kAnna))
                                         : Result<EwsStreamingEvents>(parsed.error());
                if (!read)
                    continue;
                for (const EwsNotification &n : read->notifications)
                    s->events += n.events;
            }
        });
        QTest::qWait(200); // let the hanging request reach the server
        return stream;
    }

    static QStringList types(const QList<EwsNotificationEvent> &events)
    {
        QStringList out;
        for (const EwsNotificationEvent &e : events)
            out << e.type;
        return out;
    }

    QJsonArray outbox() { return admin("GET", u"outbox"_s).value(u"value"_s).toArray(); }

    // type -> sorted recipients, for the outbox entries from `from` on.
    QMap<QString, QStringList> mailed(qsizetype from)
    {
        QMap<QString, QStringList> out;
        const QJsonArray all = outbox();
        for (qsizetype i = from; i < all.size(); ++i) {
            const QJsonObject m = all.at(i).toObject();
            for (const QJsonValue &r : m.value(u"recipients"_s).toArray())
                out[m.value(u"type"_s).toString()] << r.toString();
        }
        for (QStringList &l : out)
            l.sort();
        return out;
    }

    // A task's completion properties as GetItem (AllProperties) renders them.
    QMap<QString, QString> task(const QString &id)
    {
        const auto r = post(
            u"GetItem"_s,
            envelope(
                uR"(<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="%1"/></m:ItemIds></m:GetItem>)"_s
                    .arg(id)));
        QMap<QString, QString> out;
        if (!r || r->responseMessages().isEmpty())
            return out;
        const EwsXmlNode *t = r->responseMessages().constFirst().second->path({u"Items"_s, u"Task"_s});
        for (const QString &key : {u"Status"_s, u"PercentComplete"_s, u"CompleteDate"_s, u"IsComplete"_s}) {
            if (t && t->child(key))
                out.insert(key, t->childText(key));
        }
        return out;
    }

    QString setTask(const QString &id, const QList<std::pair<QString, QString>> &fields)
    {
        QString updates;
        for (const auto &[name, value] : fields)
            updates +=
                u"<t:SetItemField><t:FieldURI FieldURI=\"task:%1\"/><t:Task><t:%1>%2</t:%1></t:Task></t:SetItemField>"_s
                    .arg(name, value);
        return update(id, {}, updates);
    }

private Q_SLOTS:
    void init()
    {
        m_trace = EwsTraceCheck::traceDir(u"mail-"_s + QString::fromLatin1(QTest::currentTestFunction()));
        m_http = std::make_unique<HttpClient>();
        m_http->setTraceDirectory(m_trace);
        m_server = std::make_unique<SandboxHttpServer>();
        SandboxEwsOptions o;
        o.keepAliveMs = 500;
        o.streamingMinuteMs = 5000;
        m_ews = std::make_unique<SandboxEws>(o);
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

    // updateitem.md / deleteitem.md: required for calendar items (and tasks); refused per item.
    void meetingAttributesAreRequired()
    {
        const QString meeting = createIn(u"calendar"_s, u"CalendarItem"_s,
                                         {{u"Subject"_s, u"Review"_s},
                                          {u"Start"_s, u"2026-06-01T09:00:00Z"_s},
                                          {u"End"_s, u"2026-06-01T10:00:00Z"_s}});
        const QString todo = createIn(u"tasks"_s, u"Task"_s, {{u"Subject"_s, u"Call back"_s}});
        const QString person = createIn(u"contacts"_s, u"Contact"_s, {{u"GivenName"_s, u"Ida"_s}});
        QVERIFY(!meeting.isEmpty() && !todo.isEmpty() && !person.isEmpty());
        const QString subject =
            u"<t:SetItemField><t:FieldURI FieldURI=\"item:Subject\"/><t:CalendarItem><t:Subject>Review 2</t:Subject></t:CalendarItem></t:SetItemField>"_s;
        QCOMPARE(update(meeting, {}, subject), u"ErrorSendMeetingInvitationsOrCancellationsRequired"_s);
        QCOMPARE(update(meeting, u" SendMeetingInvitationsOrCancellations=\"SendToNone\""_s, subject),
                 u"NoError"_s);
        // Not needed for a contact.
        QCOMPARE(
            update(
                person, {},
                u"<t:SetItemField><t:FieldURI FieldURI=\"contacts:JobTitle\"/><t:Contact><t:JobTitle>CFO</t:JobTitle></t:Contact></t:SetItemField>"_s),
            u"NoError"_s);

        const auto del = [&](const QString &attributes, const QStringList &ids) {
            QString refs;
            for (const QString &id : ids)
                refs += u"<t:ItemId Id=\"%1\"/>"_s.arg(id);
            return codes(post(
                u"DeleteItem"_s,
                envelope(
                    u"<m:DeleteItem DeleteType=\"HardDelete\"%1><m:ItemIds>%2</m:ItemIds></m:DeleteItem>"_s
                        .arg(attributes, refs))));
        };
        // One message per item: the calendar item and the task are refused, nothing else.
        QCOMPARE(del({}, {meeting, todo}), (QStringList{u"ErrorSendMeetingCancellationsRequired"_s,
                                                        u"ErrorAffectedTaskOccurrencesRequired"_s}));
        QCOMPARE(del(u" SendMeetingCancellations=\"SendToNone\""_s, {meeting, todo}),
                 (QStringList{u"NoError"_s, u"ErrorAffectedTaskOccurrencesRequired"_s}));
        QCOMPARE(
            admin("GET", u"mailboxes/%1/items/%2"_s.arg(kAnna, enc(meeting))).value(u"_status"_s).toInt(),
            404);
        QCOMPARE(admin("GET", u"mailboxes/%1/items/%2"_s.arg(kAnna, enc(todo))).value(u"_status"_s).toInt(),
                 200);
        QCOMPARE(del(u" AffectedTaskOccurrences=\"AllOccurrences\""_s, {todo, person}),
                 (QStringList{u"NoError"_s, u"NoError"_s}));

        // Liaison's own requests always carry them (SendToNone): its updates and deletes pass.
        EwsMailboxProvider p(m_conn.get(), kAnna);
        MailboxEvent e;
        e.subject = u"Sync"_s;
        e.start = QDateTime(QDate(2026, 6, 2), QTime(9, 0), QTimeZone::utc());
        e.end = e.start.addSecs(1800);
        const auto created = await<MailboxItemId>(
            [&](auto cb) { p.createItem(MailboxFolderRef::wellKnown(u"calendar"_s), e, cb); });
        QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
        e.id = *created;
        e.subject = u"Sync 2"_s;
        const auto updated =
            await<MailboxItemId>([&](auto cb) { p.updateItem(e, {MailboxField::Subject}, cb); });
        QVERIFY2(updated, qPrintable(updated ? QString() : updated.error().toString()));
        MailboxTask t;
        t.subject = u"Follow up"_s;
        const auto createdTask = await<MailboxItemId>(
            [&](auto cb) { p.createItem(MailboxFolderRef::wellKnown(u"tasks"_s), t, cb); });
        QVERIFY(createdTask);
        for (const MailboxItemId &id : {*updated, *createdTask}) {
            const auto deleted = await<void>([&](auto cb) { p.deleteItem(id, true, cb); });
            QVERIFY2(deleted, qPrintable(deleted ? QString() : deleted.error().toString()));
        }
        QCOMPARE(outbox().size(), 0);
    }

    // Exchange mails the attendees an update removes, as well as those it keeps.
    void outboxCountsRemovedAttendees()
    {
        const QString meeting = createIn(
            u"calendar"_s, u"CalendarItem"_s,
            {{u"Subject"_s, u"Pipeline"_s},
             {u"Start"_s, u"2026-06-01T09:00:00Z"_s},
             {u"End"_s, u"2026-06-01T10:00:00Z"_s},
             {u"RequiredAttendees"_s, attendees({u"ben@fabrikam.example"_s, u"cara@fabrikam.example"_s,
                                                 u"dan@fabrikam.example"_s})}});
        QVERIFY(!meeting.isEmpty());
        const auto setAttendees = [&](const QString &mode, const QStringList &smtps) {
            const QString change =
                smtps.isEmpty()
                    ? u"<t:DeleteItemField><t:FieldURI FieldURI=\"calendar:RequiredAttendees\"/></t:DeleteItemField>"_s
                    : u"<t:SetItemField><t:FieldURI FieldURI=\"calendar:RequiredAttendees\"/><t:CalendarItem>%1</t:CalendarItem></t:SetItemField>"_s
                          .arg(attendees(smtps));
            return update(meeting, u" SendMeetingInvitationsOrCancellations=\"%1\""_s.arg(mode), change);
        };

        // SendToNone mails no one, whatever changes.
        QCOMPARE(setAttendees(u"SendToNone"_s, {u"ben@fabrikam.example"_s, u"cara@fabrikam.example"_s}),
                 u"NoError"_s);
        QCOMPARE(outbox().size(), 0);

        // To all: the removed one gets a cancellation, the remaining ones the update.
        qsizetype seen = 0;
        QCOMPARE(setAttendees(u"SendToAllAndSaveCopy"_s, {u"ben@fabrikam.example"_s}), u"NoError"_s);
        QCOMPARE(mailed(seen),
                 (QMap<QString, QStringList>{{u"MeetingCancellation"_s, {u"cara@fabrikam.example"_s}},
                                             {u"MeetingUpdate"_s, {u"ben@fabrikam.example"_s}}}));
        seen = outbox().size();

        // Only to changed: an added attendee gets it, the unchanged one does not.
        QCOMPARE(setAttendees(u"SendOnlyToChanged"_s, {u"ben@fabrikam.example"_s, u"eve@fabrikam.example"_s}),
                 u"NoError"_s);
        QCOMPARE(mailed(seen),
                 (QMap<QString, QStringList>{{u"MeetingUpdate"_s, {u"eve@fabrikam.example"_s}}}));
        seen = outbox().size();
        QCOMPARE(setAttendees(u"SendOnlyToChanged"_s, {u"ben@fabrikam.example"_s}), u"NoError"_s);
        QCOMPARE(mailed(seen),
                 (QMap<QString, QStringList>{{u"MeetingCancellation"_s, {u"eve@fabrikam.example"_s}}}));
        seen = outbox().size();

        // A new time concerns everyone left, even with SendOnlyToChanged.
        QCOMPARE(
            update(
                meeting, u" SendMeetingInvitationsOrCancellations=\"SendOnlyToChanged\""_s,
                u"<t:SetItemField><t:FieldURI FieldURI=\"item:Subject\"/><t:CalendarItem><t:Subject>Pipeline (moved)</t:Subject></t:CalendarItem></t:SetItemField>"_s),
            u"NoError"_s);
        QCOMPARE(mailed(seen),
                 (QMap<QString, QStringList>{{u"MeetingUpdate"_s, {u"ben@fabrikam.example"_s}}}));
        seen = outbox().size();

        // Removing the last attendee still mails its cancellation.
        QCOMPARE(setAttendees(u"SendOnlyToAll"_s, {}), u"NoError"_s);
        QCOMPARE(mailed(seen),
                 (QMap<QString, QStringList>{{u"MeetingCancellation"_s, {u"ben@fabrikam.example"_s}}}));
        const QJsonObject last = outbox().last().toObject();
        QCOMPARE(last.value(u"mode"_s).toString(), u"SendOnlyToAll"_s);
        QCOMPARE(last.value(u"itemId"_s).toString(), meeting);
    }

    // Exchange 2013+ per folder: a move to Deleted Items (Outlook's Delete) and a soft delete
    // are MovedEvents, a hard delete a DeletedEvent; each with ModifiedEvents for the folders.
    void deletesRaiseExchangeEvents()
    {
        const QString contacts = folderId(u"contacts"_s);
        const QString trash = folderId(u"deleteditems"_s);
        const QString dumpster = folderId(u"recoverableitemsdeletions"_s);
        QVERIFY(!contacts.isEmpty() && !trash.isEmpty() && !dumpster.isEmpty());
        const QString ida = createIn(u"contacts"_s, u"Contact"_s, {{u"GivenName"_s, u"Ida"_s}});
        const QString jon = createIn(u"contacts"_s, u"Contact"_s, {{u"GivenName"_s, u"Jon"_s}});
        const QString kim = createIn(u"contacts"_s, u"Contact"_s, {{u"GivenName"_s, u"Kim"_s}});
        EwsMailboxProvider p(m_conn.get(), kAnna);
        QString contactsState;
        QString trashState;
        QCOMPARE(syncAll(p, u"contacts"_s, &contactsState).size(), 3);
        QCOMPARE(syncAll(p, u"deleteditems"_s, &trashState).size(), 0);
        const auto stream = openStream(
            {MailboxFolderRef::wellKnown(u"contacts"_s), MailboxFolderRef::wellKnown(u"deleteditems"_s)});
        QVERIFY(stream);

        // Liaison's DeleteItem with MoveToDeletedItems: one MovedEvent, both folders modified.
        const auto moved = await<void>([&](auto cb) { p.deleteItem(MailboxItemId{ida, {}}, true, cb); });
        QVERIFY(moved);
        QTRY_COMPARE_WITH_TIMEOUT(stream->events.size(), 3, 5000);
        QTest::qWait(200);
        QCOMPARE(types(stream->events),
                 (QStringList{u"MovedEvent"_s, u"ModifiedEvent"_s, u"ModifiedEvent"_s}));
        const EwsNotificationEvent move = stream->events.at(0);
        QCOMPARE(move.oldItemId.id, ida);
        QCOMPARE(move.oldParentFolderId, contacts);
        QCOMPARE(move.parentFolderId, trash);
        QVERIFY(!move.itemId.id.isEmpty() && move.itemId.id != ida);
        QCOMPARE(stream->events.at(1).folderId, contacts);
        QCOMPARE(stream->events.at(2).folderId, trash);
        // SyncFolderItems: a delete in the source, a create in Deleted Items.
        const QList<MailboxChange> fromContacts = syncAll(p, u"contacts"_s, &contactsState);
        QCOMPARE(fromContacts.size(), 1);
        QCOMPARE(fromContacts.first().type, MailboxChange::Type::Deleted);
        QCOMPARE(fromContacts.first().id.id, ida);
        const QList<MailboxChange> intoTrash = syncAll(p, u"deleteditems"_s, &trashState);
        QCOMPARE(intoTrash.size(), 1);
        QCOMPARE(intoTrash.first().type, MailboxChange::Type::Created);
        QCOMPARE(intoTrash.first().id.id, move.itemId.id);
        stream->events.clear();

        // The admin API's user delete is Outlook's move by default.
        const QJsonObject userDelete = admin("DELETE", u"mailboxes/%1/items/%2"_s.arg(kAnna, enc(jon)));
        QCOMPARE(userDelete.value(u"_status"_s).toInt(), 200);
        QCOMPARE(userDelete.value(u"folderId"_s).toString(), trash);
        QTRY_COMPARE_WITH_TIMEOUT(stream->events.size(), 3, 5000);
        QCOMPARE(types(stream->events),
                 (QStringList{u"MovedEvent"_s, u"ModifiedEvent"_s, u"ModifiedEvent"_s}));
        QCOMPARE(stream->events.at(0).itemId.id, userDelete.value(u"movedTo"_s).toString());
        stream->events.clear();

        // Emptying it from Deleted Items for good: a hard delete, DeletedEvent.
        QCOMPARE(admin("DELETE", u"mailboxes/%1/items/%2?deleteType=HardDelete"_s.arg(
                                     kAnna, enc(userDelete.value(u"movedTo"_s).toString())))
                     .value(u"_status"_s)
                     .toInt(),
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(stream->events.size(), 2, 5000);
        QCOMPARE(types(stream->events), (QStringList{u"DeletedEvent"_s, u"ModifiedEvent"_s}));
        QCOMPARE(stream->events.at(0).parentFolderId, trash);
        QCOMPARE(stream->events.at(1).folderId, trash);
        stream->events.clear();

        // A soft delete moves it to the dumpster: MovedEvent, and only its old folder is modified.
        EwsDeleteItemRequest soft;
        soft.ids = {MailboxItemId{kim, {}}};
        soft.deleteType = EwsDeleteItemRequest::DeleteType::SoftDelete;
        QCOMPARE(codes(post(u"DeleteItem"_s, *soft.build(as(kAnna)))), QStringList{u"NoError"_s});
        QTRY_COMPARE_WITH_TIMEOUT(stream->events.size(), 2, 5000);
        QTest::qWait(200);
        QCOMPARE(types(stream->events), (QStringList{u"MovedEvent"_s, u"ModifiedEvent"_s}));
        QCOMPARE(stream->events.at(0).oldItemId.id, kim);
        QCOMPARE(stream->events.at(0).parentFolderId, dumpster);
        QCOMPARE(stream->events.at(1).folderId, contacts);
        QCOMPARE(admin("GET", u"mailboxes/%1/folders/recoverableitemsdeletions/items"_s.arg(kAnna))
                     .value(u"value"_s)
                     .toArray()
                     .size(),
                 1);
        QCOMPARE(admin("DELETE", u"mailboxes/%1/items/%2?deleteType=Purge"_s.arg(kAnna, enc(move.itemId.id)))
                     .value(u"_status"_s)
                     .toInt(),
                 400);
        stream->reply->abort();
        stream->reply->deleteLater();
    }

    // percentcomplete.md / completedate.md / status.md: the last processed property decides.
    void taskCompletionPropertiesSetOneAnother()
    {
        const QString id = createIn(u"tasks"_s, u"Task"_s, {{u"Subject"_s, u"Quote"_s}});
        QCOMPARE(task(id).value(u"IsComplete"_s), u"false"_s);

        QCOMPARE(setTask(id, {{u"PercentComplete"_s, u"100"_s}}), u"NoError"_s);
        QMap<QString, QString> t = task(id);
        QCOMPARE(t.value(u"Status"_s), u"Completed"_s);
        QCOMPARE(t.value(u"IsComplete"_s), u"true"_s);
        QVERIFY(QDateTime::fromString(t.value(u"CompleteDate"_s), Qt::ISODate).isValid());

        QCOMPARE(setTask(id, {{u"PercentComplete"_s, u"50"_s}}), u"NoError"_s);
        t = task(id);
        QCOMPARE(t.value(u"Status"_s), u"InProgress"_s);
        QCOMPARE(t.value(u"PercentComplete"_s), u"50"_s);
        QCOMPARE(t.value(u"IsComplete"_s), u"false"_s);
        QVERIFY(!t.contains(u"CompleteDate"_s));

        QCOMPARE(setTask(id, {{u"Status"_s, u"Completed"_s}}), u"NoError"_s);
        t = task(id);
        QCOMPARE(t.value(u"PercentComplete"_s), u"100"_s);
        QCOMPARE(t.value(u"IsComplete"_s), u"true"_s);
        QVERIFY(t.contains(u"CompleteDate"_s));

        QCOMPARE(setTask(id, {{u"PercentComplete"_s, u"0"_s}}), u"NoError"_s);
        t = task(id);
        QCOMPARE(t.value(u"Status"_s), u"NotStarted"_s);
        QVERIFY(!t.contains(u"CompleteDate"_s));

        // The docs' example: 100, a date, then NotStarted, in that order -> not started, 0, no date.
        QCOMPARE(setTask(id, {{u"PercentComplete"_s, u"100"_s},
                              {u"CompleteDate"_s, u"2007-01-01T00:00:00Z"_s},
                              {u"Status"_s, u"NotStarted"_s}}),
                 u"NoError"_s);
        t = task(id);
        QCOMPARE(t.value(u"Status"_s), u"NotStarted"_s);
        QCOMPARE(t.value(u"PercentComplete"_s), u"0"_s);
        QVERIFY(!t.contains(u"CompleteDate"_s));
        // The same the other way round: the date comes last and completes the task on that date.
        QCOMPARE(
            setTask(id, {{u"Status"_s, u"NotStarted"_s}, {u"CompleteDate"_s, u"2007-01-01T00:00:00Z"_s}}),
            u"NoError"_s);
        t = task(id);
        QCOMPARE(t.value(u"Status"_s), u"Completed"_s);
        QCOMPARE(t.value(u"PercentComplete"_s), u"100"_s);
        QCOMPARE(QDateTime::fromString(t.value(u"CompleteDate"_s), Qt::ISODate),
                 QDateTime(QDate(2007, 1, 1), QTime(0, 0), QTimeZone::utc()));

        // IsComplete is read-only.
        QCOMPARE(setTask(id, {{u"IsComplete"_s, u"false"_s}}), u"ErrorInvalidPropertySet"_s);

        // Created completed: the other two follow.
        const QString done =
            createIn(u"tasks"_s, u"Task"_s, {{u"Subject"_s, u"Done"_s}, {u"Status"_s, u"Completed"_s}});
        t = task(done);
        QCOMPARE(t.value(u"PercentComplete"_s), u"100"_s);
        QCOMPARE(t.value(u"IsComplete"_s), u"true"_s);
        QVERIFY(t.contains(u"CompleteDate"_s));
    }

    // ews-throttling-in-exchange.md: past EWSMaxConcurrency an account's new request is refused
    // with ErrorExceededConnectionCount (a SOAP fault, nothing done); the open ones complete.
    void concurrencyCapRefusesTheRequestPastIt()
    {
        QCOMPARE(admin("POST", u"faults"_s,
                       {{u"fault"_s, u"concurrency"_s}, {u"maxConcurrency"_s, 2}, {u"holdMs"_s, 800}})
                     .value(u"_status"_s)
                     .toInt(),
                 200);
        const QByteArray body = envelope(
            u"<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>"
            "<t:DistinguishedFolderId Id=\"contacts\"/></m:FolderIds></m:GetFolder>"_s);
        const QUrl url = SandboxEwsTestHttp::url(*m_server, QString::fromLatin1(SandboxEws::kEwsPath));
        const QByteArray auth = SandboxEwsTestHttp::basic(kAccount, kPassword);
        QList<HttpReply *> replies;
        for (int i = 0; i < 3; ++i) {
            replies << m_http->send(SandboxEwsTestHttp::post(url, body, auth, u"GetFolder"_s));
            QTest::qWait(100); // in this order at the server
        }
        for (HttpReply *r : replies)
            QVERIFY(SandboxEwsTestHttp::wait(r, 10000));
        QCOMPARE(replies.at(0)->statusCode(), 200);
        QCOMPARE(replies.at(1)->statusCode(), 200);
        QCOMPARE(replies.at(2)->statusCode(), 500);
        const auto refused = EwsSoapResponse::parse(replies.at(2)->body());
        QVERIFY(refused && refused->fault());
        QCOMPARE(refused->fault()->responseCode, u"ErrorExceededConnectionCount"_s);
        for (HttpReply *r : replies)
            r->deleteLater();
        // With the two answered, the account may send again.
        HttpReply *again = m_http->send(SandboxEwsTestHttp::post(url, body, auth, u"GetFolder"_s));
        QVERIFY(SandboxEwsTestHttp::wait(again, 10000));
        QCOMPARE(again->statusCode(), 200);
        again->deleteLater();
        QCOMPARE(admin("DELETE", u"faults"_s).value(u"_status"_s).toInt(), 200);
    }
};

QTEST_GUILESS_MAIN(TestSandboxEwsMail)
#include "testsandboxewsmail.moc"
