#include "crm/dataverse/dataversefault.h"
#include "crm/dataverse/dataversejson.h"
#include "crm/dataverse/dataversereader.h"
#include "net/entratokenreply.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

QByteArray data(const char *name)
{
    QFile f(QStringLiteral(LIAISON_SOURCE_DIR "/tests/dataverse/data/") + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return f.readAll();
}

const DataverseEntityInfo kContact = DataverseEntityInfo::forLogicalName(u"contact"_s);

} // namespace

class TestDataverseReaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entityInfo()
    {
        QCOMPARE(kContact.entitySet, u"contacts"_s);
        QCOMPARE(DataverseEntityInfo::forLogicalName(u"task"_s).primaryId, u"activityid"_s);
        QVERIFY(DataverseEntityInfo::forLogicalName(u"nosuch"_s).entitySet.isEmpty());
    }

    void entity()
    {
        const Result<CrmRecord> r = DataverseReader::readEntity(data("contact-entity.json"), kContact);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->entity, u"contact"_s);
        QCOMPARE(r->id, u"465b158c-541c-e511-80d3-3863bb347ba8"_s);   // normalised to lower case
        QCOMPARE(r->etag, u"W/\"12350427\""_s);
        QCOMPARE(r->modifiedOn, QDateTime(QDate(2024, 3, 14), QTime(9, 26, 53), QTimeZone::utc()));
        QCOMPARE(r->fields.value(u"firstname"_s).toString(), u"Siobhán"_s);
        QCOMPARE(r->fields.value(u"lastname"_s).toString(), u"O'Brien"_s);
        QCOMPARE(r->fields.value(u"_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s).toString(),
                 u"account"_s);
        QVERIFY(!r->fields.contains(u"@odata.etag"_s));
        QVERIFY(!r->fields.contains(u"@odata.context"_s));
    }

    void entityWithoutId()
    {
        const Result<CrmRecord> r = DataverseReader::readEntity(R"({"firstname":"x"})", kContact);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(u"contactid"_s));
        QVERIFY(r.error().fix.contains(u"$select"_s));
    }

    void collectionPage()
    {
        const Result<DataverseCollection> page = DataverseReader::readCollection(data("contacts-page.json"), kContact);
        QVERIFY(page.ok());
        QCOMPARE(page->rows.size(), 2);
        QCOMPARE(page->count, 3);
        QVERIFY(page->nextLink.contains(u"$skiptoken="_s));
        QVERIFY(page->deltaLink.isEmpty());
        QCOMPARE(page->rows.at(1).fields.value(u"emailaddress1"_s), QJsonValue(QJsonValue::Null));
        QCOMPARE(page->rows.at(0).etag, u"W/\"77180907\""_s);
    }

    void deltaPage()
    {
        const Result<CrmChangeSet> changes = DataverseReader::readDelta(data("contacts-delta.json"), kContact);
        QVERIFY(changes.ok());
        QCOMPARE(changes->upserts.size(), 1);
        QCOMPARE(changes->upserts.first().fields.value(u"lastname"_s).toString(), u"Orton"_s);
        QCOMPARE(changes->deletes.size(), 1);
        QCOMPARE(changes->deletes.first(), (CrmDeletion{u"contact"_s, u"2e451703-c686-e711-80e5-00155db19e6d"_s}));
        QVERIFY(!changes->morePages);
        QVERIFY(changes->nextToken.contains(u"$deltatoken=919058"_s));

        // A page with a nextLink continues the round.
        const Result<CrmChangeSet> first = DataverseReader::readDelta(data("contacts-page.json"), kContact);
        QVERIFY(first.ok());
        QVERIFY(first->morePages);
        QVERIFY(first->nextToken.contains(u"$skiptoken"_s));

        // "No changes": empty value, no links -> keep the old token.
        const Result<CrmChangeSet> none = DataverseReader::readDelta("{\"value\":[]}", kContact);
        QVERIFY(none.ok());
        QVERIFY(none->nextToken.isEmpty() && none->upserts.isEmpty() && none->deletes.isEmpty());
    }

    void whoAmI()
    {
        const Result<CrmIdentity> me = DataverseReader::readWhoAmI(
            R"({"@odata.context":"https://contoso.crm.dynamics.com/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",)"
            R"("BusinessUnitId":"B3E1A2C4-0000-0000-0000-000000000001","UserId":"E5A1BE7F-5D88-EE11-8179-000D3A9933C9",)"
            R"("OrganizationId":"0b2c3d4e-0000-0000-0000-000000000002"})");
        QVERIFY(me.ok());
        QCOMPARE(me->userId, u"e5a1be7f-5d88-ee11-8179-000d3a9933c9"_s);
        QVERIFY(!DataverseReader::readWhoAmI("{}").ok());
        QCOMPARE(DataverseReader::idFromEntityUrl(
                     u"https://contoso.crm.dynamics.com/api/data/v9.2/tasks(D31BA648-C592-ED11-AAD1-000D3A993550)"_s),
                 u"d31ba648-c592-ed11-aad1-000d3a993550"_s);
        QVERIFY(DataverseReader::idFromEntityUrl(u"https://x/contacts(new_key='a')"_s).isEmpty());
    }

    void faults_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("errorCode");
        QTest::addColumn<QString>("inMessage");
        using K = DataverseFault::Kind;
        QTest::newRow("not found") << 404 << data("error-notfound.json") << int(K::NotFound)
                                   << int(Error::Code::NotFound) << u"Does Not Exist"_s;
        QTest::newRow("throttled") << 429 << data("error-throttled.json") << int(K::Throttled)
                                   << int(Error::Code::Network) << u"6000"_s;
        QTest::newRow("duplicate key") << 412 << data("error-duplicate-key.json") << int(K::Duplicate)
                                       << int(Error::Code::Duplicate) << u"already exists"_s;
        QTest::newRow("privilege") << 403 << data("error-privilege.json") << int(K::Privilege)
                                   << int(Error::Code::Invalid) << u"prvCreateContact"_s;
        QTest::newRow("etag mismatch") << 412 << QByteArray(R"({"error":{"code":"0x80060882","message":"The version of the existing record does not match the RowVersion property provided."}})")
                                       << int(K::Conflict) << int(Error::Code::Conflict) << u"RowVersion"_s;
        QTest::newRow("bad payload") << 400 << QByteArray(R"({"error":{"code":"0x80048d19","message":"Error identified in Payload provided by the user for Entity :contacts"}})")
                                     << int(K::InvalidRequest) << int(Error::Code::Invalid) << u"Payload"_s;
        QTest::newRow("gateway html") << 502 << QByteArray("<html><body>Bad Gateway</body></html>")
                                      << int(K::ServerBusy) << int(Error::Code::Network) << u"HTTP 502"_s;
    }

    void faults()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(int, errorCode);
        QFETCH(QString, inMessage);
        const DataverseFault fault = DataverseFault::read(status, body, "7");
        QCOMPARE(int(fault.kind), kind);
        const Error e = fault.toError(u"update contact 465b158c"_s);
        QCOMPARE(int(e.code), errorCode);
        QVERIFY2(e.message.contains(inMessage), qPrintable(e.message));
        QVERIFY(e.message.startsWith(u"update contact 465b158c: "_s));
        QVERIFY(!e.fix.isEmpty());
        QVERIFY(!e.toString().contains(u'\n'));
        QCOMPARE(fault.retryAfterSeconds, 7);
        QCOMPARE(fault.isTransient(), kind == int(DataverseFault::Kind::Throttled)
                                          || kind == int(DataverseFault::Kind::ServerBusy));
    }

    void throttleFixMentionsRetryAfter()
    {
        const Error e = DataverseFault::read(429, data("error-throttled.json"), "120").toError(u"read contacts"_s);
        QVERIFY(e.fix.contains(u"Retry-After 120 s"_s));
        QVERIFY(e.message.contains(u"0x80072322"_s));
    }

    void tokenOk()
    {
        const Result<EntraTokenReply> t = EntraTokenReply::read(200, data("token-ok.json"));
        QVERIFY(t.ok());
        QCOMPARE(t->tokenType, u"Bearer"_s);
        QCOMPARE(t->expiresInSeconds, 3599);
        QVERIFY(t->accessToken.startsWith(u"eyJ0eXAi"_s));
        // v1.0 endpoints send expires_in as a string.
        const Result<EntraTokenReply> v1 =
            EntraTokenReply::read(200, R"({"token_type":"Bearer","expires_in":"3599","access_token":"abc"})");
        QVERIFY(v1.ok());
        QCOMPARE(v1->expiresInSeconds, 3599);
    }

    void tokenErrors()
    {
        const Result<EntraTokenReply> bad = EntraTokenReply::read(401, data("token-invalid-secret.json"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, Error::Code::Invalid);
        QVERIFY(bad.error().message.contains(u"client secret is wrong"_s));
        QVERIFY(bad.error().message.contains(u"AADSTS7000215"_s));
        QVERIFY(bad.error().fix.contains(u"Value"_s));
        QVERIFY(!bad.error().toString().contains(u"Trace ID"_s));

        const Result<EntraTokenReply> unknown = EntraTokenReply::read(
            400, R"({"error":"invalid_request","error_description":"AADSTS90014: The required field scope is missing.\r\nTrace ID: x","error_codes":[90014]})");
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().message.contains(u"AADSTS90014"_s));
        QVERIFY(!unknown.error().message.contains(u"Trace ID"_s));

        // A 200 without a token, or with a token of another type, is refused without echoing it.
        const Result<EntraTokenReply> mac =
            EntraTokenReply::read(200, R"({"token_type":"mac","expires_in":3599,"access_token":"SECRET-TOKEN-VALUE"})");
        QVERIFY(!mac.ok());
        QVERIFY(!mac.error().toString().contains(u"SECRET-TOKEN-VALUE"_s));
        QVERIFY(!EntraTokenReply::read(200, R"({"token_type":"Bearer","expires_in":3599})").ok());
        QVERIFY(!EntraTokenReply::read(200, "<html>proxy login</html>").ok());
    }

    void hostileJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("truncated") << data("contacts-page.json").left(300) << u"not valid JSON"_s;
        QTest::newRow("empty") << QByteArray() << u"empty"_s;
        QTest::newRow("array root") << QByteArray("[1,2]") << u"not an object"_s;
        QTest::newRow("deep nesting") << (QByteArray("{\"value\":") + QByteArray(5000, '[') + QByteArray(5000, ']') + "}")
                                      << u"nests deeper than 32"_s;
        QByteArray huge = "{\"value\":[";
        for (int i = 0; i < 600000; ++i)
            huge += "1,";
        huge += "1]}";
        QTest::newRow("huge array") << huge << u"more than 500000 items"_s;
        QTest::newRow("value not array") << QByteArray(R"({"value":{"contactid":"x"}})") << u"not an array"_s;
        QTest::newRow("row not object") << QByteArray(R"({"value":[42]})") << u"not an object"_s;
        QTest::newRow("bad id") << QByteArray(R"({"value":[{"contactid":"1 or 1=1"}]})") << u"no valid contactid"_s;
        QTest::newRow("brace in string") << QByteArray("{\"value\":[{\"contactid\":\"{{{{[[[[\"}]}") << u"no valid contactid"_s;
    }

    void hostileJson()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, inMessage);
        const Result<DataverseCollection> page = DataverseReader::readCollection(body, kContact);
        QVERIFY(!page.ok());
        QVERIFY2(page.error().message.contains(inMessage), qPrintable(page.error().message));
        QCOMPARE(page.error().code, Error::Code::Protocol);
    }

    void sizeLimit()
    {
        DataverseJsonLimits small;
        small.maxBytes = 100;
        const Result<DataverseCollection> page = DataverseReader::readCollection(data("contacts-page.json"), kContact, small);
        QVERIFY(!page.ok());
        QVERIFY(page.error().message.contains(u"100-byte limit"_s));
        // Strings may hold brackets and escaped quotes without counting as nesting.
        const QByteArray tricky = "{\"a\":\"[[[[\\\"[[[[{{{{\"}";
        QVERIFY(DataverseJson::checkLimits(tricky, u"x"_s, {1000, 2, 10}).ok());
    }
};

QTEST_GUILESS_MAIN(TestDataverseReaders)
#include "testdataversereaders.moc"
