#pragma once

#include "common/result.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace Liaison {

// The SQLite store: one file, WAL mode, foreign keys on, versioned forward-only migrations
// applied on open. Each thread gets its own QSqlDatabase connection to the file (Qt Sql
// connections must not cross threads); connection() hands out the calling thread's.
class Database
{
public:
    // Creates the file and its folder if needed and migrates it to latestSchemaVersion().
    // Refuses a file written by a newer Liaison (schema version above ours).
    static Result<std::shared_ptr<Database>> open(const QString &file);
    ~Database();

    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QString file() const { return m_file; }
    int schemaVersion() const;
    static int latestSchemaVersion();

    // The calling thread's connection, opened on first use with the same pragmas.
    QSqlDatabase connection() const;

    // Runs work in one transaction on this thread's connection: committed if it returns ok,
    // rolled back (changing nothing) if it returns an error. Nested calls on the same thread
    // become savepoints, so callers may wrap several store calls in one outer transaction.
    Status transaction(const std::function<Status()> &work) const;

    // Like transaction() but takes no write lock up front: a consistent read of several queries.
    Status readTransaction(const std::function<Status()> &work) const;

    // Test hook: creates/opens the file and migrates it only up to `version` (1..latest), so
    // tests can build an old-schema store and check the upgrade path.
    static Result<std::shared_ptr<Database>> openAtVersionForTest(const QString &file, int version);

private:
    explicit Database(QString file);
    static Result<std::shared_ptr<Database>> openUpTo(const QString &file, int version);
    Status migrate();
    Status migrate(int targetVersion);
    QString connectionName() const;
    Status runTransaction(const std::function<Status()> &work, bool takeWriteLock) const;

    QString m_file;
    QString m_connectionPrefix;
    mutable QMutex m_mutex;                 // guards m_connections
    mutable QStringList m_connections;      // connection names this object added, removed in ~Database
};

} // namespace Liaison
