#include "sandboxewsstore.h"

#include "sandboxewscalendar.h"
#include "sandboxewsgenerator.h"
#include "sandboxewsitems.h"
#include "sandboxewsxml.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QTimeZone>
#include <QJsonArray>
#include <QUuid>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

struct DefaultFolder
{
    const char16_t *distinguished;
    const char16_t *name;
    const char16_t *folderClass;
    const char16_t *element;
};

// Below msgfolderroot, as a fresh Exchange mailbox has them.
constexpr DefaultFolder kDefaultFolders[] = {
    {u"inbox", u"Inbox", u"IPF.Note", u"Folder"},
    {u"contacts", u"Contacts", u"IPF.Contact", u"ContactsFolder"},
    {u"calendar", u"Calendar", u"IPF.Appointment", u"CalendarFolder"},
    {u"tasks", u"Tasks", u"IPF.Task", u"TasksFolder"},
    {u"sentitems", u"Sent Items", u"IPF.Note", u"Folder"},
    {u"deleteditems", u"Deleted Items", u"IPF.Note", u"Folder"},
};

qint64 nowSecs() { return QDateTime::currentSecsSinceEpoch(); }

QString keyOf(const QString &smtp) { return smtp.trimmed().toLower(); }

} // namespace

QString sandboxEwsKindElement(SandboxEwsKind kind)
{
    switch (kind) {
    case SandboxEwsKind::Contact: return u"Contact"_s;
    case SandboxEwsKind::CalendarItem: return u"CalendarItem"_s;
    case SandboxEwsKind::Task: return u"Task"_s;
    case SandboxEwsKind::Message: return u"Message"_s;
    }
    return u"Contact"_s;
}

std::optional<SandboxEwsKind> sandboxEwsKindFromElement(const QString &element)
{
    if (element == u"Contact"_s)
        return SandboxEwsKind::Contact;
    if (element == u"CalendarItem"_s)
        return SandboxEwsKind::CalendarItem;
    if (element == u"Task"_s)
        return SandboxEwsKind::Task;
    if (element == u"Message"_s)
        return SandboxEwsKind::Message;
    return std::nullopt;
}

QString SandboxEwsItem::changeKey() const
{
    // Opaque like Exchange's, and different after every modification.
    QByteArray raw("\x0f\x00\x00\x00", 4);
    raw += QCryptographicHash::hash(id.toLatin1(), QCryptographicHash::Sha1).left(10);
    quint32 v = qToBigEndian(version);
    raw += QByteArray(reinterpret_cast<const char *>(&v), 4);
    return QString::fromLatin1(raw.toBase64());
}

QString SandboxEwsItem::textOf(const QString &key) const
{
    const QByteArray fragment = props.value(key);
    if (fragment.isEmpty())
        return {};
    const auto node = SandboxEwsXml::parseFragment(fragment);
    return node && node->children.isEmpty() ? node->text : QString();
}

QString SandboxEwsFolder::changeKey() const
{
    QByteArray raw("\x01\x00\x00\x00", 4);
    raw += QByteArray::number(version);
    return QString::fromLatin1(raw.toBase64());
}

SandboxEwsStore::SandboxEwsStore(QObject *parent) : QObject(parent) {}

void SandboxEwsStore::reset()
{
    m_mailboxes.clear();
    m_folders.clear();
    m_items.clear();
    m_generatedFolders.clear();
    m_generatedAlive = 0;
}

QString SandboxEwsStore::newId(char type, quint32 mailboxIndex)
{
    // "AAMk"-style opaque base64: a type byte, the mailbox and a counter.
    QByteArray raw("\x00\x00\x00\x2e", 4);
    raw += type;
    quint32 mb = qToBigEndian(mailboxIndex);
    raw += QByteArray(reinterpret_cast<const char *>(&mb), 4);
    quint64 n = qToBigEndian(m_nextId++);
    raw += QByteArray(reinterpret_cast<const char *>(&n), 8);
    raw += "SBX";
    return QString::fromLatin1(raw.toBase64());
}

