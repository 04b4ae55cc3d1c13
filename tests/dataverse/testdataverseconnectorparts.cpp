// The connector's small parts without a server: the concurrency ramp and the change token format.
#include <QTest>

#include "crm/dataverse/dataversechangetoken.h"
#include "crm/dataverse/dataverseconcurrencyramp.h"

using namespace Qt::StringLiterals;
using namespace Liaison;

class TestDataverseConnectorParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rampRisesPerWindowUpToTheCap()
    {
        DataverseConcurrencyRamp ramp(2, 4);
        QCOMPARE(ramp.limit(), 2);
        ramp.onSuccess();
        QCOMPARE(ramp.limit(), 2);   // one success is not a window of two
        ramp.onSuccess();
        QCOMPARE(ramp.limit(), 3);
        for (int i = 0; i < 3; ++i)
            ramp.onSuccess();
        QCOMPARE(ramp.limit(), 4);
        for (int i = 0; i < 20; ++i)
            ramp.onSuccess();
        QCOMPARE(ramp.limit(), 4);
        QVERIFY(ramp.isRamping());
    }

    void rampHalvesOnThrottleAndStops()
    {
        DataverseConcurrencyRamp ramp(8, 16);
        ramp.onThrottled();
        QCOMPARE(ramp.limit(), 4);
        QVERIFY(!ramp.isRamping());
        ramp.onThrottled();            // the same burst: not halved twice
        QCOMPARE(ramp.limit(), 4);
        for (int i = 0; i < 12; ++i)
            ramp.onSuccess();
        QCOMPARE(ramp.limit(), 4);     // no more ramping
        ramp.onThrottled();            // a new window: halved again
        QCOMPARE(ramp.limit(), 2);
        QCOMPARE(ramp.throttleCount(), 3);
        DataverseConcurrencyRamp one(1, 16);
        one.onThrottled();
        QCOMPARE(one.limit(), 1);
    }

    void rampFollowsTheServerHint()
    {
        DataverseConcurrencyRamp ramp(4, 16);
        ramp.setServerHint(3);
        QCOMPARE(ramp.cap(), 3);
        QCOMPARE(ramp.limit(), 3);
        for (int i = 0; i < 10; ++i)
            ramp.onSuccess();
        QCOMPARE(ramp.limit(), 3);
        ramp.setServerHint(0);         // nonsense is ignored
        QCOMPARE(ramp.cap(), 3);
    }

    void changeTokenRoundTrips()
    {
        QCOMPARE(DataverseChangeToken::decode({})->mode, DataverseChangeToken::Mode::Initial);

        DataverseChangeToken ct;
        ct.mode = DataverseChangeToken::Mode::ChangeTracking;
        ct.link = u"https://org.example/api/data/v9.2/contacts?$deltatoken=919042%2108%2f22%2f2017;x"_s;
        const Result<DataverseChangeToken> ctBack = DataverseChangeToken::decode(ct.encode());
        QVERIFY(ctBack.ok());
        QCOMPARE(ctBack->mode, ct.mode);
        QCOMPARE(ctBack->link, ct.link);

        DataverseChangeToken wm;
        wm.mode = DataverseChangeToken::Mode::Watermark;
        wm.since = QDateTime(QDate(2026, 11, 1), QTime(8, 30, 5), Qt::UTC);
        wm.newest = wm.since.addSecs(90);
        wm.link = u"https://org.example/api/data/v9.2/contacts?$skiptoken=a;b"_s;
        const Result<DataverseChangeToken> wmBack = DataverseChangeToken::decode(wm.encode());
        QVERIFY(wmBack.ok());
        QCOMPARE(wmBack->mode, wm.mode);
        QCOMPARE(wmBack->since, wm.since);
        QCOMPARE(wmBack->newest, wm.newest);
        QCOMPARE(wmBack->link, wm.link);

        DataverseChangeToken first;
        first.mode = DataverseChangeToken::Mode::Watermark;
        const Result<DataverseChangeToken> firstBack = DataverseChangeToken::decode(first.encode());
        QVERIFY(firstBack.ok());
        QVERIFY(!firstBack->since.isValid());

        QVERIFY(!DataverseChangeToken::decode(u"https://org.example/api/data/v9.2/contacts?$deltatoken=1"_s).ok());
        QVERIFY(!DataverseChangeToken::decode(u"dvwm;1;yesterday;;"_s).ok());
        QVERIFY(!DataverseChangeToken::decode(u"dvwm;1;"_s).ok());
    }
};

QTEST_GUILESS_MAIN(TestDataverseConnectorParts)
#include "testdataverseconnectorparts.moc"
