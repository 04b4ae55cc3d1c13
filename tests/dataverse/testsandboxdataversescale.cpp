// The Dataverse sandbox keeps up as its tables grow: over real TLS sockets, creates, updates,
// deletes, reads by id and by an indexed column and deltas cost about the same in a table of
// 20,000 rows as in an empty one (each used to cost time proportional to the rows already
// there: a $batch create copied the whole table to be able to roll back). Client and server share
// this thread: it compares the thread's CPU time (not wall time, which a busy machine stretches),
// the best of a few rounds, with a wide margin.

#include "crm/dataverse/dataversebatchwriter.h"
#include "sandboxdataversefixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <algorithm>
#include <ctime>

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

class TestSandboxDataverseScale : public QObject
{
    Q_OBJECT

    static constexpr int kBigTable = 20000;
    static constexpr int kOps = 100;

    // CPU time of this thread (client and server), in ms; wall time where there is no such clock.
    static double cpuMs()
    {
#ifdef CLOCK_THREAD_CPUTIME_ID
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
#else
        static QElapsedTimer wall;
        if (!wall.isValid())
            wall.start();
        return double(wall.nsecsElapsed()) / 1e6;
#endif
    }

    // The best of three rounds of `round` (ms of this thread's CPU).
    template<typename Fn> static double bestMs(Fn round)
    {
        double best = 1e12;
        for (int i = 0; i < 3; ++i) {
            const double start = cpuMs();
            round(i);
            best = std::min(best, cpuMs() - start);
        }
        return best;
    }

    static DataverseRequest get(const QString &path, bool track = false)
    {
        DataverseRequest r;
        r.method = "GET";
        r.path = path;
        DataverseRequest::addODataHeaders(r);
        if (track)
            r.setHeader("Prefer", "odata.track-changes,odata.maxpagesize=5000");
        return r;
    }

    // One $batch of kOps contact creates (plain parts, as the connector sends them).
    void createBatch(int round)
    {
        DataverseBatchWriter writer;
        for (int i = 0; i < kOps; ++i)
            writer.addRequest(*DataverseRequest::create(
                u"contacts"_s,
                {{u"lastname"_s, u"Batch %1-%2-%3"_s.arg(m_tag).arg(round).arg(i)},
                 {u"emailaddress1"_s, u"b%1.%2.%3@example.com"_s.arg(m_tag).arg(round).arg(i)}}));
        const SandboxReply reply = m_fx->send(*writer.request());
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body.count("HTTP/1.1 204"), kOps);
    }

    // kOps changesets of one update each (each changeset is a transaction that can roll back).
    void updateBatch(const QStringList &ids, int round)
    {
        DataverseBatchWriter writer;
        for (int i = 0; i < kOps; ++i)
            writer.addChangeSet({*DataverseRequest::update(u"contacts"_s, ids.at(i),
                                                           {{u"jobtitle"_s, u"Round %1"_s.arg(round)}})});
        const SandboxReply reply = m_fx->send(*writer.request());
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body.count("HTTP/1.1 204"), kOps);
    }

    struct Figures
    {
        double creates = 0;
        double updates = 0;
        double reads = 0;
        double queries = 0;
        double delta = 0;
    };

    Figures measure()
    {
        Figures f;
        ++m_tag;
        f.creates = bestMs([this](int round) { createBatch(round); });
        const SandboxReply listed = m_fx->send(
            get(u"contacts?$select=contactid&$filter=startswith(lastname,'Batch%20%1-0-')"_s.arg(m_tag)));
        QStringList ids;
        for (const QJsonValue &v : listed.json().value(u"value"_s).toArray())
            ids.append(v.toObject().value(u"contactid"_s).toString());
        if (ids.size() != kOps) {
            qWarning() << "listed" << ids.size() << listed.status;
            return {};
        }
        f.updates = bestMs([&](int round) { updateBatch(ids, round); });
        f.reads = bestMs([&](int) {
            for (int i = 0; i < 20; ++i)
                QCOMPARE(
                    m_fx->send(*DataverseRequest::retrieve(u"contacts"_s, ids.at(i), {u"fullname"_s})).status,
                    200);
        });
        f.queries = bestMs([&](int round) {
            for (int i = 0; i < 20; ++i) {
                const SandboxReply r = m_fx->send(
                    get(u"contacts?$select=fullname&$filter=emailaddress1%20eq%20'b%1.%2.%3@example.com'"_s
                            .arg(m_tag)
                            .arg(round)
                            .arg(i)));
                QCOMPARE(r.status, 200);
                QCOMPARE(r.json().value(u"value"_s).toArray().size(), 1);
            }
        });
        // A delta after a few changes: the change log, not a scan of the table.
        DataverseRequest tracked = get(u"contacts?$select=fullname"_s, true);
        QString deltaLink;
        for (int guard = 0; guard < 20 && deltaLink.isEmpty(); ++guard) {
            const QJsonObject page = m_fx->send(tracked).json();
            deltaLink = page.value(u"@odata.deltaLink"_s).toString();
            if (deltaLink.isEmpty())
                tracked = *DataverseRequest::followLink(page.value(u"@odata.nextLink"_s).toString(),
                                                        m_fx->apiRoot, 5000, true);
        }
        updateBatch(ids, 9);
        const DataverseRequest delta = *DataverseRequest::followLink(deltaLink, m_fx->apiRoot, 5000, true);
        f.delta = bestMs([&](int) {
            for (int i = 0; i < 5; ++i) {
                const SandboxReply r = m_fx->send(delta);
                QCOMPARE(r.status, 200);
                QCOMPARE(r.json().value(u"value"_s).toArray().size(), kOps);
            }
        });
        return f;
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const QString failed = m_fx->startSignedIn();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup()
    {
        m_fx.reset();
    }

    void operationsCostTheSameWhateverTheTableSize()
    {
        const Figures small = measure();
        QVERIFY(small.creates > 0);
        const SandboxReply seeded =
            m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, QJsonObject{{u"generate"_s, kBigTable}}}});
        QCOMPARE(seeded.status, 200);
        const Figures big = measure();
        QVERIFY(big.creates > 0);
        qInfo("empty table vs %d rows (best of 3, thread CPU ms): %d creates %.1f / %.1f, %d updates %.1f / "
              "%.1f, 20 "
              "reads "
              "%.1f / %.1f, 20 queries %.1f / %.1f, 5 deltas %.1f / %.1f",
              kBigTable, kOps, small.creates, big.creates, kOps, small.updates, big.updates, small.reads,
              big.reads, small.queries, big.queries, small.delta, big.delta);
        // Proportional to the table, these were 20 to 100 times slower; allow 4x for a busy machine.
        const auto flat = [](double before, double after) { return after < 4 * before + 20; };
        QVERIFY2(flat(small.creates, big.creates), "creates slow down as the table grows");
        QVERIFY2(flat(small.updates, big.updates), "updates slow down as the table grows");
        QVERIFY2(flat(small.reads, big.reads), "reads by id slow down as the table grows");
        QVERIFY2(flat(small.queries, big.queries),
                 "queries on an indexed column slow down as the table grows");
        QVERIFY2(flat(small.delta, big.delta), "deltas slow down as the table grows");
    }

private:
    std::unique_ptr<SandboxDataverseFixture> m_fx;
    int m_tag = 0;
};

QTEST_GUILESS_MAIN(TestSandboxDataverseScale)
#include "testsandboxdataversescale.moc"
