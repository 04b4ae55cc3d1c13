#pragma once

#include "ui/rowsmodel.h"

#include <QDateTime>
#include <QString>

namespace Liaison {

// Plain rows the monitoring pages display. Whoever reads the sync journal (the status stores,
// liaisond's snapshots) converts its records into these and calls the page's setRows().

// One line of the system status table: the service account, the CRM connection, the last run...
struct SystemStatusRow
{
    QString component;      // "Exchange service account", "CRM connection", "Contacts sync", ...
    QString status;         // what the admin reads: "Recognised", "Failed", "3 minutes ago"
    Tone tone = Tone::Neutral;
    QString detail;         // what it means / what to check
    QDateTime lastChecked;
};

// One user, one object type, one direction.
struct UserStatusRow
{
    QString user;           // address or display name
    QString object;         // "Contacts", "Events", ...
    QString direction;      // "Exchange → CRM", ...
    QString status;         // "Not started", "Initial sync in progress", "In sync", "Failed", ...
    Tone tone = Tone::Neutral;
    QDateTime lastSync;
    int items = 0;          // records in sync
    QString message;
};

// One failure, with what to do about it.
struct ErrorReportRow
{
    QDateTime time;
    QString user;
    QString object;
    QString error;
    QString suggestedFix;
};

} // namespace Liaison
