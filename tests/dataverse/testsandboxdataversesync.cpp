// The Dataverse sandbox's sync-shaped features over real TLS sockets: server-driven paging past
// 5,000 rows, change tracking with updates and deletes, and atomic $batch changesets.

#include <QDir>
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QUuid>

#include "crm/dataverse/dataversebatchreader.h"
#include "crm/dataverse/dataversebatchwriter.h"
#include "crm/dataverse/dataversefault.h"
#include "crm/dataverse/dataversequery.h"
#include "crm/dataverse/dataversereader.h"
#include "sandboxdataversefixture.h"

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

class TestSandboxDataverseSync : public QObject
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

    void pagingPast5000Rows()
    {
        const SandboxReply seeded = m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, QJsonObject{{u"generate"_s, 5200}}}});
        QCOMPARE(seeded.status, 200);
        QCOMPARE(seeded.json().value(u"contacts"_s).toArray().size(), 5200);

        const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(u"contact"_s);
        Result<DataverseRequest> request = DataverseQuery(u"contacts"_s).select({u"fullname"_s}).maxPageSize(5000).request();
        QVERIFY(request.ok());
        QSet<QString> ids;
        QList<int> pageSizes;
        for (int guard = 0; guard < 5 && request.ok(); ++guard) {
            const SandboxReply reply = m_fx->send(*request);
            QCOMPARE(reply.status, 200);
            QVERIFY(reply.header("Preference-Applied").contains("odata.maxpagesize=5000"));
            const Result<DataverseCollection> page = DataverseReader::readCollection(reply.body, info);
            QVERIFY(page.ok());
            pageSizes.append(int(page->rows.size()));
            for (const CrmRecord &row : page->rows)
                ids.insert(row.id);
            if (page->nextLink.isEmpty())
                break;
            QVERIFY(page->nextLink.contains(u"$skiptoken="_s));
            request = DataverseRequest::followLink(page->nextLink, m_fx->apiRoot, 5000, false);
            QVERIFY2(request.ok(), qPrintable(page->nextLink + u" / "_s + m_fx->apiRoot.toString() + u" / "_s + (request.ok() ? QString() : request.error().message)));
        }
        QCOMPARE(pageSizes, (QList<int>{5000, 200}));
        QCOMPARE(ids.size(), 5200);

        // Smaller pages keep $select and walk the same rows.
        Result<DataverseRequest> small = DataverseQuery(u"contacts"_s).select({u"fullname"_s}).maxPageSize(2000).request();
        int total = 0;
        int pages = 0;
        while (small.ok() && pages < 10) {
            const Result<DataverseCollection> page = DataverseReader::readCollection(m_fx->send(*small).body, info);
            QVERIFY(page.ok());
            ++pages;
            total += int(page->rows.size());
            if (page->nextLink.isEmpty())
                break;
            small = DataverseRequest::followLink(page->nextLink, m_fx->apiRoot, 2000, false);
        }
        QCOMPARE(pages, 3);
        QCOMPARE(total, 5200);
    }

    void changeTrackingReportsUpdatesAndDeletes()
    {
        const SandboxReply seeded = m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, QJsonObject{{u"generate"_s, 3}}}});
        const QJsonArray ids = seeded.json().value(u"contacts"_s).toArray();
        QCOMPARE(ids.size(), 3);
        const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(u"contact"_s);

        const Result<DataverseRequest> initial = DataverseQuery(u"contacts"_s).select({u"fullname"_s}).trackChanges().request();
        QVERIFY(initial.ok());
        const SandboxReply first = m_fx->send(*initial);
        QCOMPARE(first.status, 200);
        QVERIFY(first.header("Preference-Applied").contains("odata.track-changes"));
        const Result<CrmChangeSet> baseline = DataverseReader::readDelta(first.body, info);
        QVERIFY(baseline.ok());
        QCOMPARE(baseline->upserts.size(), 3);
        QVERIFY(!baseline->morePages);
        QVERIFY(baseline->nextToken.contains(u"$deltatoken="_s));

        // A user edits one row, deletes another; the app creates a third that it then deletes.
        const QString edited = ids[0].toString();
        const QString deleted = ids[1].toString();
        QCOMPARE(m_fx->admin("PATCH", u"contacts/"_s + edited, {{u"lastname"_s, u"Changed"_s}}).status, 200);
        QCOMPARE(m_fx->admin("DELETE", u"contacts/"_s + deleted).status, 200);
        const SandboxReply created = m_fx->send(*DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"Fleeting"_s}}));
        const QString fleeting = DataverseReader::idFromEntityUrl(QString::fromUtf8(created.header("OData-EntityId")));
        QCOMPARE(m_fx->send(*DataverseRequest::remove(u"contacts"_s, fleeting)).status, 204);

        const Result<DataverseRequest> follow = DataverseRequest::followLink(baseline->nextToken, m_fx->apiRoot, 0, true);
        QVERIFY(follow.ok());
        const SandboxReply deltaReply = m_fx->send(*follow);
        QCOMPARE(deltaReply.status, 200);
        const Result<CrmChangeSet> delta = DataverseReader::readDelta(deltaReply.body, info);
        QVERIFY(delta.ok());
        QCOMPARE(delta->upserts.size(), 1);
        QCOMPARE(delta->upserts[0].id, edited);
        QCOMPARE(delta->upserts[0].fields.value(u"fullname"_s).toString(), u"Seed Changed"_s);
        QStringList deletedIds;
        for (const CrmDeletion &d : delta->deletes)
            deletedIds.append(d.id);
        deletedIds.sort();
        QStringList expected{deleted, fleeting};
        expected.sort();
        QCOMPARE(deletedIds, expected);

        // The deleted entries have Dataverse's exact shape.
        bool sawShape = false;
        for (const QJsonValue &v : deltaReply.json().value(u"value"_s).toArray()) {
            const QJsonObject o = v.toObject();
            if (o.value(u"id"_s).toString() != deleted)
                continue;
            QCOMPARE(o.value(u"@odata.context"_s).toString(), m_fx->apiRoot.toString() + u"$metadata#contacts/$deletedEntity"_s);
            QCOMPARE(o.value(u"reason"_s).toString(), u"deleted"_s);
            QCOMPARE(o.size(), 3);
            sawShape = true;
        }
        QVERIFY(sawShape);

        // Nothing changed since: the next delta is empty and hands out a new link.
        const SandboxReply quiet = m_fx->send(*DataverseRequest::followLink(delta->nextToken, m_fx->apiRoot, 0, true));
        const Result<CrmChangeSet> none = DataverseReader::readDelta(quiet.body, info);
        QVERIFY(none.ok());
        QVERIFY(none->upserts.isEmpty() && none->deletes.isEmpty());
        QVERIFY(!none->nextToken.isEmpty());

        // A tracked read pages too: 2 rows a page, the deltaLink only on the last page.
        Result<DataverseRequest> paged = DataverseQuery(u"contacts"_s).select({u"fullname"_s}).trackChanges().maxPageSize(1).request();
        QVERIFY(paged.ok());
        int trackedPages = 0;
        int trackedRows = 0;
        QString deltaLink;
        while (paged.ok() && trackedPages < 10) {
            const Result<CrmChangeSet> page = DataverseReader::readDelta(m_fx->send(*paged).body, info);
            QVERIFY(page.ok());
            ++trackedPages;
            trackedRows += int(page->upserts.size());
            if (!page->morePages) {
                deltaLink = page->nextToken;
                break;
            }
            paged = DataverseRequest::followLink(page->nextToken, m_fx->apiRoot, 1, true);
        }
        QCOMPARE(trackedPages, 2);
        QCOMPARE(trackedRows, 2);   // the edited row and the untouched one
        QVERIFY(deltaLink.contains(u"$deltatoken="_s));

        // Dataverse refuses $filter with change tracking.
        DataverseRequest filtered = *initial;
        filtered.path += u"&$filter=lastname%20eq%20'x'"_s;
        QCOMPARE(m_fx->send(filtered).status, 400);
    }

    void changesetIsAllOrNothing()
    {
        DataverseBatchWriter failing;
        const int group = failing.addChangeSet(
            {*DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"Batch"_s}}),
             *DataverseRequest::update(u"contacts"_s, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                       {{u"lastname"_s, u"Nobody"_s}})});
        const Result<DataverseRequest> request = failing.request();
        QVERIFY(request.ok());
        const SandboxReply reply = m_fx->send(*request);
        QCOMPARE(reply.status, 200);
        const Result<QList<DataverseBatchPart>> parts = DataverseBatchReader::read(reply.header("Content-Type"), reply.body);
        QVERIFY(parts.ok());
        QCOMPARE(parts->size(), 1);
        QCOMPARE(parts->at(0).group, group);
        QCOMPARE(parts->at(0).status, 404);
        QCOMPARE(parts->at(0).fault().kind, DataverseFault::Kind::NotFound);
        // The create before the failure was rolled back.
        QCOMPARE(m_fx->admin("GET", u"contacts"_s).json().value(u"value"_s).toArray().size(), 0);

        // A good changeset commits every part; $1 binds the contact to the account created first.
        DataverseBatchWriter good;
        const int first = good.nextContentId();
        good.addChangeSet({*DataverseRequest::create(u"accounts"_s, {{u"name"_s, u"Contoso"_s}}),
                           *DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"Bound"_s},
                                                                     {u"parentcustomerid_account@odata.bind"_s, u"$%1"_s.arg(first)}})});
        const int lone = good.addRequest(*DataverseQuery(u"accounts"_s).select({u"name"_s}).request());
        const SandboxReply ok = m_fx->send(*good.request());
        const Result<QList<DataverseBatchPart>> okParts = DataverseBatchReader::read(ok.header("Content-Type"), ok.body);
        QVERIFY(okParts.ok());
        QCOMPARE(okParts->size(), 3);
        QCOMPARE(okParts->at(0).status, 204);
        QCOMPARE(okParts->at(1).status, 204);
        QCOMPARE(okParts->at(2).group, lone);
        QCOMPARE(okParts->at(2).status, 200);
        const QJsonArray contacts = m_fx->admin("GET", u"contacts"_s).json().value(u"value"_s).toArray();
        QCOMPARE(contacts.size(), 1);
        const QString accountId = DataverseReader::idFromEntityUrl(QString::fromUtf8(okParts->at(0).header("OData-EntityId")));
        QCOMPARE(contacts[0].toObject().value(u"_parentcustomerid_value"_s).toString(), accountId);
    }

    void adminApiAndDataFolder()
    {
        const QString folder = QStringLiteral(LIAISON_TEST_OUTPUT_DIR) + u"/dvsandbox-"_s
                             + QUuid::createUuid().toString(QUuid::WithoutBraces);
        SandboxDataverseOptions options = SandboxDataverseFixture::options();
        options.dataFolder = folder;
        {
            SandboxHttpServer server;
            SandboxDataverse dataverse(options);
            QVERIFY(dataverse.install(server).ok());
            SandboxDataverseError e;
            QVERIFY(dataverse.store().create(u"accounts"_s, {{u"name"_s, u"Kept"_s}}, &e).has_value());
            QVERIFY(dataverse.save().ok());
        }
        SandboxHttpServer server;
        SandboxDataverse reloaded(options);
        QVERIFY(reloaded.install(server).ok());
        QCOMPARE(reloaded.store().rowCount(u"accounts"_s), 1);
        QCOMPARE(reloaded.store().rows(u"accounts"_s).first().value(u"name"_s).toString(), u"Kept"_s);
        QDir(folder).removeRecursively();

        // Admin: seed, inspect, reset.
        const SandboxReply seeded = m_fx->admin("POST", u"seed"_s, {{u"systemusers"_s, QJsonObject{{u"generate"_s, 2}}}});
        const QString userId = seeded.json().value(u"systemusers"_s).toArray().first().toString();
        const SandboxReply one = m_fx->admin("GET", u"systemusers/"_s + userId);
        QCOMPARE(one.status, 200);
        QVERIFY(one.json().value(u"internalemailaddress"_s).toString().endsWith(u"@example.com"_s));
        QCOMPARE(m_fx->admin("POST", u"reset"_s).status, 200);
        QCOMPARE(m_fx->admin("GET", u"systemusers/"_s + userId).status, 404);
        QCOMPARE(m_fx->admin("GET", u"systemusers"_s).json().value(u"value"_s).toArray().size(), 0);
    }

private:
    std::unique_ptr<SandboxDataverseFixture> m_fx;
};

QTEST_GUILESS_MAIN(TestSandboxDataverseSync)
#include "testsandboxdataversesync.moc"
