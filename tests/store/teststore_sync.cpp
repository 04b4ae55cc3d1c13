// The sync-state repositories: id mappings, cursors, status and the error log.
#include "storetestutil.h"

#include "store/adminstores.h"
#include "store/database.h"
#include "store/syncstores.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Liaison;

namespace {

IdMapping mapping(const QString &mailbox, const QString &itemId, const QString &crmId = {})
{
    IdMapping m;
    m.mailbox = mailbox;
    m.objectType = ObjectType::Contacts;
    m.exchangeItemId = itemId;
    m.changeKey = QStringLiteral("CK1");
    m.crmId = crmId;
    m.crmEtag = QStringLiteral("W/\"100\"");
    m.contentHash = QStringLiteral("hash1");
    return m;
}

const QString kAnn = QStringLiteral("ann@contoso.com");
const QString kBob = QStringLiteral("bob@contoso.com");

} // namespace

class TestStoreSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void idMappingUpsertAndFind();
    void itemIdsAreCaseSensitive();
    void itemIdLengthLimit();
    void failuresCountAndResetOnSync();
    void findByCrmIdAcrossMailboxes();
    void removeMappings();
    void syncStates();
    void statusRows();
    void errorLog();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Database> m_db;
    int m_counter = 0;
};

void TestStoreSync::init()
{
    m_db = StoreTest::openOrFail(m_dir.filePath(QStringLiteral("sync-%1.db").arg(++m_counter)));
    QVERIFY(m_db);
}

void TestStoreSync::cleanup()
{
    m_db.reset();
}

void TestStoreSync::idMappingUpsertAndFind()
{
    IdMappingStore store(*m_db);
    const auto id = store.upsert(mapping(kAnn, QStringLiteral("AAMkAD=="), QStringLiteral("crm-1")));
    QVERIFY(id.ok());
    auto found = store.findByExchangeId(QStringLiteral("ANN@contoso.com"), ObjectType::Contacts, QStringLiteral("AAMkAD=="));
    QVERIFY(found.ok());
    QVERIFY(found->has_value());
    const IdMapping &m = found->value();
    QCOMPARE(m.id, id.value());
    QCOMPARE(m.changeKey, QStringLiteral("CK1"));
    QCOMPARE(m.crmId, QStringLiteral("crm-1"));
    QCOMPARE(m.crmEtag, QStringLiteral("W/\"100\""));
    QCOMPARE(m.contentHash, QStringLiteral("hash1"));
    QVERIFY(m.createdAt.isValid());
    QVERIFY(m.lastSyncedAt.isValid());
    QCOMPARE(m.retryCount, 0);

    IdMapping changed = mapping(kAnn, QStringLiteral("AAMkAD=="), QStringLiteral("crm-1"));
    changed.changeKey = QStringLiteral("CK2");
    changed.contentHash = QStringLiteral("hash2");
    QCOMPARE(store.upsert(changed).value(), id.value());   // same row
    found = store.findByExchangeId(kAnn, ObjectType::Contacts, QStringLiteral("AAMkAD=="));
    QCOMPARE(found->value().changeKey, QStringLiteral("CK2"));
    QCOMPARE(found->value().contentHash, QStringLiteral("hash2"));

    // Other type, other mailbox: not found.
    QVERIFY(!store.findByExchangeId(kAnn, ObjectType::Events, QStringLiteral("AAMkAD=="))->has_value());
    QVERIFY(!store.findByExchangeId(kBob, ObjectType::Contacts, QStringLiteral("AAMkAD=="))->has_value());
    QCOMPARE(store.listForMailbox(kAnn)->size(), 1);
    QCOMPARE(store.listForMailbox(kAnn, ObjectType::Events)->size(), 0);
}

