// The Dataverse sandbox's sync-shaped features over real TLS sockets: server-driven paging past
// 5,000 rows, change tracking with updates and deletes (new and updated rows before deletes, tokens
// that expire), atomic $batch changesets, and activity ids unique across activity tables.

#include "crm/dataverse/dataversebatchreader.h"
#include "crm/dataverse/dataversebatchwriter.h"
#include "crm/dataverse/dataversefault.h"
#include "crm/dataverse/dataversequery.h"
#include "crm/dataverse/dataversereader.h"
#include "sandboxdataversefixture.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QUrl>
#include <QUuid>

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

    // A delta link past its retention, or expired through the admin API, answers Dataverse's
    // ExpiredVersionStamp; a new tracked read (the full resync) works again.
    void expiredDeltaTokenAsksForAFullSync()
    {
        QCOMPARE(m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, QJsonObject{{u"generate"_s, 2}}}}).status,
                 200);
        const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(u"contact"_s);
        const auto deltaLink = [&]() {
            const Result<DataverseRequest> initial =
                DataverseQuery(u"contacts"_s).select({u"fullname"_s}).trackChanges().request();
            const Result<CrmChangeSet> read = DataverseReader::readDelta(m_fx->send(*initial).body, info);
            return read.ok() ? read->nextToken : QString();
        };
        const auto follow = [&](const QString &link) {
            return m_fx->send(*DataverseRequest::followLink(link, m_fx->apiRoot, 0, true));
        };
        const auto expired = [](const SandboxReply &r) {
            const QJsonObject e = r.json().value(u"error"_s).toObject();
            return r.status == 400 && e.value(u"code"_s).toString() == u"0x80044352"_s &&
                   e.value(u"message"_s).toString() ==
                       u"Version stamp associated with the client has expired. Please perform a full sync."_s;
        };
        // The token's issue time, moved back by `days`.
        const auto issuedDaysAgo = [](const QString &link, int days) -> QString {
            const QString encoded = link.section(u"$deltatoken="_s, 1);
            const QString token = QUrl::fromPercentEncoding(encoded.toLatin1());
            const QString moved =
                token.section(u'!', 0, 0) + u'!' +
                QDateTime::currentDateTimeUtc().addDays(-days).toString(u"MM/dd/yyyy HH:mm:ss"_s);
            return link.section(u"$deltatoken="_s, 0, 0) + u"$deltatoken="_s +
                   QString::fromLatin1(QUrl::toPercentEncoding(moved));
        };

        const QString first = deltaLink();
        QVERIFY(first.contains(u"$deltatoken="_s));
        QCOMPARE(follow(first).status, 200);
        // ExpireChangeTrackingInDays defaults to 7.
        QVERIFY(follow(issuedDaysAgo(first, 6)).status == 200);
        QVERIFY(expired(follow(issuedDaysAgo(first, 8))));

        // Only the tokens issued more than n days ago.
        QCOMPARE(m_fx->admin("POST", u"changetracking/expire"_s, {{u"olderThanDays"_s, 2}}).status, 200);
        QVERIFY(expired(follow(issuedDaysAgo(first, 3))));
        QCOMPARE(follow(first).status, 200);

        // Every token handed out so far.
        QCOMPARE(m_fx->admin("POST", u"changetracking/expire"_s).status, 200);
        const SandboxReply refused = follow(first);
        QVERIFY2(expired(refused), refused.body.constData());
        const QString fresh = deltaLink(); // the full resync
        QVERIFY(fresh.contains(u"$deltatoken="_s));
        QCOMPARE(follow(fresh).status, 200);
        QCOMPARE(follow(fresh).json().value(u"value"_s).toArray().size(), 0);
    }

    // Within a page, new and updated rows come before deletes, whatever order they happened in.
    void deltaListsNewAndUpdatedRowsBeforeDeletes()
    {
        const SandboxReply seeded =
            m_fx->admin("POST", u"seed"_s, {{u"contacts"_s, QJsonObject{{u"generate"_s, 4}}}});
        const QJsonArray ids = seeded.json().value(u"contacts"_s).toArray();
        const Result<DataverseRequest> initial =
            DataverseQuery(u"contacts"_s).select({u"fullname"_s}).trackChanges().request();
        const QString link = m_fx->send(*initial).json().value(u"@odata.deltaLink"_s).toString();
        QVERIFY(!link.isEmpty());
        QCOMPARE(m_fx->admin("DELETE", u"contacts/"_s + ids[0].toString()).status, 200);
        QCOMPARE(
            m_fx->admin("PATCH", u"contacts/"_s + ids[1].toString(), {{u"lastname"_s, u"Later"_s}}).status,
            200);
        QCOMPARE(m_fx->admin("DELETE", u"contacts/"_s + ids[2].toString()).status, 200);
        QCOMPARE(m_fx->send(*DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"New"_s}})).status,
                 204);

        const SandboxReply delta = m_fx->send(*DataverseRequest::followLink(link, m_fx->apiRoot, 0, true));
        QCOMPARE(delta.status, 200);
        QStringList kinds;
        for (const QJsonValue &v : delta.json().value(u"value"_s).toArray())
            kinds.append(v.toObject().contains(u"reason"_s) ? u"deleted"_s
                                                            : v.toObject().value(u"fullname"_s).toString());
        QCOMPARE(kinds, (QStringList{u"Seed Later"_s, u"New"_s, u"deleted"_s, u"deleted"_s}));
    }

    // Every activity is an ActivityPointer row: a client-chosen id is unique across activity tables.
    void activityIdIsUniqueAcrossActivityTables()
    {
        const QString id = u"7d3c1f0e-5a2b-4c6d-8e9f-0a1b2c3d4e5f"_s;
        QCOMPARE(
            m_fx->send(*DataverseRequest::create(u"tasks"_s, {{u"activityid"_s, id}, {u"subject"_s, u"T"_s}}))
                .status,
            204);
        for (const QString &set : {u"appointments"_s, u"emails"_s, u"recurringappointmentmasters"_s}) {
            QJsonObject fields{{u"activityid"_s, id}, {u"subject"_s, u"Again"_s}};
            if (set == u"recurringappointmentmasters"_s) {
                fields.insert(u"starttime"_s, u"2026-05-04T09:00:00Z"_s);
                fields.insert(u"endtime"_s, u"2026-05-04T10:00:00Z"_s);
                fields.insert(u"patternstartdate"_s, u"2026-05-04"_s);
                fields.insert(u"recurrencepatterntype"_s, 0);
                fields.insert(u"interval"_s, 1);
                fields.insert(u"occurrences"_s, 2);
                fields.insert(u"patternendtype"_s, 2);
            }
            const SandboxReply r = m_fx->send(*DataverseRequest::create(set, fields));
            QVERIFY2(r.status == 412, qPrintable(set + u": "_s + QString::fromUtf8(r.body)));
            QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"0x80040237"_s);
            QCOMPARE(r.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                     u"Cannot insert duplicate key."_s);
            QCOMPARE(m_fx->dataverse.store().rowCount(set), 0);
        }
        // An upsert to another activity table by that id is a create, refused the same way.
        const SandboxReply upsert = m_fx->send(
            DataverseRequest::upsert(*DataverseRequest::entityPath(u"appointments"_s, id),
                                     {{u"subject"_s, u"U"_s}}, DataverseRequest::UpsertMode::CreateOrUpdate));
        QCOMPARE(upsert.status, 412);
        // Other tables have their own keys.
        QCOMPARE(m_fx->send(*DataverseRequest::create(u"contacts"_s,
                                                      {{u"contactid"_s, id}, {u"lastname"_s, u"C"_s}}))
                     .status,
                 204);
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
