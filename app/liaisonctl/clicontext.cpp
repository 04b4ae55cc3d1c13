#include "clicontext.h"

#include "clierror.h"
#include "common/paths.h"
#include "secrets/secretstorefactory.h"

namespace Liaison {

QString CliContext::databaseFile() const
{
    return m_databaseFile.isEmpty() ? Paths::defaultDatabaseFile() : m_databaseFile;
}

AdminService &CliContext::admin()
{
    if (!m_admin) {
        Result<std::shared_ptr<Database>> db = Database::open(databaseFile());
        if (!db) {
            CliError error = CliError::from(db.error());
            error.exitCode = ExitStorage;   // whatever the cause, the store is unusable
            throw error;
        }
        m_admin = std::make_unique<AdminService>(db.value(), makeSystemSecretStore());
    }
    return *m_admin;
}

} // namespace Liaison