void TestStoreSync::itemIdsAreCaseSensitive()
{
    IdMappingStore store(*m_db);
    const auto lower = store.upsert(mapping(kAnn, QStringLiteral("AAMkAGabc="), QStringLiteral("crm-1")));
    const auto upper = store.upsert(mapping(kAnn, QStringLiteral("AAMkAGABC="), QStringLiteral("crm-2")));
    QVERIFY(lower.ok());
    QVERIFY(upper.ok());
    QVERIFY(lower.value() != upper.value());
    QCOMPARE(store.listForMailbox(kAnn)->size(), 2);
    QCOMPARE(store.findByExchangeId(kAnn, ObjectType::Contacts, QStringLiteral("AAMkAGabc="))->value().crmId,
             QStringLiteral("crm-1"));
    QCOMPARE(store.findByExchangeId(kAnn, ObjectType::Contacts, QStringLiteral("AAMkAGABC="))->value().crmId,
             QStringLiteral("crm-2"));
}

void TestStoreSync::itemIdLengthLimit()
{
    IdMappingStore store(*m_db);
    QVERIFY(store.upsert(mapping(kAnn, QString(512, QLatin1Char('a')))).ok());
    const auto refused = store.upsert(mapping(kAnn, QString(513, QLatin1Char('a'))));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Invalid);
    // Bytes, not characters: 256 two-byte characters fit, 257 do not.
    QVERIFY(store.upsert(mapping(kAnn, QString(256, QChar(0x00e9)))).ok());
    QVERIFY(!store.upsert(mapping(kAnn, QString(257, QChar(0x00e9)))).ok());
    QCOMPARE(store.listForMailbox(kAnn)->size(), 2);

    // The file's CHECK refuses it as well, whatever code writes.
    QSqlQuery q(m_db->connection());
    QVERIFY(q.prepare(QStringLiteral("INSERT INTO id_mappings (mailbox, object_type, exchange_item_id, created_at, "
                                     "updated_at) VALUES ('x@y.z', 'contacts', ?, '', '')")));
    q.addBindValue(QString(513, QLatin1Char('b')));
    QVERIFY(!q.exec());
    q.addBindValue(QString(512, QLatin1Char('b')));
    QVERIFY(q.exec());
}

void TestStoreSync::failuresCountAndResetOnSync()
{
    IdMappingStore store(*m_db);
    const qint64 id = store.upsert(mapping(kAnn, QStringLiteral("item"))).value();
    QCOMPARE(store.recordFailure(id, Error::conflict(QStringLiteral("412 Precondition Failed"))).value(), 1);
    QCOMPARE(store.recordFailure(id, Error::storage(QStringLiteral("again"), QStringLiteral("retry"))).value(), 2);
    auto m = store.findByExchangeId(kAnn, ObjectType::Contacts, QStringLiteral("item"))->value();
    QCOMPARE(m.retryCount, 2);
    QCOMPARE(m.lastError, QStringLiteral("again. Fix: retry"));
    QCOMPARE(store.recordFailure(9999, Error::storage(QStringLiteral("x"))).error().code, Error::Code::NotFound);

    QVERIFY(store.upsert(mapping(kAnn, QStringLiteral("item"))).ok());
    m = store.findByExchangeId(kAnn, ObjectType::Contacts, QStringLiteral("item"))->value();
    QCOMPARE(m.retryCount, 0);
    QVERIFY(m.lastError.isEmpty());
}

void TestStoreSync::findByCrmIdAcrossMailboxes()
{
    IdMappingStore store(*m_db);
    QVERIFY(store.upsert(mapping(kAnn, QStringLiteral("a1"), QStringLiteral("contact-7"))).ok());
    QVERIFY(store.upsert(mapping(kBob, QStringLiteral("b1"), QStringLiteral("contact-7"))).ok());
    QVERIFY(store.upsert(mapping(kBob, QStringLiteral("b2"), QStringLiteral("contact-8"))).ok());
    const auto both = store.findByCrmId(ObjectType::Contacts, QStringLiteral("contact-7"));
    QVERIFY(both.ok());
    QCOMPARE(both->size(), 2);
    QVERIFY(store.findByCrmId(ObjectType::Events, QStringLiteral("contact-7"))->isEmpty());
    const auto bobs = store.findByCrmId(kBob, ObjectType::Contacts, QStringLiteral("contact-7"));
    QVERIFY(bobs->has_value());
    QCOMPARE(bobs->value().exchangeItemId, QStringLiteral("b1"));
    QVERIFY(!store.findByCrmId(kAnn, ObjectType::Contacts, QStringLiteral("contact-8"))->has_value());
}

