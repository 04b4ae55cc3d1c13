#include "secrets/keychainerrormapper.h"

#include <qt6keychain/keychain.h>

namespace Liaison {

QString KeychainErrorMapper::platformKeychain()
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("macOS Keychain");
#elif defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager");
#else
    return QStringLiteral("Linux: Secret Service over D-Bus");
#endif
}

QString KeychainErrorMapper::unreachableFix()
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("run Liaison as a logged-in user whose login keychain is unlocked "
                          "(Keychain Access) and allow it access when asked");
#elif defined(Q_OS_WIN)
    return QStringLiteral("run Liaison under a real user account with a loaded profile "
                          "(Windows Credential Manager is per user)");
#else
    return QStringLiteral("run inside a desktop session with GNOME Keyring or KWallet unlocked; for a "
                          "headless server start it under `dbus-run-session` with "
                          "`gnome-keyring-daemon --unlock --components=secrets` (on macOS the "
                          "Keychain and on Windows the Credential Manager are used automatically)");
#endif
}

QString KeychainErrorMapper::actionText(Action action, const QString &key)
{
    switch (action) {
    case Action::Read: return QStringLiteral("reading '%1'").arg(key);
    case Action::Write: return QStringLiteral("storing '%1'").arg(key);
    case Action::Remove: return QStringLiteral("removing '%1'").arg(key);
    case Action::Probe: return QStringLiteral("checking the keychain");
    }
    return QString();
}

QString KeychainErrorMapper::scrubbed(const QString &backendText, const QByteArray &secret)
{
    // One line, bounded: backend texts can be multi-line D-Bus dumps.
    QString text = backendText.simplified();
    if (!secret.isEmpty()) {
        const QByteArray utf8 = text.toUtf8();
        if (utf8.contains(secret) || utf8.contains(secret.toBase64()))
            return QStringLiteral("backend details withheld because they echoed the secret");
    }
    if (text.size() > 200)
        text = text.left(200) + QStringLiteral("...");
    return text;
}

Error KeychainErrorMapper::map(int qkeychainError, const QString &backendText, Action action,
                               const QString &key, const QByteArray &secret)
{
    const QString detail = scrubbed(backendText, secret);
    const QString suffix = detail.isEmpty() ? QString() : QStringLiteral(": ") + detail;

    switch (qkeychainError) {
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return Error::keychain(
            QStringLiteral("The OS keychain (%1) refused access while %2 (locked or denied)%3")
                .arg(platformKeychain(), actionText(action, key), suffix),
            QStringLiteral("unlock the keyring and allow Liaison access, then retry; on a headless Linux "
                           "server start `gnome-keyring-daemon --unlock --components=secrets` inside the "
                           "service's `dbus-run-session`"));
    case QKeychain::CouldNotDeleteEntry:
        return Error::keychain(QStringLiteral("The OS keychain (%1) could not delete an entry while %2%3")
                                   .arg(platformKeychain(), actionText(action, key), suffix),
                               QStringLiteral("check that the keyring is unlocked and retry; if it persists "
                                              "delete the entry by hand in the keychain manager"));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    default:
        return Error::keychain(QStringLiteral("No OS keychain is reachable (%1) while %2%3")
                                   .arg(platformKeychain(), actionText(action, key), suffix),
                               unreachableFix());
    }
}

Error KeychainErrorMapper::timedOut(int seconds, Action action, const QString &key)
{
    return Error::keychain(QStringLiteral("The OS keychain (%1) did not answer within %2 s while %3")
                               .arg(platformKeychain())
                               .arg(seconds)
                               .arg(actionText(action, key)),
                           unreachableFix());
}

Error KeychainErrorMapper::notFound(const QString &key)
{
    return Error::notFound(QStringLiteral("No secret is stored in the OS keychain under '%1'").arg(key),
                           QStringLiteral("store the password or client secret again"));
}

Error KeychainErrorMapper::inconsistent(const QString &key, const Error &codecError)
{
    return Error::keychain(QStringLiteral("The secret stored under '%1' is damaged: %2").arg(key, codecError.message),
                           QStringLiteral("store the password, client secret or token again"));
}

} // namespace Liaison
