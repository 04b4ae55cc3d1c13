#pragma once

#include "sandboxewscontext.h"

namespace Liaison {

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
    static QString encodeSyncState(const QString &folderId, quint64 position);
    static std::optional<quint64> decodeSyncState(const QString &state, const QString &folderId);
};

} // namespace Liaison