void TestStoreSync::removeMappings()
{
    IdMappingStore store(*m_db);
    const qint64 a1 = store.upsert(mapping(kAnn, QStringLiteral("a1"))).value();
    QVERIFY(store.upsert(mapping(kAnn, QStringLiteral("a2"))).ok());
    QVERIFY(store.upsert(mapping(kBob, QStringLiteral("b1"))).ok());
    QVERIFY(store.remove(a1).ok());
    QCOMPARE(store.remove(a1).error().code, Error::Code::NotFound);
    QCOMPARE(store.removeAllForMailbox(QStringLiteral("Ann@Contoso.com")).value(), 1);
    QVERIFY(store.listForMailbox(kAnn)->isEmpty());
    QCOMPARE(store.listForMailbox(kBob)->size(), 1);
}

void TestStoreSync::syncStates()
{
    SyncStateStore store(*m_db);
    QVERIFY(!store.get(kAnn, QStringLiteral("contacts-folder"), SyncStateKind::ewsItems())->has_value());
    QVERIFY(store.put(kAnn, QStringLiteral("contacts-folder"), SyncStateKind::ewsItems(), QStringLiteral("H4sIAAA=")).ok());
    QVERIFY(store.put(kAnn, QString(), SyncStateKind::ewsHierarchy(), QStringLiteral("hier")).ok());
    QVERIFY(store.put(kBob, QString(), SyncStateKind::graphDelta(), QStringLiteral("https://graph/delta")).ok());
    QCOMPARE(store.get(kAnn, QStringLiteral("contacts-folder"), SyncStateKind::ewsItems())->value(),
             QStringLiteral("H4sIAAA="));
    QVERIFY(store.put(kAnn, QStringLiteral("contacts-folder"), SyncStateKind::ewsItems(), QStringLiteral("next")).ok());
    QCOMPARE(store.get(QStringLiteral("ANN@contoso.com"), QStringLiteral("contacts-folder"), SyncStateKind::ewsItems())->value(),
             QStringLiteral("next"));
    // Folder ids are case-sensitive like item ids.
    QVERIFY(!store.get(kAnn, QStringLiteral("CONTACTS-FOLDER"), SyncStateKind::ewsItems())->has_value());

    QCOMPARE(store.clear(kAnn).value(), 2);
    QVERIFY(!store.get(kAnn, QString(), SyncStateKind::ewsHierarchy())->has_value());
    QVERIFY(store.get(kBob, QString(), SyncStateKind::graphDelta())->has_value());
    QVERIFY(store.remove(kBob, QString(), SyncStateKind::graphDelta()).ok());
    QVERIFY(!store.get(kBob, QString(), SyncStateKind::graphDelta())->has_value());
}

