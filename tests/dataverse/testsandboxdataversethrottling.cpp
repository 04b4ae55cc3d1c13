// Service-protection limits injected into the standalone Dataverse sandbox through its admin API,
// over real TLS sockets: for one client and one path, the next N requests answer 429 with
// Retry-After and the documented error code and message (api-limits.md); other clients and
// paths go through. The connector (core/crm/dataverse) waits Retry-After and succeeds.

#include "connectortestutil.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

class TestSandboxDataverseThrottling : public QObject
{
    Q_OBJECT

    // One request with no retries, so the test sees the 429 itself.
    SandboxReply once(const QString &path, const QString &token = {})
    {
        HttpRequest http;
        http.url = m_fx->apiRoot.resolved(QUrl(path));
        http.setHeader("Authorization", "Bearer " + (token.isEmpty() ? m_fx->accessToken : token).toLatin1());
        http.setHeader("Accept", "application/json");
        http.retryStatuses = QList<int>{};
        return m_fx->sendHttp(http);
    }

    int requestsTo(const QString &segment) const
    {
        int n = 0;
        for (const SandboxRequest &r : m_fx->server.requests())
            n += r.path == u"/api/data/v9.2/"_s + segment ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const QString failed = m_fx->startSignedIn();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup() { m_fx.reset(); }

    void nextRequestsOfOneClientAndPathAnswer429()
    {
        const QString client = QString::fromLatin1(SandboxDataverseFixture::kClientId);
        const SandboxReply set = m_fx->admin("POST", u"throttle"_s,
                                             {{u"clientId"_s, client},
                                              {u"path"_s, u"contacts*"_s},
                                              {u"times"_s, 2},
                                              {u"code"_s, u"0x80072321"_s},
                                              {u"retryAfter"_s, 7}});
        QCOMPARE(set.status, 200);
        QCOMPARE(set.json().value(u"pending"_s).toInt(), 2);

        const SandboxReply limited = once(u"contacts?$select=fullname"_s);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.header("Retry-After"), QByteArray("7"));
        const QJsonObject error = limited.json().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"0x80072321"_s);
        QVERIFY2(
            error.value(u"message"_s)
                .toString()
                .startsWith(u"Combined execution time of incoming requests exceeded limit of 1,200,000"_s),
            qPrintable(error.value(u"message"_s).toString()));

        // Another path, and another client on the same path, go through.
        QCOMPARE(once(u"accounts?$select=name"_s).status, 200);
        const QString other = m_fx->dataverse.issueToken(u"another-client"_s);
        QCOMPARE(once(u"contacts?$select=fullname"_s, other).status, 200);

        QCOMPARE(once(u"contacts(00000000-0000-0000-0000-000000000001)"_s).status, 429); // the second
        QCOMPARE(once(u"contacts?$select=fullname"_s).status, 200);                      // done
        QCOMPARE(m_fx->admin("GET", u"throttle"_s).json().value(u"pending"_s).toInt(), 0);
    }

    void everyDocumentedCodeHasItsMessage()
    {
        const QList<std::pair<QString, QString>> codes{
            {u"0x80072322"_s,
             u"Number of requests exceeded the limit of 6000 over time window of 300 seconds."_s},
            {u"0x80072326"_s, u"Number of concurrent requests exceeded the limit of 52."_s}};
        for (const auto &[code, message] : codes) {
            QCOMPARE(m_fx->admin("POST", u"throttle"_s, {{u"code"_s, code}}).status,
                     200); // any client, any path
            const SandboxReply r = once(u"WhoAmI"_s);
            QCOMPARE(r.status, 429);
            QCOMPARE(r.header("Retry-After"), QByteArray("1"));
            QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(), code);
            QCOMPARE(r.json().value(u"error"_s).toObject().value(u"message"_s).toString(), message);
        }
        // An undocumented code is refused; DELETE clears what is pending.
        QCOMPARE(m_fx->admin("POST", u"throttle"_s, {{u"code"_s, u"0x80040217"_s}}).status, 400);
        QCOMPARE(m_fx->admin("POST", u"throttle"_s, {{u"times"_s, 5}}).status, 200);
        QCOMPARE(m_fx->admin("DELETE", u"throttle"_s).status, 200);
        QCOMPARE(once(u"WhoAmI"_s).status, 200);
    }

    void connectorWaitsRetryAfterAndSucceeds()
    {
        const QString client = QString::fromLatin1(SandboxDataverseFixture::kClientId);
        ConnectorRig rig(*m_fx);
        QVERIFY(rig.whoAmI().ok()); // token fetched before the clock starts

        // A change read throttled twice on its path (number of requests).
        QCOMPARE(m_fx->admin("POST", u"throttle"_s,
                             {{u"clientId"_s, client},
                              {u"path"_s, u"contacts"_s},
                              {u"times"_s, 2},
                              {u"retryAfter"_s, 1}})
                     .status,
                 200);
        QElapsedTimer t;
        t.start();
        const Result<CrmChangeSet> changes = rig.changes(u"contact"_s, {u"fullname"_s}, {});
        QVERIFY2(changes.ok(), qPrintable(changes.ok() ? QString() : changes.error().toString()));
        QVERIFY2(t.elapsed() >= 1900, qPrintable(QString::number(t.elapsed()))); // waited Retry-After twice
        QCOMPARE(requestsTo(u"contacts"_s), 3);

        // A write batch throttled once (concurrent requests): created once, not twice.
        QCOMPARE(
            m_fx->admin("POST", u"throttle"_s,
                        {{u"clientId"_s, client}, {u"path"_s, u"$batch"_s}, {u"code"_s, u"0x80072326"_s}})
                .status,
            200);
        const Result<QList<CrmWriteResult>> written =
            rig.write({contactWrite(CrmWrite::Kind::Create, {}, {{u"lastname"_s, u"Throttled"_s}}),
                       contactWrite(CrmWrite::Kind::Create, {}, {{u"lastname"_s, u"Throttled too"_s}})},
                      true);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));
        QCOMPARE(written->size(), 2);
        for (const CrmWriteResult &w : *written)
            QVERIFY2(w.ok, qPrintable(w.error.toString()));
        QCOMPARE(requestsTo(u"$batch"_s), 2);
        QCOMPARE(m_fx->dataverse.store().rowCount(u"contacts"_s), 2);
    }

private:
    std::unique_ptr<SandboxDataverseFixture> m_fx;
};

QTEST_GUILESS_MAIN(TestSandboxDataverseThrottling)
#include "testsandboxdataversethrottling.moc"
