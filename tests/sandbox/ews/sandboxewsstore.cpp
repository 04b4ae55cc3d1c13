#include "sandboxewsstore.h"

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
    const auto addFolder = [&](const QString &parent, const QString &dist, const QString &name, const QString &cls,
                               const QString &element) {
        SandboxEwsFolder f;
        f.id = newId('F', index);
        f.parentId = parent;
        f.mailbox = key;
        f.distinguishedId = dist;
        f.displayName = name;
        f.folderClass = cls;
        f.element = element;
        f.seq = ++m_seq;
        mb.distinguished.insert(dist, f.id);
        mb.folders.append(f.id);
        m_folders.insert(f.id, f);
        return f.id;
    };
    const QString root = addFolder({}, u"root"_s, u"Root"_s, {}, u"Folder"_s);
    mb.rootFolderId = addFolder(root, u"msgfolderroot"_s, u"Top of Information Store"_s, u"IPF.Note"_s, u"Folder"_s);
    for (const DefaultFolder &d : kDefaultFolders)
        addFolder(mb.rootFolderId, QString::fromUtf16(d.distinguished), QString::fromUtf16(d.name),
                  QString::fromUtf16(d.folderClass), QString::fromUtf16(d.element));
    return *m_mailboxes.insert(key, mb);
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
    f.seq = ++m_seq;
    mb->folders.append(f.id);
    return &*m_folders.insert(f.id, f);
}

SandboxEwsItem *SandboxEwsStore::item(const QString &id)
{
    auto it = m_items.find(id);
    return it == m_items.end() ? nullptr : &*it;
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
    item.createdSeq = item.seq;
    f.items.insert(item.id);
    SandboxEwsItem &stored = *m_items.insert(item.id, item);
    Q_EMIT itemChanged(f.mailbox, folderId, stored.id, Event::Created);
    return stored;
}

