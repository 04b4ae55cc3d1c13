#include "common/paths.h"

#include <QDir>
#include <QStandardPaths>

namespace Liaison::Paths {

QString defaultDatabaseFile()
{
    const QString fromEnv = qEnvironmentVariable("LIAISON_DB");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(dir).filePath(QStringLiteral("liaison.db"));
}

} // namespace Liaison::Paths
