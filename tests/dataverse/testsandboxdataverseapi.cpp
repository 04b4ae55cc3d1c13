// The Dataverse sandbox over real TLS sockets, driven by liaison_net's HttpClient and
// liaison_crm's builders and readers: tokens, CRUD with etags, queries, throttling, expiry.

#include <QJsonArray>
#include <QTest>
#include <QUuid>

#include "crm/dataverse/dataversefault.h"
#include "crm/dataverse/dataversemetadatareader.h"
#include "crm/dataverse/dataversequery.h"
#include "crm/dataverse/dataversereader.h"
#include "sandboxdataversefixture.h"

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

class TestSandboxDataverseApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const Status started = m_fx->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    }
    void cleanup() { m_fx.reset(); }

    void tokenAndBadSecret()
    {
        const SandboxReply good = m_fx->sendToken(QString::fromLatin1(SandboxDataverseFixture::kSecret));
        QCOMPARE(good.status, 200);
        const Result<EntraTokenReply> token = EntraTokenReply::read(good.status, good.body);
        QVERIFY(token.ok());
        QCOMPARE(token->tokenType, u"Bearer"_s);
        QCOMPARE(token->expiresInSeconds, 3600);
        QVERIFY(!token->accessToken.isEmpty());
        QCOMPARE(good.json().value(u"ext_expires_in"_s).toInt(), 3600);

        const SandboxReply bad = m_fx->sendToken(u"wrong-secret"_s);
        QCOMPARE(bad.status, 401);
        QCOMPARE(bad.json().value(u"error"_s).toString(), u"invalid_client"_s);
        QVERIFY(bad.json().value(u"error_description"_s).toString().startsWith(u"AADSTS7000215: Invalid client secret"_s));
        const Result<EntraTokenReply> refused = EntraTokenReply::read(bad.status, bad.body);
        QVERIFY(!refused.ok());
        QVERIFY(!refused.error().message.contains(u"wrong-secret"_s));

        // The token opens the Web API.
        QVERIFY(m_fx->signIn());
        const SandboxReply whoAmI = m_fx->send(DataverseRequest::whoAmI());
        QCOMPARE(whoAmI.status, 200);
        const Result<CrmIdentity> identity = DataverseReader::readWhoAmI(whoAmI.body);
        QVERIFY(identity.ok());
    }

    void missingOrExpiredTokenIs401()
    {
        const SandboxReply anonymous = m_fx->send(DataverseRequest::whoAmI());
        QCOMPARE(anonymous.status, 401);
        QVERIFY(anonymous.header("WWW-Authenticate").startsWith("Bearer authorization_uri="));

        QVERIFY(m_fx->signIn());
        QCOMPARE(m_fx->send(DataverseRequest::whoAmI()).status, 200);
        QCOMPARE(m_fx->admin("POST", u"tokens/expire"_s).status, 200);
        const SandboxReply expired = m_fx->send(DataverseRequest::whoAmI());
        QCOMPARE(expired.status, 401);
        QCOMPARE(DataverseFault::read(expired.status, expired.body).kind, DataverseFault::Kind::Unauthorized);

        // A zero lifetime hands out tokens that are already expired.
        m_fx->dataverse.setTokenLifetime(0);
        const SandboxReply instant = m_fx->sendToken(QString::fromLatin1(SandboxDataverseFixture::kSecret));
        QCOMPARE(instant.json().value(u"expires_in"_s).toInt(), 0);
        QCOMPARE(m_fx->send(DataverseRequest::whoAmI(), instant.json().value(u"access_token"_s).toString()).status, 401);
        m_fx->dataverse.setTokenLifetime(3600);
        QVERIFY(m_fx->signIn());
        QCOMPARE(m_fx->send(DataverseRequest::whoAmI()).status, 200);
    }

    void metadataIsServed()
    {
        QVERIFY(m_fx->signIn());
        DataverseRequest request;
        request.method = "GET";
        request.path = u"$metadata"_s;
        const SandboxReply reply = m_fx->send(request);
        QCOMPARE(reply.status, 200);
        const Result<DataverseMetadata> metadata = DataverseMetadataReader::read(reply.body);
        QVERIFY(metadata.ok());
        QCOMPARE(metadata->entityTypeOfSet(u"contacts"_s), u"contact"_s);
    }

    void crudWithEtags()
    {
        QVERIFY(m_fx->signIn());
        const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(u"contact"_s);

        // Create with return=representation: 201 and the row with its etag.
        const auto create = DataverseRequest::create(u"contacts"_s, {{u"firstname"_s, u"Ada"_s}, {u"lastname"_s, u"Lovelace"_s}}, true);
        QVERIFY(create.ok());
        const SandboxReply created = m_fx->send(*create);
        QCOMPARE(created.status, 201);
        QVERIFY(!created.header("OData-EntityId").isEmpty());
        const Result<CrmRecord> row = DataverseReader::readEntity(created.body, info);
        QVERIFY(row.ok());
        QCOMPARE(row->fields.value(u"fullname"_s).toString(), u"Ada Lovelace"_s);
        QVERIFY(row->etag.startsWith(u"W/\""_s));
        QVERIFY(row->fields.contains(u"createdon"_s) && row->fields.contains(u"modifiedon"_s));
        const QString id = DataverseReader::idFromEntityUrl(QString::fromUtf8(created.header("OData-EntityId")));
        QCOMPARE(id, row->id);

        // Create without representation: 204 with only OData-EntityId.
        const SandboxReply plain = m_fx->send(*DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"Byron"_s}}));
        QCOMPARE(plain.status, 204);
        QVERIFY(!DataverseReader::idFromEntityUrl(QString::fromUtf8(plain.header("OData-EntityId"))).isEmpty());

        // Update with the current etag, then again with the now stale one: 412.
        const SandboxReply updated = m_fx->send(*DataverseRequest::update(u"contacts"_s, id, {{u"jobtitle"_s, u"Analyst"_s}}, row->etag));
        QCOMPARE(updated.status, 204);
        const SandboxReply stale = m_fx->send(*DataverseRequest::update(u"contacts"_s, id, {{u"jobtitle"_s, u"Poet"_s}}, row->etag));
        QCOMPARE(stale.status, 412);
        const DataverseFault conflict = DataverseFault::read(stale.status, stale.body);
        QCOMPARE(conflict.kind, DataverseFault::Kind::Conflict);
        QCOMPARE(conflict.code, u"0x80060882"_s);

        // If-Match: * updates whatever version is there.
        QCOMPARE(m_fx->send(*DataverseRequest::update(u"contacts"_s, id, {{u"jobtitle"_s, u"Poet"_s}})).status, 204);
        const SandboxReply read = m_fx->send(*DataverseRequest::retrieve(u"contacts"_s, id, {u"jobtitle"_s, u"fullname"_s}));
        QCOMPARE(read.status, 200);
        const Result<CrmRecord> again = DataverseReader::readEntity(read.body, info);
        QVERIFY(again.ok());
        QCOMPARE(again->fields.value(u"jobtitle"_s).toString(), u"Poet"_s);
        QVERIFY(again->etag != row->etag);

        // Unknown columns get Dataverse's 400.
        const SandboxReply unknown = m_fx->send(*DataverseRequest::update(u"contacts"_s, id, {{u"nosuchcolumn"_s, 1}}));
        QCOMPARE(unknown.status, 400);
        QCOMPARE(DataverseFault::read(unknown.status, unknown.body).kind, DataverseFault::Kind::InvalidRequest);

        // Delete, then the row is gone.
        QCOMPARE(m_fx->send(*DataverseRequest::remove(u"contacts"_s, id)).status, 204);
        const SandboxReply gone = m_fx->send(*DataverseRequest::retrieve(u"contacts"_s, id, {u"fullname"_s}));
        QCOMPARE(gone.status, 404);
        QCOMPARE(DataverseFault::read(gone.status, gone.body).kind, DataverseFault::Kind::NotFound);
        QCOMPARE(m_fx->send(*DataverseRequest::update(u"contacts"_s, id, {{u"jobtitle"_s, u"x"_s}})).status, 404);
    }

    void queryFilterOrderTop()
    {
        QVERIFY(m_fx->signIn());
        QJsonArray contacts;
        const QStringList names = {u"Ada"_s, u"Alan"_s, u"Grace"_s, u"Edsger"_s, u"Barbara"_s};
        for (int i = 0; i < names.size(); ++i)
            contacts.append(QJsonObject{{u"firstname"_s, names[i]},
                                        {u"lastname"_s, u"O'Test"_s},
                                        {u"numberofchildren"_s, i},
                                        {u"birthdate"_s, u"19%1-01-01"_s.arg(50 + i)}});
        QCOMPARE(m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, contacts}}).status, 200);
        const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(u"contact"_s);

        const auto run = [&](const DataverseQuery &query) {
            const Result<DataverseRequest> request = query.request();
            if (!request)
                return QStringList{u"bad request"_s};
            const SandboxReply reply = m_fx->send(*request);
            const Result<DataverseCollection> page = DataverseReader::readCollection(reply.body, info);
            QStringList out;
            if (reply.status != 200 || !page)
                return QStringList{u"status %1"_s.arg(reply.status)};
            for (const CrmRecord &r : page->rows)
                out.append(r.fields.value(u"firstname"_s).toString());
            return out;
        };
        const QString startsA = *DataverseFilter::function(u"startswith"_s, u"firstname"_s, u"a"_s);
        const QString kids = *DataverseFilter::compare(u"numberofchildren"_s, u"ge"_s, 1);
        QCOMPARE(run(DataverseQuery(u"contacts"_s).select({u"firstname"_s}).filter(startsA).orderBy(u"firstname"_s)),
                 (QStringList{u"Ada"_s, u"Alan"_s}));
        QCOMPARE(run(DataverseQuery(u"contacts"_s).select({u"firstname"_s}).filter(kids).orderBy(u"numberofchildren"_s, true).top(2)),
                 (QStringList{u"Barbara"_s, u"Edsger"_s}));
        const QString orExpr = DataverseFilter::anyOf({*DataverseFilter::compare(u"firstname"_s, u"eq"_s, u"grace"_s),
                                                       *DataverseFilter::function(u"contains"_s, u"lastname"_s, u"zzz"_s)});
        QCOMPARE(run(DataverseQuery(u"contacts"_s).select({u"firstname"_s}).filter(orExpr)), (QStringList{u"Grace"_s}));
        const QString quoted = *DataverseFilter::compare(u"lastname"_s, u"eq"_s, u"O'Test"_s);
        QCOMPARE(run(DataverseQuery(u"contacts"_s).select({u"firstname"_s}).filter(quoted)).size(), 5);
        const QString date = *DataverseFilter::compare(u"birthdate"_s, u"lt"_s,
                                                       QDateTime(QDate(1952, 6, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(run(DataverseQuery(u"contacts"_s).select({u"firstname"_s}).filter(date).orderBy(u"birthdate"_s)),
                 (QStringList{u"Ada"_s, u"Alan"_s, u"Grace"_s}));

        // A broken filter is a 400. (Its {"error":{...}} body is not checked here: liaison_net's HttpClient
        // currently turns every HTTP 400 into a "malformed answer" transport error and drops the body.)
        DataverseRequest broken = *DataverseQuery(u"contacts"_s).select({u"firstname"_s}).request();
        broken.path += u"&$filter=firstname%20eq"_s;
        QCOMPARE(m_fx->send(broken).status, 400);
        broken.path.replace(u"firstname%20eq"_s, u"(firstname%20eq%20'x'"_s);
        QCOMPARE(m_fx->send(broken).status, 400);
    }

    void throttlingIsRetried()
    {
        QVERIFY(m_fx->signIn());
        m_fx->server.injectFault(SandboxFault::respond(SandboxDataverse::throttled(1)), u"/api/data/v9.2/"_s, 1);
        const SandboxReply retried = m_fx->send(DataverseRequest::whoAmI());
        QCOMPARE(retried.status, 200);
        QCOMPARE(retried.attempts, 2);

        // Without retries the 429 surfaces with Retry-After and Dataverse's error body.
        m_fx->server.injectFault(SandboxFault::respond(SandboxDataverse::throttled(7)), u"/api/data/v9.2/"_s, 1);
        RetryPolicy once;
        once.maxAttempts = 1;
        m_fx->client.setDefaultRetryPolicy(once);
        const SandboxReply throttled = m_fx->send(DataverseRequest::whoAmI());
        QCOMPARE(throttled.status, 429);
        const DataverseFault fault = DataverseFault::read(throttled.status, throttled.body, throttled.header("Retry-After"));
        QCOMPARE(fault.kind, DataverseFault::Kind::Throttled);
        QCOMPARE(fault.code, u"0x80072322"_s);
        QCOMPARE(fault.retryAfterSeconds, 7);
    }

private:
    std::unique_ptr<SandboxDataverseFixture> m_fx;
};

QTEST_GUILESS_MAIN(TestSandboxDataverseApi)
#include "testsandboxdataverseapi.moc"
