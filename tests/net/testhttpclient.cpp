// HttpClient against the shared sandbox server over real loopback sockets.
#include <QtTest>

#include "net/httpclient.h"
#include "sandboxhttpserver.h"
#include "sandboxresponder.h"

using namespace Liaison;

class TestHttpClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxHttpServer> m_server;
    std::unique_ptr<HttpClient> m_client;

    QUrl url(const QString &path) const { return m_server->baseUrl().resolved(QUrl(path)); }

    static RetryPolicy fastPolicy(int attempts)
    {
        RetryPolicy p;
        p.maxAttempts = attempts;
        p.baseDelayMs = 20;
        p.maxDelayMs = 100;
        return p;
    }

    // Waits for the reply and hands it back for inspection; owned by the client.
    static bool waitFinished(HttpReply *reply, int timeoutMs = 15000)
    {
        QElapsedTimer t;
        t.start();
        while (!reply->isFinished() && t.elapsed() < timeoutMs)
            QTest::qWait(10);
        return reply->isFinished();
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<SandboxHttpServer>();
        m_server->route("GET", QStringLiteral("/hello"), [](const SandboxRequest &) {
            return SandboxResponse::text(200, "hello world");
        });
        m_server->route("POST", QStringLiteral("/echo"), [](const SandboxRequest &r) {
            SandboxResponse out{200, {}, r.body};
            out.setHeader("Content-Type", r.header("Content-Type"));
            return out;
        });
        m_server->routeStreaming("GET", QStringLiteral("/slow"), [](const SandboxRequest &, SandboxResponder *responder) {
            QPointer<SandboxResponder> guard(responder);
            QTimer::singleShot(150, [guard] {
                if (guard)
                    guard->respond(SandboxResponse::text(200, "slow"));
            });
        });
        QVERIFY(m_server->listen());
        m_client = std::make_unique<HttpClient>();
        m_client->setTraceDirectory({});
        m_client->setDefaultRetryPolicy(fastPolicy(4));
        m_client->setRandomSource([] { return 0.999; });
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void plainGetAndPost()
    {
        HttpReply *get = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
        QVERIFY(waitFinished(get));
        QVERIFY(!get->hasError());
        QVERIFY(get->isHttpSuccess());
        QCOMPARE(get->statusCode(), 200);
        QCOMPARE(get->body(), QByteArray("hello world"));
        QCOMPARE(get->rawHeader("content-type"), QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(get->attempts(), 1);

        bool called = false;
        const QByteArray xml = "<x>\xc3\xa9</x>";
        m_client->send(HttpRequest::post(url(QStringLiteral("/echo")), xml, "text/xml; charset=utf-8"),
                       [&](HttpReply &r) {
                           called = true;
                           QCOMPARE(r.statusCode(), 200);
                           QCOMPARE(r.body(), xml);
                       });
        QTRY_VERIFY_WITH_TIMEOUT(called, 10000);
        const SandboxRequest seen = m_server->requests().constLast();
        QCOMPARE(seen.method, QByteArray("POST"));
        QCOMPARE(seen.header("content-type"), QByteArray("text/xml; charset=utf-8"));

        HttpReply *missing = m_client->send(HttpRequest::get(url(QStringLiteral("/nope"))));
        QVERIFY(waitFinished(missing));
        QVERIFY(!missing->hasError());   // a complete answer, just not a success
        QCOMPARE(missing->statusCode(), 404);
        QVERIFY(!missing->isHttpSuccess());
    }

    void serviceUnavailableIsRetriedWithBackoff()
    {
        m_server->injectFault(SandboxFault::respond(SandboxResponse::text(503, "busy")), QStringLiteral("/hello"), 2);
        QElapsedTimer t;
        t.start();
        HttpReply *reply = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->attempts(), 3);
        QCOMPARE(m_server->requestCount(), 3);
        // Jitter pinned at ~1: waits of ~19 ms and ~39 ms.
        QVERIFY2(t.elapsed() >= 50, qPrintable(QString::number(t.elapsed())));
    }

    void internalServerErrorIsLeftToTheCaller()
    {
        m_server->injectFault(SandboxFault::respond(SandboxResponse::xml(500, "<fault/>")), QStringLiteral("/hello"));
        HttpReply *reply = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->statusCode(), 500);
        QCOMPARE(reply->body(), QByteArray("<fault/>"));
        QCOMPARE(reply->attempts(), 1);

        // ... unless the request says 500 is retryable.
        m_server->injectFault(SandboxFault::respond(SandboxResponse::xml(500, "<fault/>")), QStringLiteral("/hello"));
        HttpRequest req = HttpRequest::get(url(QStringLiteral("/hello")));
        req.retryStatuses = QList<int>{500};
        HttpReply *again = m_client->send(req);
        QVERIFY(waitFinished(again));
        QCOMPARE(again->statusCode(), 200);
        QCOMPARE(again->attempts(), 2);
    }

    void clientErrorStatusesKeepTheirBody()
    {
        // Qt reports these with distinct error codes (400 is ProtocolInvalidOperationError); each is
        // a complete HTTP answer whose body the caller needs, e.g. Dataverse's {"error":{...}}.
        for (int status : {400, 404, 409, 412}) {
            const QByteArray body = "{\"error\":{\"code\":\"0x80040217\"}}";
            m_server->injectFault(SandboxFault::respond(SandboxResponse::json(status, body)), QStringLiteral("/hello"));
            HttpReply *reply = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
            QVERIFY(waitFinished(reply));
            QVERIFY2(!reply->hasError(), qPrintable(reply->hasError() ? reply->error().message : QString()));
            QCOMPARE(reply->statusCode(), status);
            QCOMPARE(reply->body(), body);
            reply->deleteLater();
        }
    }

    void retryAfterIsHonoured()
    {
        m_server->injectFault(SandboxFault::respond(SandboxResponse::throttled(429, 1)), QStringLiteral("/hello"));
        HttpRequest req = HttpRequest::get(url(QStringLiteral("/hello")));
        req.lane = QStringLiteral("org-a");
        QElapsedTimer t;
        t.start();
        HttpReply *reply = m_client->send(req);
        QTRY_VERIFY_WITH_TIMEOUT(m_client->lanePauseRemaining(QStringLiteral("org-a")) > 0, 5000);
        QVERIFY(waitFinished(reply));
        QCOMPARE(reply->statusCode(), 200);
        QCOMPARE(reply->attempts(), 2);
        QVERIFY2(t.elapsed() >= 900, qPrintable(QString::number(t.elapsed())));

        // A Retry-After beyond the policy's patience is handed back instead of waited for.
        m_server->injectFault(SandboxFault::respond(SandboxResponse::throttled(429, 3600)), QStringLiteral("/hello"));
        HttpReply *tooLong = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
        QVERIFY(waitFinished(tooLong));
        QCOMPARE(tooLong->statusCode(), 429);
        QCOMPARE(tooLong->attempts(), 1);
        QCOMPARE(tooLong->retryAfterMs(), std::optional<qint64>(3600 * 1000));
    }

    void droppedConnectionRetriedWhenIdempotent()
    {
        m_server->injectFault(SandboxFault::drop(), QStringLiteral("/hello"));
        HttpReply *reply = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
        QVERIFY(waitFinished(reply));
        QVERIFY(!reply->hasError());
        QCOMPARE(reply->body(), QByteArray("hello world"));
        QVERIFY(m_server->requestCount() >= 2);

        // Attempts run out: a clear error, not a hang.
        m_server->injectFault(SandboxFault::drop(), QStringLiteral("/hello"), 50);
        HttpRequest req = HttpRequest::get(url(QStringLiteral("/hello")));
        req.retryPolicy = fastPolicy(3);
        HttpReply *failing = m_client->send(req);
        QVERIFY(waitFinished(failing));
        QVERIFY(failing->hasError());
        QCOMPARE(failing->attempts(), 3);
        QCOMPARE(failing->error().code, Error::Code::Network);
        QVERIFY2(failing->error().message.contains(QStringLiteral("closed the connection")), qPrintable(failing->error().message));
        QVERIFY(failing->error().message.contains(QStringLiteral("127.0.0.1")));
    }

    void droppedConnectionNotRetriedWhenNotIdempotent()
    {
        m_server->injectFault(SandboxFault::drop(), QStringLiteral("/echo"), 50);
        HttpReply *reply = m_client->send(HttpRequest::post(url(QStringLiteral("/echo")), "create", "text/plain"));
        QVERIFY(waitFinished(reply));
        QVERIFY(reply->hasError());
        QCOMPARE(reply->attempts(), 1);
    }

    void midBodyDropIsAnError()
    {
        m_server->injectFault(SandboxFault::dropMidBody(), QStringLiteral("/hello"), 50);
        HttpRequest req = HttpRequest::get(url(QStringLiteral("/hello")));
        req.retryPolicy = fastPolicy(2);
        HttpReply *reply = m_client->send(req);
        QVERIFY(waitFinished(reply));
        QVERIFY2(reply->hasError(), reply->body().constData());
        QVERIFY(!reply->isHttpSuccess());
        QVERIFY(reply->body().isEmpty());
        QCOMPARE(reply->attempts(), 2);
    }

    void hangTimesOut()
    {
        m_server->injectFault(SandboxFault::hang(), QStringLiteral("/hello"));
        HttpRequest req = HttpRequest::get(url(QStringLiteral("/hello")));
        req.timeoutMs = 300;
        req.retryPolicy = fastPolicy(1);
        HttpReply *reply = m_client->send(req);
        QVERIFY(waitFinished(reply));
        QVERIFY(reply->hasError());
        QVERIFY2(reply->error().message.contains(QStringLiteral("did not answer")), qPrintable(reply->error().message));
    }

    void connectionRefusedAndBadUrl()
    {
        quint16 port = 0;
        {
            SandboxHttpServer closed;
            QVERIFY(closed.listen());
            port = closed.port();
        }
        HttpRequest req = HttpRequest::post(QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(port)), "x", "text/plain");
        req.retryPolicy = fastPolicy(2);
        HttpReply *reply = m_client->send(req);
        QVERIFY(waitFinished(reply));
        QVERIFY(reply->hasError());
        QCOMPARE(reply->attempts(), 2);   // refused is safe to retry even for POST
        QVERIFY(reply->error().message.contains(QStringLiteral("refused")));

        HttpReply *bad = m_client->send(HttpRequest::get(QUrl(QStringLiteral("ftp://example.com/"))));
        QVERIFY(waitFinished(bad));
        QVERIFY(bad->hasError());
        QCOMPARE(bad->error().code, Error::Code::Invalid);
    }

    void pauseLaneDelaysOnlyThatLane()
    {
        m_client->pauseLane(QStringLiteral("mailbox-a"), 700);
        HttpRequest a = HttpRequest::get(url(QStringLiteral("/hello")));
        a.lane = QStringLiteral("mailbox-a");
        HttpRequest b = a;
        b.lane = QStringLiteral("mailbox-b");
        QElapsedTimer t;
        t.start();
        HttpReply *ra = m_client->send(a);
        HttpReply *rb = m_client->send(b);
        QVERIFY(waitFinished(rb));
        QVERIFY(!ra->isFinished());
        QCOMPARE(m_server->requestCount(), 1);
        QVERIFY(waitFinished(ra));
        QCOMPARE(ra->statusCode(), 200);
        QVERIFY2(t.elapsed() >= 600, qPrintable(QString::number(t.elapsed())));
    }

    void concurrencyCapRespected()
    {
        m_client->setMaxConcurrentPerHost(2);
        QList<HttpReply *> replies;
        for (int i = 0; i < 8; ++i)
            replies.append(m_client->send(HttpRequest::get(url(QStringLiteral("/slow")))));
        QCOMPARE(m_client->queuedCount(), 8);
        for (HttpReply *r : replies) {
            QVERIFY(waitFinished(r));
            QCOMPARE(r->body(), QByteArray("slow"));
        }
        QCOMPARE(m_server->requestCount(), 8);
        QVERIFY2(m_server->maxInFlight() <= 2, qPrintable(QString::number(m_server->maxInFlight())));
        QVERIFY(m_server->maxInFlight() >= 1);
        QCOMPARE(m_client->inFlightCount(url(QStringLiteral("/"))), 0);
    }

    // A server's own cap beats the default, in both directions, and only for that server.
    void perServerCapOverridesTheDefault()
    {
        m_client->setMaxConcurrentPerHost(1);
        m_client->setMaxConcurrentForHost(url(QStringLiteral("/")), 3);
        QCOMPARE(m_client->maxConcurrentForHost(url(QStringLiteral("/other/path"))), 3);
        QCOMPARE(m_client->maxConcurrentForHost(QUrl(QStringLiteral("https://elsewhere.example/"))), 1);
        QList<HttpReply *> replies;
        for (int i = 0; i < 9; ++i)
            replies.append(m_client->send(HttpRequest::get(url(QStringLiteral("/slow")))));
        for (HttpReply *r : replies)
            QVERIFY(waitFinished(r));
        QVERIFY2(m_server->maxInFlight() <= 3, qPrintable(QString::number(m_server->maxInFlight())));
        QVERIFY2(m_server->maxInFlight() >= 2, qPrintable(QString::number(m_server->maxInFlight())));
    }

    void streamingIsIncremental()
    {
        QPointer<SandboxResponder> held;
        m_server->routeStreaming("GET", QStringLiteral("/events"), [&held](const SandboxRequest &, SandboxResponder *r) {
            r->writeHead(200, {{"Content-Type", "text/xml; charset=utf-8"}});
            r->writeChunk("<first/>");
            held = r;
        });
        HttpRequest req = HttpRequest::get(url(QStringLiteral("/events")));
        req.streaming = true;
        HttpReply *reply = m_client->send(req);
        QByteArray received;
        connect(reply, &HttpReply::readyRead, this, [&] { received += reply->readAvailable(); });

        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("<first/>"), 10000);
        QVERIFY(!reply->isFinished());
        QCOMPARE(reply->statusCode(), 200);
        QVERIFY(held);
        held->writeChunk("<second/>");
        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("<first/><second/>"), 10000);
        QVERIFY(!reply->isFinished());
        held->finish();
        QVERIFY(waitFinished(reply));
        QVERIFY(!reply->hasError());
        QCOMPARE(received, QByteArray("<first/><second/>"));
    }

    void deletingAReplyAbortsIt()
    {
        m_server->injectFault(SandboxFault::hang(), QStringLiteral("/hello"));
        HttpReply *reply = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->inFlight(), 1, 10000);
        delete reply;
        QTRY_COMPARE_WITH_TIMEOUT(m_server->inFlight(), 0, 10000);
        QCOMPARE(m_client->inFlightCount(url(QStringLiteral("/"))), 0);
        HttpReply *next = m_client->send(HttpRequest::get(url(QStringLiteral("/hello"))));
        QVERIFY(waitFinished(next));
        QCOMPARE(next->statusCode(), 200);
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "testhttpclient.moc"
