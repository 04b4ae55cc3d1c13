// Opening, migrating and refusing store files; transactions and per-thread connections.
#include "storetestutil.h"

#include "store/adminstores.h"
#include "store/database.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace Liaison;

namespace {

ExchangeProfile sampleProfile(const QString &name)
{
    ExchangeProfile p;
    p.name = name;
    p.ewsUrl = QStringLiteral("https://mail.contoso.com/EWS/Exchange.asmx");
    p.serviceAccount = QStringLiteral("svc@contoso.com");
    return p;
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Sets user_version through a private connection, bypassing Database (as a newer Liaison would).
bool setUserVersion(const QString &file, int version)
{
    const QString name = QStringLiteral("teststore-raw");
    bool ok = false;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        raw.setDatabaseName(file);
        if (raw.open()) {
            QSqlQuery q(raw);
            ok = q.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool tableExists(const Database &db, const QString &table)
{
    return StoreTest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                                     .arg(table))
               .toInt()
           == 1;
}

} // namespace

class TestStoreMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshOpenIsLatestAndWal();
    void reopenIsIdempotent();
    void upgradesFromVersionOneKeepingRows();
    void upgradesFromVersionTwoKeepingCrmConnections();
    void refusesNewerFileAndLeavesItUntouched();
    void refusesFileThatIsNotADatabase();
    void failingTransactionLeavesNothing();
    void nestedTransactionRollsBackOnlyInner();
    void secondThreadGetsOwnConnection();

private:
    QTemporaryDir m_dir;
};

void TestStoreMigrations::freshOpenIsLatestAndWal()
{
    const QString file = m_dir.filePath(QStringLiteral("fresh/nested/liaison.db"));
    auto db = StoreTest::openOrFail(file);
    QVERIFY(db);
    QVERIFY(QFile::exists(file));
    QVERIFY(Database::latestSchemaVersion() >= 2);
    QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(StoreTest::scalar(*db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(StoreTest::scalar(*db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(StoreTest::scalar(*db, QStringLiteral("PRAGMA synchronous")).toInt(), 1);   // NORMAL
    QVERIFY(StoreTest::scalar(*db, QStringLiteral("PRAGMA busy_timeout")).toInt() > 0);
    QVERIFY(tableExists(*db, QStringLiteral("exchange_profiles")));
    QVERIFY(tableExists(*db, QStringLiteral("id_mappings")));
}

void TestStoreMigrations::reopenIsIdempotent()
{
    const QString file = m_dir.filePath(QStringLiteral("reopen.db"));
    {
        auto db = StoreTest::openOrFail(file);
        QVERIFY(db);
        QVERIFY(ExchangeProfileStore(*db).add(sampleProfile(QStringLiteral("Main"))).ok());
    }
    for (int i = 0; i < 2; ++i) {
        auto db = StoreTest::openOrFail(file);
        QVERIFY(db);
        QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        const auto profiles = ExchangeProfileStore(*db).list();
        QVERIFY(profiles.ok());
        QCOMPARE(profiles->size(), 1);
    }
}

void TestStoreMigrations::upgradesFromVersionOneKeepingRows()
{
    const QString file = m_dir.filePath(QStringLiteral("v1.db"));
    qint64 profileId = 0;
    {
        auto old = Database::openAtVersionForTest(file, 1);
        QVERIFY2(old.ok(), qPrintable(old ? QString() : old.error().toString()));
        QCOMPARE(old.value()->schemaVersion(), 1);
        QVERIFY(!tableExists(*old.value(), QStringLiteral("id_mappings")));
        auto id = ExchangeProfileStore(*old.value()).add(sampleProfile(QStringLiteral("Legacy")));
        QVERIFY(id.ok());
        profileId = id.value();
        User u;
        u.crmUserId = QStringLiteral("crm-1");
        u.exchangeAddress = QStringLiteral("ann@contoso.com");
        QVERIFY(UserStore(*old.value()).add(u).ok());
    }
    auto db = StoreTest::openOrFail(file);
    QVERIFY(db);
    QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(tableExists(*db, QStringLiteral("id_mappings")));
    QVERIFY(tableExists(*db, QStringLiteral("sync_states")));
    const auto profile = ExchangeProfileStore(*db).get(profileId);
    QVERIFY(profile.ok());
    QCOMPARE(profile->name, QStringLiteral("Legacy"));
    QVERIFY(profile->isDefault);
    QVERIFY(UserStore(*db).findByAddress(QStringLiteral("ANN@contoso.com")).ok());
}

// v3 adds the sign-in authority and the pinned certificate to CRM connections: existing rows keep
// everything and read back with the global authority and no pin.
void TestStoreMigrations::upgradesFromVersionTwoKeepingCrmConnections()
{
    const QString file = m_dir.filePath(QStringLiteral("v2.db"));
    {
        auto old = Database::openAtVersionForTest(file, 2);
        QVERIFY2(old.ok(), qPrintable(old ? QString() : old.error().toString()));
        QSqlQuery q(old.value()->connection());
        QVERIFY2(q.exec(QStringLiteral("INSERT INTO crm_connections (name, kind, url, tenant_id, client_id, has_secret, "
                                       "created_at, updated_at) VALUES ('Dyn', 'dataverse', "
                                       "'https://contoso.crm.dynamics.com', 't', 'c', 1, '2026-01-01T00:00:00Z', "
                                       "'2026-01-01T00:00:00Z')")),
                 qPrintable(q.lastError().text()));
    }
    auto db = StoreTest::openOrFail(file);
    QVERIFY(db);
    QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
    const auto connection = CrmConnectionStore(*db).findByName(QStringLiteral("Dyn"));
    QVERIFY2(connection.ok(), qPrintable(connection ? QString() : connection.error().toString()));
    QCOMPARE(connection->url, QStringLiteral("https://contoso.crm.dynamics.com"));
    QVERIFY(connection->hasSecret);
    QVERIFY(connection->authority.isEmpty());
    QVERIFY(connection->pinnedCertificatePem.isEmpty());
}

void TestStoreMigrations::refusesNewerFileAndLeavesItUntouched()
{
    const QString file = m_dir.filePath(QStringLiteral("newer.db"));
    {
        auto db = StoreTest::openOrFail(file);
        QVERIFY(db);
    }
    const int newer = Database::latestSchemaVersion() + 1;
    QVERIFY(setUserVersion(file, newer));
    const QByteArray before = fileHash(file);
    QVERIFY(!before.isEmpty());

    auto refused = Database::open(file);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Storage);
    QVERIFY2(refused.error().message.contains(QStringLiteral("written by a newer Liaison")),
             qPrintable(refused.error().message));
    QCOMPARE(refused.error().fix, QStringLiteral("upgrade Liaison"));
    QCOMPARE(fileHash(file), before);
}

void TestStoreMigrations::refusesFileThatIsNotADatabase()
{
    const QString file = m_dir.filePath(QStringLiteral("garbage.db"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
    }
    auto refused = Database::open(file);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Storage);
    QVERIFY2(refused.error().message.contains(QStringLiteral("not a Liaison store")), qPrintable(refused.error().message));
}

void TestStoreMigrations::failingTransactionLeavesNothing()
{
    auto db = StoreTest::openOrFail(m_dir.filePath(QStringLiteral("tx.db")));
    QVERIFY(db);
    const Status failed = db->transaction([&]() -> Status {
        QSqlQuery q(db->connection());
        if (!q.exec(QStringLiteral("INSERT INTO audit_log (at, action) VALUES ('2026-01-01T00:00:00Z', 'add')")))
            return Error::storage(QStringLiteral("insert failed"));
        return Error::conflict(QStringLiteral("changed my mind"));
    });
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, Error::Code::Conflict);
    QCOMPARE(StoreTest::scalar(*db, QStringLiteral("SELECT COUNT(*) FROM audit_log")).toInt(), 0);

    // The connection is usable again afterwards (no dangling transaction).
    QVERIFY(AuditStore(*db).record({0, {}, QStringLiteral("tester"), QStringLiteral("add"), QStringLiteral("profile"), 1, {}}).ok());
    QCOMPARE(StoreTest::scalar(*db, QStringLiteral("SELECT COUNT(*) FROM audit_log")).toInt(), 1);
}

void TestStoreMigrations::nestedTransactionRollsBackOnlyInner()
{
    auto db = StoreTest::openOrFail(m_dir.filePath(QStringLiteral("nested.db")));
    QVERIFY(db);
    ExchangeProfileStore profiles(*db);
    const Status outer = db->transaction([&]() -> Status {
        if (auto id = profiles.add(sampleProfile(QStringLiteral("Kept"))); !id)
            return id.error();
        const auto dup = profiles.add(sampleProfile(QStringLiteral("KEPT")));   // inner savepoint fails
        if (dup.ok() || dup.error().code != Error::Code::Duplicate)
            return Error::storage(QStringLiteral("expected a duplicate"));
        return {};
    });
    QVERIFY2(outer.ok(), qPrintable(outer ? QString() : outer.error().toString()));
    QCOMPARE(profiles.list()->size(), 1);

    const Status rolledBack = db->transaction([&]() -> Status {
        if (auto id = profiles.add(sampleProfile(QStringLiteral("Gone"))); !id)
            return id.error();
        return Error{Error::Code::Internal, QStringLiteral("abort"), {}};
    });
    QVERIFY(!rolledBack.ok());
    QCOMPARE(profiles.list()->size(), 1);
}

void TestStoreMigrations::secondThreadGetsOwnConnection()
{
    auto db = StoreTest::openOrFail(m_dir.filePath(QStringLiteral("threads.db")));
    QVERIFY(db);
    QVERIFY(ExchangeProfileStore(*db).add(sampleProfile(QStringLiteral("Main"))).ok());
    const QString mainName = db->connection().connectionName();

    QString threadName;
    bool threadOpen = false;
    int seenProfiles = -1;
    bool threadWrote = false;
    std::thread worker([&] {
        threadName = db->connection().connectionName();
        threadOpen = db->connection().isOpen();
        const auto profiles = ExchangeProfileStore(*db).list();
        seenProfiles = profiles ? int(profiles->size()) : -1;
        threadWrote = ExchangeProfileStore(*db).add(sampleProfile(QStringLiteral("From thread"))).ok();
    });
    worker.join();

    QVERIFY(!threadName.isEmpty());
    QVERIFY(threadName != mainName);
    QVERIFY(threadOpen);
    QCOMPARE(seenProfiles, 1);
    QVERIFY(threadWrote);
    QCOMPARE(ExchangeProfileStore(*db).list()->size(), 2);
}

QTEST_GUILESS_MAIN(TestStoreMigrations)
#include "teststore_migrations.moc"