SandboxEwsMailbox &SandboxEwsStore::addMailbox(const QString &smtp, const QString &displayName)
{
    const QString key = keyOf(smtp);
    if (auto it = m_mailboxes.find(key); it != m_mailboxes.end()) {
        if (!displayName.isEmpty())
            it->displayName = displayName;
        return *it;
    }
    SandboxEwsMailbox mb;
    mb.smtp = key;
    mb.displayName = displayName.isEmpty() ? key.section(u'@', 0, 0) : displayName;
    const quint32 index = quint32(m_mailboxes.size() + 1);
    const QString root = addFolder(mb, index, {}, u"root"_s, u"Root"_s, {}, u"Folder"_s);
    mb.rootFolderId =
        addFolder(mb, index, root, u"msgfolderroot"_s, u"Top of Information Store"_s, u"IPF.Note"_s, u"Folder"_s);
    addMissingDefaultFolders(mb, index);
    return *m_mailboxes.insert(key, mb);
}

QString SandboxEwsStore::addFolder(SandboxEwsMailbox &mb, quint32 mailboxIndex, const QString &parentId,
                                   const QString &distinguishedId, const QString &displayName,
                                   const QString &folderClass, const QString &element)
{
    SandboxEwsFolder f;
    f.id = newId('F', mailboxIndex);
    f.parentId = parentId;
    f.mailbox = mb.smtp;
    f.distinguishedId = distinguishedId;
    f.displayName = displayName;
    f.folderClass = folderClass;
    f.element = element;
    f.seq = f.createdSeq = ++m_seq;
    mb.distinguished.insert(distinguishedId, f.id);
    mb.folders.append(f.id);
    m_folders.insert(f.id, f);
    return f.id;
}

void SandboxEwsStore::addMissingDefaultFolders(SandboxEwsMailbox &mb, quint32 mailboxIndex)
{
    if (mb.rootFolderId.isEmpty())
        return;
    for (const DefaultFolder &d : kDefaultFolders) {
        const QString distinguished = QString::fromUtf16(d.distinguished);
        if (!mb.distinguished.contains(distinguished))
            addFolder(mb, mailboxIndex, mb.rootFolderId, distinguished, QString::fromUtf16(d.name),
                      QString::fromUtf16(d.folderClass), QString::fromUtf16(d.element));
    }
    // The dumpster, beside the IPM subtree (under the root): soft-deleted items go to Deletions.
    if (const QString root = mb.distinguished.value(u"root"_s); !root.isEmpty()) {
        QString recoverable = mb.distinguished.value(u"recoverableitemsroot"_s);
        if (recoverable.isEmpty())
            recoverable = addFolder(mb, mailboxIndex, root, u"recoverableitemsroot"_s, u"Recoverable Items"_s,
                                    {}, u"Folder"_s);
        if (!mb.distinguished.contains(u"recoverableitemsdeletions"_s))
            addFolder(mb, mailboxIndex, recoverable, u"recoverableitemsdeletions"_s, u"Deletions"_s, {},
                      u"Folder"_s);
    }
}

SandboxEwsMailbox *SandboxEwsStore::mailbox(const QString &smtp)
{
    auto it = m_mailboxes.find(keyOf(smtp));
    return it == m_mailboxes.end() ? nullptr : &*it;
}

QStringList SandboxEwsStore::mailboxes() const
{
    QStringList out = m_mailboxes.keys();
    out.sort();
    return out;
}

SandboxEwsFolder *SandboxEwsStore::folder(const QString &id)
{
    auto it = m_folders.find(id);
    return it == m_folders.end() ? nullptr : &*it;
}

SandboxEwsFolder *SandboxEwsStore::resolveFolder(const QString &smtp, const QString &nameOrId)
{
    SandboxEwsMailbox *mb = mailbox(smtp);
    if (!mb)
        return nullptr;
    if (const QString id = mb->distinguished.value(nameOrId.toLower()); !id.isEmpty())
        return folder(id);
    SandboxEwsFolder *f = folder(nameOrId);
    return f && f->mailbox == mb->smtp ? f : nullptr;
}

QList<SandboxEwsFolder *> SandboxEwsStore::childFolders(const QString &parentId)
{
    QList<SandboxEwsFolder *> out;
    SandboxEwsFolder *parent = folder(parentId);
    if (!parent)
        return out;
    SandboxEwsMailbox *mb = mailbox(parent->mailbox);
    for (const QString &id : mb->folders) {
        SandboxEwsFolder *f = folder(id);
        if (f && f->parentId == parentId)
            out.append(f);
    }
    return out;
}

