// TLS: system CAs only by default, a clear error for an untrusted server, pinning works.
#include <QtTest>

#include "net/httpclient.h"
#include "net/tlstrust.h"
#include "sandboxcertificate.h"
#include "sandboxhttpserver.h"

using namespace Liaison;

class TestHttpClientTls : public QObject
{
    Q_OBJECT

private:
    static HttpReply *getAndWait(HttpClient &client, const HttpRequest &req)
    {
        HttpReply *reply = client.send(req);
        QElapsedTimer t;
        t.start();
        while (!reply->isFinished() && t.elapsed() < 15000)
            QTest::qWait(10);
        return reply;
    }

    static void addRoute(SandboxHttpServer &server)
    {
        server.route("GET", QStringLiteral("/"), [](const SandboxRequest &) { return SandboxResponse::text(200, "secure"); });
    }

private Q_SLOTS:
    void selfSignedFailsClearlyThenPinningWorks()
    {
        SandboxHttpServer server;
        addRoute(server);
        QVERIFY(server.listenTls());
        QCOMPARE(server.baseUrl().scheme(), QStringLiteral("https"));
        HttpClient client;
        client.setTraceDirectory({});

        HttpReply *refused = getAndWait(client, HttpRequest::get(server.baseUrl()));
        QVERIFY(refused->isFinished());
        QVERIFY(refused->hasError());
        QCOMPARE(refused->attempts(), 1);   // TLS failures are never retried
        const Error e = refused->error();
        QVERIFY2(e.message.startsWith(QStringLiteral("The server certificate for 127.0.0.1:%1 is not trusted").arg(server.port())),
                 qPrintable(e.message));
        QVERIFY2(e.message.contains(QStringLiteral("self-signed")), qPrintable(e.message));
        QCOMPARE(e.fix, QStringLiteral("Install a certificate from a trusted CA on the server, or pin this server's certificate in its Exchange profile or CRM connection"));

        // The profile pins the PEM the admin exported.
        const Result<QList<QSslCertificate>> pinned = TlsTrust::loadPem(server.certificate().toPem());
        QVERIFY(pinned.ok());
        HttpRequest req = HttpRequest::get(server.baseUrl());
        req.pinnedCertificates = pinned.value();
        HttpReply *ok = getAndWait(client, req);
        QVERIFY2(!ok->hasError(), qPrintable(ok->error().toString()));
        QCOMPARE(ok->statusCode(), 200);
        QCOMPARE(ok->body(), QByteArray("secure"));
    }

    void otherPinnedCertificateDoesNotHelp()
    {
        SandboxHttpServer server;
        addRoute(server);
        QVERIFY(server.listenTls());
        const Result<SandboxCertificate> other = SandboxCertificate::generateSelfSigned();
        QVERIFY(other.ok());
        HttpClient client;
        client.setTraceDirectory({});
        HttpRequest req = HttpRequest::get(server.baseUrl());
        req.pinnedCertificates = {other->certificate};
        HttpReply *reply = getAndWait(client, req);
        QVERIFY(reply->hasError());
        QVERIFY(reply->error().message.contains(QStringLiteral("not trusted")));
    }

    void nameMismatchAndExpiryAreNamed()
    {
        const Result<SandboxCertificate> wrongName = SandboxCertificate::generateSelfSigned({QStringLiteral("other.example")});
        QVERIFY(wrongName.ok());
        SandboxHttpServer server;
        addRoute(server);
        server.setCertificate(wrongName->certificate, wrongName->key);
        QVERIFY(server.listenTls());
        HttpClient client;
        client.setTraceDirectory({});
        HttpReply *reply = getAndWait(client, HttpRequest::get(server.baseUrl()));
        QVERIFY(reply->hasError());
        QVERIFY2(reply->error().message.contains(QStringLiteral("name mismatch")), qPrintable(reply->error().message));

        // Pinning that exact certificate is the admin's explicit choice: accepted.
        HttpRequest req = HttpRequest::get(server.baseUrl());
        req.pinnedCertificates = {wrongName->certificate};
        HttpReply *pinned = getAndWait(client, req);
        QVERIFY2(!pinned->hasError(), qPrintable(pinned->error().toString()));
        QCOMPARE(pinned->statusCode(), 200);

        const Result<SandboxCertificate> expired = SandboxCertificate::generateSelfSigned(
            {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")}, -3600);
        QVERIFY(expired.ok());
        SandboxHttpServer old;
        addRoute(old);
        old.setCertificate(expired->certificate, expired->key);
        QVERIFY(old.listenTls());
        HttpClient client2;
        client2.setTraceDirectory({});
        HttpReply *stale = getAndWait(client2, HttpRequest::get(old.baseUrl()));
        QVERIFY(stale->hasError());
        QVERIFY2(stale->error().message.contains(QStringLiteral("expired")), qPrintable(stale->error().message));
    }

    void loadPemRejectsGarbage()
    {
        QVERIFY(!TlsTrust::loadPem("not a certificate").ok());
    }
};

QTEST_GUILESS_MAIN(TestHttpClientTls)
#include "testhttpclienttls.moc"
