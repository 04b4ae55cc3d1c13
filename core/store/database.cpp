#include "store/database.h"

#include "common/logging.h"
#include "store/migrations.h"
#include "store/storesql.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutexLocker>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace Liaison {
namespace {

constexpr int kBusyTimeoutMs = 10000;

std::atomic<quint64> g_databaseSerial{0};
std::atomic<quint64> g_threadSerial{0};

// A serial per thread rather than the OS thread id: OS ids are reused after a thread ends,
// and reusing a connection name would hand a new thread a connection owned by a dead one.
quint64 currentThreadSerial()
{
    thread_local const quint64 serial = ++g_threadSerial;
    return serial;
}

// Open transactions per connection name on this thread; > 0 means nested calls use savepoints.
thread_local QHash<QString, int> t_transactionDepth;

Status execRaw(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return Error::storage(QStringLiteral("store statement '%1' failed: %2").arg(sql, query.lastError().text()));
    return {};
}

} // namespace

Database::Database(QString file)
    : m_file(std::move(file))
    , m_connectionPrefix(QStringLiteral("liaison-store-%1").arg(++g_databaseSerial))
{
}

Database::~Database()
{
    // Only connections this object added; callers must have dropped their QSqlDatabase copies
    // (the stores only hold them inside a call) and other threads must be done with the store.
    const QMutexLocker locker(&m_mutex);
    for (const QString &name : std::as_const(m_connections))
        QSqlDatabase::removeDatabase(name);
}

Result<std::shared_ptr<Database>> Database::open(const QString &file)
{
    return openUpTo(file, latestSchemaVersion());
}

Result<std::shared_ptr<Database>> Database::openAtVersionForTest(const QString &file, int version)
{
    if (version < 1 || version > latestSchemaVersion())
        return Error::invalid(QStringLiteral("schema version %1 is outside 1..%2").arg(version).arg(latestSchemaVersion()));
    return openUpTo(file, version);
}

Result<std::shared_ptr<Database>> Database::openUpTo(const QString &file, int version)
{
    if (file.trimmed().isEmpty())
        return Error::missing(QStringLiteral("no store file given"), QStringLiteral("pass --db FILE or set LIAISON_DB"));

    const QFileInfo info(file);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::storage(QStringLiteral("cannot create the store folder %1").arg(info.absolutePath()),
                              QStringLiteral("check the folder's permissions or choose another --db"));

    std::shared_ptr<Database> db(new Database(info.absoluteFilePath()));
    const QSqlDatabase connection = db->connection();
    if (!connection.isOpen())
        return Error::storage(QStringLiteral("cannot open the store %1: %2").arg(db->m_file, connection.lastError().text()),
                              QStringLiteral("check the file's permissions or choose another --db"));

    // Read the version before writing anything, so a newer or foreign file stays untouched.
    const Result<QVariant> current = StoreSql::scalar(connection, QStringLiteral("PRAGMA user_version"));
    if (!current)
        return Error::storage(QStringLiteral("%1 is not a Liaison store (%2)").arg(db->m_file, current.error().message),
                              QStringLiteral("choose another --db or move that file away"));
    const int currentVersion = current.value().toInt();
    if (currentVersion > latestSchemaVersion())
        return Error::storage(QStringLiteral("the store %1 was written by a newer Liaison (schema version %2, this "
                                             "Liaison knows up to %3)")
                                  .arg(db->m_file)
                                  .arg(currentVersion)
                                  .arg(latestSchemaVersion()),
                              QStringLiteral("upgrade Liaison"));

    // WAL lets the console, liaisonctl and the service read while one of them writes.
    const Result<QVariant> mode = StoreSql::scalar(connection, QStringLiteral("PRAGMA journal_mode=WAL"));
    if (!mode)
        return mode.error();
    if (mode.value().toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcStore) << "store" << db->m_file << "stays in journal mode" << mode.value().toString();

    if (Status s = db->migrate(version); !s)
        return s.error();
    return db;
}

int Database::latestSchemaVersion()
{
    return Migrations::latestVersion();
}

int Database::schemaVersion() const
{
    const Result<QVariant> version = StoreSql::scalar(connection(), QStringLiteral("PRAGMA user_version"));
    return version ? version.value().toInt() : -1;
}

QString Database::connectionName() const
{
    return m_connectionPrefix + QLatin1Char('-') + QString::number(currentThreadSerial());
}

