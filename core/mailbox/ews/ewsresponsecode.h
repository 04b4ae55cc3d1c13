#pragma once

// EWS ResponseCode -> what an admin sees and does, and whether retrying can help.

#include "common/error.h"

namespace Liaison {

class EwsResponseCode
{
public:
    // `account` is the service account (for impersonation fixes), `mailbox` the target
    // mailbox; either may be empty. messageText is the server's text, appended for context.
    // The Error's recovery says what the engine does next (retry later, resync, re-read).
    static Error describe(const QString &responseCode, const QString &messageText = {}, const QString &account = {},
                          const QString &mailbox = {});
    static bool isTransient(const QString &responseCode);
};

} // namespace Liaison
