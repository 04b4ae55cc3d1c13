#pragma once

#include <QString>

namespace Liaison::Paths {

// The store used when no --db is given: <per-user app data>/liaison.db.
// LIAISON_DB in the environment overrides it (the service and tests use this).
QString defaultDatabaseFile();

} // namespace Liaison::Paths
