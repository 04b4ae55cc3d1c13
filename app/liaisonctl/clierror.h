#pragma once

#include "common/error.h"

#include <QString>

namespace Liaison {

// Exit codes scripts can rely on; listed in `liaisonctl help`.
enum ExitCode : int {
    ExitOk = 0,
    ExitInternal = 1,
    ExitUsage = 2,       // unknown object, verb or option; bad command shape
    ExitNotFound = 3,    // unknown id or name
    ExitInvalid = 4,     // invalid or missing value, duplicate, conflict, unreadable file
    ExitKeychain = 5,    // the OS keychain is unreachable or refused
    ExitStorage = 6,     // the database failed
};

// A failure that ends the command: the exit code and the one line printed on stderr.
// Thrown inside liaisonctl only, caught in LiaisonCtl::run(); never holds a secret.
struct CliError
{
    int exitCode = ExitInternal;
    QString message;
    QString fix;

    static CliError usage(const QString &message, const QString &fix = {}) { return {ExitUsage, message, fix}; }
    static CliError invalid(const QString &message, const QString &fix = {}) { return {ExitInvalid, message, fix}; }
    static CliError from(const Error &error);

    // "liaisonctl: message[. Fix: fix]" on one line.
    QString line() const;
};

} // namespace Liaison
