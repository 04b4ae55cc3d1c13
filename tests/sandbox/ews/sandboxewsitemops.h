#pragma once

#include "sandboxewscontext.h"

namespace Liaison {

// Where a SyncState points: the folder's change-log position and, while that is before the
// folder's generation, the next generated item to report.
struct SandboxEwsSyncPosition
{
    quint64 position = 0;
    quint32 next = 1;
    quint64 since = 0;         // see SandboxEwsStore::changesSince
};

// The item operations: SyncFolderItems, GetItem, CreateItem, UpdateItem, DeleteItem.
class SandboxEwsItemOps
{
public:
    static SandboxEwsReply syncFolderItems(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply getItem(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply createItem(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply updateItem(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply deleteItem(const SandboxEwsContext &ctx, const EwsXmlNode &op);

    // Opaque SyncState: the folder and a change-log position, with a check so a forged or
    // foreign state is refused (ErrorInvalidSyncStateData).
    static QString encodeSyncState(const QString &folderId, const SandboxEwsSyncPosition &at);
    static std::optional<SandboxEwsSyncPosition> decodeSyncState(const QString &state, const QString &folderId);
};

} // namespace Liaison
