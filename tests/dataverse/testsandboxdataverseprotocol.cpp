// The Dataverse sandbox answering as the Web API documents it (MicrosoftDocs/powerapps-docs,
// webapi/*), over real TLS sockets: OData-Version on every answer, the service document, WhoAmI()
// and its caller as a systemusers row, conditional GET (304), binding a multi-table lookup by its
// column name, owners (ownerid, owning*, $filter), impersonation (CallerObjectId, MSCRMCallerID) and
// Prefer: odata.include-annotations.

#include "crm/dataverse/dataversemetadatareader.h"
#include "sandboxdataversefixture.h"

#include <QJsonArray>
#include <QTest>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

class TestSandboxDataverseProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const QString failed = m_fx->startSignedIn();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup() { m_fx.reset(); }

    void everyAnswerNamesODataVersion()
    {
        const QString id = create(u"contacts"_s, {{u"lastname"_s, u"Versioned"_s}});
        const QString etag = QString::fromUtf8(call("GET", u"contacts(%1)"_s.arg(id)).header("ETag"));
        const QList<SandboxReply> replies = {
            call("GET", u"WhoAmI"_s),
            call("GET", {}),
            call("GET", u"$metadata"_s),
            call("GET", u"contacts?$select=lastname"_s),
            call("GET", u"contacts(%1)"_s.arg(id)),
            call("GET", u"contacts(%1)"_s.arg(id), {}, {{"If-None-Match", etag.toUtf8()}}), // 304
            call("PATCH", u"contacts(%1)"_s.arg(id), {{u"firstname"_s, u"Ada"_s}}),
            call("GET", u"nonesuches"_s),                 // 404
            call("GET", u"contacts?$select=no%20such"_s), // 400
            call("POST", u"contacts"_s, {{u"lastname"_s, u"x"_s}}, {{"If-None-Match", "*"}}),
            call("DELETE", u"contacts(%1)"_s.arg(id)),
            call("DELETE", u"contacts(%1)"_s.arg(id)), // 404
        };
        for (const SandboxReply &r : replies) {
            QVERIFY2(r.status > 0, qPrintable(r.transportError));
            QVERIFY2(r.header("OData-Version") == "4.0",
                     qPrintable(u"status %1 without OData-Version"_s.arg(r.status)));
        }
    }

    void serviceDocumentListsTheEntitySets()
    {
        const SandboxReply doc = call("GET", {});
        QCOMPARE(doc.status, 200);
        QVERIFY(doc.header("Content-Type").startsWith("application/json"));
        const QJsonObject body = doc.json();
        QCOMPARE(body.value(u"@odata.context"_s).toString(), m_fx->apiRoot.toString() + u"$metadata"_s);
        QStringList names;
        for (const QJsonValue &v : body.value(u"value"_s).toArray()) {
            const QJsonObject set = v.toObject();
            QCOMPARE(set.value(u"kind"_s).toString(), u"EntitySet"_s);
            QCOMPARE(set.value(u"url"_s).toString(), set.value(u"name"_s).toString());
            names.append(set.value(u"name"_s).toString());
        }
        // Exactly the EntityContainer of the $metadata served beside it.
        const auto metadata = DataverseMetadataReader::read(call("GET", u"$metadata"_s).body);
        QVERIFY(metadata.ok());
        QStringList expected = metadata->entitySetNames();
        expected.sort();
        names.sort();
        QCOMPARE(names, expected);
        QVERIFY(names.contains(u"contacts"_s));
        QCOMPARE(call("POST", {}, {{u"x"_s, 1}}).status, 405);
    }

    void whoAmIWithParenthesesAndItsCallerIsASystemUser()
    {
        const SandboxReply plain = call("GET", u"WhoAmI"_s);
        const SandboxReply called = call("GET", u"WhoAmI()"_s); // how dynamics-web-api calls functions
        QCOMPARE(plain.status, 200);
        QCOMPARE(called.status, 200);
        const QJsonObject who = called.json();
        QCOMPARE(who.value(u"UserId"_s), plain.json().value(u"UserId"_s));
        const QString userId = who.value(u"UserId"_s).toString();

        // The caller is its application user: a real systemusers row, consistent with WhoAmI.
        const SandboxReply user = call("GET", u"systemusers(%1)"_s.arg(userId));
        QCOMPARE(user.status, 200);
        const QJsonObject row = user.json();
        QCOMPARE(row.value(u"applicationid"_s).toString(),
                 QString::fromLatin1(SandboxDataverseFixture::kClientId));
        QCOMPARE(row.value(u"_businessunitid_value"_s).toString(), who.value(u"BusinessUnitId"_s).toString());
        QCOMPARE(row.value(u"organizationid"_s).toString(), who.value(u"OrganizationId"_s).toString());
        QCOMPARE(row.value(u"accessmode"_s).toInt(), 4);

        // ... so an appointment can have the caller as organizer.
        const QJsonObject organizer{{u"participationtypemask"_s, 7},
                                    {u"partyid_systemuser@odata.bind"_s, u"/systemusers(%1)"_s.arg(userId)}};
        const QString appointment =
            create(u"appointments"_s, {{u"subject"_s, u"Review"_s},
                                       {u"scheduledstart"_s, u"2026-01-05T09:00:00Z"_s},
                                       {u"scheduledend"_s, u"2026-01-05T10:00:00Z"_s},
                                       {u"appointment_activity_parties"_s, QJsonArray{organizer}}});
        QVERIFY(!appointment.isEmpty());
        const QJsonArray parties =
            call("GET", u"appointments(%1)?$expand=appointment_activity_parties"_s.arg(appointment))
                .json()
                .value(u"appointment_activity_parties"_s)
                .toArray();
        QCOMPARE(parties.size(), 1);
        QCOMPARE(parties[0].toObject().value(u"_partyid_value"_s).toString(), userId);

        // A reset store gets the application user back on the next call.
        QCOMPARE(m_fx->admin("POST", u"reset"_s).status, 200);
        QCOMPARE(call("GET", u"systemusers(%1)"_s.arg(userId)).status, 200);
    }

    void conditionalGetAnswersNotModified()
    {
        const QString id = create(u"contacts"_s, {{u"lastname"_s, u"Cached"_s}});
        const SandboxReply first = call("GET", u"contacts(%1)?$select=lastname"_s.arg(id));
        const QByteArray etag = first.header("ETag");
        QVERIFY(etag.startsWith("W/\""));

        const SandboxReply same =
            call("GET", u"contacts(%1)?$select=lastname"_s.arg(id), {}, {{"If-None-Match", etag}});
        QCOMPARE(same.status, 304);
        QVERIFY(same.body.isEmpty());
        QCOMPARE(same.header("ETag"), etag);

        // If-None-Match: null (what the docs tell every request to send) is no condition.
        QCOMPARE(call("GET", u"contacts(%1)"_s.arg(id), {}, {{"If-None-Match", "null"}}).status, 200);

        QCOMPARE(call("PATCH", u"contacts(%1)"_s.arg(id), {{u"lastname"_s, u"Changed"_s}}).status, 204);
        const SandboxReply stale =
            call("GET", u"contacts(%1)?$select=lastname"_s.arg(id), {}, {{"If-None-Match", etag}});
        QCOMPARE(stale.status, 200);
        QCOMPARE(stale.json().value(u"lastname"_s).toString(), u"Changed"_s);
        QVERIFY(stale.header("ETag") != etag);
        QCOMPARE(stale.json().value(u"@odata.etag"_s).toString().toUtf8(), stale.header("ETag"));
    }

    void multiTableLookupByColumnNameIsRefused()
    {
        const QString account = create(u"accounts"_s, {{u"name"_s, u"Fabrikam"_s}});
        const QString ghost = QUuid::createUuid().toString(QUuid::WithoutBraces);
        for (const QString &target : {account, ghost}) { // refused before the bound row is even looked up
            const SandboxReply refused =
                call("POST", u"contacts"_s,
                     {{u"lastname"_s, u"Plain"_s},
                      {u"parentcustomerid@odata.bind"_s, u"/accounts(%1)"_s.arg(target)}});
            QCOMPARE(refused.status, 400);
            const QJsonObject error = refused.json().value(u"error"_s).toObject();
            QCOMPARE(error.value(u"code"_s).toString(), u"0x80048d19"_s);
            QVERIFY(error.value(u"message"_s)
                        .toString()
                        .startsWith(
                            u"Error identified in Payload provided by the user for Entity :'contacts'"_s));
            QVERIFY(error.value(u"message"_s)
                        .toString()
                        .contains(u"An undeclared property 'parentcustomerid' which only has property "
                                  u"annotations in the payload but "
                                  "no property value was found in the payload."_s));
        }
        QCOMPARE(m_fx->dataverse.store().rowCount(u"contacts"_s), 0);
        // The single-valued navigation property per target is what binds.
        const QString contact = create(
            u"contacts"_s, {{u"lastname"_s, u"Typed"_s},
                            {u"parentcustomerid_account@odata.bind"_s, u"/accounts(%1)"_s.arg(account)}});
        QCOMPARE(
            call("GET", u"contacts(%1)"_s.arg(contact)).json().value(u"_parentcustomerid_value"_s).toString(),
            account);
    }

    void withoutMetadataTheStoreDecides()
    {
        // A sandbox started without $metadata: the service document lists the tables it serves, and a
        // multi-table lookup's column name still does not bind.
        SandboxDataverseOptions options = SandboxDataverseFixture::options();
        options.metadataPath.clear();
        SandboxHttpServer server;
        SandboxDataverse bare(options);
        QVERIFY(bare.install(server).ok());
        QVERIFY(server.listenTls().ok());
        const QString token = bare.issueToken(QString::fromLatin1(SandboxDataverseFixture::kClientId));
        const auto send = [&](const QByteArray &method, const QString &path, const QJsonObject &body) {
            HttpRequest http;
            http.method = method;
            http.url = DataverseRequest::apiRoot(server.baseUrl().toString())->resolved(QUrl(path));
            http.setHeader("Authorization", "Bearer " + token.toLatin1());
            if (!body.isEmpty()) {
                http.setHeader("Content-Type", "application/json");
                http.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            }
            http.pinnedCertificates = {server.certificate()};
            http.timeoutMs = 20000;
            SandboxReply out;
            QEventLoop loop;
            m_fx->client.send(http, [&](HttpReply &reply) {
                out.status = reply.statusCode();
                out.body = reply.body();
                out.headers = reply.rawHeaders();
                loop.quit();
            });
            loop.exec();
            return out;
        };
        QStringList names;
        for (const QJsonValue &v : send("GET", {}, {}).json().value(u"value"_s).toArray())
            names.append(v.toObject().value(u"name"_s).toString());
        QVERIFY(names.contains(u"contacts"_s));
        QVERIFY(names.contains(u"teams"_s));
        const SandboxReply account = send("POST", u"accounts"_s, {{u"name"_s, u"Fabrikam"_s}});
        QCOMPARE(account.status, 204);
        const QString accountRef = QString::fromUtf8(account.header("OData-EntityId")).section(u'/', -1);
        const SandboxReply refused =
            send("POST", u"contacts"_s,
                 {{u"lastname"_s, u"Plain"_s}, {u"parentcustomerid@odata.bind"_s, accountRef}});
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"0x80048d19"_s);
        QCOMPARE(refused.header("OData-Version"), QByteArray("4.0"));
        QCOMPARE(send("POST", u"contacts"_s,
                      {{u"lastname"_s, u"Typed"_s}, {u"parentcustomerid_account@odata.bind"_s, accountRef}})
                     .status,
                 204);
    }

    void ownerDefaultsToTheCallerAndBindsToUsersAndTeams()
    {
        const QString caller = call("GET", u"WhoAmI"_s).json().value(u"UserId"_s).toString();
        const QString sam = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString team = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(
            m_fx->admin("POST", u"seed"_s,
                        {{u"systemusers"_s,
                          QJsonArray{QJsonObject{{u"systemuserid"_s, sam}, {u"lastname"_s, u"Seller"_s}}}},
                         {u"teams"_s, QJsonArray{QJsonObject{{u"teamid"_s, team}, {u"name"_s, u"Sales"_s}}}}})
                .status,
            200);

        const QString mine = create(u"contacts"_s, {{u"lastname"_s, u"Mine"_s}});
        const QJsonObject row =
            call("GET", u"contacts(%1)"_s.arg(mine), {}, {{"Prefer", "odata.include-annotations=\"*\""}})
                .json();
        QCOMPARE(row.value(u"_ownerid_value"_s).toString(), caller);
        QCOMPARE(row.value(u"_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s).toString(),
                 u"systemuser"_s);
        QCOMPARE(row.value(u"_owninguser_value"_s).toString(), caller);
        QVERIFY(row.value(u"_owningteam_value"_s).isNull());
        QCOMPARE(row.value(u"_createdby_value"_s).toString(), caller);
        QVERIFY(row.value(u"_createdonbehalfby_value"_s).isNull());

        const QString sams =
            create(u"contacts"_s,
                   {{u"lastname"_s, u"Sams"_s}, {u"ownerid@odata.bind"_s, u"/systemusers(%1)"_s.arg(sam)}});
        QCOMPARE(call("GET", u"contacts(%1)"_s.arg(sams)).json().value(u"_owninguser_value"_s).toString(),
                 sam);
        const QString teams = create(u"tasks"_s, {{u"subject"_s, u"Team task"_s},
                                                  {u"ownerid@odata.bind"_s, u"/teams(%1)"_s.arg(team)}});
        const QJsonObject task =
            call("GET", u"tasks(%1)"_s.arg(teams), {}, {{"Prefer", "odata.include-annotations=\"*\""}})
                .json();
        QCOMPARE(task.value(u"_ownerid_value"_s).toString(), team);
        QCOMPARE(task.value(u"_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s).toString(),
                 u"team"_s);
        QCOMPARE(task.value(u"_owningteam_value"_s).toString(), team);
        QVERIFY(task.value(u"_owninguser_value"_s).isNull());

        // Reassigning by PATCH; only a user or a team can own.
        QCOMPARE(call("PATCH", u"contacts(%1)"_s.arg(mine),
                      {{u"ownerid@odata.bind"_s, u"/systemusers(%1)"_s.arg(sam)}})
                     .status,
                 204);
        QCOMPARE(call("GET", u"contacts(%1)"_s.arg(mine)).json().value(u"_ownerid_value"_s).toString(), sam);
        const QString account = create(u"accounts"_s, {{u"name"_s, u"Not an owner"_s}});
        QCOMPARE(call("PATCH", u"contacts(%1)"_s.arg(mine),
                      {{u"ownerid@odata.bind"_s, u"/accounts(%1)"_s.arg(account)}})
                     .status,
                 400);

        // "The user's records".
        const QJsonArray owned =
            call("GET", u"contacts?$select=lastname&$filter=_ownerid_value%20eq%20"_s + sam)
                .json()
                .value(u"value"_s)
                .toArray();
        QStringList names;
        for (const QJsonValue &v : owned)
            names.append(v.toObject().value(u"lastname"_s).toString());
        names.sort();
        QCOMPARE(names, (QStringList{u"Mine"_s, u"Sams"_s}));
    }

    void impersonationMakesTheUserTheOwner()
    {
        const QString caller = call("GET", u"WhoAmI"_s).json().value(u"UserId"_s).toString();
        const QString grace = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString graceObject = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(m_fx->admin("POST", u"seed"_s,
                             {{u"systemusers"_s,
                               QJsonArray{QJsonObject{{u"systemuserid"_s, grace},
                                                      {u"lastname"_s, u"Hopper"_s},
                                                      {u"azureactivedirectoryobjectid"_s, graceObject}}}}})
                     .status,
                 200);

        // CallerObjectId (preferred) and MSCRMCallerID (legacy) both run the call as Grace.
        const QList<std::pair<QByteArray, QByteArray>> asGrace[] = {
            {{"CallerObjectId", graceObject.toLatin1()}}, {{"MSCRMCallerID", grace.toLatin1()}}};
        for (const auto &header : asGrace) {
            QCOMPARE(call("GET", u"WhoAmI()"_s, {}, header).json().value(u"UserId"_s).toString(), grace);
            const SandboxReply created =
                call("POST", u"contacts"_s, {{u"lastname"_s, u"On behalf"_s}}, header);
            QCOMPARE(created.status, 204);
            const QString id =
                QString::fromUtf8(created.header("OData-EntityId")).section(u'(', -1).chopped(1);
            const QJsonObject row = call("GET", u"contacts(%1)"_s.arg(id)).json();
            QCOMPARE(row.value(u"_ownerid_value"_s).toString(), grace);
            QCOMPARE(row.value(u"_createdby_value"_s).toString(), grace);
            QCOMPARE(row.value(u"_createdonbehalfby_value"_s).toString(), caller);
            QCOMPARE(call("PATCH", u"contacts(%1)"_s.arg(id), {{u"firstname"_s, u"Amazing"_s}}).status, 204);
            const QJsonObject updated = call("GET", u"contacts(%1)"_s.arg(id)).json();
            QCOMPARE(updated.value(u"_modifiedby_value"_s).toString(), caller); // this time not impersonated
            QVERIFY(updated.value(u"_modifiedonbehalfby_value"_s).isNull());
        }
        // Unknown users are not found.
        QCOMPARE(call("GET", u"WhoAmI"_s, {},
                      {{"MSCRMCallerID", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}})
                     .status,
                 404);
        QCOMPARE(call("GET", u"WhoAmI"_s, {},
                      {{"CallerObjectId", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}})
                     .status,
                 404);

        // Without prvActOnBehalfOfAnotherUser the caller is refused (and can still act as itself).
        QCOMPARE(m_fx->admin("POST", u"privileges/%1"_s.arg(caller), {{u"actOnBehalfOfAnotherUser"_s, false}})
                     .status,
                 200);
        const SandboxReply refused = call("POST", u"contacts"_s, {{u"lastname"_s, u"Refused"_s}}, asGrace[0]);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"0x8004A110"_s);
        QCOMPARE(refused.header("OData-Version"), QByteArray("4.0"));
        QCOMPARE(call("GET", u"WhoAmI"_s, {}, asGrace[1]).status, 403);
        QCOMPARE(call("GET", u"WhoAmI"_s).json().value(u"UserId"_s).toString(), caller);
        QCOMPARE(m_fx->admin("POST", u"privileges/%1"_s.arg(caller), {{u"actOnBehalfOfAnotherUser"_s, true}})
                     .status,
                 200);
        QCOMPARE(call("GET", u"WhoAmI"_s, {}, asGrace[1]).status, 200);
    }

    void annotationsOnlyWhenAsked()
    {
        const QString account = create(u"accounts"_s, {{u"name"_s, u"Fabrikam"_s}, {u"revenue"_s, 1000.5}});
        const QString contact = create(
            u"contacts"_s, {{u"lastname"_s, u"Annotated"_s},
                            {u"parentcustomerid_account@odata.bind"_s, u"/accounts(%1)"_s.arg(account)}});
        const QString task = create(u"tasks"_s, {{u"subject"_s, u"Call back"_s},
                                                 {u"prioritycode"_s, 2},
                                                 {u"scheduledend"_s, u"2026-01-05T09:00:00Z"_s}});
        const QByteArray all = "odata.include-annotations=\"*\"";

        // Without the preference: values only.
        const SandboxReply bare = call("GET", u"contacts(%1)"_s.arg(contact));
        for (const QString &key : bare.json().keys())
            QVERIFY2(!key.contains(u'@') || key.startsWith(u"@odata."_s), qPrintable(key));
        QVERIFY(bare.header("Preference-Applied").isEmpty());

        // "*": lookup logical name, navigation property and the related row's name; echoed back.
        const SandboxReply annotated = call("GET", u"contacts(%1)"_s.arg(contact), {}, {{"Prefer", all}});
        QCOMPARE(annotated.header("Preference-Applied"), all);
        const QJsonObject row = annotated.json();
        const QString lookup = u"_parentcustomerid_value@"_s;
        QCOMPARE(row.value(lookup + u"Microsoft.Dynamics.CRM.lookuplogicalname"_s).toString(), u"account"_s);
        QCOMPARE(row.value(lookup + u"Microsoft.Dynamics.CRM.associatednavigationproperty"_s).toString(),
                 u"parentcustomerid_account"_s);
        QCOMPARE(row.value(lookup + u"OData.Community.Display.V1.FormattedValue"_s).toString(),
                 u"Fabrikam"_s);
        QCOMPARE(
            row.value(u"_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"_s).toString(),
            u"ownerid"_s);
        QCOMPARE(row.value(u"_ownerid_value@OData.Community.Display.V1.FormattedValue"_s).toString(),
                 u"# Liaison"_s);

        // Formatted values: option set labels, money, dates.
        const QJsonObject taskRow =
            call("GET", u"tasks(%1)?$select=prioritycode,scheduledend"_s.arg(task), {}, {{"Prefer", all}})
                .json();
        QCOMPARE(taskRow.value(u"prioritycode@OData.Community.Display.V1.FormattedValue"_s).toString(),
                 u"High"_s);
        QCOMPARE(taskRow.value(u"scheduledend@OData.Community.Display.V1.FormattedValue"_s).toString(),
                 u"1/5/2026 9:00 AM"_s);
        const QJsonArray accounts = call("GET", u"accounts?$select=name,revenue"_s, {}, {{"Prefer", all}})
                                        .json()
                                        .value(u"value"_s)
                                        .toArray();
        QCOMPARE(accounts.size(), 1);
        QCOMPARE(
            accounts[0].toObject().value(u"revenue@OData.Community.Display.V1.FormattedValue"_s).toString(),
            u"$1,000.50"_s);

        // Only the annotations named (a trailing * is a wildcard).
        const QByteArray formatted =
            "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"";
        const SandboxReply some =
            call("GET", u"contacts?$select=_parentcustomerid_value"_s, {}, {{"Prefer", formatted}});
        QCOMPARE(some.header("Preference-Applied"), formatted);
        const QJsonObject first = some.json().value(u"value"_s).toArray().first().toObject();
        QCOMPARE(first.value(lookup + u"OData.Community.Display.V1.FormattedValue"_s).toString(),
                 u"Fabrikam"_s);
        QVERIFY(!first.contains(lookup + u"Microsoft.Dynamics.CRM.lookuplogicalname"_s));
        const QJsonObject crm = call("GET", u"contacts(%1)"_s.arg(contact), {},
                                     {{"Prefer", "odata.include-annotations=\"Microsoft.Dynamics.CRM.*\""}})
                                    .json();
        QCOMPARE(crm.value(lookup + u"Microsoft.Dynamics.CRM.lookuplogicalname"_s).toString(), u"account"_s);
        QVERIFY(!crm.contains(lookup + u"OData.Community.Display.V1.FormattedValue"_s));

        // return=representation carries them too.
        const SandboxReply created =
            call("POST", u"contacts?$select=_parentcustomerid_value"_s,
                 {{u"lastname"_s, u"Represented"_s},
                  {u"parentcustomerid_account@odata.bind"_s, u"/accounts(%1)"_s.arg(account)}},
                 {{"Prefer", "return=representation," + all}});
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(lookup + u"OData.Community.Display.V1.FormattedValue"_s).toString(),
                 u"Fabrikam"_s);
    }

private:
    SandboxReply call(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                      const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        DataverseRequest r;
        r.method = method;
        r.path = path;
        r.setHeader("Accept", "application/json");
        r.setHeader("OData-MaxVersion", "4.0");
        r.setHeader("OData-Version", "4.0");
        for (const auto &[name, value] : headers)
            r.setHeader(name, value);
        if (!body.isEmpty()) {
            r.setHeader("Content-Type", "application/json");
            r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        return m_fx->send(r);
    }

    // POST and return the new id (empty on failure, with the reason in the test log).
    QString create(const QString &set, const QJsonObject &body)
    {
        const SandboxReply r = call("POST", set, body);
        if (r.status != 204) {
            qWarning("create %s: %d %s", qPrintable(set), r.status, r.body.constData());
            return {};
        }
        return QString::fromUtf8(r.header("OData-EntityId")).section(u'(', -1).chopped(1);
    }

    std::unique_ptr<SandboxDataverseFixture> m_fx;
};

QTEST_GUILESS_MAIN(TestSandboxDataverseProtocol)
#include "testsandboxdataverseprotocol.moc"
