#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QString>

namespace Liaison {

// Turns a QtKeychain outcome into our one-line, actionable Error. The backend's own text is
// kept as detail (it names the D-Bus or libsecret failure) but is dropped if it ever contains
// the secret, so no Error built here can leak the value.
class KeychainErrorMapper
{
public:
    enum class Action { Read, Write, Remove, Probe };

    // `qkeychainError` is a QKeychain::Error other than NoError/EntryNotFound;
    // `secret` is the value being written (empty otherwise), used only to scrub the detail.
    static Error map(int qkeychainError, const QString &backendText, Action action,
                     const QString &key, const QByteArray &secret = {});
    static Error timedOut(int seconds, Action action, const QString &key);
    static Error notFound(const QString &key);
    static Error inconsistent(const QString &key, const Error &codecError);

    // The fix for "no keychain reachable" on this platform.
    static QString unreachableFix();
    static QString platformKeychain();

private:
    static QString actionText(Action action, const QString &key);
    static QString scrubbed(const QString &backendText, const QByteArray &secret);
};

} // namespace Liaison
