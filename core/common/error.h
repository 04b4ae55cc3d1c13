#pragma once

#include <QString>

namespace Liaison {

// A failure an admin can act on: a stable code for scripts, a one-line message,
// and where we know it, the fix to apply. Never carries a secret.
struct Error
{
    enum class Code {
        Invalid,        // a value breaks a rule (bad enum, window over 180 days, ...)
        Missing,        // a required field is absent
        NotFound,       // unknown id or name
        Duplicate,      // a unique name or address is taken
        Conflict,       // the change contradicts stored state
        Storage,        // the database failed
        Keychain,       // no OS keychain reachable, or it refused
        Network,        // transport failure
        Protocol,       // the peer answered something we cannot use
        Internal,
    };

    // What the sync engine does next. Decided where the protocol is understood (an EWS ResponseCode,
    // an HTTP status), acted on by the engine without knowing EWS, Graph or Dataverse codes.
    enum class Recovery {
        None,            // final until an admin applies `fix` (or the item is skipped)
        RetryLater,      // temporary: throttling, a busy or moving server, a dropped connection
        ResetSyncState,  // the stored sync state is unusable: drop it and resynchronize the folder
        Refetch,         // the item changed since it was read: re-read it, then decide again
    };

    Code code = Code::Internal;
    QString message;
    QString fix;
    Recovery recovery = Recovery::None;

    Error withRecovery(Recovery r) const
    {
        Error e = *this;
        e.recovery = r;
        return e;
    }

    static Error invalid(const QString &message, const QString &fix = {}) { return {Code::Invalid, message, fix}; }
    static Error missing(const QString &message, const QString &fix = {}) { return {Code::Missing, message, fix}; }
    static Error notFound(const QString &message, const QString &fix = {}) { return {Code::NotFound, message, fix}; }
    static Error duplicate(const QString &message, const QString &fix = {}) { return {Code::Duplicate, message, fix}; }
    static Error conflict(const QString &message, const QString &fix = {}) { return {Code::Conflict, message, fix}; }
    static Error storage(const QString &message, const QString &fix = {}) { return {Code::Storage, message, fix}; }
    static Error keychain(const QString &message, const QString &fix = {}) { return {Code::Keychain, message, fix}; }

    // "message" or "message. Fix: fix" — the one line the CLI prints.
    QString toString() const;
    static QString codeName(Code code);
};

} // namespace Liaison
