#pragma once

#include "common/result.h"
#include "ui/statusrows.h"

#include <QList>

namespace Liaison {

class Database;

// Reads the sync journal (status and error log tables) and turns it into the rows the User
// status and Error report pages show. Store reads only: cheap, never the network.
class SyncJournalFeed
{
public:
    explicit SyncJournalFeed(const Database &db) : m_db(db) {}

    Result<QList<UserStatusRow>> userStatus() const;
    Result<QList<ErrorReportRow>> errorReport(int limit = 500) const;

    // "in-sync" -> "In sync"; states the engine writes are kebab-case names.
    static QString stateText(const QString &state);
    static Tone stateTone(const QString &state);

private:
    const Database &m_db;
};

} // namespace Liaison