QSqlDatabase Database::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    {
        const QMutexLocker locker(&m_mutex);
        m_connections << name;
    }
    db.setDatabaseName(m_file);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open()) {
        qCWarning(lcStore) << "cannot open store" << m_file << db.lastError().text();
        return db;
    }
    // Per-connection settings (journal_mode=WAL is stored in the file by open()).
    for (const QString &pragma : {QStringLiteral("PRAGMA foreign_keys=ON"),
                                  QStringLiteral("PRAGMA busy_timeout=%1").arg(kBusyTimeoutMs),
                                  QStringLiteral("PRAGMA synchronous=NORMAL")}) {
        if (Status s = execRaw(db, pragma); !s)
            qCWarning(lcStore) << s.error().message;
    }
    return db;
}

Status Database::transaction(const std::function<Status()> &work) const
{
    return runTransaction(work, true);
}

Status Database::readTransaction(const std::function<Status()> &work) const
{
    return runTransaction(work, false);
}

Status Database::runTransaction(const std::function<Status()> &work, bool takeWriteLock) const
{
    const QSqlDatabase db = connection();
    if (!db.isOpen())
        return Error::storage(QStringLiteral("the store %1 is not open: %2").arg(m_file, db.lastError().text()),
                              QStringLiteral("check the file's permissions"));

    const QString name = connectionName();
    const int depth = t_transactionDepth.value(name, 0);
    const QString savepoint = QStringLiteral("liaison_sp%1").arg(depth);
    // IMMEDIATE takes the write lock up front: a deferred read that later upgrades to a write
    // can fail with SQLITE_BUSY regardless of busy_timeout.
    if (Status s = execRaw(db, depth == 0 ? (takeWriteLock ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN")) : QStringLiteral("SAVEPOINT ") + savepoint); !s)
        return s;

    t_transactionDepth.insert(name, depth + 1);
    Status result = [&]() -> Status {
        try {
            return work();
        } catch (...) {
            // Leave nothing half-done behind, then let the caller see the exception.
            t_transactionDepth.insert(name, depth);
            if (depth == 0) {
                (void)execRaw(db, QStringLiteral("ROLLBACK"));
            } else {
                (void)execRaw(db, QStringLiteral("ROLLBACK TO ") + savepoint);
                (void)execRaw(db, QStringLiteral("RELEASE ") + savepoint);
            }
            throw;
        }
    }();
    if (depth == 0)
        t_transactionDepth.remove(name);
    else
        t_transactionDepth.insert(name, depth);

    if (result) {
        const Status done = execRaw(db, depth == 0 ? QStringLiteral("COMMIT") : QStringLiteral("RELEASE ") + savepoint);
        if (done)
            return result;
        result = done;
    }
    if (depth == 0) {
        if (Status s = execRaw(db, QStringLiteral("ROLLBACK")); !s)
            qCWarning(lcStore) << s.error().message;
    } else {
        if (Status s = execRaw(db, QStringLiteral("ROLLBACK TO ") + savepoint); !s)
            qCWarning(lcStore) << s.error().message;
        (void)execRaw(db, QStringLiteral("RELEASE ") + savepoint);
    }
    return result;
}

Status Database::migrate()
{
    return migrate(latestSchemaVersion());
}

Status Database::migrate(int targetVersion)
{
    const QSqlDatabase db = connection();
    for (const Migration &step : Migrations::all()) {
        if (step.version > targetVersion)
            break;
        const Status s = transaction([&]() -> Status {
            // Re-read under the write lock: another process may have migrated meanwhile.
            const Result<QVariant> current = StoreSql::scalar(db, QStringLiteral("PRAGMA user_version"));
            if (!current)
                return current.error();
            if (current.value().toInt() >= step.version)
                return {};
            for (const QString &sql : step.statements)
                if (Result<QSqlQuery> q = StoreSql::exec(db, sql); !q)
                    return q.error();
            // user_version lives in the file header and is rolled back with the transaction.
            return execRaw(db, QStringLiteral("PRAGMA user_version = %1").arg(step.version));
        });
        if (!s)
            return Error::storage(QStringLiteral("upgrading the store %1 to schema version %2 (%3) failed: %4")
                                      .arg(m_file)
                                      .arg(step.version)
                                      .arg(step.description, s.error().message),
                                  QStringLiteral("restore the store from a backup or report this"));
    }
    return {};
}

} // namespace Liaison