SandboxEwsFolder *SandboxEwsStore::createFolder(const QString &parentId, const QString &displayName,
                                                const QString &element)
{
    SandboxEwsFolder *parent = folder(parentId);
    if (!parent)
        return nullptr;
    SandboxEwsMailbox *mb = mailbox(parent->mailbox);
    SandboxEwsFolder f;
    f.id = newId('F', quint32(mb->folders.size()));
    f.parentId = parentId;
    f.mailbox = mb->smtp;
    f.displayName = displayName;
    f.element = element;
    f.folderClass = element == u"ContactsFolder"_s ? u"IPF.Contact"_s
                  : element == u"CalendarFolder"_s ? u"IPF.Appointment"_s
                  : element == u"TasksFolder"_s    ? u"IPF.Task"_s
                                                   : u"IPF.Note"_s;
    f.seq = f.createdSeq = ++m_seq;
    mb->folders.append(f.id);
    return &*m_folders.insert(f.id, f);
}

SandboxEwsFolder *SandboxEwsStore::renameFolder(const QString &id, const QString &displayName)
{
    SandboxEwsFolder *f = folder(id);
    if (!f || f->parentId.isEmpty())
        return nullptr;
    f->displayName = displayName;
    ++f->version;
    f->seq = ++m_seq;
    return f;
}

void SandboxEwsStore::touchFolder(SandboxEwsFolder &folder)
{
    ++folder.version;
    folder.seq = ++m_seq;
}

bool SandboxEwsStore::moveFolder(const QString &id, const QString &newParentId)
{
    SandboxEwsFolder *f = folder(id);
    const SandboxEwsFolder *to = folder(newParentId);
    if (!f || !to || !f->distinguishedId.isEmpty() || to->mailbox != f->mailbox)
        return false;
    for (const SandboxEwsFolder *up = to; up; up = folder(up->parentId)) {
        if (up->id == id)
            return false;   // not under itself
    }
    f->parentId = newParentId;
    touchFolder(*f);
    return true;
}

bool SandboxEwsStore::deleteFolder(const QString &id)
{
    SandboxEwsFolder *top = folder(id);
    if (!top || !top->distinguishedId.isEmpty())
        return false;
    SandboxEwsMailbox *mb = mailbox(top->mailbox);
    QStringList doomed{id};
    for (qsizetype i = 0; i < doomed.size(); ++i) {
        for (const SandboxEwsFolder *child : childFolders(doomed.at(i)))
            doomed.append(child->id);
    }
    for (const QString &fid : doomed) {
        const SandboxEwsFolder &f = m_folders[fid];
        for (const QString &iid : f.items)
            m_items.remove(iid);
        m_generatedAlive -= qint64(f.generation.count) - f.touched.size();
        mb->deletedFolders.append({fid, ++m_seq, f.createdSeq});
        mb->folders.removeAll(fid);
        m_folders.remove(fid);
    }
    return true;
}

SandboxEwsItem *SandboxEwsStore::item(const QString &id)
{
    if (auto it = m_items.find(id); it != m_items.end())
        return &*it;
    const auto [slot, index] = parseGeneratedId(id);
    if (!slot || slot > quint32(m_generatedFolders.size()))
        return nullptr;
    SandboxEwsFolder *f = folder(m_generatedFolders.at(slot - 1));
    if (!f || index > f->generation.count || f->touched.contains(index))
        return nullptr;
    // Materialize: from now on the item is stored (and logged once it changes).
    f->touched.insert(index);
    f->items.insert(id);
    --m_generatedAlive;
    return &*m_items.insert(id, derive(*f, index, true));
}

std::pair<quint32, quint32> SandboxEwsStore::parseGeneratedId(const QString &id)
{
    if (id.size() != 24)
        return {0, 0};
    const QByteArray raw = QByteArray::fromBase64(id.toLatin1());
    if (raw.size() != 16 || raw.at(4) != 'G' || !raw.endsWith("SBX"))
        return {0, 0};
    return {qFromBigEndian<quint32>(raw.constData() + 5), qFromBigEndian<quint32>(raw.constData() + 9)};
}

QString SandboxEwsStore::generatedId(const SandboxEwsFolder &folder, quint32 index) const
{
    // Same shape as newId(): a type byte ('G'), the folder's slot and the index.
    char raw[16] = {0, 0, 0, 0x2e, 'G'};
    qToBigEndian(folder.generation.slot, raw + 5);
    qToBigEndian(index, raw + 9);
    raw[13] = 'S';
    raw[14] = 'B';
    raw[15] = 'X';
    return QString::fromLatin1(QByteArray::fromRawData(raw, 16).toBase64());
}

