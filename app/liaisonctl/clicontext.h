#pragma once

#include "admin/adminservice.h"

#include <QString>

#include <memory>

namespace Liaison {

// What every command shares: the database file, output mode, and the AdminService,
// opened on first use so `--help` and usage errors never touch the database.
class CliContext
{
public:
    CliContext() = default;

    void setDatabaseFile(const QString &file) { m_databaseFile = file; }
    QString databaseFile() const;   // --db, else Paths::defaultDatabaseFile()
    void setJson(bool json) { m_json = json; }
    bool json() const { return m_json; }

    AdminService &admin();   // throws CliError (storage) when the database cannot be opened

private:
    QString m_databaseFile;
    bool m_json = false;
    std::unique_ptr<AdminService> m_admin;
};

} // namespace Liaison
