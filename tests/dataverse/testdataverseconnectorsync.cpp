// DataverseConnector against the Dataverse sandbox: change tracking with paging past 5,000 rows
// and deletes, the modifiedon watermark fallback, token renewal, 429 handling and the ramp,
// and sign-in errors.
#include <QJsonArray>
#include <QTest>

#include "connectortestutil.h"

using namespace Qt::StringLiterals;
using namespace Liaison;

class TestDataverseConnectorSync : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxDataverseFixture> m_fx;

private Q_SLOTS:
    void init()
    {
        earlyCallbacks() = 0;
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const Status started = m_fx->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    }
    void cleanup()
    {
        QCOMPARE(earlyCallbacks(), 0);
        m_fx.reset();
    }

    void changeTrackingPagesAndDeletes()
    {
        const QJsonArray ids = m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, QJsonObject{{u"generate"_s, 5200}}}})
                                   .json().value(u"contacts"_s).toArray();
        QCOMPARE(ids.size(), 5200);
        ConnectorRig rig(*m_fx);
        const QStringList columns{u"firstname"_s, u"lastname"_s};

        const Result<CrmChangeSet> first = rig.changes(u"contact"_s, columns, {});
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
        QCOMPARE(first->upserts.size(), 5000);
        QVERIFY(first->morePages);
        QVERIFY(first->nextToken.startsWith(u"dvct;1;"_s));

        const Result<CrmChangeSet> second = rig.changes(u"contact"_s, columns, first->nextToken);
        QVERIFY(second.ok());
        QCOMPARE(second->upserts.size(), 200);
        QVERIFY(!second->morePages);
        QVERIFY(second->nextToken.contains(u"deltatoken"_s));
        QSet<QString> seen;
        for (const CrmRecord &r : first->upserts + second->upserts)
            seen.insert(r.id);
        QCOMPARE(seen.size(), 5200);

        // Nothing changed: an empty round keeps a usable token.
        const Result<CrmChangeSet> quiet = rig.changes(u"contact"_s, columns, second->nextToken);
        QVERIFY(quiet.ok());
        QVERIFY(quiet->upserts.isEmpty() && quiet->deletes.isEmpty());

        const QString changed = ids.at(10).toString();
        const QString deleted = ids.at(20).toString();
        QCOMPARE(m_fx->admin("PATCH", u"contacts/"_s + changed, {{u"lastname"_s, u"Changed"_s}}).status, 200);
        QCOMPARE(m_fx->admin("DELETE", u"contacts/"_s + deleted).status, 200);
        const Result<CrmChangeSet> delta = rig.changes(u"contact"_s, columns, quiet->nextToken);
        QVERIFY2(delta.ok(), qPrintable(delta.ok() ? QString() : delta.error().toString()));
        QCOMPARE(delta->upserts.size(), 1);
        QCOMPARE(delta->upserts.at(0).id, changed);
        QCOMPARE(delta->upserts.at(0).fields.value(u"lastname"_s).toString(), u"Changed"_s);
        QCOMPARE(delta->deletes.size(), 1);
        QCOMPARE(delta->deletes.at(0), (CrmDeletion{u"contact"_s, deleted}));
        QVERIFY(!delta->morePages);
    }

    void watermarkWithoutChangeTracking()
    {
        m_fx->dataverse.store().setChangeTracking(u"contacts"_s, false);
        const QJsonArray ids = m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, QJsonObject{{u"generate"_s, 3}}}})
                                   .json().value(u"contacts"_s).toArray();
        DataverseConnectorOptions options;
        options.pageSize = 2;
        ConnectorRig rig(*m_fx, options);
        QCOMPARE(rig.connector->changeTracking(u"contact"_s), DataverseConnector::ChangeTracking::Auto);

        const Result<CrmChangeSet> page1 = rig.changes(u"contact"_s, {u"lastname"_s}, {});
        QVERIFY2(page1.ok(), qPrintable(page1.ok() ? QString() : page1.error().toString()));
        QCOMPARE(rig.connector->changeTracking(u"contact"_s), DataverseConnector::ChangeTracking::Off);
        QCOMPARE(page1->upserts.size(), 2);
        QVERIFY(page1->morePages);
        QVERIFY(page1->nextToken.startsWith(u"dvwm;1;"_s));
        const Result<CrmChangeSet> page2 = rig.changes(u"contact"_s, {u"lastname"_s}, page1->nextToken);
        QVERIFY(page2.ok());
        QCOMPARE(page2->upserts.size(), 1);
        QVERIFY(!page2->morePages);
        QVERIFY(page2->upserts.at(0).modifiedOn.isValid());

        // The next round asks for modifiedon >= the newest row seen: the changed row comes back.
        const QString changed = ids.at(1).toString();
        QCOMPARE(m_fx->admin("PATCH", u"contacts/"_s + changed, {{u"lastname"_s, u"Later"_s}}).status, 200);
        QString token = page2->nextToken;
        QList<CrmRecord> next;
        for (int guard = 0; guard < 5; ++guard) {
            const Result<CrmChangeSet> round = rig.changes(u"contact"_s, {u"lastname"_s}, token);
            QVERIFY(round.ok());
            next += round->upserts;
            token = round->nextToken;
            if (!round->morePages)
                break;
        }
        const auto it = std::find_if(next.begin(), next.end(), [&](const CrmRecord &r) { return r.id == changed; });
        QVERIFY(it != next.end());
        QCOMPARE(it->fields.value(u"lastname"_s).toString(), u"Later"_s);
        // A filtered query was used, never Prefer: odata.track-changes after the fallback.
        QVERIFY(m_fx->server.requests().last().query.toString().contains(u"modifiedon"_s));
    }

    void expiredTokenRenewedTransparently()
    {
        ConnectorRig rig(*m_fx);
        QVERIFY(rig.whoAmI().ok());
        QCOMPARE(rig.tokens->fetchCount(), 1);
        m_fx->dataverse.expireTokens();   // the cached token is now refused with 401
        const Result<CrmIdentity> again = rig.whoAmI();
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
        QCOMPARE(rig.tokens->fetchCount(), 2);
        QVERIFY(rig.whoAmI().ok());
        QCOMPARE(rig.tokens->fetchCount(), 2);
    }

    void throttledRequestRetriedAndRampHalves()
    {
        DataverseConnectorOptions options;
        options.initialConcurrency = 4;
        ConnectorRig rig(*m_fx, options);
        QCOMPARE(rig.connector->ramp().limit(), 4);
        m_fx->server.injectFault(SandboxFault::respond(SandboxDataverse::throttled(1)), u"/api/data/v9.2/WhoAmI"_s, 1);
        const Result<CrmIdentity> me = rig.whoAmI();
        QVERIFY2(me.ok(), qPrintable(me.ok() ? QString() : me.error().toString()));
        int whoAmICalls = 0;
        for (const SandboxRequest &r : m_fx->server.requests())
            whoAmICalls += r.path.endsWith(u"/WhoAmI"_s) ? 1 : 0;
        QCOMPARE(whoAmICalls, 2);   // the 429, then the retry after Retry-After
        QCOMPARE(rig.connector->ramp().limit(), 2);
        QVERIFY(!rig.connector->ramp().isRamping());
        QVERIFY(rig.connector->ramp().throttleCount() >= 1);
    }

    void badSecretIsAClearError()
    {
        const QString secret = u"wrong-secret-Zx81"_s;
        ConnectorRig rig(*m_fx, {}, secret);
        const Result<CrmIdentity> me = rig.whoAmI();
        QVERIFY(!me.ok());
        QCOMPARE(me.error().code, Error::Code::Invalid);
        QVERIFY(me.error().message.contains(u"client secret is wrong"_s));
        QVERIFY(!me.error().toString().contains(secret));
        const Result<CrmChangeSet> changes = rig.changes(u"contact"_s, {}, {});
        QVERIFY(!changes.ok());
        QVERIFY(!changes.error().toString().contains(secret));
    }

    void abortCancelsQueuedCalls()
    {
        ConnectorRig rig(*m_fx);
        std::optional<Result<CrmIdentity>> out;
        rig.connector->whoAmI([&](Result<CrmIdentity> r) { out.emplace(std::move(r)); });
        rig.connector->abort();
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
        QVERIFY(!out->ok());
        // The connector still works after an abort.
        QVERIFY(rig.whoAmI().ok());
    }
};

QTEST_GUILESS_MAIN(TestDataverseConnectorSync)
#include "testdataverseconnectorsync.moc"
