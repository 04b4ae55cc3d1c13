#pragma once

// EWS ResponseCode -> what an admin sees and does, and whether retrying can help.

#include "common/error.h"

namespace Liaison {

struct EwsErrorInfo
{
    Error error;
    bool transient = false;      // retry later (after BackOffMilliseconds when given)
    bool resetSyncState = false; // drop the stored SyncState and resync the folder from scratch
    bool refetch = false;        // the ChangeKey is stale: re-read the item, then retry the write
};

class EwsResponseCode
{
public:
    // `account` is the service account (for impersonation fixes), `mailbox` the target
    // mailbox; either may be empty. messageText is the server's text, appended for context.
    static EwsErrorInfo describe(const QString &responseCode, const QString &messageText = {},
                                 const QString &account = {}, const QString &mailbox = {});
    static bool isTransient(const QString &responseCode);
};

} // namespace Liaison
