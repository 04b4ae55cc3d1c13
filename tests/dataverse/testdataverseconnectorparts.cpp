// The connector's small parts without a server: the concurrency ramp, the change token format,
// and what the connector takes from its setup ($metadata capabilities, the transport's cap).
#include <QFile>
#include <QTest>

#include "crm/dataverse/dataversechangetoken.h"
#include "crm/dataverse/dataverseconcurrencyramp.h"
#include "crm/dataverse/dataverseconnector.h"
#include "crm/dataverse/dataversemetadatareader.h"
#include "net/httpclient.h"
#include "net/oauthtokensource.h"

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

    void connectorRaisesTheTransportCapToItsRamp()
    {
        HttpClient http;
        http.setMaxConcurrentPerHost(4);
        OAuthTokenSource tokens(&http, {});
        DataverseConnectorOptions options;
        options.organizationUrl = u"https://contoso.crm.dynamics.com"_s;
        DataverseConnector connector(&http, &tokens, options);
        // else the ramp could never pass 4; other servers (EWS) keep the client's own cap
        QCOMPARE(http.maxConcurrentForHost(QUrl(u"https://contoso.crm.dynamics.com/api/data/v9.2/"_s)), 16);
        QCOMPARE(http.maxConcurrentForHost(QUrl(u"https://mail.contoso.com/EWS/Exchange.asmx"_s)), 4);
    }

    // The real excerpt annotates every entity set with ChangeTracking Supported=true; a table
    // whose annotation says false goes straight to the modifiedon watermark.
    void changeTrackingComesFromMetadataAnnotations()
    {
        QFile file(QStringLiteral(LIAISON_DATAVERSE_METADATA));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray csdl = file.readAll();
        Result<DataverseMetadata> real = DataverseMetadataReader::read(csdl);
        QVERIFY(real.ok());
        QCOMPARE(real->changeTrackingSupported(u"contacts"_s), std::optional<bool>(true));
        QCOMPARE(real->changeTrackingSupported(u"appointments"_s), std::optional<bool>(true));
        QCOMPARE(real->changeTrackingSupported(u"nonesuch"_s), std::nullopt);

        // Turn tasks' Supported to false, as an org with tracking off for that table reports it.
        const QByteArray tasksSet = "<EntitySet Name=\"tasks\"";
        const qsizetype at = csdl.indexOf(tasksSet);
        QVERIFY(at > 0);
        const QByteArray supported = "<PropertyValue Property=\"Supported\" Bool=\"true\"/>";
        const qsizetype value = csdl.indexOf(supported, at);
        QVERIFY(value > at && value < csdl.indexOf("</EntitySet>", at));
        csdl.replace(value, supported.size(), "<PropertyValue Property=\"Supported\" Bool=\"false\"/>");
        Result<DataverseMetadata> edited = DataverseMetadataReader::read(csdl);
        QVERIFY(edited.ok());

        HttpClient http;
        OAuthTokenSource tokens(&http, {});
        DataverseConnectorOptions options;
        options.organizationUrl = u"https://contoso.crm.dynamics.com"_s;
        DataverseConnector connector(&http, &tokens, options);
        connector.setChangeTracking(u"contact"_s, DataverseConnector::ChangeTracking::Off);   // an admin's choice stays
        connector.adoptChangeTracking(*edited);
        QCOMPARE(connector.changeTracking(u"task"_s), DataverseConnector::ChangeTracking::Off);
        QCOMPARE(connector.changeTracking(u"appointment"_s), DataverseConnector::ChangeTracking::On);
        QCOMPARE(connector.changeTracking(u"contact"_s), DataverseConnector::ChangeTracking::Off);
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
