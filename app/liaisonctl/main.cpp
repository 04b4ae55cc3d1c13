#include "liaisonctl.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // These pick the default database folder (Paths::defaultDatabaseFile()).
    QCoreApplication::setApplicationName(QStringLiteral("liaison"));
    QCoreApplication::setOrganizationName(QStringLiteral("Liaison"));

    // Output is for scripts: errors come back as one line, so Liaison's logs (debug up to
    // warnings) show only when asked for with QT_LOGGING_RULES, which takes precedence.
    QLoggingCategory::setFilterRules(
        QStringLiteral("liaison.*.debug=false\nliaison.*.info=false\nliaison.*.warning=false"));

    Liaison::LiaisonCtl ctl;
    return ctl.run(QCoreApplication::arguments().mid(1));
}
