// DataverseConnector against the Dataverse sandbox over TLS loopback: identity, CRUD with etags,
// 412 conflict behaviours, upsert by alternate key, atomic and non-atomic batches.
#include <QJsonArray>
#include <QTest>

#include "connectortestutil.h"

using namespace Qt::StringLiterals;
using namespace Liaison;

class TestDataverseConnector : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxDataverseFixture> m_fx;

    qsizetype contactCount()
    {
        return m_fx->admin("GET", u"contacts"_s).json().value(u"value"_s).toArray().size();
    }
    QJsonObject contactRow(const QString &id) { return m_fx->admin("GET", u"contacts/"_s + id).json(); }

private Q_SLOTS:
    void init()
    {
        earlyCallbacks() = 0;
        m_fx = std::make_unique<SandboxDataverseFixture>();
        m_fx->dataverse.store().addAlternateKey(u"contacts"_s, u"new_exchangeid_key"_s, {u"new_exchangeid"_s});
        const Status started = m_fx->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    }
    void cleanup()
    {
        QCOMPARE(earlyCallbacks(), 0);
        m_fx.reset();
    }

    void whoAmI()
    {
        ConnectorRig rig(*m_fx);
        const Result<CrmIdentity> me = rig.whoAmI();
        QVERIFY2(me.ok(), qPrintable(me.ok() ? QString() : me.error().toString()));
        QCOMPARE(me->userId, SandboxDataverse::applicationUserId(QString::fromLatin1(SandboxDataverseFixture::kClientId)));
        QVERIFY(!me->organizationId.isEmpty());
        QCOMPARE(rig.tokens->fetchCount(), 1);
    }

    // Mailboxes are matched to CRM users by primary email; the roles say whether the user can work.
    void findUserByEmailWithRoles()
    {
        auto &store = m_fx->dataverse.store();
        SandboxDataverseError error;
        const auto user = store.create(u"systemusers"_s, {{u"firstname"_s, u"Sam"_s}, {u"lastname"_s, u"Seller"_s},
                                                          {u"internalemailaddress"_s, u"sam@contoso.test"_s},
                                                          {u"isdisabled"_s, false}},
                                       &error);
        QVERIFY(user);
        const QString userId = user->value(u"systemuserid"_s).toString();
        for (const QString &name : {u"Salesperson"_s, u"Basic User"_s}) {
            const auto role = store.create(u"roles"_s, {{u"name"_s, name}}, &error);
            QVERIFY(role);
            QVERIFY(store.associate(QString::fromLatin1(SandboxDataverseStore::kUserRoles), u"systemusers"_s, userId,
                                    role->value(u"roleid"_s).toString(), &error));
        }
        ConnectorRig rig(*m_fx);
        const Result<CrmUser> found = await<CrmUser>([&](auto cb) { rig.connector->findUser(u"Sam@Contoso.test"_s, cb); });
        QVERIFY2(found.ok(), qPrintable(found.ok() ? QString() : found.error().toString()));
        QCOMPARE(found->id, userId);
        QCOMPARE(found->fullName, u"Sam Seller"_s);
        QCOMPARE(found->email, u"sam@contoso.test"_s);
        QVERIFY(!found->disabled);
        QCOMPARE(found->roles, QStringList({u"Basic User"_s, u"Salesperson"_s}));

        const Result<CrmUser> nobody = await<CrmUser>([&](auto cb) { rig.connector->findUser(u"ghost@contoso.test"_s, cb); });
        QVERIFY(!nobody.ok());
        QCOMPARE(nobody.error().code, Error::Code::NotFound);
        QVERIFY(nobody.error().message.contains(u"ghost@contoso.test"_s));

        QVERIFY(store.create(u"systemusers"_s, {{u"lastname"_s, u"Twin"_s}, {u"internalemailaddress"_s, u"sam@contoso.test"_s}},
                             &error));
        const Result<CrmUser> twice = await<CrmUser>([&](auto cb) { rig.connector->findUser(u"sam@contoso.test"_s, cb); });
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().code, Error::Code::Conflict);
    }

    // $metadata says which tables have change tracking: a table without it is read by modifiedon
    // from the first call on, without a refused tracking request first.
    void metadataDecidesChangeTracking()
    {
        m_fx->dataverse.store().setChangeTracking(u"tasks"_s, false);
        ConnectorRig rig(*m_fx);
        const Result<DataverseMetadata> metadata =
            await<DataverseMetadata>([&](auto cb) { rig.connector->fetchMetadata(cb); });
        QVERIFY(metadata.ok());
        QCOMPARE(rig.connector->changeTracking(u"task"_s), DataverseConnector::ChangeTracking::Off);
        QCOMPARE(rig.connector->changeTracking(u"contact"_s), DataverseConnector::ChangeTracking::On);
        const Result<CrmChangeSet> tasks = rig.changes(u"task"_s, {u"subject"_s}, {});
        QVERIFY2(tasks.ok(), qPrintable(tasks.ok() ? QString() : tasks.error().toString()));
        QVERIFY(tasks->nextToken.startsWith(u"dvwm;"_s));   // the watermark mode, recorded in the token
    }

    void createReadUpdateDeleteWithEtags()
    {
        ConnectorRig rig(*m_fx);
        const auto created = rig.write({contactWrite(CrmWrite::Kind::Create, {}, {{u"firstname"_s, u"Ada"_s}, {u"lastname"_s, u"Lovelace"_s}})});
        QVERIFY(created.ok());
        QCOMPARE(created->size(), 1);
        QVERIFY2(created->at(0).ok, qPrintable(created->at(0).error.toString()));
        const QString id = created->at(0).id;
        QVERIFY(DataverseRequest::isGuid(id));
        QVERIFY(created->at(0).etag.startsWith(u"W/\""_s));

        const Result<CrmRecord> read = rig.read(u"contact"_s, id, {u"firstname"_s, u"lastname"_s, u"modifiedon"_s});
        QVERIFY(read.ok());
        QCOMPARE(read->fields.value(u"lastname"_s).toString(), u"Lovelace"_s);
        QCOMPARE(read->etag, created->at(0).etag);
        QVERIFY(read->modifiedOn.isValid());

        const auto updated = rig.write({contactWrite(CrmWrite::Kind::Update, id, {{u"lastname"_s, u"King"_s}}, read->etag)});
        QVERIFY(updated.ok() && updated->at(0).ok);
        QVERIFY(!updated->at(0).etag.isEmpty());
        QVERIFY(updated->at(0).etag != read->etag);
        QCOMPARE(contactRow(id).value(u"lastname"_s).toString(), u"King"_s);

        // The old etag no longer matches; without a resolver that is a Conflict for the caller.
        const auto stale = rig.write({contactWrite(CrmWrite::Kind::Update, id, {{u"lastname"_s, u"Byron"_s}}, read->etag)});
        QVERIFY(stale.ok());
        QVERIFY(!stale->at(0).ok);
        QCOMPARE(stale->at(0).error.code, Error::Code::Conflict);
        QVERIFY(stale->at(0).error.message.contains(id));
        QCOMPARE(contactRow(id).value(u"lastname"_s).toString(), u"King"_s);

        const auto removed = rig.write({contactWrite(CrmWrite::Kind::Delete, id, {}, updated->at(0).etag)});
        QVERIFY(removed.ok() && removed->at(0).ok);
        const Result<CrmRecord> gone = rig.read(u"contact"_s, id);
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, Error::Code::NotFound);
    }

    void conflictResolvedByBehaviour_data()
    {
        QTest::addColumn<int>("behaviour");
        QTest::addColumn<int>("localAgeSeconds");   // Exchange change time relative to now
        QTest::addColumn<bool>("oursWins");
        QTest::newRow("exchange-wins") << int(ConflictBehaviour::ExchangeWins) << 0 << true;
        QTest::newRow("crm-wins") << int(ConflictBehaviour::CrmWins) << 0 << false;
        QTest::newRow("newest-exchange-newer") << int(ConflictBehaviour::MostRecentWins) << -3600 << true;
        QTest::newRow("newest-crm-newer") << int(ConflictBehaviour::MostRecentWins) << 3600 << false;
    }
    void conflictResolvedByBehaviour()
    {
        QFETCH(int, behaviour);
        QFETCH(int, localAgeSeconds);
        QFETCH(bool, oursWins);
        ConnectorRig rig(*m_fx);
        const QDateTime local = QDateTime::currentDateTimeUtc().addSecs(-localAgeSeconds);
        rig.connector->setConflictResolver(DataverseConnector::conflictResolver(
            ConflictBehaviour(behaviour), [local](const CrmWrite &) { return local; }));

        const auto created = rig.write({contactWrite(CrmWrite::Kind::Create, {}, {{u"lastname"_s, u"Original"_s}})});
        QVERIFY(created.ok() && created->at(0).ok);
        const QString id = created->at(0).id;
        // Someone edits the row in Dataverse after we read it.
        QCOMPARE(m_fx->admin("PATCH", u"contacts/"_s + id, {{u"lastname"_s, u"Theirs"_s}}).status, 200);

        const auto result = rig.write({contactWrite(CrmWrite::Kind::Update, id, {{u"lastname"_s, u"Ours"_s}},
                                                    created->at(0).etag)});
        QVERIFY(result.ok());
        const CrmWriteResult r = result->at(0);
        QCOMPARE(r.ok, oursWins);
        QCOMPARE(contactRow(id).value(u"lastname"_s).toString(), oursWins ? u"Ours"_s : u"Theirs"_s);
        if (!oursWins) {
            QCOMPARE(r.error.code, Error::Code::Conflict);
            QVERIFY(r.error.message.contains(u"kept the Dataverse version"_s));
            QCOMPARE(r.etag, u"W/\"%1\""_s.arg(contactRow(id).value(u"versionnumber"_s).toInteger()));
        }
    }

    void upsertByAlternateKey()
    {
        ConnectorRig rig(*m_fx);
        CrmWrite w = contactWrite(CrmWrite::Kind::Upsert, {}, {{u"firstname"_s, u"Grace"_s}});
        w.alternateKey = u"new_exchangeid"_s;
        w.alternateValue = u"AAMkAD'x/1"_s;   // a quote and a slash: escaped in the key segment
        const auto first = rig.write({w});
        QVERIFY(first.ok());
        QVERIFY2(first->at(0).ok, qPrintable(first->at(0).error.toString()));
        const QString id = first->at(0).id;
        QVERIFY(DataverseRequest::isGuid(id));
        QCOMPARE(contactRow(id).value(u"new_exchangeid"_s).toString(), w.alternateValue);

        w.fields = {{u"firstname"_s, u"Grace B."_s}};
        const auto second = rig.write({w});
        QVERIFY(second.ok() && second->at(0).ok);
        QCOMPARE(second->at(0).id, id);   // the same row, updated
        QCOMPARE(contactCount(), 1);
        QCOMPARE(contactRow(id).value(u"firstname"_s).toString(), u"Grace B."_s);

        // A column that is no declared key: Dataverse's 400, worded by the fault mapping.
        CrmWrite bad = w;
        bad.alternateKey = u"emailaddress1"_s;
        const auto refused = rig.write({bad});
        QVERIFY(refused.ok());
        QVERIFY(!refused->at(0).ok);
        QCOMPARE(refused->at(0).error.code, Error::Code::Invalid);
        QVERIFY(refused->at(0).error.message.contains(u"emailaddress1"_s));
        QVERIFY(refused->at(0).error.message.contains(u"contact"_s));
    }

    void upsertPreconditions()
    {
        QVERIFY(m_fx->signIn());
        const Result<QString> path = DataverseRequest::alternateKeyPath(u"contacts"_s, {{u"new_exchangeid"_s, u"k1"_s}});
        QVERIFY(path.ok());
        const QJsonObject body{{u"lastname"_s, u"Key"_s}};
        // Update-only on a missing row: 404. Create-only creates; a second create-only is 412.
        QCOMPARE(m_fx->send(DataverseRequest::upsert(*path, body, DataverseRequest::UpsertMode::UpdateOnly)).status, 404);
        QCOMPARE(contactCount(), 0);
        QCOMPARE(m_fx->send(DataverseRequest::upsert(*path, body, DataverseRequest::UpsertMode::CreateOnly)).status, 204);
        QCOMPARE(contactCount(), 1);
        const SandboxReply again = m_fx->send(DataverseRequest::upsert(*path, body, DataverseRequest::UpsertMode::CreateOnly));
        QCOMPARE(again.status, 412);
        QCOMPARE(m_fx->send(DataverseRequest::upsert(*path, {{u"lastname"_s, u"Upd"_s}},
                                                     DataverseRequest::UpsertMode::UpdateOnly)).status, 204);
        QCOMPARE(contactCount(), 1);
        const Result<QString> unknown = DataverseRequest::alternateKeyPath(u"contacts"_s, {{u"lastname"_s, u"Upd"_s}});
        const SandboxReply refused = m_fx->send(DataverseRequest::upsert(*unknown, body, DataverseRequest::UpsertMode::CreateOrUpdate));
        QCOMPARE(refused.status, 400);
        QVERIFY(refused.json().value(u"error"_s).toObject().value(u"code"_s).toString().startsWith(u"0x"_s));
    }

    void atomicBatchRollsBack()
    {
        ConnectorRig rig(*m_fx);
        const QList<CrmWrite> writes{
            contactWrite(CrmWrite::Kind::Create, {}, {{u"lastname"_s, u"One"_s}}),
            contactWrite(CrmWrite::Kind::Create, {}, {{u"nosuchcolumn"_s, u"Two"_s}}),
            contactWrite(CrmWrite::Kind::Create, {}, {{u"lastname"_s, u"Three"_s}}),
        };
        const auto result = rig.write(writes, true);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        QCOMPARE(result->size(), 3);
        for (const CrmWriteResult &r : result.value()) {
            QVERIFY(!r.ok);
            QVERIFY(r.error.message.contains(u"rolled back"_s));
        }
        QVERIFY(result->at(1).error.message.contains(u"nosuchcolumn"_s));
        QCOMPARE(contactCount(), 0);

        // The same group without the bad row commits as a whole.
        const auto good = rig.write({writes.at(0), writes.at(2)}, true);
        QVERIFY(good.ok());
        QVERIFY(good->at(0).ok && good->at(1).ok);
        QVERIFY(good->at(0).id != good->at(1).id);
        QCOMPARE(contactCount(), 2);
    }

    void nonAtomicBatchReportsPerRow()
    {
        ConnectorRig rig(*m_fx);
        const QString missing = u"0b1c2d3e-0000-4000-8000-00000000abcd"_s;
        const auto result = rig.write({
            contactWrite(CrmWrite::Kind::Create, {}, {{u"lastname"_s, u"First"_s}}),
            contactWrite(CrmWrite::Kind::Update, missing, {{u"lastname"_s, u"Nobody"_s}}),
            contactWrite(CrmWrite::Kind::Create, {}, {{u"lastname"_s, u"Third"_s}}),
        });
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        QCOMPARE(result->size(), 3);
        QVERIFY(result->at(0).ok);
        QVERIFY(!result->at(1).ok);
        QCOMPARE(result->at(1).error.code, Error::Code::NotFound);
        QVERIFY(result->at(1).error.message.contains(missing));
        QVERIFY(result->at(2).ok);
        QCOMPARE(contactCount(), 2);
        QCOMPARE(contactRow(result->at(2).id).value(u"lastname"_s).toString(), u"Third"_s);
        // One $batch carried all three.
        int batches = 0;
        for (const SandboxRequest &r : m_fx->server.requests())
            batches += r.path.endsWith(u"$batch"_s) ? 1 : 0;
        QCOMPARE(batches, 1);
    }
};

QTEST_GUILESS_MAIN(TestDataverseConnector)
#include "testdataverseconnector.moc"
