// The shared sandbox server itself, spoken to with a raw socket so framing is checked
// byte for byte (the HttpClient tests cover it from QNAM's side).
#include <QtTest>

#include <QTcpSocket>

#include "sandboxauth.h"
#include "sandboxcertificate.h"
#include "sandboxhttpserver.h"
#include "sandboxthread.h"

using namespace Liaison;

class TestSandboxHttpServer : public QObject
{
    Q_OBJECT

private:
    // Reads one response with Content-Length framing from the socket.
    static QByteArray readResponse(QTcpSocket &socket, QByteArray &buffer)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = buffer.left(end);
                qsizetype len = 0;
                for (const QByteArray &line : head.split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        len = line.mid(15).trimmed().toLongLong();
                }
                if (buffer.size() >= end + 4 + len) {
                    const QByteArray whole = buffer.left(end + 4 + len);
                    buffer.remove(0, end + 4 + len);
                    return whole;
                }
            }
            if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
                break;
            socket.waitForReadyRead(200);
            buffer += socket.readAll();
        }
        return {};
    }

private Q_SLOTS:
    void chunkedBodyAndKeepAlive()
    {
        SandboxThread thread([](SandboxHttpServer &s) {
            s.route("POST", QStringLiteral("/echo"), [](const SandboxRequest &r) {
                return SandboxResponse::text(200, r.method + ' ' + r.path.toUtf8() + ' ' + r.query.queryItemValue(QStringLiteral("a")).toUtf8() + ' ' + r.body);
            });
        });
        QVERIFY(thread.startAndWait());
        QVERIFY(thread.port() > 0);

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, thread.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /echo?a=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
                     "POST /echo?a=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        QByteArray buffer;
        const QByteArray first = readResponse(socket, buffer);
        QVERIFY2(first.startsWith("HTTP/1.1 200 OK\r\n"), first.constData());
        QVERIFY(first.endsWith("POST /echo 1 hello world"));
        QVERIFY(first.contains("Connection: keep-alive"));
        const QByteArray second = readResponse(socket, buffer);
        QVERIFY2(second.endsWith("POST /echo 2 abc"), second.constData());
        QCOMPARE(thread.server()->connectionCount(), 1);
        QCOMPARE(thread.server()->requestCount(), 2);
    }

    void bodyLimitAndUnknownRoute()
    {
        SandboxHttpServer server;
        server.setMaxBodyBytes(10);
        QVERIFY(server.listen());
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray buffer;
        QTRY_VERIFY_WITH_TIMEOUT((buffer += socket.readAll()).contains("no sandbox route"), 5000);
        QVERIFY(buffer.startsWith("HTTP/1.1 404 "));
        buffer.clear();
        socket.write("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT((buffer += socket.readAll()).contains("\r\n\r\n"), 5000);
        QVERIFY2(buffer.startsWith("HTTP/1.1 413 "), buffer.constData());
    }

    void authHelpers()
    {
        SandboxRequest r;
        r.headers.append({"authorization", "Basic " + QByteArray("user:pa:ss").toBase64()});
        QVERIFY(SandboxAuth::basicMatches(r, "user", "pa:ss"));
        QVERIFY(!SandboxAuth::basicMatches(r, "user", "wrong"));
        QVERIFY(SandboxAuth::bearerToken(r).isEmpty());
        r.headers = {{"Authorization", "Bearer abc.def"}};
        QVERIFY(SandboxAuth::bearerMatches(r, "abc.def"));
        QVERIFY(!SandboxAuth::bearerMatches(r, "abc"));
        QCOMPARE(SandboxAuth::basicChallenge().status, 401);
        QVERIFY(SandboxAuth::basicChallenge().header("www-authenticate").startsWith("Basic realm="));
    }

    void selfSignedCertificate()
    {
        const Result<SandboxCertificate> c = SandboxCertificate::generateSelfSigned();
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().toString()));
        QVERIFY(!c->certificate.isNull());
        QVERIFY(!c->key.isNull());
        QVERIFY(c->certificate.isSelfSigned());
        const auto ips = c->certificate.subjectAlternativeNames().values(QSsl::IpAddressEntry);
        QVERIFY(ips.contains(QStringLiteral("127.0.0.1")));
        QVERIFY(c->certificate.expiryDate() > QDateTime::currentDateTimeUtc());
        const Result<SandboxCertificate> expired = SandboxCertificate::generateSelfSigned({QStringLiteral("localhost")}, -60);
        QVERIFY(expired.ok());
        QVERIFY(expired->certificate.expiryDate() < QDateTime::currentDateTimeUtc());
    }
};

QTEST_GUILESS_MAIN(TestSandboxHttpServer)
#include "testsandboxhttpserver.moc"
