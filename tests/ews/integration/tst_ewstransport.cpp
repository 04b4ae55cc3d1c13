// The EWS transport over real sockets against a plain SandboxHttpServer serving canned
// answers: throttling (ErrorServerBusy, 503), drops, 401, NTLM answer-once, TLS pinning,
// Autodiscover candidates and redirects, and the streaming listener's reconnect + catch-up.
#include <QtTest>

#include "ewstracecheck.h"
#include "mailbox/ews/ewsautodiscoverclient.h"
#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsmailboxprovider.h"
#include "mailbox/ews/ewsstreaminglistener.h"
#include "model/exchangeprofile.h"
#include "net/httpclient.h"
#include "net/tlstrust.h"
#include "sandboxauth.h"
#include "sandboxhttpserver.h"
#include "sandboxntlm.h"
#include "sandboxresponder.h"

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

const QString kMailbox = u"anna.berg@contoso.example"_s;

QByteArray readData(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
QByteArray fixture(const char *name) { return readData(QStringLiteral(LIAISON_EWS_DATA "/") + QLatin1String(name)); }
QByteArray local(const char *name) { return readData(QStringLiteral(LIAISON_EWS_INTEGRATION_DATA "/") + QLatin1String(name)); }

// QVERIFY2 evaluates its message even on success: never call error() on an ok Result.
template<typename R>
QString errText(const R &r)
{
    return r.ok() ? QString() : r.error().toString();
}

EwsConnectionSettings basicSettings(const QUrl &base)
{
    EwsConnectionSettings s;
    s.ewsUrl = base.resolved(QUrl(u"/EWS/Exchange.asmx"_s));
    s.auth = ExchangeAuth::Basic;
    s.account = u"svc-liaison@contoso.example"_s;
    s.password = u"S3cret!"_s;
    return s;
}

} // namespace

class TestEwsTransport : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HttpClient> m_http;
    QString m_trace;

    void newClient()
    {
        m_http = std::make_unique<HttpClient>();
        m_http->setRandomSource([] { return 0.0; });   // immediate transport retries
        m_trace = EwsTraceCheck::traceDir(QString::fromLatin1(QTest::currentTestFunction()));
        m_http->setTraceDirectory(m_trace);
    }

