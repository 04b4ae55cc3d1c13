#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Liaison {

// One forward-only schema step. The runner applies each in its own transaction and records
// the version in `PRAGMA user_version` inside that same transaction.
struct Migration
{
    int version = 0;
    QString description;
    QStringList statements;   // one SQL statement each (the SQLite driver runs one at a time)
};

namespace Migrations {

// Every migration, ordered by version 1..N. Append only: never edit a released step.
const QList<Migration> &all();
int latestVersion();

} // namespace Migrations
} // namespace Liaison
