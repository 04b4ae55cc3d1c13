// Trace files: one per body, paired by sequence number, credentials redacted.
#include <QtTest>

#include "net/httpclient.h"
#include "net/protocoltrace.h"
#include "sandboxhttpserver.h"

using namespace Liaison;

class TestProtocolTrace : public QObject
{
    Q_OBJECT

private:
    static QByteArray readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static bool waitFinished(HttpReply *reply)
    {
        QElapsedTimer t;
        t.start();
        while (!reply->isFinished() && t.elapsed() < 15000)
            QTest::qWait(10);
        return reply->isFinished();
    }

private Q_SLOTS:
    void fileNames()
    {
        QCOMPARE(ProtocolTrace::fileBaseName(42, QStringLiteral("GetItem"), true), QStringLiteral("000042-GetItem-request"));
        QCOMPARE(ProtocolTrace::fileBaseName(7, QStringLiteral("a/b c"), false), QStringLiteral("000007-a_b_c-response"));
        const int a = ProtocolTrace::nextSequence();
        QCOMPARE(ProtocolTrace::nextSequence(), a + 1);
    }

    void environmentEnablesTracing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qputenv("LIAISON_TRACE_DIR", dir.path().toUtf8());
        HttpClient client;
        qunsetenv("LIAISON_TRACE_DIR");
        QCOMPARE(client.traceDirectory(), dir.path());
        HttpClient plain;
        QVERIFY(plain.traceDirectory().isEmpty());
    }

    void requestsAndResponsesAreTracedRedactedAndPaired()
    {
        SandboxHttpServer server;
        server.setTraceDirectory({});
        server.route("POST", QStringLiteral("/token"), [](const SandboxRequest &) {
            return SandboxResponse::json(200, R"({"token_type":"Bearer","access_token":"AT-SECRET-1","refresh_token":"RT-SECRET-2"})");
        });
        server.route("POST", QStringLiteral("/EWS"), [](const SandboxRequest &) {
            return SandboxResponse::xml(200, "<ok/>");
        });
        QVERIFY(server.listen());

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        HttpClient client;
        client.setTraceDirectory(dir.path());
        client.setRandomSource([] { return 0.0; });

        HttpRequest token = HttpRequest::post(server.baseUrl().resolved(QUrl(QStringLiteral("/token"))),
                                              "grant_type=client_credentials&client_id=app&client_secret=CS-SECRET-3",
                                              "application/x-www-form-urlencoded");
        token.traceTag = QStringLiteral("Token");
        HttpReply *r1 = client.send(token);
        QVERIFY(waitFinished(r1));
        QCOMPARE(r1->statusCode(), 200);

        server.injectFault(SandboxFault::respond(SandboxResponse::text(503, "busy")), QStringLiteral("/EWS"));
        HttpRequest ews = HttpRequest::post(server.baseUrl().resolved(QUrl(QStringLiteral("/EWS"))),
                                            "<t:Password>PW-SECRET-4</t:Password>", "text/xml; charset=utf-8");
        ews.traceTag = QStringLiteral("GetItem");
        ews.setHeader("Authorization", "Bearer AT-SECRET-1");
        ews.setHeader("Cookie", "X-BackEndOverrideCookie=CK-SECRET-5");
        HttpReply *r2 = client.send(ews);
        QVERIFY(waitFinished(r2));
        QCOMPARE(r2->statusCode(), 200);
        QCOMPARE(r2->attempts(), 2);

        const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 12);   // 3 exchanges x (request + response) x (body + headers)

        const int tokenSeq = r1->traceSequence();
        const int ewsSeq = r2->traceSequence();
        QVERIFY(tokenSeq > 0);
        QVERIFY(ewsSeq > tokenSeq + 1);   // the 503 attempt took a number in between
        const QString t = QStringLiteral("%1").arg(tokenSeq, 6, 10, QLatin1Char('0'));
        const QString e = QStringLiteral("%1").arg(ewsSeq, 6, 10, QLatin1Char('0'));
        QVERIFY2(files.contains(t + QStringLiteral("-Token-request.txt")), qPrintable(files.join(u' ')));
        QVERIFY(files.contains(t + QStringLiteral("-Token-response.json")));
        QVERIFY(files.contains(t + QStringLiteral("-Token-request.headers")));
        QVERIFY(files.contains(e + QStringLiteral("-GetItem-request.xml")));
        QVERIFY(files.contains(e + QStringLiteral("-GetItem-response.xml")));

        QCOMPARE(readFile(dir.filePath(t + QStringLiteral("-Token-request.txt"))),
                 QByteArray("grant_type=client_credentials&client_id=app&client_secret=[redacted]"));
        QVERIFY(readFile(dir.filePath(t + QStringLiteral("-Token-response.json"))).contains(R"("access_token":"[redacted]")"));
        QCOMPARE(readFile(dir.filePath(e + QStringLiteral("-GetItem-request.xml"))),
                 QByteArray("<t:Password>[redacted]</t:Password>"));
        const QByteArray head = readFile(dir.filePath(e + QStringLiteral("-GetItem-request.headers")));
        QVERIFY2(head.startsWith("POST http://127.0.0.1:"), head.constData());
        QVERIFY(head.contains("Authorization: Bearer [redacted]"));
        QVERIFY(head.contains("Cookie: [redacted]"));
        QVERIFY(readFile(dir.filePath(e + QStringLiteral("-GetItem-response.headers"))).startsWith("HTTP 200"));
        QVERIFY(readFile(dir.filePath(QStringLiteral("%1-GetItem-response.headers").arg(ewsSeq - 1, 6, 10, QLatin1Char('0'))))
                    .startsWith("HTTP 503"));

        for (const QString &f : files) {
            const QByteArray content = readFile(dir.filePath(f));
            for (const char *secret : {"AT-SECRET-1", "RT-SECRET-2", "CS-SECRET-3", "PW-SECRET-4", "CK-SECRET-5"})
                QVERIFY2(!content.contains(secret), qPrintable(f + QStringLiteral(" leaks ") + QLatin1String(secret)));
        }
    }
};

QTEST_GUILESS_MAIN(TestProtocolTrace)
#include "testprotocoltrace.moc"
