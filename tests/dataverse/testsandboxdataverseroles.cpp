// Security roles in the Dataverse sandbox over real TLS sockets: the roles table, the N:N
// systemuserroles_association (navigation GET, $expand, associate/disassociate via $ref),
// isdisabled filtering, persistence, $batch rollback, the application user and its role, and the
// $metadata ChangeTracking annotations (?annotations=true, setChangeTracking).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>
#include <QUuid>

#include "crm/dataverse/dataversebatchreader.h"
#include "crm/dataverse/dataversebatchwriter.h"
#include "crm/dataverse/dataversemetadatareader.h"
#include "sandboxdataversefixture.h"

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

namespace {

const QString kNav = u"systemuserroles_association"_s;

QStringList namesOf(const QJsonArray &roles)
{
    QStringList out;
    for (const QJsonValue &r : roles)
        out.append(r.toObject().value(u"name"_s).toString());
    out.sort();
    return out;
}

} // namespace

class TestSandboxDataverseRoles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const QString failed = m_fx->startSignedIn();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_salesRole = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_syncRole = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_grace = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_alan = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const SandboxReply seeded = m_fx->admin(
            "POST", u"seed"_s,
            {{u"roles"_s, QJsonArray{QJsonObject{{u"roleid"_s, m_salesRole}, {u"name"_s, u"Salesperson"_s}},
                                     QJsonObject{{u"roleid"_s, m_syncRole}, {u"name"_s, u"Liaison Sync"_s}}}},
             {u"systemusers"_s,
              QJsonArray{QJsonObject{{u"systemuserid"_s, m_grace}, {u"firstname"_s, u"Grace"_s}, {u"lastname"_s, u"Hopper"_s},
                                     {u"internalemailaddress"_s, u"grace@contoso.com"_s}, {u"isdisabled"_s, false}},
                         QJsonObject{{u"systemuserid"_s, m_alan}, {u"firstname"_s, u"Alan"_s}, {u"lastname"_s, u"Turing"_s},
                                     {u"internalemailaddress"_s, u"alan@contoso.com"_s}, {u"isdisabled"_s, true}}}},
             // Links come after the rows whatever the key order of the seed object.
             {u"systemuserroles"_s, QJsonArray{QJsonObject{{u"systemuserid"_s, m_grace}, {u"roleid"_s, m_salesRole}},
                                               QJsonObject{{u"systemuserid"_s, m_grace}, {u"roleid"_s, m_syncRole}},
                                               QJsonObject{{u"systemuserid"_s, m_alan}, {u"roleid"_s, m_salesRole}}}}});
        QCOMPARE(seeded.status, 200);
        QCOMPARE(seeded.json().value(u"roles"_s).toArray().size(), 2);
    }
    void cleanup() { m_fx.reset(); }

    void rolesThroughTheNavigationProperty()
    {
        const SandboxReply reply = call("GET", u"systemusers(%1)/%2?$select=name,roleid"_s.arg(m_grace, kNav));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("OData-Version"), QByteArray("4.0"));
        const QJsonObject body = reply.json();
        QCOMPARE(body.value(u"@odata.context"_s).toString(), m_fx->apiRoot.toString() + u"$metadata#roles(name,roleid)"_s);
        const QJsonArray roles = body.value(u"value"_s).toArray();
        QCOMPARE(namesOf(roles), (QStringList{u"Liaison Sync"_s, u"Salesperson"_s}));
        const QJsonObject first = roles.first().toObject();
        QVERIFY(first.value(u"@odata.etag"_s).toString().startsWith(u"W/\""_s));
        QVERIFY(!first.contains(u"_businessunitid_value"_s));   // $select applies

        // Whole rows without $select: the sandbox's business unit is filled in.
        const QJsonObject whole = call("GET", u"systemusers(%1)/%2"_s.arg(m_alan, kNav)).json();
        QCOMPARE(whole.value(u"value"_s).toArray().size(), 1);
        QCOMPARE(whole.value(u"value"_s).toArray().first().toObject().value(u"_businessunitid_value"_s).toString(),
                 u"5f1f4b3e-0000-4000-8000-000000000001"_s);

        // $filter inside the navigation, and the reverse side of the N:N.
        QCOMPARE(call("GET", u"systemusers(%1)/%2?$filter=name%20eq%20'Salesperson'"_s.arg(m_grace, kNav))
                     .json().value(u"value"_s).toArray().size(), 1);
        const QJsonArray holders = call("GET", u"roles(%1)/%2?$select=fullname"_s.arg(m_salesRole, kNav))
                                       .json().value(u"value"_s).toArray();
        QCOMPARE(holders.size(), 2);

        // $ref lists links.
        const QJsonObject refs = call("GET", u"systemusers(%1)/%2/$ref"_s.arg(m_alan, kNav)).json();
        QCOMPARE(refs.value(u"@odata.context"_s).toString(), m_fx->apiRoot.toString() + u"$metadata#Collection($ref)"_s);
        QCOMPARE(refs.value(u"value"_s).toArray().first().toObject().value(u"@odata.id"_s).toString(),
                 at(u"roles(%1)"_s.arg(m_salesRole)));

        // Unknown user: Dataverse's 404 body; unknown navigation: 404 for the segment.
        const QString nobody = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const SandboxReply missing = call("GET", u"systemusers(%1)/%2"_s.arg(nobody, kNav));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"0x80040217"_s);
        QCOMPARE(missing.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 u"systemuser With Id = %1 Does Not Exist"_s.arg(nobody));
        QCOMPARE(call("GET", u"systemusers(%1)/nonesuch_association"_s.arg(m_grace)).status, 404);
        QCOMPARE(call("GET", u"systemusers(%1)/%2?$select=nonesuch%20x"_s.arg(m_grace, kNav)).status, 400);
    }

    void expandOnCollectionAndRow()
    {
        const QString query = u"systemusers?$filter=internalemailaddress%20eq%20'grace@contoso.com'"
                              "&$select=systemuserid,fullname,internalemailaddress,isdisabled"
                              "&$expand=systemuserroles_association($select=name,roleid)"_s;
        const SandboxReply list = call("GET", query);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json().value(u"@odata.context"_s).toString(),
                 m_fx->apiRoot.toString() + u"$metadata#systemusers(systemuserid,fullname,internalemailaddress,isdisabled,"
                                            "systemuserroles_association(name,roleid))"_s);
        const QJsonArray users = list.json().value(u"value"_s).toArray();
        QCOMPARE(users.size(), 1);
        const QJsonObject grace = users.first().toObject();
        QCOMPARE(grace.value(u"systemuserid"_s).toString(), m_grace);
        QCOMPARE(grace.value(u"fullname"_s).toString(), u"Grace Hopper"_s);
        QCOMPARE(grace.value(u"isdisabled"_s).toBool(true), false);
        const QJsonArray roles = grace.value(kNav).toArray();
        QCOMPARE(namesOf(roles), (QStringList{u"Liaison Sync"_s, u"Salesperson"_s}));
        QVERIFY(roles.first().toObject().contains(u"roleid"_s));
        QVERIFY(!roles.first().toObject().contains(u"_businessunitid_value"_s));

        // The single row.
        const SandboxReply row = call("GET", u"systemusers(%1)?$select=fullname,isdisabled&$expand=%2($select=name)"_s
                                                 .arg(m_alan, kNav));
        QCOMPARE(row.status, 200);
        QVERIFY(row.json().value(u"@odata.context"_s).toString().endsWith(u"(fullname,isdisabled,%1(name))/$entity"_s.arg(kNav)));
        QCOMPARE(namesOf(row.json().value(kNav).toArray()), QStringList{u"Salesperson"_s});
        QCOMPARE(row.json().value(u"isdisabled"_s).toBool(), true);

        // isdisabled is a plain column $filter handles.
        const QJsonArray disabled = call("GET", u"systemusers?$select=fullname&$filter=isdisabled%20eq%20true"_s)
                                        .json().value(u"value"_s).toArray();
        QCOMPARE(disabled.size(), 1);
        QCOMPARE(disabled.first().toObject().value(u"systemuserid"_s).toString(), m_alan);
        // Grace, and the caller's own application user (every caller is a systemusers row).
        QCOMPARE(call("GET", u"systemusers?$select=fullname&$filter=isdisabled%20eq%20false"_s)
                     .json().value(u"value"_s).toArray().size(), 2);

        // Expand of a navigation the sandbox does not serve, or a bad column inside it: 400.
        QCOMPARE(call("GET", u"systemusers?$expand=teammembership_association"_s).status, 400);
        QCOMPARE(call("GET", u"systemusers?$expand=%1($select=bad%20name)"_s.arg(kNav)).status, 400);
        // Roles expand from their side too.
        const QJsonObject role = call("GET", u"roles(%1)?$select=name&$expand=%2($select=fullname)"_s
                                                 .arg(m_salesRole, kNav)).json();
        QCOMPARE(role.value(kNav).toArray().size(), 2);
    }

    void associateAndDisassociateByRef()
    {
        const QString roleUrl = at(u"roles(%1)"_s.arg(m_syncRole));
        const QString refPath = u"systemusers(%1)/%2/$ref"_s.arg(m_alan, kNav);
        const SandboxReply linked = call("POST", refPath, {{u"@odata.id"_s, roleUrl}});
        QCOMPARE(linked.status, 204);
        QVERIFY(linked.body.isEmpty());
        QCOMPARE(linked.header("OData-Version"), QByteArray("4.0"));
        QCOMPARE(rolesOf(m_alan), (QStringList{u"Liaison Sync"_s, u"Salesperson"_s}));

        // Twice: Dataverse's duplicate-key refusal.
        const SandboxReply twice = call("POST", refPath, {{u"@odata.id"_s, roleUrl}});
        QCOMPARE(twice.status, 412);
        QCOMPARE(twice.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"0x80040237"_s);

        // Unknown role, unknown user, a reference to the wrong table.
        const QString ghost = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const SandboxReply noRole = call("POST", refPath, {{u"@odata.id"_s, at(u"roles(%1)"_s.arg(ghost))}});
        QCOMPARE(noRole.status, 404);
        QCOMPARE(noRole.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 u"role With Id = %1 Does Not Exist"_s.arg(ghost));
        QCOMPARE(call("POST", u"systemusers(%1)/%2/$ref"_s.arg(ghost, kNav), {{u"@odata.id"_s, roleUrl}}).status, 404);
        QCOMPARE(call("POST", refPath, {{u"@odata.id"_s, at(u"contacts(%1)"_s.arg(ghost))}}).status,
                 400);

        // Disassociate by key segment, then by $id.
        QCOMPARE(call("DELETE", u"systemusers(%1)/%2(%3)/$ref"_s.arg(m_alan, kNav, m_syncRole)).status, 204);
        QCOMPARE(rolesOf(m_alan), QStringList{u"Salesperson"_s});
        QCOMPARE(call("DELETE", u"systemusers(%1)/%2/$ref?$id=%3"_s
                                    .arg(m_alan, kNav, at(u"roles(%1)"_s.arg(m_salesRole))))
                     .status, 204);
        QCOMPARE(rolesOf(m_alan), QStringList());
        const SandboxReply gone = call("DELETE", u"systemusers(%1)/%2(%3)/$ref"_s.arg(m_alan, kNav, ghost));
        QCOMPARE(gone.status, 404);
        QCOMPARE(gone.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"0x80040217"_s);

        // From the role's side, the same relationship.
        QCOMPARE(call("POST", u"roles(%1)/%2/$ref"_s.arg(m_syncRole, kNav),
                      {{u"@odata.id"_s, at(u"systemusers(%1)"_s.arg(m_alan))}}).status, 204);
        QCOMPARE(rolesOf(m_alan), QStringList{u"Liaison Sync"_s});

        // Deleting a role drops its links; writing the navigation without $ref is refused.
        QCOMPARE(call("DELETE", u"roles(%1)"_s.arg(m_syncRole)).status, 204);
        QCOMPARE(rolesOf(m_alan), QStringList());
        QCOMPARE(rolesOf(m_grace), QStringList{u"Salesperson"_s});
        QCOMPARE(call("POST", u"systemusers(%1)/%2"_s.arg(m_alan, kNav), {{u"name"_s, u"x"_s}}).status, 405);
    }

    void batchChangesetRollsBackAssociations()
    {
        DataverseBatchWriter failing;
        failing.addChangeSet({refRequest(m_alan, m_syncRole),
                              *DataverseRequest::update(u"contacts"_s, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                        {{u"lastname"_s, u"Nobody"_s}})});
        const SandboxReply reply = m_fx->send(*failing.request());
        QCOMPARE(reply.status, 200);
        const Result<QList<DataverseBatchPart>> parts = DataverseBatchReader::read(reply.header("Content-Type"), reply.body);
        QVERIFY(parts.ok());
        QCOMPARE(parts->size(), 1);
        QCOMPARE(parts->at(0).status, 404);
        QCOMPARE(rolesOf(m_alan), QStringList{u"Salesperson"_s});   // the association was undone

        DataverseBatchWriter good;
        good.addChangeSet({refRequest(m_alan, m_syncRole)});
        const SandboxReply ok = m_fx->send(*good.request());
        const Result<QList<DataverseBatchPart>> okParts = DataverseBatchReader::read(ok.header("Content-Type"), ok.body);
        QVERIFY(okParts.ok());
        QCOMPARE(okParts->size(), 1);
        QCOMPARE(okParts->at(0).status, 204);
        QCOMPARE(rolesOf(m_alan), (QStringList{u"Liaison Sync"_s, u"Salesperson"_s}));
    }

    void rolesAndLinksSurviveARestart()
    {
        const QString folder = QStringLiteral(LIAISON_TEST_OUTPUT_DIR) + u"/dvroles-"_s
                             + QUuid::createUuid().toString(QUuid::WithoutBraces);
        SandboxDataverseOptions options = SandboxDataverseFixture::options();
        options.dataFolder = folder;
        const QString relationship = kNav;
        {
            SandboxDataverse dataverse(options);
            SandboxHttpServer server;
            QVERIFY(dataverse.install(server).ok());
            dataverse.store().fromJson(m_fx->dataverse.store().toJson());   // the fixture's roles and links
            QVERIFY(dataverse.save().ok());
        }
        SandboxDataverse reloaded(options);
        SandboxHttpServer server;
        QVERIFY(reloaded.install(server).ok());
        QCOMPARE(reloaded.store().rowCount(u"roles"_s), 2);
        QCOMPARE(reloaded.store().related(relationship, u"systemusers"_s, m_grace),
                 m_fx->dataverse.store().related(relationship, u"systemusers"_s, m_grace));
        QCOMPARE(reloaded.store().related(relationship, u"roles"_s, m_salesRole).size(), 2);
        QCOMPARE(reloaded.store().row(u"systemusers"_s, m_alan)->value(u"isdisabled"_s).toBool(), true);
        // The file holds the intersect rows the way the seed takes them.
        QFile file(QDir(folder).filePath(u"dataverse.json"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray links = QJsonDocument::fromJson(file.readAll()).object().value(u"links"_s).toObject()
                                     .value(u"systemuserroles"_s).toArray();
        QCOMPARE(links.size(), 3);
        QVERIFY(links.first().toObject().contains(u"systemuserid"_s));
        QVERIFY(links.first().toObject().contains(u"roleid"_s));
        QDir(folder).removeRecursively();
    }

    void applicationUserGetsItsRole()
    {
        const QString clientId = QString::fromLatin1(SandboxDataverseFixture::kClientId);
        const QString appUser = SandboxDataverse::applicationUserId(clientId);
        QVERIFY(!m_fx->dataverse.store().row(u"systemusers"_s, appUser));   // made on the first Web API call
        QCOMPARE(m_fx->dataverse.addApplicationUser(clientId), appUser);
        QCOMPARE(m_fx->dataverse.addApplicationUser(clientId), appUser);     // idempotent
        const QJsonObject whoAmI = call("GET", u"WhoAmI"_s).json();
        QCOMPARE(whoAmI.value(u"UserId"_s).toString(), appUser);
        // applicationid is a v9 column the 8.1 CSDL excerpt lacks, so only the row holds it.
        QCOMPARE(m_fx->dataverse.store().row(u"systemusers"_s, appUser)->value(u"applicationid"_s).toString(), clientId);
        const SandboxReply reply = call("GET", u"systemusers(%1)?$select=isdisabled,accessmode&$expand=%2($select=name)"_s
                                                   .arg(appUser, kNav));
        QCOMPARE(reply.status, 200);
        const QJsonObject user = reply.json();
        QCOMPARE(user.value(u"isdisabled"_s).toBool(true), false);
        QCOMPARE(user.value(u"accessmode"_s).toInt(), 4);   // non-interactive
        // The seeded "Liaison Sync" role is reused, not duplicated.
        QCOMPARE(namesOf(user.value(kNav).toArray()), QStringList{u"Liaison Sync"_s});
        QCOMPARE(m_fx->dataverse.store().rowCount(u"roles"_s), 2);
    }

    void metadataAnnotationsFollowChangeTracking()
    {
        QFile file(QStringLiteral(LIAISON_DATAVERSE_METADATA));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray original = file.readAll();

        // With annotations=true and every table tracked: the CSDL byte for byte.
        const SandboxReply annotated = call("GET", u"$metadata?annotations=true"_s);
        QCOMPARE(annotated.status, 200);
        QCOMPARE(annotated.body, original);

        m_fx->dataverse.store().setChangeTracking(u"contacts"_s, false);
        const SandboxReply off = call("GET", u"$metadata?annotations=true"_s);
        QCOMPARE(off.body.size(), original.size() + 1);   // "true" -> "false"
        const Result<DataverseMetadata> offModel = DataverseMetadataReader::read(off.body);
        QVERIFY(offModel.ok());
        QCOMPARE(offModel->changeTrackingSupported(u"contacts"_s), std::optional<bool>(false));
        QCOMPARE(offModel->changeTrackingSupported(u"accounts"_s), std::optional<bool>(true));
        QCOMPARE(offModel->changeTrackingSupported(u"appointments"_s), std::optional<bool>(true));

        m_fx->dataverse.store().setChangeTracking(u"contacts"_s, true);
        QCOMPARE(call("GET", u"$metadata?annotations=true"_s).body, original);

        // Without annotations=true: no Capabilities annotations on entity sets, the rest kept.
        m_fx->dataverse.store().setChangeTracking(u"contacts"_s, false);
        const SandboxReply plain = call("GET", u"$metadata"_s);
        QCOMPARE(plain.status, 200);
        QVERIFY(!plain.body.contains("Org.OData.Capabilities.V1.ChangeTracking"));
        QVERIFY(!plain.body.contains("Org.OData.Capabilities.V1.CountRestrictions"));
        QVERIFY(plain.body.contains("Org.OData.Capabilities.V1.BatchSupported"));   // the container's stay
        QVERIFY(plain.body.contains("Org.OData.Core.V1.Description"));
        QVERIFY(plain.body.contains("<NavigationPropertyBinding Path=\"systemuserroles_association\" Target=\"roles\"/>"));
        QVERIFY(plain.body.size() < original.size());
        const Result<DataverseMetadata> plainModel = DataverseMetadataReader::read(plain.body);
        QVERIFY(plainModel.ok());
        QCOMPARE(plainModel->entityTypeOfSet(u"contacts"_s), u"contact"_s);
        QCOMPARE(plainModel->changeTrackingSupported(u"contacts"_s), std::nullopt);
        QVERIFY(plainModel->property(u"systemuser"_s, u"isdisabled"_s).has_value());
        // Line structure stays intact: no line is left with only whitespace where an annotation was.
        QVERIFY(!plain.body.contains("\n\n"));
        QVERIFY(!plain.body.contains(">        </EntitySet>"));
    }

private:
    QString at(const QString &relative) const { return m_fx->apiRoot.toString() + relative; }

    QStringList rolesOf(const QString &userId)
    {
        return namesOf(call("GET", u"systemusers(%1)/%2?$select=name"_s.arg(userId, kNav)).json().value(u"value"_s).toArray());
    }

    DataverseRequest refRequest(const QString &userId, const QString &roleId) const
    {
        DataverseRequest r;
        r.method = "POST";
        r.path = u"systemusers(%1)/%2/$ref"_s.arg(userId, kNav);
        DataverseRequest::addODataHeaders(r);
        r.body = QJsonDocument(QJsonObject{{u"@odata.id"_s, at(u"roles(%1)"_s.arg(roleId))}})
                     .toJson(QJsonDocument::Compact);
        r.setHeader("Content-Type", "application/json");
        return r;
    }

    SandboxReply call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        DataverseRequest r;
        r.method = method;
        r.path = path;
        DataverseRequest::addODataHeaders(r);
        if (method == "POST" || method == "PATCH") {
            r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            r.setHeader("Content-Type", "application/json");
        }
        return m_fx->send(r);
    }

    std::unique_ptr<SandboxDataverseFixture> m_fx;
    QString m_salesRole;
    QString m_syncRole;
    QString m_grace;
    QString m_alan;
};

QTEST_GUILESS_MAIN(TestSandboxDataverseRoles)
#include "testsandboxdataverseroles.moc"
