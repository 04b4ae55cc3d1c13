#include "sandboxewsfolderops.h"

#include "sandboxewsitems.h"
#include "sandboxewsrestriction.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

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

SandboxEwsFolderShape SandboxEwsFolderShape::read(const EwsXmlNode *shape)
{
    SandboxEwsFolderShape out;
    if (!shape)
        return out;
    const QString base = shape->childText(u"BaseShape"_s).trimmed();
    out.base = base == u"AllProperties"_s ? Base::AllProperties : base == u"Default"_s ? Base::Default : Base::IdOnly;
    if (const EwsXmlNode *extra = shape->child(u"AdditionalProperties"_s)) {
        for (const EwsXmlNode &p : extra->children) {
            if (!SandboxEwsItems::schemaKnows(p)) {
                out.fault = SandboxEwsItems::unknownFieldUriFault(p);
                return out;
            }
            out.keys.insert(p.name == u"ExtendedFieldURI"_s ? SandboxEwsItems::extendedKey(p)
                                                             : p.attribute(u"FieldURI"_s).section(u':', 1, 1));
        }
    }
    return out;
}

QString SandboxEwsFolderOps::elementForClass(const QString &folderClass)
{
    const auto is = [&folderClass](const QString &base) {
        return folderClass.compare(base, Qt::CaseInsensitive) == 0 || folderClass.startsWith(base + u'.', Qt::CaseInsensitive);
    };
    if (is(u"IPF.Contact"_s))
        return u"ContactsFolder"_s;
    if (is(u"IPF.Appointment"_s))
        return u"CalendarFolder"_s;
    if (is(u"IPF.Task"_s))
        return u"TasksFolder"_s;
    return u"Folder"_s;
}

void SandboxEwsFolderOps::render(SandboxEwsXml &x, SandboxEwsStore &store, const SandboxEwsFolder &folder,
                                 const SandboxEwsFolderShape &shape)
{
    using Base = SandboxEwsFolderShape::Base;
    const bool plain = folder.element == u"Folder"_s;
    const auto wanted = [&](const QString &k) {
        if (shape.keys.contains(k))
            return true;
        const bool byDefault = k == u"DisplayName"_s || k == u"ChildFolderCount"_s
                            || (k == u"TotalCount"_s && folder.element != u"CalendarFolder"_s)
                            || (k == u"UnreadCount"_s && plain);
        return shape.base == Base::AllProperties ? !k.startsWith(u"ExtendedProperty#"_s) : shape.base == Base::Default && byDefault;
    };
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
    for (auto p = folder.props.cbegin(); p != folder.props.cend(); ++p) {
        if (shape.keys.contains(p.key()))
            x.raw(p.value());
    }
    // UnreadCount belongs to t:Folder only (and follows EffectiveRights and PermissionSet there).
    if (plain && wanted(u"UnreadCount"_s)) {
        qint64 unread = 0;
        store.forEachItem(folder, [&unread](const SandboxEwsItem &i) {
            unread += i.kind == SandboxEwsKind::Message && i.textOf(u"IsRead"_s) != u"true"_s;
        });
        x.element(u"t:UnreadCount"_s, QString::number(unread));
    }
    x.end();
}

