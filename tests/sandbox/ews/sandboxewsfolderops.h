#pragma once

#include <QSet>

#include "sandboxewscontext.h"

namespace Liaison {

// The folder operations: SyncFolderHierarchy, FindFolder, CreateFolder, GetFolder.
class SandboxEwsFolderOps
{
public:
    static SandboxEwsReply syncFolderHierarchy(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply findFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply createFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply getFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);

    // t:ContactsFolder etc. in BaseFolderType order; `keys` are folder:* names, empty + all = every one.
    static void render(SandboxEwsXml &x, SandboxEwsStore &store, const SandboxEwsFolder &folder,
                       const QSet<QString> &keys, bool all);
};

} // namespace Liaison
