#pragma once

#include <QSet>

#include "sandboxewscontext.h"

namespace Liaison {

// Which folder properties a reply carries (FolderShape). Default: DisplayName, ChildFolderCount,
// TotalCount (not for calendars) and UnreadCount (plain folders); AllProperties adds
// ParentFolderId and FolderClass; an extended property only when asked for by path.
struct SandboxEwsFolderShape
{
    enum class Base { IdOnly, Default, AllProperties };
    Base base = Base::IdOnly;
    QSet<QString> keys;        // "DisplayName" ... or an extended property key (SandboxEwsItems::extendedKey)
    QString fault;             // a FieldURI outside the schema

    static SandboxEwsFolderShape read(const EwsXmlNode *shape);
};

// The folder operations: SyncFolderHierarchy, FindFolder, CreateFolder, GetFolder, UpdateFolder,
// DeleteFolder.
class SandboxEwsFolderOps
{
public:
    static SandboxEwsReply syncFolderHierarchy(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply findFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply createFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    static SandboxEwsReply getFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    // SetFolderField / DeleteFolderField on DisplayName, FolderClass (within its folder type) and
    // extended properties, with the ChangeKey checked when one is sent.
    static SandboxEwsReply updateFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    // HardDelete and SoftDelete remove the subtree; MoveToDeletedItems moves it under Deleted
    // Items. Distinguished folders cannot be deleted (ErrorDeleteDistinguishedFolder).
    static SandboxEwsReply deleteFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op);

    // t:ContactsFolder etc. in BaseFolderType order.
    static void render(SandboxEwsXml &x, SandboxEwsStore &store, const SandboxEwsFolder &folder,
                       const SandboxEwsFolderShape &shape);
    // The typed element a folder class makes: IPF.Contact -> ContactsFolder, IPF.Appointment ->
    // CalendarFolder, IPF.Task -> TasksFolder (and their subclasses), anything else Folder.
    static QString elementForClass(const QString &folderClass);
};

} // namespace Liaison