SandboxEwsItem SandboxEwsStore::derive(const SandboxEwsFolder &folder, quint32 index, bool withProps) const
{
    const SandboxEwsFolder::Generation &g = folder.generation;
    SandboxEwsItem item;
    item.id = generatedId(folder, index);
    item.folderId = folder.id;
    item.kind = g.kind;
    item.createdSeq = g.seq;
    item.generatedIndex = index;
    item.created = item.modified = g.at;
    if (!withProps)
        return item;
    item.props = SandboxEwsGenerator::props(g.kind, index, g.tag, g.seed);
    if (g.kind == SandboxEwsKind::CalendarItem) {
        // What createItem adds to events, derived instead of random so it stays stable.
        item.props.insert(u"UID"_s, SandboxEwsItems::textElement(u"UID"_s, QString::fromLatin1(
            QCryptographicHash::hash(item.id.toLatin1(), QCryptographicHash::Md5).toHex().toUpper())));
        if (const auto mb = m_mailboxes.constFind(folder.mailbox); mb != m_mailboxes.constEnd()) {
            SandboxEwsXml x;
            x.start(u"t:Organizer"_s).start(u"t:Mailbox"_s).element(u"t:Name"_s, mb->displayName)
                .element(u"t:EmailAddress"_s, mb->smtp).element(u"t:RoutingType"_s, u"SMTP"_s)
                .element(u"t:MailboxType"_s, u"Mailbox"_s);
            item.props.insert(u"Organizer"_s, x.finish());
        }
    }
    return item;
}

std::optional<SandboxEwsItem> SandboxEwsStore::generatedItem(const SandboxEwsFolder &folder, quint32 index,
                                                             bool withProps) const
{
    if (index < 1 || index > folder.generation.count)
        return std::nullopt;
    if (!folder.touched.contains(index))
        return derive(folder, index, withProps);
    const auto it = m_items.constFind(generatedId(folder, index));
    return it == m_items.constEnd() ? std::nullopt : std::optional<SandboxEwsItem>(*it);
}

std::optional<SandboxEwsItem> SandboxEwsStore::peek(const QString &id, bool withProps) const
{
    if (const auto it = m_items.constFind(id); it != m_items.constEnd())
        return *it;
    const auto [slot, index] = parseGeneratedId(id);
    if (!slot || slot > quint32(m_generatedFolders.size()))
        return std::nullopt;
    const auto f = m_folders.constFind(m_generatedFolders.at(slot - 1));
    if (f == m_folders.constEnd() || f->touched.contains(index))
        return std::nullopt;   // touched ones are stored (found above) or deleted
    return generatedItem(*f, index, withProps);
}

quint32 SandboxEwsStore::generateItems(const QString &folderId, SandboxEwsKind kind, quint32 count, const QString &tag,
                                       quint32 seed)
{
    SandboxEwsFolder *f = folder(folderId);
    if (!f || count == 0)
        return 0;
    if (f->generation.count) {
        // One generation per folder: later ones are stored like admin-created items.
        const quint32 base = f->generation.count + quint32(f->items.size());
        for (quint32 k = 1; k <= count; ++k)
            createItem(folderId, kind, SandboxEwsGenerator::props(kind, base + k, tag, seed));
        return count;
    }
    m_generatedFolders.append(folderId);
    f->generation = {count, quint32(m_generatedFolders.size()), ++m_seq, nowSecs(), kind, tag, seed};
    m_generatedAlive += count;
    return count;
}

void SandboxEwsStore::forEachItem(const SandboxEwsFolder &folder, const std::function<void(const SandboxEwsItem &)> &visit) const
{
    for (quint32 k = 1; k <= folder.generation.count; ++k) {
        if (!folder.touched.contains(k)) {
            visit(derive(folder, k, true));
        } else if (const auto it = m_items.constFind(generatedId(folder, k)); it != m_items.constEnd() && !it->seq) {
            visit(*it);   // materialized but never changed: stored, not logged
        }
    }
    for (const auto &[seq, id] : folder.log) {
        if (const auto it = m_items.constFind(id); it != m_items.constEnd())
            visit(*it);
    }
}