SandboxEwsItem *SandboxEwsStore::updateItem(const QString &id, const QMap<QString, QByteArray> &props)
{
    SandboxEwsItem *it = item(id);
    if (!it)
        return nullptr;
    for (auto p = props.cbegin(); p != props.cend(); ++p) {
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
    Q_EMIT itemChanged(f.mailbox, f.id, id, Event::Modified);
    return it;
}

bool SandboxEwsStore::deleteItem(const QString &id)
{
    auto it = m_items.find(id);
    if (it == m_items.end())
        return false;
    SandboxEwsFolder &f = *folder(it->folderId);
    f.items.remove(id);
    f.tombstones.insert(id, {it->createdSeq, it->kind});
    f.log.erase(it->seq);
    f.log.emplace(++m_seq, id);
    const QString mailboxSmtp = f.mailbox;
    const QString folderId = f.id;
    m_items.erase(it);
    Q_EMIT itemChanged(mailboxSmtp, folderId, id, Event::Deleted);
    return true;
}

SandboxEwsChangePage SandboxEwsStore::changesSince(const QString &folderId, quint64 position, int max) const
{
    SandboxEwsChangePage page;
    page.position = position;
    const auto fit = m_folders.constFind(folderId);
    if (fit == m_folders.constEnd())
        return page;
    const SandboxEwsFolder &f = *fit;
    auto it = f.log.upper_bound(position);
    for (; it != f.log.end() && page.changes.size() < max; ++it) {
        page.position = it->first;
        const auto item = m_items.constFind(it->second);
        if (item != m_items.constEnd()) {
            const bool created = item->createdSeq > position;
            page.changes.append({created ? SandboxEwsChange::Type::Create : SandboxEwsChange::Type::Update,
                                 item->id, item->kind});
            continue;
        }
        const SandboxEwsFolder::Tombstone t = f.tombstones.value(it->second);
        if (t.createdSeq > position)
            continue;   // created and deleted since the client's state: nothing to report
        page.changes.append({SandboxEwsChange::Type::Delete, it->second, t.kind});
    }
    page.includesLast = it == f.log.end();
    return page;
}

QJsonObject SandboxEwsStore::toJson() const
{
    QJsonArray mailboxes;
    for (const SandboxEwsMailbox &mb : m_mailboxes) {
        QJsonArray folders;
        for (const QString &fid : mb.folders) {
            const SandboxEwsFolder &f = m_folders[fid];
            QJsonArray items;
            for (const QString &iid : f.items) {
                const SandboxEwsItem &i = m_items[iid];
                QJsonObject props;
                for (auto p = i.props.cbegin(); p != i.props.cend(); ++p)
                    props.insert(p.key(), QString::fromUtf8(p.value()));
                items.append(QJsonObject{{u"id"_s, i.id}, {u"kind"_s, int(i.kind)}, {u"version"_s, qint64(i.version)},
                                         {u"seq"_s, qint64(i.seq)}, {u"createdSeq"_s, qint64(i.createdSeq)},
                                         {u"created"_s, i.created}, {u"modified"_s, i.modified}, {u"props"_s, props}});
            }
            QJsonArray tombstones;
            for (const auto &[seq, id] : f.log) {
                if (f.tombstones.contains(id))
                    tombstones.append(QJsonObject{{u"id"_s, id}, {u"seq"_s, qint64(seq)},
                                                  {u"createdSeq"_s, qint64(f.tombstones[id].createdSeq)},
                                                  {u"kind"_s, int(f.tombstones[id].kind)}});
            }
            folders.append(QJsonObject{{u"id"_s, f.id}, {u"parentId"_s, f.parentId},
                                       {u"distinguishedId"_s, f.distinguishedId}, {u"displayName"_s, f.displayName},
                                       {u"folderClass"_s, f.folderClass}, {u"element"_s, f.element},
                                       {u"version"_s, qint64(f.version)}, {u"seq"_s, qint64(f.seq)},
                                       {u"items"_s, items}, {u"tombstones"_s, tombstones}});
        }
        mailboxes.append(QJsonObject{{u"smtp"_s, mb.smtp}, {u"displayName"_s, mb.displayName},
                                     {u"rootFolderId"_s, mb.rootFolderId}, {u"folders"_s, folders}});
    }
    return {{u"seq"_s, qint64(m_seq)}, {u"nextId"_s, qint64(m_nextId)}, {u"mailboxes"_s, mailboxes}};
}

void SandboxEwsStore::fromJson(const QJsonObject &json)
{
    reset();
    m_seq = quint64(json.value(u"seq"_s).toInteger());
    m_nextId = quint64(json.value(u"nextId"_s).toInteger(1));
    for (const QJsonValue &mv : json.value(u"mailboxes"_s).toArray()) {
        const QJsonObject mo = mv.toObject();
        SandboxEwsMailbox mb;
        mb.smtp = mo.value(u"smtp"_s).toString();
        mb.displayName = mo.value(u"displayName"_s).toString();
        mb.rootFolderId = mo.value(u"rootFolderId"_s).toString();
        for (const QJsonValue &fv : mo.value(u"folders"_s).toArray()) {
            const QJsonObject fo = fv.toObject();
            SandboxEwsFolder f;
            f.id = fo.value(u"id"_s).toString();
            f.parentId = fo.value(u"parentId"_s).toString();
            f.mailbox = mb.smtp;
            f.distinguishedId = fo.value(u"distinguishedId"_s).toString();
            f.displayName = fo.value(u"displayName"_s).toString();
            f.folderClass = fo.value(u"folderClass"_s).toString();
            f.element = fo.value(u"element"_s).toString();
            f.version = quint32(fo.value(u"version"_s).toInteger(1));
            f.seq = quint64(fo.value(u"seq"_s).toInteger());
            for (const QJsonValue &iv : fo.value(u"items"_s).toArray()) {
                const QJsonObject io = iv.toObject();
                SandboxEwsItem i;
                i.id = io.value(u"id"_s).toString();
                i.folderId = f.id;
                i.kind = SandboxEwsKind(io.value(u"kind"_s).toInt());
                i.version = quint32(io.value(u"version"_s).toInteger(1));
                i.seq = quint64(io.value(u"seq"_s).toInteger());
                i.createdSeq = quint64(io.value(u"createdSeq"_s).toInteger());
                i.created = io.value(u"created"_s).toInteger();
                i.modified = io.value(u"modified"_s).toInteger();
                const QJsonObject props = io.value(u"props"_s).toObject();
                for (auto p = props.begin(); p != props.end(); ++p)
                    i.props.insert(p.key(), p.value().toString().toUtf8());
                f.items.insert(i.id);
                f.log.emplace(i.seq, i.id);
                m_items.insert(i.id, i);
            }
            for (const QJsonValue &tv : fo.value(u"tombstones"_s).toArray()) {
                const QJsonObject to = tv.toObject();
                const QString id = to.value(u"id"_s).toString();
                f.tombstones.insert(id, {quint64(to.value(u"createdSeq"_s).toInteger()),
                                         SandboxEwsKind(to.value(u"kind"_s).toInt())});
                f.log.emplace(quint64(to.value(u"seq"_s).toInteger()), id);
            }
            if (!f.distinguishedId.isEmpty())
                mb.distinguished.insert(f.distinguishedId, f.id);
            mb.folders.append(f.id);
            m_folders.insert(f.id, f);
        }
        m_mailboxes.insert(mb.smtp, mb);
    }
}

} // namespace Liaison
