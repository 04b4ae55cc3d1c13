#include <QtTest>

#include "net/backoff.h"
#include "net/networkerrortext.h"

using namespace Liaison;

class TestBackoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullJitterWindowGrowsAndCaps()
    {
        RetryPolicy p;
        p.baseDelayMs = 100;
        p.maxDelayMs = 1000;
        QCOMPARE(Backoff::delayMs(p, 1, 0.999999), 99);
        QCOMPARE(Backoff::delayMs(p, 2, 0.5), 100);
        QCOMPARE(Backoff::delayMs(p, 3, 0.5), 200);
        QCOMPARE(Backoff::delayMs(p, 10, 0.5), 500);   // capped window 1000
        QCOMPARE(Backoff::delayMs(p, 60, 1.0), 1000);  // no overflow
        QCOMPARE(Backoff::delayMs(p, 4, 0.0), 0);
    }

    void retryAfter()
    {
        const QDateTime now(QDate(2026, 11, 23), QTime(10, 0, 0), QTimeZone::utc());
        QCOMPARE(Backoff::parseRetryAfter("2", now), std::optional<qint64>(2000));
        QCOMPARE(Backoff::parseRetryAfter(" 120 ", now), std::optional<qint64>(120000));
        QCOMPARE(Backoff::parseRetryAfter("Mon, 23 Nov 2026 10:00:30 GMT", now), std::optional<qint64>(30000));
        QCOMPARE(Backoff::parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now), std::optional<qint64>(0));
        QVERIFY(!Backoff::parseRetryAfter("soon", now));
        QVERIFY(!Backoff::parseRetryAfter("-5", now));
        QVERIFY(!Backoff::parseRetryAfter("", now));
    }

    void errorTextsAreActionable()
    {
        const QUrl url(QStringLiteral("https://mail.example.com/EWS/Exchange.asmx?x=1"));
        const Error host = NetworkErrorText::describe(QNetworkReply::HostNotFoundError, url);
        QCOMPARE(host.code, Error::Code::Network);
        QVERIFY(host.message.contains(QStringLiteral("mail.example.com")));
        QVERIFY(!host.fix.isEmpty());
        QVERIFY(NetworkErrorText::describe(QNetworkReply::ConnectionRefusedError, url).message.contains(QStringLiteral("refused")));
        QVERIFY(NetworkErrorText::timeout(url, 5000).message.contains(QStringLiteral("5 s")));
        const Error tls = NetworkErrorText::tls(url, {QSslError(QSslError::SelfSignedCertificate), QSslError(QSslError::HostNameMismatch)});
        QCOMPARE(tls.message, QStringLiteral("The server certificate for mail.example.com is not trusted (self-signed / name mismatch)"));
        QVERIFY(tls.fix.contains(QStringLiteral("pin this server's certificate")));
        QVERIFY(NetworkErrorText::httpStatus(401, url).message.contains(QStringLiteral("401")));
        QVERIFY(!NetworkErrorText::httpStatus(500, url).message.contains(QStringLiteral("x=1")));
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "testbackoff.moc"
