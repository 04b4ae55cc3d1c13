// Streaming affinity and folder notifications of the EWS sandbox, over real loopback sockets.
// The sandbox models several mailbox back ends behind a load balancer: a subscription lives on
// the back end its Subscribe landed on, and only X-AnchorMailbox or the X-BackEndOverrideCookie
// it hands out bring later GetStreamingEvents there. Every traced body is schema-validated.
#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>

#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsenvelopesplitter.h"
#include "mailbox/ews/ewsfolderrequests.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "mailbox/ews/ewsstreaminglistener.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxewstesthttp.h"

#include "../../../ews/integration/ewstracecheck.h"

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {
const QString kAccount = u"svc-affinity@contoso.test"_s;
const QString kPassword = u"Sandbox-Pass-2"_s;
constexpr int kBackEnds = 4;

struct Subscribed
{
    QString id;
    QByteArray cookie;   // the X-BackEndOverrideCookie value, when the server set one
};
} // namespace

class TestSandboxEwsAffinity : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxHttpServer> m_server;
    std::unique_ptr<SandboxEws> m_ews;
    std::unique_ptr<HttpClient> m_client;
    QString m_traceDir;
    QString m_anchor;   // alphabetically first mailbox of the group
    QString m_other;    // a mailbox whose own back end differs from the anchor's
    int m_dumps = 0;

    // quota: EWSMaxSubscriptions per mailbox, small where a test runs into it (every traced
    // envelope costs schema-validation time).
    void start(int backEnds, int quota = 20)
    {
        m_server = std::make_unique<SandboxHttpServer>();
        SandboxEwsOptions o;
        o.keepAliveMs = 200;
        o.streamingMinuteMs = 3000;
        o.backEnds = backEnds;
        o.maxSubscriptionsPerMailbox = quota;
        m_ews = std::make_unique<SandboxEws>(o);
        m_ews->addServiceAccount(kAccount, kPassword, {u"*"_s});
        QStringList pool;
        for (int i = 1; i <= 8; ++i) {
            pool << u"member%1@contoso.test"_s.arg(i, 2, 10, QChar(u'0'));
            m_ews->addMailbox(pool.last());
        }
        m_anchor = pool.first();
        m_other.clear();
        for (const QString &smtp : pool) {
            if (m_ews->backEndOf(smtp) != m_ews->backEndOf(m_anchor)) {
                m_other = smtp;
                break;
            }
        }
        QVERIFY(m_ews->install(*m_server));
        QVERIFY(m_server->listen());
    }

    QUrl url(const QString &path) const { return SandboxEwsTestHttp::url(*m_server, path); }
    static bool wait(HttpReply *reply) { return SandboxEwsTestHttp::wait(reply); }

    static EwsRequestContext as(const QString &mailbox)
    {
        return SandboxEwsTestHttp::impersonating(kAccount, mailbox);
    }

    static QList<HttpHeader> anchorOf(const QString &smtp) { return {{"X-AnchorMailbox", smtp.toUtf8()}}; }
    static HttpHeader cookieHeader(const QByteArray &value) { return {"Cookie", "X-BackEndOverrideCookie=" + value}; }
    static HttpHeader preferAffinity() { return {"X-PreferServerAffinity", "true"}; }

    HttpRequest request(const QByteArray &body, const QString &tag, const QList<HttpHeader> &headers) const
    {
        return SandboxEwsTestHttp::post(url(QString::fromLatin1(SandboxEws::kEwsPath)), body,
                                        SandboxEwsTestHttp::basic(kAccount, kPassword), tag, headers);
    }

    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return SandboxEwsTestHttp::admin(*m_client, *m_server, method, path, body);
    }

    Subscribed subscribe(const QString &mailbox, const QList<MailboxFolderRef> &folders, const QList<HttpHeader> &headers,
                         const QStringList &eventTypes = {})
    {
        EwsSubscribeRequest req;
        req.folders = folders;
        if (!eventTypes.isEmpty())
            req.eventTypes = eventTypes;
        HttpReply *reply = m_client->send(request(*req.build(as(mailbox)), u"Subscribe"_s, headers));
        wait(reply);
        Subscribed out;
        const auto sub = EwsSubscribeRequest::parse(*EwsSoapResponse::parse(reply->body()), as(mailbox));
        if (sub)
            out.id = sub->subscriptionId;
        const QByteArray setCookie = reply->rawHeader("Set-Cookie");
        if (const qsizetype at = setCookie.indexOf("X-BackEndOverrideCookie="); at >= 0)
            out.cookie = setCookie.mid(at + 24).split(';').constFirst().trimmed();
        reply->deleteLater();
        return out;
    }

    // The first ResponseMessage's ResponseCode of one EWS call ("" when the reply is no envelope).
    QString responseCode(const QByteArray &body, const QString &tag, const QList<HttpHeader> &headers)
    {
        HttpReply *reply = m_client->send(request(body, tag, headers));
        wait(reply);
        const Result<EwsSoapResponse> parsed = EwsSoapResponse::parse(reply->body());
        reply->deleteLater();
        if (!parsed || parsed->responseMessages().isEmpty())
            return {};
        return parsed->responseMessages().constFirst().first.responseCode;
    }

    // GetStreamingEvents; the answer's bytes go to *received until the reply is aborted.
    HttpReply *openStream(const QStringList &ids, const QString &mailbox, const QList<HttpHeader> &headers,
                          QByteArray *received)
    {
        EwsGetStreamingEventsRequest events;
        events.subscriptionIds = ids;
        events.connectionTimeoutMinutes = 1;
        HttpRequest r = request(*events.build(as(mailbox)), u"GetStreamingEvents"_s, headers);
        r.streaming = true;
        HttpReply *reply = m_client->send(r);
        connect(reply, &HttpReply::readyRead, this, [reply, received] { *received += reply->readAvailable(); });
        return reply;
    }

    // Aborts the stream. An aborted reply leaves no body in the protocol trace, so what arrived is
    // written there for the schema validation in cleanup().
    void closeStream(HttpReply *reply, const QByteArray &received)
    {
        reply->disconnect();
        reply->abort();
        reply->deleteLater();
        QFile dump(QDir(m_traceDir).filePath(u"stream%1-GetStreamingEvents-received.xml"_s.arg(++m_dumps, 3, 10, QChar(u'0'))));
        QVERIFY(dump.open(QIODevice::WriteOnly));
        dump.write(received);
    }

    static QList<EwsStreamingEvents> envelopes(const QByteArray &received, const QString &mailbox)
    {
        QList<EwsStreamingEvents> out;
        EwsEnvelopeSplitter splitter;
        for (const QByteArray &e : splitter.feed(received)) {
            const auto soap = EwsSoapResponse::parse(e);
            if (!soap)
                continue;
            if (const auto parsed = EwsGetStreamingEventsRequest::parse(*soap, as(mailbox)))
                out << *parsed;
        }
        return out;
    }

    // The first envelope of a GetStreamingEvents answer (the error, or the first keep-alive).
    std::optional<EwsStreamingEvents> firstEnvelope(const QStringList &ids, const QString &mailbox,
                                                     const QList<HttpHeader> &headers)
    {
        QByteArray received;
        HttpReply *reply = openStream(ids, mailbox, headers, &received);
        QElapsedTimer t;
        t.start();
        while (envelopes(received, mailbox).isEmpty() && !reply->isFinished() && t.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        received += reply->readAvailable();
        closeStream(reply, received);
        const QList<EwsStreamingEvents> all = envelopes(received, mailbox);
        return all.isEmpty() ? std::nullopt : std::optional(all.first());
    }

    static bool notFound(const EwsStreamingEvents &e)
    {
        return !e.statuses.isEmpty() && e.statuses.first().responseCode == u"ErrorSubscriptionNotFound"_s;
    }

    struct FolderEvent
    {
        QString type;
        QString folderId;
        QString parentFolderId;
        bool operator==(const FolderEvent &) const = default;
    };

    // The folder events per subscription id, in arrival order.
    static QHash<QString, QList<FolderEvent>> folderEvents(const QByteArray &received, const QString &mailbox)
    {
        QHash<QString, QList<FolderEvent>> out;
        for (const EwsStreamingEvents &e : envelopes(received, mailbox)) {
            for (const EwsNotification &n : e.notifications) {
                for (const EwsNotificationEvent &ev : n.events) {
                    if (!ev.folderId.isEmpty() && ev.itemId.id.isEmpty() && !ev.watermark.isEmpty())
                        out[n.subscriptionId].append({ev.type, ev.folderId, ev.parentFolderId});
                }
            }
        }
        return out;
    }

    QString rootId(const QString &mailbox)
    {
        const QJsonArray folders = admin("GET", u"mailboxes/%1/folders"_s.arg(mailbox)).value(u"value"_s).toArray();
        for (const QJsonValue &f : folders) {
            if (f.toObject().value(u"distinguishedId"_s).toString() == u"msgfolderroot"_s)
                return f.toObject().value(u"id"_s).toString();
        }
        return {};
    }

private Q_SLOTS:
    void init()
    {
        m_traceDir = EwsTraceCheck::traceDir(u"affinity-"_s + QString::fromLatin1(QTest::currentTestFunction()));
        m_client = std::make_unique<HttpClient>();
        m_client->setTraceDirectory(m_traceDir);
        start(kBackEnds);
        QVERIFY2(!m_other.isEmpty(), "no pool mailbox lives on another back end than the anchor");
    }

    void cleanup()
    {
        m_client.reset();
        m_ews.reset();
        m_server.reset();
        if (!QTest::currentTestFailed()) {
            QString output;
            QVERIFY2(EwsTraceCheck::validate(m_traceDir, &output) >= 0, qPrintable(output.right(3000)));
        }
    }

    void cookieOnlyWhenAffinityIsPreferred()
    {
        const QList<MailboxFolderRef> contacts{MailboxFolderRef::wellKnown(u"contacts"_s)};
        const Subscribed plain = subscribe(m_anchor, contacts, anchorOf(m_anchor));
        QVERIFY(!plain.id.isEmpty());
        QVERIFY(plain.cookie.isEmpty());

        const Subscribed pinned = subscribe(m_anchor, contacts, anchorOf(m_anchor) << preferAffinity());
        QVERIFY(!pinned.id.isEmpty());
        QCOMPARE(pinned.cookie, m_ews->backEndCookie(m_ews->backEndOf(m_anchor)));
        // It names a server, nothing secret: "<mailbox server>~<number>".
        QVERIFY2(pinned.cookie.contains(".contoso.test~"), pinned.cookie.constData());
        QCOMPARE(m_ews->backEndFromCookie(pinned.cookie), m_ews->backEndOf(m_anchor));
        QCOMPARE(m_ews->backEndFromCookie("SBXPR99MB0001.contoso.test~1"), -1);
        QCOMPARE(admin("GET", u"stats"_s).value(u"backEnds"_s).toInt(), kBackEnds);
    }

    // EWSMaxSubscriptions is charged to the target mailbox. Unsubscribe, on the back end that
    // holds the subscription, gives one back; elsewhere it is not found.
    void unsubscribeFreesTheMailboxQuota()
    {
        m_ews.reset();
        m_server.reset();
        start(kBackEnds, 3);
        const QList<MailboxFolderRef> contacts{MailboxFolderRef::wellKnown(u"contacts"_s)};
        const QList<HttpHeader> pinned = anchorOf(m_anchor) << preferAffinity();
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            const Subscribed s = subscribe(m_anchor, contacts, pinned);
            QVERIFY2(!s.id.isEmpty(), qPrintable(u"subscription %1"_s.arg(i + 1)));
            ids << s.id;
        }
        EwsSubscribeRequest more;
        more.folders = contacts;
        QCOMPARE(responseCode(*more.build(as(m_anchor)), u"Subscribe"_s, pinned), u"ErrorExceededSubscriptionCount"_s);

        EwsUnsubscribeRequest drop;
        drop.subscriptionId = ids.first();
        QVERIFY(!m_other.isEmpty());
        const QByteArray elsewhere = m_ews->backEndCookie(m_ews->backEndOf(m_other));
        QCOMPARE(responseCode(*drop.build(as(m_anchor)), u"Unsubscribe"_s, {cookieHeader(elsewhere)}),
                 u"ErrorSubscriptionNotFound"_s);
        const QByteArray home = m_ews->backEndCookie(m_ews->backEndOf(m_anchor));
        QCOMPARE(responseCode(*drop.build(as(m_anchor)), u"Unsubscribe"_s, {cookieHeader(home)}), u"NoError"_s);
        QCOMPARE(responseCode(*drop.build(as(m_anchor)), u"Unsubscribe"_s, {cookieHeader(home)}),
                 u"ErrorSubscriptionNotFound"_s);
        QVERIFY(!subscribe(m_anchor, contacts, pinned).id.isEmpty());
        // Another mailbox has its own quota.
        QVERIFY(!subscribe(m_other, contacts, anchorOf(m_other) << preferAffinity()).id.isEmpty());
    }

    // The listener ends its subscription when it stops, so restarts never use up the quota.
    void listenerRestartsNeverExhaustTheQuota()
    {
        m_ews.reset();
        m_server.reset();
        start(kBackEnds, 2);
        EwsConnection connection(m_client.get(),
                                 SandboxEwsTestHttp::connectionSettings(*m_server, kAccount, kPassword));
        for (int run = 0; run < 4; ++run) {
            SandboxEwsTestHttp::WatchedListener watched(&connection, m_anchor,
                                                        {MailboxFolderRef::wellKnown(u"contacts"_s)});
            QTRY_VERIFY_WITH_TIMEOUT(watched.listener.isStreaming() || !watched.problems.isEmpty(), 10000);
            QVERIFY2(watched.problems.isEmpty(), qPrintable(watched.firstProblem()));
            watched.listener.stop();
            QTRY_COMPARE_WITH_TIMEOUT(admin("GET", u"stats"_s).value(u"subscriptions"_s).toInt(), 0, 5000);
        }
    }

    void withoutAffinityStreamingLandsOnAnotherBackEnd()
    {
        const Subscribed sub = subscribe(m_anchor, {MailboxFolderRef::wellKnown(u"contacts"_s)}, {});
        QVERIFY(!sub.id.isEmpty());
        bool refused = false;
        for (int attempt = 0; attempt < kBackEnds && !refused; ++attempt) {
            const auto first = firstEnvelope({sub.id}, m_anchor, {});
            QVERIFY(first);
            if (notFound(*first)) {
                QCOMPARE(first->errorSubscriptionIds, QStringList{sub.id});
                refused = true;
            }
        }
        QVERIFY2(refused, "the load balancer never routed GetStreamingEvents away from the subscription");
    }

    void oneBackEndTurnsEnforcementOff()
    {
        m_ews.reset();
        m_server.reset();
        start(1);
        const Subscribed sub = subscribe(m_anchor, {MailboxFolderRef::wellKnown(u"contacts"_s)}, {});
        QVERIFY(!sub.id.isEmpty());
        for (int attempt = 0; attempt < kBackEnds; ++attempt) {
            const auto first = firstEnvelope({sub.id}, m_anchor, {});
            QVERIFY(first);
            QVERIFY(!notFound(*first));
            QCOMPARE(first->connectionStatus, u"OK"_s);
        }
    }

    void replayedCookieAlwaysReachesTheSubscription()
    {
        const Subscribed sub = subscribe(m_anchor, {MailboxFolderRef::wellKnown(u"contacts"_s)},
                                         anchorOf(m_anchor) << preferAffinity());
        QVERIFY(!sub.id.isEmpty());
        QVERIFY(!sub.cookie.isEmpty());
        for (int attempt = 0; attempt < 2 * kBackEnds; ++attempt) {
            // The cookie wins over no anchor and over an anchor living elsewhere.
            const QList<HttpHeader> headers = attempt % 2 ? QList<HttpHeader>{cookieHeader(sub.cookie)}
                                                          : anchorOf(m_other) << cookieHeader(sub.cookie);
            const auto first = firstEnvelope({sub.id}, m_anchor, headers);
            QVERIFY(first);
            QVERIFY2(!notFound(*first), qPrintable(u"attempt %1"_s.arg(attempt)));
            QCOMPARE(first->connectionStatus, u"OK"_s);
            // Requests without anchor and cookie move the round-robin in between.
            QVERIFY(!subscribe(m_anchor, {MailboxFolderRef::wellKnown(u"contacts"_s)}, {}).id.isEmpty());
        }
    }

    void groupStreamsOnOneConnection()
    {
        const QList<MailboxFolderRef> contacts{MailboxFolderRef::wellKnown(u"contacts"_s)};
        const Subscribed first = subscribe(m_anchor, contacts, anchorOf(m_anchor) << preferAffinity());
        QVERIFY(!first.id.isEmpty() && !first.cookie.isEmpty());
        // The second mailbox of the group: the group's anchor and cookie, not its own back end.
        const QList<HttpHeader> group = anchorOf(m_anchor) << cookieHeader(first.cookie);
        const Subscribed second = subscribe(m_other, contacts, group);
        QVERIFY(!second.id.isEmpty());

        QByteArray received;
        HttpReply *stream = openStream({first.id, second.id}, m_anchor, group, &received);
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("ConnectionStatus>OK"), 5000);
        QVERIFY(!received.contains("ErrorSubscriptionNotFound"));
        const QJsonObject a = admin("POST", u"mailboxes/%1/folders/contacts/items"_s.arg(m_anchor),
                                    {{u"kind"_s, u"Contact"_s}, {u"fields"_s, QJsonObject{{u"GivenName"_s, u"Ada"_s}}}});
        const QJsonObject b = admin("POST", u"mailboxes/%1/folders/contacts/items"_s.arg(m_other),
                                    {{u"kind"_s, u"Contact"_s}, {u"fields"_s, QJsonObject{{u"GivenName"_s, u"Ben"_s}}}});
        const auto createdFor = [&](const QString &subscription) {
            QStringList ids;
            for (const EwsStreamingEvents &e : envelopes(received, m_anchor)) {
                for (const EwsNotification &n : e.notifications) {
                    for (const EwsNotificationEvent &ev : n.events) {
                        if (n.subscriptionId == subscription && ev.type == u"CreatedEvent"_s)
                            ids << ev.itemId.id;
                    }
                }
            }
            return ids;
        };
        QTRY_COMPARE_WITH_TIMEOUT(createdFor(first.id), QStringList{a.value(u"id"_s).toString()}, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(createdFor(second.id), QStringList{b.value(u"id"_s).toString()}, 5000);
        closeStream(stream, received);

        // A member subscribed on its own back end is not on the group's: Exchange's error.
        const Subscribed stray = subscribe(m_other, contacts, anchorOf(m_other) << preferAffinity());
        QVERIFY(!stray.id.isEmpty());
        QVERIFY(stray.cookie != first.cookie);
        const auto refused = firstEnvelope({first.id, stray.id}, m_anchor, group);
        QVERIFY(refused);
        QVERIFY(notFound(*refused));
        QCOMPARE(refused->errorSubscriptionIds, QStringList{stray.id});
    }

    void folderEventsReachSubscriptions()
    {
        const QString root = rootId(m_anchor);
        QVERIFY(!root.isEmpty());
        const QList<HttpHeader> headers = anchorOf(m_anchor);
        const Subscribed onRoot = subscribe(m_anchor, {MailboxFolderRef::wellKnown(u"msgfolderroot"_s)}, headers);
        // Every folder, but only CreatedEvent: the requested event types are honoured.
        const Subscribed createdOnly = subscribe(m_anchor, {}, headers, {u"CreatedEvent"_s});
        const QString projects = admin("POST", u"mailboxes/%1/folders"_s.arg(m_anchor),
                                       {{u"parent"_s, u"msgfolderroot"_s}, {u"displayName"_s, u"Projects"_s}})
                                     .value(u"id"_s).toString();
        QVERIFY(!projects.isEmpty());
        const Subscribed onProjects = subscribe(m_anchor, {MailboxFolderRef::byId(projects)}, headers);
        QVERIFY(!onRoot.id.isEmpty() && !createdOnly.id.isEmpty() && !onProjects.id.isEmpty());

        QByteArray received;
        HttpReply *stream = openStream({onRoot.id, createdOnly.id, onProjects.id}, m_anchor, headers, &received);
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("ConnectionStatus>OK"), 5000);

        // A subfolder through EWS CreateFolder, then a rename and a delete as a user would.
        EwsCreateFolderRequest create;
        create.parent = MailboxFolderRef::byId(projects);
        create.displayName = u"Archive"_s;
        create.folderElement = u"Folder"_s;
        HttpReply *created = m_client->send(request(*create.build(as(m_anchor)), u"CreateFolder"_s, headers));
        QVERIFY(wait(created));
        const auto archive = EwsCreateFolderRequest::parse(*EwsSoapResponse::parse(created->body()), as(m_anchor));
        created->deleteLater();
        QVERIFY(archive);
        const QString archiveId = archive->id;
        QCOMPARE(admin("PATCH", u"mailboxes/%1/folders/%2"_s.arg(m_anchor, QString::fromLatin1(QUrl::toPercentEncoding(projects))),
                       {{u"displayName"_s, u"Projects 2025"_s}})
                     .value(u"displayName"_s)
                     .toString(),
                 u"Projects 2025"_s);
        admin("DELETE", u"mailboxes/%1/folders/%2"_s.arg(m_anchor, QString::fromLatin1(QUrl::toPercentEncoding(projects))));

        const QList<FolderEvent> expectRoot{{u"CreatedEvent"_s, projects, root},
                                            {u"ModifiedEvent"_s, projects, root},
                                            {u"DeletedEvent"_s, projects, root}};
        const QList<FolderEvent> expectCreatedOnly{{u"CreatedEvent"_s, projects, root},
                                                   {u"CreatedEvent"_s, archiveId, projects}};
        // Its child's creation and deletion, and its own rename and deletion: a subscription on a
        // folder sees the folder itself change too (Exchange's ModifiedEvent for a parent folder).
        const QList<FolderEvent> expectProjects{{u"CreatedEvent"_s, archiveId, projects},
                                                {u"ModifiedEvent"_s, projects, root},
                                                {u"DeletedEvent"_s, projects, root},
                                                {u"DeletedEvent"_s, archiveId, projects}};
        QTRY_COMPARE_WITH_TIMEOUT(folderEvents(received, m_anchor).value(onProjects.id), expectProjects, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(folderEvents(received, m_anchor).value(onRoot.id), expectRoot, 5000);
        QCOMPARE(folderEvents(received, m_anchor).value(createdOnly.id), expectCreatedOnly);
        QVERIFY(received.contains("<t:FolderId "));
        closeStream(stream, received);
    }

    // The product's listener, through EwsConnection (anchor, affinity cookie replayed), sees a
    // folder deletion quickly.
    void listenerSeesFolderDeletion()
    {
        const QString folder = admin("POST", u"mailboxes/%1/folders"_s.arg(m_anchor),
                                     {{u"parent"_s, u"msgfolderroot"_s}, {u"displayName"_s, u"Customers"_s}})
                                   .value(u"id"_s).toString();
        QVERIFY(!folder.isEmpty());
        EwsConnection connection(m_client.get(),
                                 SandboxEwsTestHttp::connectionSettings(*m_server, kAccount, kPassword));
        SandboxEwsTestHttp::WatchedListener watched(&connection, m_anchor, {MailboxFolderRef::wellKnown(u"msgfolderroot"_s)});
        QTRY_VERIFY_WITH_TIMEOUT(watched.streaming(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(admin("GET", u"stats"_s).value(u"streams"_s).toInt(), 1, 5000);
        QCOMPARE(connection.affinityCookie(m_anchor), m_ews->backEndCookie(m_ews->backEndOf(m_anchor)));

        admin("DELETE", u"mailboxes/%1/folders/%2"_s.arg(m_anchor, QString::fromLatin1(QUrl::toPercentEncoding(folder))));
        QTRY_VERIFY_WITH_TIMEOUT(watched.sawChangeOf(folder), 2000);
        watched.listener.stop();
        QVERIFY2(watched.problems.isEmpty(), qPrintable(watched.firstProblem()));
    }
};

QTEST_GUILESS_MAIN(TestSandboxEwsAffinity)
#include "testsandboxewsaffinity.moc"
