#include "sandboxewsfolderops.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

struct FolderShape
{
    QSet<QString> keys;
    bool all = false;
};

FolderShape readShape(const EwsXmlNode *shape)
{
    FolderShape out;
    if (!shape)
        return out;
    const QString base = shape->childText(u"BaseShape"_s).trimmed();
    out.all = base != u"IdOnly"_s;
    if (base == u"Default"_s)
        out.keys = {u"DisplayName"_s, u"TotalCount"_s, u"ChildFolderCount"_s};
    if (const EwsXmlNode *extra = shape->child(u"AdditionalProperties"_s)) {
        for (const EwsXmlNode &p : extra->children)
            out.keys.insert(p.attribute(u"FieldURI"_s).section(u':', 1, 1));
    }
    if (base == u"Default"_s)
        out.all = false;
    return out;
}

QString hierarchyHash(const QString &mailbox, quint64 position)
{
    return QString::fromLatin1(QCryptographicHash::hash((u"sandbox-ews-h|"_s + mailbox + u'|' + QString::number(position)).toUtf8(),
                                                        QCryptographicHash::Sha256).toHex().left(12));
}

bool isBelow(SandboxEwsStore &store, const SandboxEwsFolder &folder, const QString &ancestorId)
{
    const SandboxEwsFolder *f = &folder;
    for (int depth = 0; f && depth < 64; ++depth) {
        if (f->parentId == ancestorId)
            return true;
        f = store.folder(f->parentId);
    }
    return false;
}

QString folderRefCode(const EwsXmlNode *container, const SandboxEwsContext &ctx, SandboxEwsFolder **out)
{
    QString code;
    *out = container && !container->children.isEmpty() ? ctx.folder(container->children.constFirst(), &code) : nullptr;
    if (!*out && code.isEmpty())
        code = u"ErrorFolderNotFound"_s;
    return code;
}

} // namespace

void SandboxEwsFolderOps::render(SandboxEwsXml &x, SandboxEwsStore &store, const SandboxEwsFolder &folder,
                                 const QSet<QString> &keys, bool all)
{
    const auto wanted = [&](const QString &k) { return all || keys.contains(k); };
    x.start(u"t:"_s + folder.element);
    x.start(u"t:FolderId"_s).attr(u"Id"_s, folder.id).attr(u"ChangeKey"_s, folder.changeKey()).end();
    if (wanted(u"ParentFolderId"_s) && !folder.parentId.isEmpty())
        x.start(u"t:ParentFolderId"_s).attr(u"Id"_s, folder.parentId).end();
    if (wanted(u"FolderClass"_s) && !folder.folderClass.isEmpty())
        x.element(u"t:FolderClass"_s, folder.folderClass);
    if (wanted(u"DisplayName"_s))
        x.element(u"t:DisplayName"_s, folder.displayName);
    if (wanted(u"TotalCount"_s))
        x.element(u"t:TotalCount"_s, QString::number(folder.itemTotal()));
    if (wanted(u"ChildFolderCount"_s))
        x.element(u"t:ChildFolderCount"_s, QString::number(store.childFolders(folder.id).size()));
    x.end();
}