void SandboxEwsStore::normalize(SandboxEwsItem &item) const
{
    if (item.kind != SandboxEwsKind::CalendarItem)
        return;
    // StartTimeZoneId/EndTimeZoneId mirror the zone definitions, as Exchange 2010 SP2+ reports them.
    for (const auto &[def, idKey] : {std::pair{u"StartTimeZone"_s, u"StartTimeZoneId"_s},
                                     std::pair{u"EndTimeZone"_s, u"EndTimeZoneId"_s}}) {
        const QByteArray fragment = item.props.value(def);
        const auto node = fragment.isEmpty() ? Result<EwsXmlNode>(Error::missing({})) : SandboxEwsXml::parseFragment(fragment);
        if (node && !node->attribute(u"Id"_s).isEmpty()) {
            EwsXmlNode id;
            id.name = idKey;
            id.text = node->attribute(u"Id"_s);
            item.props.insert(idKey, SandboxEwsXml::serialize(id));
        } else {
            item.props.remove(idKey);
        }
    }
}

void SandboxEwsStore::logChange(SandboxEwsFolder &folder, SandboxEwsItem &item)
{
    if (item.seq)
        folder.log.erase(item.seq);
    item.seq = ++m_seq;
    folder.log.emplace(item.seq, item.id);
}

SandboxEwsItem &SandboxEwsStore::createItem(const QString &folderId, SandboxEwsKind kind,
                                            const QMap<QString, QByteArray> &props)
{
    SandboxEwsFolder &f = *folder(folderId);
    SandboxEwsItem item;
    item.id = newId('I', quint32(qHash(f.mailbox)));
    item.folderId = folderId;
    item.kind = kind;
    item.props = props;
    item.created = item.modified = nowSecs();
    if (kind == SandboxEwsKind::CalendarItem) {
        if (!item.props.contains(u"UID"_s)) {
            EwsXmlNode uid;
            uid.name = u"UID"_s;
            uid.text = QUuid::createUuid().toString(QUuid::Id128).toUpper();
            item.props.insert(uid.name, SandboxEwsXml::serialize(uid));
        }
        if (!item.props.contains(u"Organizer"_s)) {
            const SandboxEwsMailbox *mb = mailbox(f.mailbox);
            SandboxEwsXml x;
            x.start(u"t:Organizer"_s).start(u"t:Mailbox"_s).element(u"t:Name"_s, mb->displayName)
                .element(u"t:EmailAddress"_s, mb->smtp).element(u"t:RoutingType"_s, u"SMTP"_s)
                .element(u"t:MailboxType"_s, u"Mailbox"_s);
            item.props.insert(u"Organizer"_s, x.finish());
        }
    }
    normalize(item);
    logChange(f, item);
    item.createdSeq = item.contentSeq = item.seq;
    f.items.insert(item.id);
    SandboxEwsItem &stored = *m_items.insert(item.id, item);
    if (!m_moving)
        Q_EMIT itemChanged(f.mailbox, folderId, stored.id, Event::Created);
    return stored;
}

SandboxEwsItem *SandboxEwsStore::updateItem(const QString &id, const QMap<QString, QByteArray> &props)
{
    SandboxEwsItem *it = item(id);
    if (!it)
        return nullptr;
    QMap<QString, QByteArray> changes = props;
    SandboxEwsCalendar::dropExceptionsOnSeriesChange(*it, changes);
    for (auto p = changes.cbegin(); p != changes.cend(); ++p) {
        if (p.value().isNull())
            it->props.remove(p.key());
        else
            it->props.insert(p.key(), p.value());
    }
    ++it->version;
    it->modified = nowSecs();
    normalize(*it);
    SandboxEwsFolder &f = *folder(it->folderId);
    logChange(f, *it);
    // Marking a message read or unread alone is a ReadFlagChange for SyncFolderItems.
    if (it->kind != SandboxEwsKind::Message || props.keys() != QList<QString>{u"IsRead"_s})
        it->contentSeq = it->seq;
    Q_EMIT itemChanged(f.mailbox, f.id, id, Event::Modified);
    return it;
}

bool SandboxEwsStore::deleteItem(const QString &id)
{
    if (!item(id))   // materializes a generated item
        return false;
    auto it = m_items.find(id);
    SandboxEwsFolder &f = *folder(it->folderId);
    f.items.remove(id);
    f.tombstones.insert(id, {it->createdSeq, it->kind, it->generatedIndex});
    f.log.erase(it->seq);
    f.log.emplace(++m_seq, id);
    const QString mailboxSmtp = f.mailbox;
    const QString folderId = f.id;
    m_items.erase(it);
    if (!m_moving)
        Q_EMIT itemChanged(mailboxSmtp, folderId, id, Event::Deleted);
    return true;
}

