// liaisond: the headless Liaison service. It opens the same store as the console and
// liaisonctl, checks that secrets are reachable, reports which users will sync under which
// configuration, and stays up until SIGINT/SIGTERM. The sync engine plugs in here.
#include "common/logging.h"
#include "common/paths.h"
#include "secrets/secretstorefactory.h"
#include "store/adminstores.h"
#include "store/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char one = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &one, 1);
}

// Quit the event loop cleanly on SIGINT/SIGTERM (a service manager stops us this way).
void installQuitOnSignal(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] {
        char c;
        [[maybe_unused]] const auto readBytes = ::read(g_signalFds[1], &c, 1);
        qCInfo(lcEngine) << "stopping on signal";
        app.quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("liaison"));
    QCoreApplication::setOrganizationName(QStringLiteral("Liaison"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Liaison headless sync service"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Store file (default: %1).")
                                                                .arg(Liaison::Paths::defaultDatabaseFile()),
                                      QStringLiteral("file"));
    const QCommandLineOption onceOption(QStringLiteral("once"),
                                        QStringLiteral("Check the store and keychain, report, and exit."));
    parser.addOption(dbOption);
    parser.addOption(onceOption);
    parser.process(app);

    QTextStream err(stderr);
    const QString dbFile = parser.isSet(dbOption) ? parser.value(dbOption) : Liaison::Paths::defaultDatabaseFile();
    auto db = Liaison::Database::open(dbFile);
    if (!db) {
        err << "liaisond: " << db.error().toString() << Qt::endl;
        return 6;
    }

    if (const Liaison::Status keychain = Liaison::makeSystemSecretStore()->checkAvailable(); !keychain)
        err << "liaisond: warning: " << keychain.error().toString() << Qt::endl;

    const Liaison::UserStore users(*db.value());
    const Liaison::AssignmentStore assignments(*db.value());
    const Liaison::ConfigurationStore configurations(*db.value());
    const auto effective = assignments.effectiveForAll();
    if (!effective) {
        err << "liaisond: " << effective.error().toString() << Qt::endl;
        return 6;
    }
    int syncing = 0;
    for (const Liaison::EffectiveAssignment &e : effective.value()) {
        if (!e.configurationId)
            continue;
        const auto user = users.get(e.userId);
        const auto config = configurations.get(*e.configurationId);
        if (user && config && config->active) {
            ++syncing;
            qCInfo(lcEngine).noquote() << "will sync" << user->exchangeAddress << "with" << config->name;
        }
    }
    QTextStream(stdout) << "liaisond: store " << dbFile << " (schema " << db.value()->schemaVersion() << "), "
                        << syncing << " mailbox(es) assigned to an active configuration" << Qt::endl;
    if (parser.isSet(onceOption))
        return 0;

    installQuitOnSignal(app);
    return app.exec();
}
