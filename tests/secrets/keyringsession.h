#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>

namespace Liaison::TestSupport {

// Re-runs this test binary inside its own D-Bus session with a fresh, unlocked GNOME Keyring
// (the same setup as CI), so the tests never touch the developer's real keychain and pass on
// a headless machine. Returns the child's exit code, or -1 when the caller should run the tests
// itself: already inside such a session, the tools are missing, or the developer opted out with
// LIAISON_KEYRING_SESSION=outer to test against their own desktop keychain.
inline int runInPrivateKeyringSession()
{
    if (qEnvironmentVariableIsSet("LIAISON_KEYRING_SESSION"))
        return -1;
    const QString dbusRunSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    const QString keyringDaemon = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    if (dbusRunSession.isEmpty() || keyringDaemon.isEmpty())
        return -1;

    QTemporaryDir home; // the keyring files of this run, deleted afterwards
    if (!home.isValid())
        return -1;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LIAISON_KEYRING_SESSION"), QStringLiteral("private"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(dbusRunSession,
                QStringList{QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                            QStringLiteral("printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
                                           " && exec \"$0\" \"$@\""),
                            QCoreApplication::applicationFilePath()}
                    + args);
    if (!child.waitForStarted() || !child.waitForFinished(240000))
        return 2;
    return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : 3;
}

} // namespace Liaison::TestSupport