SandboxEwsReply SandboxEwsFolderOps::syncFolderHierarchy(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const FolderShape shape = readShape(op.child(u"FolderShape"_s));
    SandboxEwsXml x;
    x.start(u"m:SyncFolderHierarchyResponse"_s).start(u"m:ResponseMessages"_s);
    SandboxEwsFolder *root = nullptr;
    const EwsXmlNode *ref = op.child(u"SyncFolderId"_s);
    const QString code = ref ? folderRefCode(ref, ctx, &root) : QString();
    if (!ref)
        root = ctx.store->resolveFolder(ctx.mailbox, u"msgfolderroot"_s);
    if (!root) {
        sandboxEwsErrorMessage(x, u"SyncFolderHierarchyResponseMessage"_s, code.isEmpty() ? u"ErrorFolderNotFound"_s : code, {});
        return SandboxEwsReply::ok(x.finish());
    }
    quint64 position = 0;
    if (const QString state = op.childText(u"SyncState"_s).trimmed(); !state.isEmpty()) {
        const QStringList parts = QString::fromUtf8(QByteArray::fromBase64(state.toLatin1())).split(u'|');
        bool ok = parts.size() == 4 && parts[0] == u"SFH"_s && parts[1] == root->id;
        position = ok ? parts[2].toULongLong(&ok) : 0;
        if (!ok || parts[3] != hierarchyHash(root->id, position)) {
            sandboxEwsErrorMessage(x, u"SyncFolderHierarchyResponseMessage"_s, u"ErrorInvalidSyncStateData"_s,
                                   u"Synchronization state data is corrupt or otherwise invalid."_s);
            return SandboxEwsReply::ok(x.finish());
        }
    }
    QList<SandboxEwsFolder *> changed;
    QStringList deleted;   // only folders the client was told about
    quint64 newest = position;
    for (const SandboxEwsMailbox::DeletedFolder &d : ctx.store->mailbox(root->mailbox)->deletedFolders) {
        if (d.seq > position && d.createdSeq <= position)
            deleted.append(d.id);
        if (d.seq > position)
            newest = std::max(newest, d.seq);
    }
    for (const QString &id : ctx.store->mailbox(root->mailbox)->folders) {
        SandboxEwsFolder *f = ctx.store->folder(id);
        if (f && f->seq > position && isBelow(*ctx.store, *f, root->id)) {
            changed.append(f);
            newest = std::max(newest, f->seq);
        }
    }
    sandboxEwsSuccessMessage(x, u"SyncFolderHierarchyResponseMessage"_s);
    const QString raw = u"SFH|"_s + root->id + u'|' + QString::number(newest) + u'|' + hierarchyHash(root->id, newest);
    x.element(u"m:SyncState"_s, QString::fromLatin1(raw.toUtf8().toBase64()));
    x.element(u"m:IncludesLastFolderInRange"_s, u"true"_s);
    x.start(u"m:Changes"_s);
    for (const SandboxEwsFolder *f : changed) {
        x.start(f->createdSeq > position ? u"t:Create"_s : u"t:Update"_s);
        render(x, *ctx.store, *f, shape.keys, shape.all);
        x.end();
    }
    for (const QString &id : deleted)
        x.start(u"t:Delete"_s).start(u"t:FolderId"_s).attr(u"Id"_s, id).end().end();
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::findFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const FolderShape shape = readShape(op.child(u"FolderShape"_s));
    const bool deep = op.attribute(u"Traversal"_s) == u"Deep"_s;
    QString name;
    bool hasName = false;
    if (const EwsXmlNode *eq = op.path({u"Restriction"_s, u"IsEqualTo"_s})) {
        if (const EwsXmlNode *c = eq->path({u"FieldURIOrConstant"_s, u"Constant"_s})) {
            name = c->attribute(u"Value"_s);
            hasName = true;
        }
    }
    int max = 1000;
    int offset = 0;
    if (const EwsXmlNode *view = op.child(u"IndexedPageFolderView"_s)) {
        max = view->hasAttribute(u"MaxEntriesReturned"_s) ? view->attribute(u"MaxEntriesReturned"_s).toInt() : 1000;
        offset = view->attribute(u"Offset"_s).toInt();
    }
    SandboxEwsXml x;
    x.start(u"m:FindFolderResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *parents = op.child(u"ParentFolderIds"_s);
    for (const EwsXmlNode &ref : parents ? parents->children : QList<EwsXmlNode>{}) {
        QString code;
        SandboxEwsFolder *parent = ctx.folder(ref, &code);
        if (!parent) {
            sandboxEwsErrorMessage(x, u"FindFolderResponseMessage"_s, code, {});
            x.end();
            continue;
        }
        QList<SandboxEwsFolder *> matches;
        QList<SandboxEwsFolder *> queue = ctx.store->childFolders(parent->id);
        while (!queue.isEmpty()) {
            SandboxEwsFolder *f = queue.takeFirst();
            if (!hasName || f->displayName.compare(name, Qt::CaseInsensitive) == 0)
                matches.append(f);
            if (deep)
                queue += ctx.store->childFolders(f->id);
        }
        const qsizetype total = matches.size();
        const QList<SandboxEwsFolder *> page = matches.mid(offset, max);
        sandboxEwsSuccessMessage(x, u"FindFolderResponseMessage"_s);
        x.start(u"m:RootFolder"_s)
            .attr(u"IndexedPagingOffset"_s, QString::number(offset + page.size()))
            .attr(u"TotalItemsInView"_s, QString::number(total))
            .attr(u"IncludesLastItemInRange"_s, offset + page.size() >= total ? u"true"_s : u"false"_s);
        x.start(u"t:Folders"_s);
        for (const SandboxEwsFolder *f : page)
            render(x, *ctx.store, *f, shape.keys, shape.all);
        x.end().end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::createFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    SandboxEwsFolder *parent = nullptr;
    const QString code = folderRefCode(op.child(u"ParentFolderId"_s), ctx, &parent);
    SandboxEwsXml x;
    x.start(u"m:CreateFolderResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *folders = op.child(u"Folders"_s);
    for (const EwsXmlNode &f : folders ? folders->children : QList<EwsXmlNode>{}) {
        const QString name = f.childText(u"DisplayName"_s).trimmed();
        QString error = parent ? QString() : code;
        if (error.isEmpty() && name.isEmpty())
            error = u"ErrorInvalidFolderId"_s;
        if (error.isEmpty()) {
            for (const SandboxEwsFolder *sibling : ctx.store->childFolders(parent->id)) {
                if (sibling->displayName.compare(name, Qt::CaseInsensitive) == 0)
                    error = u"ErrorFolderExists"_s;
            }
        }
        if (!error.isEmpty()) {
            sandboxEwsErrorMessage(x, u"CreateFolderResponseMessage"_s, error,
                                   error == u"ErrorFolderExists"_s ? u"A folder with the specified name already exists."_s
                                                                   : QString());
            x.start(u"m:Folders"_s).end().end();
            continue;
        }
        SandboxEwsFolder *created = ctx.store->createFolder(parent->id, name, f.name);
        if (const QString cls = f.childText(u"FolderClass"_s).trimmed(); !cls.isEmpty())
            created->folderClass = cls;
        if (ctx.folderChanged)
            ctx.folderChanged(*created, SandboxEwsStore::Event::Created);
        sandboxEwsSuccessMessage(x, u"CreateFolderResponseMessage"_s);
        x.start(u"m:Folders"_s);
        render(x, *ctx.store, *created, {}, false);
        x.end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::getFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const FolderShape shape = readShape(op.child(u"FolderShape"_s));
    SandboxEwsXml x;
    x.start(u"m:GetFolderResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *ids = op.child(u"FolderIds"_s);
    for (const EwsXmlNode &ref : ids ? ids->children : QList<EwsXmlNode>{}) {
        QString code;
        SandboxEwsFolder *f = ctx.folder(ref, &code);
        if (!f) {
            sandboxEwsErrorMessage(x, u"GetFolderResponseMessage"_s, code, {});
            x.start(u"m:Folders"_s).end().end();
            continue;
        }
        sandboxEwsSuccessMessage(x, u"GetFolderResponseMessage"_s);
        x.start(u"m:Folders"_s);
        render(x, *ctx.store, *f, shape.keys, shape.all);
        x.end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

} // namespace Liaison