void TestStoreSync::statusRows()
{
    User u;
    u.crmUserId = QStringLiteral("1");
    u.exchangeAddress = kAnn;
    const qint64 ann = UserStore(*m_db).add(u).value();
    u.crmUserId = QStringLiteral("2");
    u.exchangeAddress = kBob;
    const qint64 bob = UserStore(*m_db).add(u).value();

    StatusStore store(*m_db);
    const QDateTime when = QDateTime(QDate(2026, 11, 1), QTime(8, 30, 0, 250), Qt::UTC);
    SyncStatusRow row{ann, ObjectType::Contacts, SyncDirection::ExchangeToCrm, QStringLiteral("ok"), QString(),
                      when, when, 12};
    QVERIFY(store.set(row).ok());
    row.direction = SyncDirection::CrmToExchange;
    row.state = QStringLiteral("error");
    row.message = QStringLiteral("CRM refused");
    row.lastSuccessAt = QDateTime();
    QVERIFY(store.set(row).ok());
    QVERIFY(store.set({bob, ObjectType::Events, SyncDirection::ExchangeToCrm, QStringLiteral("running"), {}, {}, when, 0}).ok());
    row.itemsSynced = 13;
    QVERIFY(store.set(row).ok());   // replaces, does not add

    const auto all = store.list();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 3);
    const auto anns = store.listForUser(ann);
    QCOMPARE(anns->size(), 2);
    bool sawError = false;
    for (const SyncStatusRow &r : anns.value()) {
        if (r.direction == SyncDirection::CrmToExchange) {
            sawError = true;
            QCOMPARE(r.state, QStringLiteral("error"));
            QCOMPARE(r.message, QStringLiteral("CRM refused"));
            QVERIFY(!r.lastSuccessAt.isValid());
            QCOMPARE(r.lastAttemptAt, when);
            QCOMPARE(r.itemsSynced, 13);
        } else {
            QCOMPARE(r.lastSuccessAt, when);
        }
    }
    QVERIFY(sawError);

    // Rows go with their user; unknown users are refused by the foreign key.
    QVERIFY(UserStore(*m_db).remove(bob).ok());
    QCOMPARE(store.list()->size(), 2);
    QVERIFY(!store.set({999, ObjectType::Emails, SyncDirection::ExchangeToCrm, QStringLiteral("ok"), {}, {}, {}, 0}).ok());
}

void TestStoreSync::errorLog()
{
    User u;
    u.crmUserId = QStringLiteral("1");
    u.exchangeAddress = kAnn;
    const qint64 ann = UserStore(*m_db).add(u).value();

    ErrorLogStore store(*m_db);
    const QDateTime base = QDateTime(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC);
    ErrorLogEntry first = ErrorLogEntry::fromError(Error::conflict(QStringLiteral("etag mismatch"), QStringLiteral("none")),
                                                   ann, kAnn, ObjectType::Contacts);
    first.at = base;
    QVERIFY(store.append(first).ok());
    ErrorLogEntry second = ErrorLogEntry::fromError(Error::storage(QStringLiteral("disk full")));
    second.at = base.addSecs(60);
    QVERIFY(store.append(second).ok());
    ErrorLogEntry third = ErrorLogEntry::fromError(Error::conflict(QStringLiteral("event moved")), ann, kAnn,
                                                   ObjectType::Events);
    QVERIFY(store.append(third).ok());   // `at` = now

    const auto all = store.list();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(0).message, QStringLiteral("event moved"));   // newest first
    QCOMPARE(all->at(2).message, QStringLiteral("etag mismatch"));
    QCOMPARE(all->at(2).code, QStringLiteral("conflict"));
    QCOMPARE(all->at(2).suggestedFix, QStringLiteral("none"));
    QCOMPARE(all->at(2).at, base);
    QCOMPARE(all->at(2).userId, std::optional<qint64>(ann));
    QCOMPARE(all->at(2).objectType, std::optional<ObjectType>(ObjectType::Contacts));
    QVERIFY(!all->at(1).userId.has_value());
    QVERIFY(!all->at(1).objectType.has_value());

    QCOMPARE(store.list(1)->size(), 1);
    QCOMPARE(store.list(0, ann)->size(), 2);
    QCOMPARE(store.list(0, ann, ObjectType::Contacts)->size(), 1);
    QCOMPARE(store.list(0, {}, ObjectType::Events)->size(), 1);

    QCOMPARE(store.pruneOlderThan(base.addSecs(30)).value(), 1);
    QCOMPARE(store.list()->size(), 2);
    QCOMPARE(store.append(ErrorLogEntry{}).error().code, Error::Code::Missing);
}

QTEST_GUILESS_MAIN(TestStoreSync)
#include "teststore_sync.moc"