private Q_SLOTS:
    void init() { newClient(); }
    void cleanup() { LIAISON_VALIDATE_TRACE(m_trace); }

    void serverBusyPausesLaneThenRetries()
    {
        SandboxHttpServer server;
        QElapsedTimer clock;
        clock.start();
        QList<qint64> at;
        server.route("POST", u"/EWS/"_s, [&](const SandboxRequest &) {
            at << clock.elapsed();
            if (at.size() == 1)
                return SandboxResponse::xml(500, local("fault-serverbusy-short.xml"));
            return SandboxResponse::xml(200, fixture("syncfolderitems-changes.xml"));
        });
        QVERIFY(server.listen());
        EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
        EwsMailboxProvider provider(&conn, kMailbox);
        QSignalSpy paused(m_http.get(), &HttpClient::lanePaused);
        QSignalSpy busy(&conn, &EwsConnection::serverBusy);

        auto slot = std::make_shared<std::optional<Result<MailboxChangePage>>>();
        provider.syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 512,
                             [slot](Result<MailboxChangePage> r) { *slot = std::move(r); });
        QVERIFY(!slot->has_value());   // never called back synchronously
        QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
        QVERIFY2(slot->value().ok(), qPrintable(errText(slot->value())));
        QVERIFY(!slot->value()->changes.isEmpty());
        QCOMPARE(at.size(), 2);
        QVERIFY2(at.at(1) - at.at(0) >= 380, qPrintable(QString::number(at.at(1) - at.at(0))));
        QCOMPARE(busy.count(), 1);
        QCOMPARE(busy.at(0).at(1).toLongLong(), 400);
        QCOMPARE(paused.count(), 1);
        QCOMPARE(paused.at(0).at(0).toString(), kMailbox.toLower());

        const SandboxRequest req = server.requests().constFirst();
        QCOMPARE(req.header("Content-Type"), QByteArray("text/xml; charset=utf-8"));
        QCOMPARE(req.header("X-AnchorMailbox"), kMailbox.toUtf8());
        QVERIFY(SandboxAuth::basicMatches(req, "svc-liaison@contoso.example", "S3cret!"));
        QVERIFY(!req.hasHeader("SOAPAction"));
        QVERIFY(req.body.contains("ExchangeImpersonation"));
        QVERIFY(req.body.contains(kMailbox.toUtf8()));
    }

    void serverBusyRunsOutOfRetries()
    {
        SandboxHttpServer server;
        server.route("POST", u"/EWS/"_s, [](const SandboxRequest &) {
            return SandboxResponse::xml(500, local("fault-serverbusy-short.xml"));
        });
        QVERIFY(server.listen());
        EwsConnectionSettings s = basicSettings(server.baseUrl());
        s.maxBusyRetries = 1;
        EwsConnection conn(m_http.get(), s);
        EwsMailboxProvider provider(&conn, kMailbox);
        auto slot = std::make_shared<std::optional<Result<MailboxFolder>>>();
        provider.ensureFolder(MailboxFolderRef::wellKnown(u"contacts"_s), u"CRM"_s,
                              [slot](Result<MailboxFolder> r) { *slot = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
        QVERIFY(!slot->value().ok());
        QVERIFY2(slot->value().error().message.contains(u"throttling"_s), qPrintable(errText(slot->value())));
        QCOMPARE(slot->value().error().recovery, Error::Recovery::RetryLater);   // the engine comes back later
        QCOMPARE(server.requestCount(), 2);
    }

    void http503AndDropAreRetried()
    {
        SandboxHttpServer server;
        server.route("POST", u"/EWS/"_s, [](const SandboxRequest &) {
            return SandboxResponse::xml(200, fixture("getitem-contact.xml"));
        });
        QVERIFY(server.listen());
        server.injectFault(SandboxFault::respond(SandboxResponse::text(503, "busy")), u"/EWS/"_s);
        server.injectFault(SandboxFault::drop(), u"/EWS/"_s);
        m_http->setDefaultRetryPolicy(RetryPolicy{4, 10, 50, 1000});
        EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
        EwsMailboxProvider provider(&conn, kMailbox);
        std::optional<QList<Result<MailboxItem>>> got;
        provider.fetchItems({MailboxItemId{u"AAMkAD1"_s, {}}}, [&](QList<Result<MailboxItem>> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        QCOMPARE(got->size(), 1);
        QVERIFY2(got->at(0).ok(), qPrintable(errText(got->at(0))));
        QCOMPARE(server.requestCount(), 3);
    }

    void unauthorizedNamesAccountAndFix()
    {
        SandboxHttpServer server;
        server.route("POST", u"/EWS/"_s, [](const SandboxRequest &) { return SandboxAuth::basicChallenge(); });
        QVERIFY(server.listen());
        EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
        EwsMailboxProvider provider(&conn, kMailbox);
        auto slot = std::make_shared<std::optional<Result<MailboxItemId>>>();
        MailboxContact c;
        c.displayName = u"Jo"_s;
        provider.createItem(MailboxFolderRef::wellKnown(u"contacts"_s), c, [slot](Result<MailboxItemId> r) { *slot = r; });
        QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
        QVERIFY(!slot->value().ok());
        const Error e = slot->value().error();
        QVERIFY2(e.message.contains(u"svc-liaison@contoso.example"_s) && e.message.contains(u"401"_s), qPrintable(e.toString()));
        QVERIFY(!e.fix.isEmpty());
        QCOMPARE(e.recovery, Error::Recovery::None);   // a wrong password does not heal by retrying
        QVERIFY(!e.toString().contains(u"S3cret"_s));
    }

    void ntlmAnswersChallengeOnlyOnce()
    {
        SandboxHttpServer server;
        server.route("POST", u"/EWS/"_s, [](const SandboxRequest &) { return SandboxAuth::basicChallenge(); });
        QVERIFY(server.listen());
        EwsConnectionSettings s = basicSettings(server.baseUrl());
        s.auth = ExchangeAuth::Ntlm;
        EwsConnection conn(m_http.get(), s);
        EwsMailboxProvider provider(&conn, kMailbox);
        auto slot = std::make_shared<std::optional<Result<void>>>();
        provider.deleteItem({u"AAMkAD1"_s, u"CK"_s}, true, [slot](Result<void> r) { *slot = r; });
        QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
        QVERIFY(!slot->value().ok());
        QVERIFY2(slot->value().error().message.contains(u"401"_s), qPrintable(errText(slot->value())));
        // The first request without credentials, one answer to the challenge, then stop.
        QCOMPARE(server.requestCount(), 2);
        QVERIFY(!server.requests().at(0).hasHeader("Authorization"));
        QVERIFY(server.requests().at(1).hasHeader("Authorization"));
    }

    // A real NTLMv2 handshake (the server checks the NTProofStr against the password): QAuthenticator
    // answers the challenge, the connection is authenticated, the SOAP call goes through.
    void ntlmHandshakeWithAVerifyingServer()
    {
        const auto guard = [](SandboxHttpServer &server, SandboxNtlm &ntlm) {
            server.route("POST", u"/EWS/"_s, [&ntlm](const SandboxRequest &r) {
                if (auto refused = ntlm.check(r))
                    return *refused;
                return SandboxResponse::xml(200, fixture("syncfolderitems-changes.xml"));
            });
            return server.listen();
        };
        SandboxHttpServer server;
        SandboxNtlm ntlm(u"CONTOSO"_s, u"svc-liaison"_s, u"S3cret!"_s);
        QVERIFY(guard(server, ntlm));
        EwsConnectionSettings s = basicSettings(server.baseUrl());
        s.auth = ExchangeAuth::Ntlm;
        s.account = u"CONTOSO\\svc-liaison"_s;
        EwsConnection conn(m_http.get(), s);
        EwsMailboxProvider provider(&conn, kMailbox);
        auto slot = std::make_shared<std::optional<Result<MailboxChangePage>>>();
        provider.syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 512,
                             [slot](Result<MailboxChangePage> r) { *slot = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
        QVERIFY2(slot->value().ok(), qPrintable(errText(slot->value())));
        QCOMPARE(ntlm.handshakes(), 1);
        QCOMPARE(ntlm.lastUser(), u"CONTOSO\\svc-liaison"_s);
        // Anonymous, NEGOTIATE, AUTHENTICATE on one kept-alive connection: never Basic.
        const QList<SandboxRequest> seen = server.requests();
        QCOMPARE(seen.size(), 3);
        QVERIFY(seen.at(1).header("Authorization").startsWith("NTLM "));
        QVERIFY(seen.at(2).header("Authorization").startsWith("NTLM "));
        QCOMPARE(seen.at(2).connectionId, seen.at(1).connectionId);
        for (const SandboxRequest &r : seen)
            QVERIFY(!r.header("Authorization").startsWith("Basic"));

        // A wrong password fails the proof: one clear 401 error, no retry loop.
        SandboxHttpServer strict;
        SandboxNtlm other(u"CONTOSO"_s, u"svc-liaison"_s, u"another password"_s);
        QVERIFY(guard(strict, other));
        HttpClient fresh;   // its own QNAM: no cached NTLM credentials
        EwsConnectionSettings wrong = s;
        wrong.ewsUrl = strict.baseUrl().resolved(QUrl(u"/EWS/Exchange.asmx"_s));
        EwsConnection wrongConn(&fresh, wrong);
        EwsMailboxProvider wrongProvider(&wrongConn, kMailbox);
        auto denied = std::make_shared<std::optional<Result<MailboxChangePage>>>();
        wrongProvider.syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 512,
                                  [denied](Result<MailboxChangePage> r) { *denied = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(denied->has_value(), 20000);
        QVERIFY(!denied->value().ok());
        QVERIFY2(denied->value().error().message.contains(u"401"_s), qPrintable(errText(denied->value())));
        QCOMPARE(other.handshakes(), 0);
        QVERIFY(strict.requestCount() <= 3);
    }

    void tlsFailsClearlyThenPinningWorks()
    {
        SandboxHttpServer server;
        server.route("POST", u"/EWS/"_s, [](const SandboxRequest &) {
            return SandboxResponse::xml(200, fixture("findfolder-response.xml"));
        });
        QVERIFY(server.listenTls());
        {
            EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
            EwsMailboxProvider provider(&conn, kMailbox);
            auto slot = std::make_shared<std::optional<Result<MailboxFolder>>>();
            provider.ensureFolder(MailboxFolderRef::wellKnown(u"contacts"_s), u"CRM"_s, [slot](Result<MailboxFolder> r) { *slot = r; });
            QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
            QVERIFY(!slot->value().ok());
            const Error e = slot->value().error();
            QVERIFY2(e.message.contains(u"not trusted"_s) && e.message.contains(u"self-signed"_s), qPrintable(e.toString()));
            QVERIFY2(e.fix.contains(u"pin"_s), qPrintable(e.fix));
            QCOMPARE(e.recovery, Error::Recovery::None);
        }
        EwsConnectionSettings s = basicSettings(server.baseUrl());
        s.pinnedCertificates = TlsTrust::loadPem(server.certificate().toPem()).value();
        EwsConnection conn(m_http.get(), s);
        EwsMailboxProvider provider(&conn, kMailbox);
        auto slot = std::make_shared<std::optional<Result<MailboxFolder>>>();
        provider.ensureFolder(MailboxFolderRef::wellKnown(u"contacts"_s), u"CRM"_s, [slot](Result<MailboxFolder> r) { *slot = r; });
        QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
        QVERIFY2(slot->value().ok(), qPrintable(errText(slot->value())));
        QVERIFY(!slot->value()->id.isEmpty());
    }

    void autodiscoverFollowsCandidatesAndRedirects()
    {
        // contoso: .svc 404, .xml says redirectAddr -> fabrikam; fabrikam: SOAP answers.
        SandboxHttpServer server;
        server.route("POST", u"/contoso/autodiscover/autodiscover.svc"_s, [](const SandboxRequest &) {
            return SandboxResponse::text(404, "no");
        });
        server.route("POST", u"/contoso/autodiscover/autodiscover.xml"_s, [](const SandboxRequest &) {
            return SandboxResponse::xml(200, local("pox-redirectaddr.xml"));
        });
        server.route("POST", u"/fabrikam/autodiscover/autodiscover.svc"_s, [](const SandboxRequest &r) {
            return r.body.contains("anna.berg@fabrikam.example") ? SandboxResponse::xml(200, fixture("getusersettings-response.xml"))
                                                                 : SandboxResponse::text(400, "wrong mailbox");
        });
        QVERIFY(server.listen());
        EwsAutodiscoverClient client(m_http.get());
        client.setCredentials(ExchangeAuth::Basic, u"svc"_s, u"pw"_s);
        const QUrl base = server.baseUrl();
        client.setCandidateFunction([base](const QString &domain) {
            const QString d = domain.section(u'.', 0, 0);
            return QList<EwsAutodiscoverCandidate>{
                {EwsAutodiscoverCandidate::Kind::Soap, base.resolved(QUrl(u"/%1/autodiscover/autodiscover.svc"_s.arg(d)))},
                {EwsAutodiscoverCandidate::Kind::Pox, base.resolved(QUrl(u"/%1/autodiscover/autodiscover.xml"_s.arg(d)))}};
        });
        auto slot = std::make_shared<std::optional<Result<EwsAutodiscoverResult>>>();
        client.discover(kMailbox, [slot](Result<EwsAutodiscoverResult> r) { *slot = r; });
        QTRY_VERIFY_WITH_TIMEOUT(slot->has_value(), 20000);
        QVERIFY2(slot->value().ok(), qPrintable(errText(slot->value())));
        QCOMPARE(slot->value()->ewsUrl, QUrl(u"https://mail.contoso.example/EWS/Exchange.asmx"_s));
        QCOMPARE(slot->value()->mailbox, u"anna.berg@fabrikam.example"_s);
        QCOMPARE(slot->value()->groupingInformation, u"EURPR01"_s);
        QCOMPARE(server.requestCount(), 3);
        const SandboxRequest soap = server.requests().at(2);
        QVERIFY(soap.header("SOAPAction").contains("GetUserSettings"));
    }

    void autodiscoverHttpRedirectOnlyToHttps()
    {
        SandboxHttpServer tls;
        tls.route("POST", u"/autodiscover/autodiscover.xml"_s, [](const SandboxRequest &) {
            return SandboxResponse::xml(200, fixture("pox-autodiscover-response.xml"));
        });
        QVERIFY(tls.listenTls());
        SandboxHttpServer plain;
        const QByteArray httpsTarget = tls.baseUrl().toString().toUtf8() + "/autodiscover/autodiscover.xml";
        plain.route("GET", u"/good/"_s, [httpsTarget](const SandboxRequest &) {
            return SandboxResponse::text(302, {}).setHeader("Location", httpsTarget);
        });
        plain.route("GET", u"/bad/"_s, [](const SandboxRequest &) {
            return SandboxResponse::text(302, {}).setHeader("Location", "http://127.0.0.1:1/autodiscover/autodiscover.xml");
        });
        QVERIFY(plain.listen());
        EwsAutodiscoverClient client(m_http.get());
        client.setPinnedCertificates({tls.certificate()});
        const QUrl base = plain.baseUrl();
        client.setCandidateFunction([base](const QString &domain) {
            return QList<EwsAutodiscoverCandidate>{
                {EwsAutodiscoverCandidate::Kind::RedirectGet,
                 base.resolved(QUrl(u"/%1/autodiscover/autodiscover.xml"_s.arg(domain.section(u'.', 0, 0))))}};
        });
        auto good = std::make_shared<std::optional<Result<EwsAutodiscoverResult>>>();
        client.discover(u"a@good.example"_s, [good](Result<EwsAutodiscoverResult> r) { *good = r; });
        QTRY_VERIFY_WITH_TIMEOUT(good->has_value(), 20000);
        QVERIFY2(good->value().ok(), qPrintable(errText(good->value())));
        QCOMPARE(good->value()->ewsUrl, QUrl(u"https://mail.contoso.example/EWS/Exchange.asmx"_s));

        auto bad = std::make_shared<std::optional<Result<EwsAutodiscoverResult>>>();
        client.discover(u"a@bad.example"_s, [bad](Result<EwsAutodiscoverResult> r) { *bad = r; });
        QTRY_VERIFY_WITH_TIMEOUT(bad->has_value(), 20000);
        QVERIFY(!bad->value().ok());
        QVERIFY2(bad->value().error().message.contains(u"non-https"_s), qPrintable(errText(bad->value())));
        QVERIFY(!bad->value().error().fix.isEmpty());

        // A manual URL in the profile skips Autodiscover.
        ExchangeProfile profile;
        profile.ewsUrl = u"https://exch.example/EWS/Exchange.asmx"_s;
        const int before = plain.requestCount();
        auto manual = std::make_shared<std::optional<Result<EwsAutodiscoverResult>>>();
        client.discover(profile, u"a@good.example"_s, [manual](Result<EwsAutodiscoverResult> r) { *manual = r; });
        QTRY_VERIFY(manual->has_value());
        QCOMPARE(manual->value()->source, u"profile"_s);
        QCOMPARE(plain.requestCount(), before);
    }

    void streamingReconnectsWithCatchUpAndAffinity()
    {
        SandboxHttpServer server;
        int streams = 0;
        QList<QPointer<SandboxResponder>> open;
        server.routeStreaming("POST", u"/EWS/"_s, [&](const SandboxRequest &req, SandboxResponder *r) {
            if (!req.body.contains("GetStreamingEvents")) {
                SandboxResponse resp = SandboxResponse::xml(200, fixture("subscribe-response.xml"));
                resp.setHeader("Set-Cookie", "X-BackEndOverrideCookie=be01~affinity; path=/; secure");
                r->respond(resp);
                return;
            }
            ++streams;
            r->writeHead(200, {{"Content-Type", "text/xml; charset=utf-8"}});
            if (streams == 1) {
                // Two notifications, split mid-envelope across chunks, then Closed.
                const QByteArray n = fixture("streaming-notification.xml");
                r->writeChunk(n + n.left(200));
                QPointer<SandboxResponder> p(r);
                QTimer::singleShot(50, r, [p, n] {
                    if (!p)
                        return;
                    p->writeChunk(n.mid(200));
                    p->writeChunk(local("streaming-closed.xml"));
                    p->finish();
                });
            } else {
                open << r;   // keep the second stream open
            }
        });
        QVERIFY(server.listen());
        EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
        EwsStreamingListener listener(&conn, kMailbox, {MailboxFolderRef::wellKnown(u"contacts"_s)});
        listener.setConnectionTimeoutMinutes(1);
        listener.setReconnectDelay(50, 500);
        QSignalSpy changed(&listener, &EwsStreamingListener::changed);
        QSignalSpy catchUp(&listener, &EwsStreamingListener::catchUpNeeded);
        listener.start();
        QTRY_COMPARE_WITH_TIMEOUT(streams, 2, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 20000);
        QCOMPARE(catchUp.count(), 1);
        QVERIFY(changed.at(0).at(0).toStringList().contains(u"AAMkADk0ZGY2Y2M0LTAyZTEtNGYxNy1hMDY3LTQ2MzA5YjRjYjQ2YQAuAAAAAAA="_s));
        QCOMPARE(listener.subscriptionId(), u"JABldXIwMWIzMDEubmFtcHJkMDEucHJvZC5vdXRsb29rLmNvbRAAAAA="_s);
        QTRY_VERIFY(listener.isStreaming());

        const QList<SandboxRequest> reqs = server.requests();
        QCOMPARE(reqs.size(), 3);
        QCOMPARE(reqs.at(0).header("X-PreferServerAffinity"), QByteArray("true"));
        QVERIFY(!reqs.at(0).hasHeader("Cookie"));
        QCOMPARE(reqs.at(1).header("Cookie"), QByteArray("X-BackEndOverrideCookie=be01~affinity"));
        QCOMPARE(reqs.at(2).header("Cookie"), QByteArray("X-BackEndOverrideCookie=be01~affinity"));
        QVERIFY(reqs.at(2).body.contains("<m:ConnectionTimeout>1</m:ConnectionTimeout>"));

        // A dropped connection reconnects too, with another catch-up.
        server.close();
        QTRY_VERIFY_WITH_TIMEOUT(catchUp.count() >= 2, 20000);
        listener.stop();
        QVERIFY(!listener.isStreaming());
    }

    void serverBusyInResponseMessageIsAbsorbed()
    {
        SandboxHttpServer server;
        int calls = 0;
        server.route("POST", u"/EWS/"_s, [&](const SandboxRequest &) {
            return SandboxResponse::xml(200, ++calls == 1 ? local("getitem-serverbusy.xml") : fixture("getitem-contact.xml"));
        });
        QVERIFY(server.listen());
        EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
        EwsMailboxProvider provider(&conn, kMailbox);
        QSignalSpy paused(m_http.get(), &HttpClient::lanePaused);
        std::optional<QList<Result<MailboxItem>>> got;
        provider.fetchItems({MailboxItemId{u"AAMkAD1"_s, {}}}, [&](QList<Result<MailboxItem>> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        QVERIFY2(got->at(0).ok(), qPrintable(errText(got->at(0))));
        QCOMPARE(calls, 2);
        QCOMPARE(paused.count(), 1);
        QCOMPARE(paused.at(0).at(1).toLongLong(), 250);
    }

    void streamingResubscribesWhenSubscriptionIsGone()
    {
        SandboxHttpServer server;
        int subscribes = 0;
        int streams = 0;
        server.routeStreaming("POST", u"/EWS/"_s, [&](const SandboxRequest &req, SandboxResponder *r) {
            if (!req.body.contains("GetStreamingEvents")) {
                ++subscribes;
                r->respond(SandboxResponse::xml(200, fixture("subscribe-response.xml")));
                return;
            }
            ++streams;
            r->writeHead(200, {{"Content-Type", "text/xml; charset=utf-8"}});
            if (streams == 1) {
                r->writeChunk(fixture("streaming-subscription-expired.xml"));
                r->finish();
            }
        });
        QVERIFY(server.listen());
        EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
        EwsStreamingListener listener(&conn, kMailbox, {});
        listener.setReconnectDelay(50, 500);
        QSignalSpy catchUp(&listener, &EwsStreamingListener::catchUpNeeded);
        QSignalSpy problems(&listener, &EwsStreamingListener::problem);
        listener.start();
        QTRY_COMPARE_WITH_TIMEOUT(streams, 2, 20000);
        QCOMPARE(subscribes, 2);
        QCOMPARE(catchUp.count(), 1);
        QVERIFY(!problems.isEmpty());
        QVERIFY(problems.at(0).at(0).toString().contains(u"subscription"_s));
        listener.stop();
    }

    void cancelAllEndsCallsWaitingOnAPausedLane()
    {
        SandboxHttpServer server;
        server.route("POST", u"/EWS/"_s, [](const SandboxRequest &) {
            return SandboxResponse::xml(500, local("fault-serverbusy-short.xml"));
        });
        QVERIFY(server.listen());
        EwsConnection conn(m_http.get(), basicSettings(server.baseUrl()));
        EwsMailboxProvider provider(&conn, kMailbox);
        QSignalSpy busy(&conn, &EwsConnection::serverBusy);
        int calls = 0;
        std::optional<Error> error;
        provider.deleteItem({u"AAMkAD1"_s, {}}, true, [&](Result<void> r) {
            ++calls;
            if (!r.ok())
                error = r.error();
        });
        QTRY_COMPARE_WITH_TIMEOUT(busy.count(), 1, 20000);
        provider.cancelAll();
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 5000);
        QVERIFY(error.has_value());
        QVERIFY2(error->message.contains(u"cancel"_s), qPrintable(error->toString()));
        QCOMPARE(conn.pendingCount(), 0);
        QTest::qWait(600);   // past the back-off: nothing is resent
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(calls, 1);
    }
};

QTEST_MAIN(TestEwsTransport)
#include "tst_ewstransport.moc"
