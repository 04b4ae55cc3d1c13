#pragma once

// EWS ResponseCode -> what an admin sees and does, and whether retrying can help.

#include "common/error.h"

namespace Liaison {

// The error, with error.recovery saying what the engine does next; the accessors read it.
struct EwsErrorInfo
{
    Error error;
    // retry later (after BackOffMilliseconds when given)
    bool transient() const { return error.recovery == Error::Recovery::RetryLater; }
    // drop the stored SyncState and resync the folder from scratch
    bool resetSyncState() const { return error.recovery == Error::Recovery::ResetSyncState; }
    // the ChangeKey is stale: re-read the item, then retry the write
    bool refetch() const { return error.recovery == Error::Recovery::Refetch; }
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
