#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>

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
    // rolled back (changing nothing) if it returns an error.
    Status transaction(const std::function<Status()> &work) const;

private:
    explicit Database(QString file);
    Status migrate();

    QString m_file;
    QString m_connectionPrefix;
};

} // namespace Liaison