SandboxEwsItem *SandboxEwsStore::moveItem(const QString &id, const QString &targetFolderId)
{
    const SandboxEwsItem *source = item(id); // materializes a generated item
    SandboxEwsFolder *target = folder(targetFolderId);
    if (!source || !target || folder(source->folderId)->mailbox != target->mailbox)
        return nullptr;
    const SandboxEwsItem copy = *source;
    m_moving = true;
    deleteItem(id);
    SandboxEwsItem &moved = createItem(targetFolderId, copy.kind, copy.props);
    m_moving = false;
    moved.created = copy.created;
    moved.modified = copy.modified;
    Q_EMIT itemMoved(target->mailbox, copy.folderId, id, targetFolderId, moved.id);
    return &moved;
}

std::optional<QString> SandboxEwsStore::removeItem(const QString &id, DeleteMode mode)
{
    const std::optional<SandboxEwsItem> current = peek(id, false);
    const SandboxEwsFolder *from = current ? folder(current->folderId) : nullptr;
    if (!from)
        return std::nullopt;
    const SandboxEwsMailbox *mb = mailbox(from->mailbox);
    const QString trash = mb->distinguished.value(u"deleteditems"_s);
    const QString dumpster = mb->distinguished.value(u"recoverableitemsdeletions"_s);
    if (mode == DeleteMode::MoveToDeletedItems && from->id == trash)
        mode = DeleteMode::Soft;
    if (mode == DeleteMode::Soft && from->id == dumpster)
        mode = DeleteMode::Hard;
    const QString target = mode == DeleteMode::MoveToDeletedItems ? trash
                           : mode == DeleteMode::Soft             ? dumpster
                                                                  : QString();
    if (!target.isEmpty()) {
        if (const SandboxEwsItem *moved = moveItem(id, target))
            return moved->id;
    }
    if (!deleteItem(id))
        return std::nullopt;
    return QString();
}

SandboxEwsChangePage SandboxEwsStore::changesSince(const QString &folderId, quint64 position, quint32 next, quint64 since,
                                                   int max) const
{
    SandboxEwsChangePage page;
    page.position = position;
    page.next = next;
    page.since = since;
    const auto fit = m_folders.constFind(folderId);
    if (fit == m_folders.constEnd())
        return page;
    const SandboxEwsFolder &f = *fit;
    const SandboxEwsFolder::Generation &g = f.generation;
    if (g.count && position < g.seq) {
        // The client has not seen the generated items: report them in index order first, as
        // they are now. Ones changed after `since` may have been reported before their change,
        // so the log below reports those again.
        if (!page.since)
            page.since = m_seq;
        quint32 k = std::max<quint32>(next, 1);
        for (; k <= g.count && page.changes.size() < max; ++k) {
            if (f.touched.contains(k) && !m_items.contains(generatedId(f, k)))
                continue;   // deleted: the log reports it
            page.changes.append({SandboxEwsChange::Type::Create, generatedId(f, k), g.kind});
        }
        page.next = k;
        if (k <= g.count) {
            page.includesLast = false;
            return page;
        }
        // Nothing logged between the client's position and the generation: continue after
        // it, so later edits of generated items are Updates, not Creates.
        if (f.log.lower_bound(position + 1) == f.log.upper_bound(g.seq))
            page.position = position = g.seq;
    }
    reportChanges(f, position, max, page);
    return page;
}

void SandboxEwsStore::reportChanges(const SandboxEwsFolder &f, quint64 position, int max, SandboxEwsChangePage &page) const
{
    auto it = f.log.upper_bound(position);
    for (; it != f.log.end() && page.changes.size() < max; ++it) {
        page.position = it->first;
        const auto item = m_items.constFind(it->second);
        if (item != m_items.constEnd() && item->generatedIndex && it->first <= page.since)
            continue;   // reported as it is now while paging through the generated items
        if (item != m_items.constEnd()) {
            if (item->kind == SandboxEwsKind::Message && item->contentSeq <= position) {
                page.changes.append({SandboxEwsChange::Type::ReadFlagChange, item->id, item->kind});
                continue;
            }
            const bool created = item->createdSeq > position;
            page.changes.append({created ? SandboxEwsChange::Type::Create : SandboxEwsChange::Type::Update,
                                 item->id, item->kind});
            continue;
        }
        const SandboxEwsFolder::Tombstone t = f.tombstones.value(it->second);
        if (t.generatedIndex ? it->first <= page.since : t.createdSeq > position)
            continue;   // never reported to the client: nothing to delete
        page.changes.append({SandboxEwsChange::Type::Delete, it->second, t.kind});
    }
    page.includesLast = it == f.log.end();
}

} // namespace Liaison
