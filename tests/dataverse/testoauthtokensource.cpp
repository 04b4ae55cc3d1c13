// OAuthTokenSource against the sandbox's Entra token endpoint over TLS loopback.
#include <QTest>

#include "connectortestutil.h"

using namespace Qt::StringLiterals;
using namespace Liaison;

class TestOAuthTokenSource : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxDataverseFixture> m_fx;

    int tokenRequests() const
    {
        int n = 0;
        for (const SandboxRequest &r : m_fx->server.requests())
            n += r.path.endsWith(u"/oauth2/v2.0/token"_s) ? 1 : 0;
        return n;
    }
    std::unique_ptr<OAuthTokenSource> source(const QString &secret = {})
    {
        auto s = std::make_unique<OAuthTokenSource>(&m_fx->client, sandboxCredentials(*m_fx, secret));
        s->setPinnedCertificates({m_fx->server.certificate()});
        return s;
    }
    static Result<QString> get(OAuthTokenSource &s)
    {
        return await<QString>([&](auto cb) { s.token(cb); });
    }

private Q_SLOTS:
    void init()
    {
        earlyCallbacks() = 0;
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const Status started = m_fx->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    }
    void cleanup()
    {
        QCOMPARE(earlyCallbacks(), 0);
        m_fx.reset();
    }

    void concurrentCallersShareOneRequest()
    {
        auto s = source();
        QList<Result<QString>> results;
        bool returned = false;
        int early = 0;
        for (int i = 0; i < 5; ++i)
            s->token([&](Result<QString> r) {
                early += returned ? 0 : 1;
                results.append(std::move(r));
            });
        returned = true;
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 5, 20000);
        QCOMPARE(early, 0);
        QCOMPARE(s->fetchCount(), 1);
        QCOMPARE(tokenRequests(), 1);
        for (const Result<QString> &r : results) {
            QVERIFY(r.ok());
            QCOMPARE(r.value(), results.first().value());
        }
        // Cached: a later caller gets the same token without a request, still asynchronously.
        const Result<QString> cached = get(*s);
        QVERIFY(cached.ok());
        QCOMPARE(cached.value(), results.first().value());
        QCOMPARE(tokenRequests(), 1);
    }

    void renewedAheadOfExpiry_data()
    {
        QTest::addColumn<int>("lifetime");
        QTest::addColumn<int>("margin");   // renew this many seconds before expiry
        QTest::newRow("1h: 5 minutes") << 3600 << 300;
        QTest::newRow("10min: 10 percent") << 600 << 60;
    }
    void renewedAheadOfExpiry()
    {
        QFETCH(int, lifetime);
        QFETCH(int, margin);
        m_fx->dataverse.setTokenLifetime(lifetime);
        auto s = source();
        QDateTime now = QDateTime::currentDateTimeUtc();
        s->setClock([&now] { return now; });
        const Result<QString> first = get(*s);
        QVERIFY(first.ok());
        QCOMPARE(s->renewAt(), now.addSecs(lifetime - margin));

        now = now.addSecs(lifetime - margin - 10);   // shortly before the renewal point: cached
        QCOMPARE(get(*s).value(), first.value());
        QCOMPARE(s->fetchCount(), 1);

        now = now.addSecs(20);                       // past it, still before expiry: renewed
        const Result<QString> renewed = get(*s);
        QVERIFY(renewed.ok());
        QVERIFY(renewed.value() != first.value());
        QCOMPARE(s->fetchCount(), 2);
    }

    void invalidateFetchesANewToken()
    {
        auto s = source();
        const Result<QString> first = get(*s);
        QVERIFY(first.ok());
        s->invalidate();
        const Result<QString> second = get(*s);
        QVERIFY(second.ok());
        QVERIFY(second.value() != first.value());
        QCOMPARE(tokenRequests(), 2);
    }

    void badSecretErrorHasNoSecret()
    {
        const QString secret = u"n0t-the-s3cret"_s;
        auto s = source(secret);
        const Result<QString> r = get(*s);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(u"AADSTS7000215"_s));
        QVERIFY(!r.error().toString().contains(secret));
        // Failures are not cached: the next call asks again.
        QVERIFY(!get(*s).ok());
        QCOMPARE(tokenRequests(), 2);
    }
};

QTEST_GUILESS_MAIN(TestOAuthTokenSource)
#include "testoauthtokensource.moc"
