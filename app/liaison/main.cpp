#include "common/paths.h"
#include "secrets/secretstorefactory.h"
#include "store/database.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

#include <cstdio>

namespace {

// Our own .qm sits next to the binary in a build tree and under share/ when installed.
void installTranslations(QApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);

    const QString appDir = QCoreApplication::applicationDirPath();
    auto *ours = new QTranslator(&app);
    const QStringList dirs{appDir + QStringLiteral("/translations"),
                           appDir + QStringLiteral("/../share/liaison/translations")};
    for (const QString &dir : dirs) {
        if (ours->load(QLocale(), QStringLiteral("liaison"), QStringLiteral("_"), dir)) {
            QApplication::installTranslator(ours);
            break;
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("liaison"));
    QApplication::setOrganizationName(QStringLiteral("Liaison"));
    QApplication::setApplicationVersion(QStringLiteral(LIAISON_VERSION));
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Liaison console: Exchange and CRM sync administration."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        QStringList{QStringLiteral("db")},
        QApplication::translate("main", "Open the Liaison database <file> (default: %1).")
            .arg(QDir::toNativeSeparators(Liaison::Paths::defaultDatabaseFile())),
        QApplication::translate("main", "file"));
    parser.addOption(dbOption);
    parser.process(app);

    const QString file = parser.isSet(dbOption) ? parser.value(dbOption) : Liaison::Paths::defaultDatabaseFile();
    auto db = Liaison::Database::open(file);
    if (!db) {
        const QString message = db.error().toString();
        std::fprintf(stderr, "liaison: %s\n", qPrintable(message));
        // No one can click a dialog on the offscreen platform (CI, tests): the exit code says it.
        if (QGuiApplication::platformName() != QLatin1String("offscreen"))
            QMessageBox::critical(nullptr, QApplication::translate("main", "Liaison"), message);
        return 1;
    }

    // Checked once at start-up: a local IPC call, and the banner tells the admin what to fix.
    const Liaison::Status keychain = Liaison::makeSystemSecretStore()->checkAvailable();
    Liaison::MainWindow window(db.value(), keychain);
    window.show();
    return QApplication::exec();
}