SandboxEwsReply SandboxEwsFolderOps::syncFolderHierarchy(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const SandboxEwsFolderShape shape = SandboxEwsFolderShape::read(op.child(u"FolderShape"_s));
    if (!shape.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, shape.fault);
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
        render(x, *ctx.store, *f, shape);
        x.end();
    }
    for (const QString &id : deleted)
        x.start(u"t:Delete"_s).start(u"t:FolderId"_s).attr(u"Id"_s, id).end().end();
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::findFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const SandboxEwsFolderShape shape = SandboxEwsFolderShape::read(op.child(u"FolderShape"_s));
    if (!shape.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, shape.fault);
    const bool deep = op.attribute(u"Traversal"_s) == u"Deep"_s;
    const SandboxEwsRestriction restriction =
        SandboxEwsRestriction::parse(op.child(u"Restriction"_s), SandboxEwsRestriction::Target::Folders);
    if (!restriction.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, restriction.fault);
    if (op.child(u"FractionalPageFolderView"_s))
        return SandboxEwsReply::fault(u"ErrorInvalidRequest"_s,
                                      u"The sandbox does not implement FindFolder with FractionalPageFolderView."_s);
    const auto matches = [&ctx, &restriction](const SandboxEwsFolder &f) {
        return restriction.matches([&](const SandboxEwsPath &p) -> std::optional<QStringList> {
            if (p.key == u"DisplayName"_s)
                return QStringList{f.displayName};
            if (p.key == u"FolderClass"_s)
                return f.folderClass.isEmpty() ? std::nullopt : std::optional<QStringList>(QStringList{f.folderClass});
            if (p.key == u"TotalCount"_s)
                return QStringList{QString::number(f.itemTotal())};
            if (p.key == u"ChildFolderCount"_s)
                return QStringList{QString::number(ctx.store->childFolders(f.id).size())};
            if (p.key == u"UnreadCount"_s) {
                qint64 unread = 0;
                ctx.store->forEachItem(f, [&unread](const SandboxEwsItem &i) {
                    unread += i.kind == SandboxEwsKind::Message && i.textOf(u"IsRead"_s) != u"true"_s;
                });
                return QStringList{QString::number(unread)};
            }
            const auto node = f.props.contains(p.key) ? SandboxEwsXml::parseFragment(f.props.value(p.key))
                                                      : Result<EwsXmlNode>(Error::missing({}));
            if (!node)
                return std::nullopt;
            QStringList values;
            if (const EwsXmlNode *many = node->child(u"Values"_s)) {
                for (const EwsXmlNode &v : many->children)
                    values << v.text;
            } else {
                values << node->childText(u"Value"_s);
            }
            return values;
        });
    };
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
        QString code = restriction.error;
        SandboxEwsFolder *parent = code.isEmpty() ? ctx.folder(ref, &code) : nullptr;
        if (!parent) {
            sandboxEwsErrorMessage(x, u"FindFolderResponseMessage"_s, code, code == restriction.error ? restriction.errorText : QString());
            x.end();
            continue;
        }
        QList<SandboxEwsFolder *> found;
        QList<SandboxEwsFolder *> queue = ctx.store->childFolders(parent->id);
        while (!queue.isEmpty()) {
            SandboxEwsFolder *f = queue.takeFirst();
            if (matches(*f))
                found.append(f);
            if (deep)
                queue += ctx.store->childFolders(f->id);
        }
        const qsizetype total = found.size();
        const QList<SandboxEwsFolder *> page = found.mid(offset, max);
        sandboxEwsSuccessMessage(x, u"FindFolderResponseMessage"_s);
        x.start(u"m:RootFolder"_s)
            .attr(u"IndexedPagingOffset"_s, QString::number(offset + page.size()))
            .attr(u"TotalItemsInView"_s, QString::number(total))
            .attr(u"IncludesLastItemInRange"_s, offset + page.size() >= total ? u"true"_s : u"false"_s);
        x.start(u"t:Folders"_s);
        for (const SandboxEwsFolder *f : page)
            render(x, *ctx.store, *f, shape);
        x.end().end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::createFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    static const QStringList typed{u"ContactsFolder"_s, u"CalendarFolder"_s, u"TasksFolder"_s};
    SandboxEwsFolder *parent = nullptr;
    const QString code = folderRefCode(op.child(u"ParentFolderId"_s), ctx, &parent);
    SandboxEwsXml x;
    x.start(u"m:CreateFolderResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *folders = op.child(u"Folders"_s);
    for (const EwsXmlNode &f : folders ? folders->children : QList<EwsXmlNode>{}) {
        if (f.name == u"SearchFolder"_s)
            return SandboxEwsReply::fault(u"ErrorInvalidRequest"_s, u"The sandbox does not implement search folders."_s);
        const QString name = f.childText(u"DisplayName"_s).trimmed();
        const QString cls = f.childText(u"FolderClass"_s).trimmed();
        QString error = parent ? QString() : code;
        if (error.isEmpty() && name.isEmpty())
            error = u"ErrorInvalidFolderId"_s;
        // A typed folder implies its class; only a plain t:Folder takes one (and becomes typed by it).
        if (error.isEmpty() && typed.contains(f.name) && f.child(u"FolderClass"_s))
            error = u"ErrorNoFolderClassOverride"_s;
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
        if (f.name == u"Folder"_s && !cls.isEmpty()) {
            created->folderClass = cls;
            created->element = elementForClass(cls);
        }
        for (const EwsXmlNode *p : f.childrenNamed(u"ExtendedProperty"_s)) {
            if (const EwsXmlNode *uri = p->child(u"ExtendedFieldURI"_s))
                created->props.insert(SandboxEwsItems::extendedKey(*uri), SandboxEwsXml::serialize(*p));
        }
        if (ctx.folderChanged)
            ctx.folderChanged(*created, SandboxEwsStore::Event::Created);
        sandboxEwsSuccessMessage(x, u"CreateFolderResponseMessage"_s);
        x.start(u"m:Folders"_s);
        render(x, *ctx.store, *created, {});
        x.end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::getFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const SandboxEwsFolderShape shape = SandboxEwsFolderShape::read(op.child(u"FolderShape"_s));
    if (!shape.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, shape.fault);
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
        render(x, *ctx.store, *f, shape);
        x.end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::updateFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    static const QSet<QString> readOnly{u"FolderId"_s, u"ParentFolderId"_s, u"TotalCount"_s, u"ChildFolderCount"_s,
                                        u"UnreadCount"_s, u"EffectiveRights"_s, u"SharingEffectiveRights"_s,
                                        u"DistinguishedFolderId"_s, u"ManagedFolderInformation"_s};
    static const QStringList elements{u"Folder"_s, u"ContactsFolder"_s, u"CalendarFolder"_s, u"TasksFolder"_s, u"SearchFolder"_s};
    SandboxEwsXml x;
    x.start(u"m:UpdateFolderResponse"_s).start(u"m:ResponseMessages"_s);
    const auto fail = [&x](const QString &code, const QString &text = {}) {
        sandboxEwsErrorMessage(x, u"UpdateFolderResponseMessage"_s, code, text);
        x.start(u"m:Folders"_s).end().end();
    };
    const EwsXmlNode *changes = op.child(u"FolderChanges"_s);
    for (const EwsXmlNode *change : changes ? changes->childrenNamed(u"FolderChange"_s) : QList<const EwsXmlNode *>{}) {
        const EwsXmlNode *ref = change->children.isEmpty() ? nullptr : &change->children.constFirst();
        QString code;
        SandboxEwsFolder *folder = ref ? ctx.folder(*ref, &code) : nullptr;
        if (!folder) {
            fail(code.isEmpty() ? u"ErrorFolderNotFound"_s : code);
            continue;
        }
        // A ChangeKey that is sent must be the folder's current one.
        if (ref->hasAttribute(u"ChangeKey"_s)) {
            const QString key = ref->attribute(u"ChangeKey"_s);
            if (key.isEmpty() || QByteArray::fromBase64(key.toLatin1()).isEmpty()) {
                fail(u"ErrorInvalidChangeKey"_s);
                continue;
            }
            if (key != folder->changeKey()) {
                fail(u"ErrorIrresolvableConflict"_s,
                     u"The send or update operation could not be performed because the change key passed in the "
                     "request does not match the current change key for the item."_s);
                continue;
            }
        }
        QString name = folder->displayName;
        QString cls = folder->folderClass;
        QMap<QString, QByteArray> props = folder->props;
        QString error;
        const EwsXmlNode *updates = change->child(u"Updates"_s);
        for (const EwsXmlNode &u : updates ? updates->children : QList<EwsXmlNode>{}) {
            const EwsXmlNode *path = u.children.isEmpty() ? nullptr : &u.children.constFirst();
            if (!path || !SandboxEwsItems::schemaKnows(*path))
                return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s,
                                              path ? SandboxEwsItems::unknownFieldUriFault(*path)
                                                   : u"The request failed schema validation: a folder change has no property path."_s);
            const bool extended = path->name == u"ExtendedFieldURI"_s;
            const QString uri = path->attribute(u"FieldURI"_s);
            const QString field = uri.section(u':', 1, 1);
            if (!extended && (path->name != u"FieldURI"_s || !uri.startsWith(u"folder:"_s))) {
                error = u"ErrorInvalidPropertyRequest"_s;
                break;
            }
            if (u.name == u"AppendToFolderField"_s) {
                error = u"ErrorInvalidPropertyAppend"_s;
                break;
            }
            const bool remove = u.name == u"DeleteFolderField"_s;
            if (!extended && readOnly.contains(field)) {
                error = remove ? u"ErrorInvalidPropertyDelete"_s : u"ErrorInvalidPropertySet"_s;
                break;
            }
            if (!extended && field != u"DisplayName"_s && field != u"FolderClass"_s)
                return SandboxEwsReply::fault(u"ErrorInvalidRequest"_s,
                                              u"The sandbox does not implement UpdateFolder on %1."_s.arg(uri));
            if (remove) {
                if (!extended) {
                    error = u"ErrorInvalidPropertyDelete"_s;   // a folder always has a name and a class
                    break;
                }
                props.remove(SandboxEwsItems::extendedKey(*path));
                continue;
            }
            const EwsXmlNode *element = u.children.size() > 1 ? &u.children.at(1) : nullptr;
            if (!element || !elements.contains(element->name) || element->children.size() != 1) {
                error = u"ErrorIncorrectUpdatePropertyCount"_s;
                break;
            }
            // The folder element may be the base t:Folder or the folder's own type, nothing else.
            if (element->name != u"Folder"_s && element->name != folder->element) {
                error = u"ErrorObjectTypeChanged"_s;
                break;
            }
            const EwsXmlNode &value = element->children.constFirst();
            if (extended) {
                const EwsXmlNode *own = value.child(u"ExtendedFieldURI"_s);
                if (value.name != u"ExtendedProperty"_s || !own
                    || SandboxEwsItems::extendedKey(*own) != SandboxEwsItems::extendedKey(*path)) {
                    error = u"ErrorInvalidPropertySet"_s;
                    break;
                }
                props.insert(SandboxEwsItems::extendedKey(*path), SandboxEwsXml::serialize(value));
            } else if (value.name != field) {
                error = u"ErrorInvalidPropertySet"_s;
                break;
            } else if (field == u"DisplayName"_s) {
                name = value.text.trimmed();
                if (name.isEmpty()) {
                    error = u"ErrorFolderSavePropertyError"_s;
                    break;
                }
            } else {
                // The class may change within the folder's type only.
                cls = value.text.trimmed();
                if (elementForClass(cls) != folder->element) {
                    error = u"ErrorObjectTypeChanged"_s;
                    break;
                }
            }
        }
        if (error.isEmpty() && name.compare(folder->displayName, Qt::CaseInsensitive) != 0) {
            for (const SandboxEwsFolder *sibling : ctx.store->childFolders(folder->parentId)) {
                if (sibling->id != folder->id && sibling->displayName.compare(name, Qt::CaseInsensitive) == 0)
                    error = u"ErrorFolderExists"_s;
            }
        }
        if (!error.isEmpty()) {
            fail(error, error == u"ErrorFolderExists"_s ? u"A folder with the specified name already exists."_s : QString());
            continue;
        }
        folder->displayName = name;
        folder->folderClass = cls;
        folder->props = props;
        ctx.store->touchFolder(*folder);
        if (ctx.folderChanged)
            ctx.folderChanged(*folder, SandboxEwsStore::Event::Modified);
        sandboxEwsSuccessMessage(x, u"UpdateFolderResponseMessage"_s);
        x.start(u"m:Folders"_s);
        render(x, *ctx.store, *folder, {});
        x.end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsFolderOps::deleteFolder(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const QString deleteType = op.attribute(u"DeleteType"_s);
    if (deleteType != u"HardDelete"_s && deleteType != u"SoftDelete"_s && deleteType != u"MoveToDeletedItems"_s)
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s,
                                      u"The request failed schema validation: The required attribute 'DeleteType' is "
                                      "missing or its value '%1' is not a valid DisposalType."_s.arg(deleteType));
    SandboxEwsXml x;
    x.start(u"m:DeleteFolderResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *ids = op.child(u"FolderIds"_s);
    for (const EwsXmlNode &ref : ids ? ids->children : QList<EwsXmlNode>{}) {
        QString code;
        SandboxEwsFolder *folder = ctx.folder(ref, &code);
        if (folder && !folder->distinguishedId.isEmpty())
            code = u"ErrorDeleteDistinguishedFolder"_s;
        if (!folder || code == u"ErrorDeleteDistinguishedFolder"_s) {
            // deletefolder-operation.md: a folder that is not there is ErrorItemNotFound.
            if (code.isEmpty() || code == u"ErrorFolderNotFound"_s)
                code = u"ErrorItemNotFound"_s;
            sandboxEwsErrorMessage(x, u"DeleteFolderResponseMessage"_s, code,
                                   code == u"ErrorItemNotFound"_s ? u"The specified object was not found in the store."_s
                                   : code == u"ErrorDeleteDistinguishedFolder"_s
                                       ? u"Distinguished folders cannot be deleted."_s
                                       : QString());
            x.end();
            continue;
        }
        const QString mailbox = folder->mailbox;
        const QString oldParentId = folder->parentId;
        SandboxEwsFolder *trash = ctx.store->resolveFolder(mailbox, u"deleteditems"_s);
        bool inTrash = false;
        for (const SandboxEwsFolder *up = folder; up && !inTrash; up = ctx.store->folder(up->parentId))
            inTrash = trash && up->parentId == trash->id;
        if (deleteType == u"MoveToDeletedItems"_s && trash && !inTrash) {
            // Outlook's Delete: the folder (and its subtree) moves to Deleted Items, keeping its id.
            for (const SandboxEwsFolder *sibling : ctx.store->childFolders(trash->id)) {
                if (sibling->displayName.compare(folder->displayName, Qt::CaseInsensitive) == 0)
                    code = u"ErrorFolderExists"_s;
            }
            if (!code.isEmpty() || !ctx.store->moveFolder(folder->id, trash->id)) {
                sandboxEwsErrorMessage(x, u"DeleteFolderResponseMessage"_s, code.isEmpty() ? u"ErrorCannotDeleteObject"_s : code,
                                       code.isEmpty() ? QString() : u"A folder with the specified name already exists."_s);
                x.end();
                continue;
            }
            if (ctx.folderMoved)
                ctx.folderMoved(*folder, oldParentId);
            if (ctx.folderChanged) {
                if (const SandboxEwsFolder *old = ctx.store->folder(oldParentId))
                    ctx.folderChanged(*old, SandboxEwsStore::Event::Modified);
                ctx.folderChanged(*trash, SandboxEwsStore::Event::Modified);
            }
        } else {
            // A hard or soft delete (or a delete within Deleted Items): the subtree leaves the
            // mailbox's hierarchy. Each folder gets its DeletedEvent, the parent a ModifiedEvent.
            QList<SandboxEwsFolder> doomed{*folder};
            for (qsizetype i = 0; i < doomed.size(); ++i) {
                for (const SandboxEwsFolder *child : ctx.store->childFolders(doomed.at(i).id))
                    doomed.append(*child);
            }
            ctx.store->deleteFolder(folder->id);
            if (ctx.folderChanged) {
                for (const SandboxEwsFolder &gone : doomed)
                    ctx.folderChanged(gone, SandboxEwsStore::Event::Deleted);
                if (const SandboxEwsFolder *old = ctx.store->folder(oldParentId))
                    ctx.folderChanged(*old, SandboxEwsStore::Event::Modified);
            }
        }
        sandboxEwsSuccessMessage(x, u"DeleteFolderResponseMessage"_s);
        x.end();
    }
    return SandboxEwsReply::ok(x.finish());
}

} // namespace Liaison
