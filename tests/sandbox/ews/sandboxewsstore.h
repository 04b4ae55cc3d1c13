#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <optional>

namespace Liaison {

// Message is appended last: kinds are saved as numbers.
enum class SandboxEwsKind : quint8 { Contact, CalendarItem, Task, Message };
QString sandboxEwsKindElement(SandboxEwsKind kind);   // "Contact", "CalendarItem", "Task", "Message"
std::optional<SandboxEwsKind> sandboxEwsKindFromElement(const QString &element);

// One item, kept compact: its properties are the serialized "t:" elements as the client (or
// the admin API) wrote them, keyed by element name ("ExtendedProperty#<set>#<name>" for
// extended properties). Rendering puts them back in schema order.
struct SandboxEwsItem
{
    QString id;
    QString folderId;
    SandboxEwsKind kind = SandboxEwsKind::Contact;
    quint32 version = 1;
    quint64 seq = 0;           // position of its latest change in the folder's change log
    quint64 createdSeq = 0;
    quint64 contentSeq = 0;    // its latest change other than the read flag (ReadFlagChange vs Update)
    quint32 generatedIndex = 0;   // k when the item is a generated one (0 = created explicitly)
    qint64 created = 0;        // seconds since the epoch, UTC
    qint64 modified = 0;
    QMap<QString, QByteArray> props;

    QString changeKey() const;
    QString textOf(const QString &key) const;   // a simple property's text ("" when absent/complex)
};

struct SandboxEwsFolder
{
    QString id;
    QString parentId;
    QString mailbox;           // owner SMTP (lower case)
    QString distinguishedId;   // "contacts", ... or empty
    QString displayName;
    QString folderClass;
    QString element;           // Folder, ContactsFolder, CalendarFolder, TasksFolder
    QMap<QString, QByteArray> props;   // extended properties, keyed like an item's
    quint32 version = 1;
    quint64 seq = 0;           // hierarchy change position
    quint64 createdSeq = 0;    // hierarchy position of its creation (SyncFolderHierarchy Create vs Update)
    QSet<QString> items;       // explicit (stored) items, generated ones once materialized
    // Every stored item appears once, at its latest change; deleted ones stay as tombstones.
    std::map<quint64, QString> log;
    struct Tombstone
    {
        quint64 createdSeq = 0;
        SandboxEwsKind kind = SandboxEwsKind::Contact;
        quint32 generatedIndex = 0;
    };
    QHash<QString, Tombstone> tombstones;

    // Generated items 1..count exist virtually, created at change position `seq`; only the
    // ones touched since (materialized or deleted) are stored, the rest is derived on demand.
    struct Generation
    {
        quint32 count = 0;
        quint32 slot = 0;      // names the folder inside generated item ids
        quint64 seq = 0;
        qint64 at = 0;         // creation time, seconds since the epoch
        SandboxEwsKind kind = SandboxEwsKind::Contact;
        QString tag;
        quint32 seed = 0;
    };
    Generation generation;
    QSet<quint32> touched;     // generated indexes now stored in `items` or deleted

    qint64 itemTotal() const { return items.size() + generation.count - touched.size(); }

    QString changeKey() const;
};

struct SandboxEwsMailbox
{
    QString smtp;              // lower case
    QString displayName;
    QString rootFolderId;
    QHash<QString, QString> distinguished;   // "contacts" -> folder id
    QStringList folders;       // all folder ids, creation order
    // Deleted folders, for SyncFolderHierarchy's Delete changes.
    struct DeletedFolder
    {
        QString id;
        quint64 seq = 0;
        quint64 createdSeq = 0;
    };
    QList<DeletedFolder> deletedFolders;
};

// One change the folder log reports to SyncFolderItems.
struct SandboxEwsChange
{
    enum class Type { Create, Update, Delete, ReadFlagChange };
    Type type = Type::Create;
    QString itemId;
    SandboxEwsKind kind = SandboxEwsKind::Contact;
};

struct SandboxEwsChangePage
{
    QList<SandboxEwsChange> changes;
    quint64 position = 0;      // where the next page starts in the change log
    quint32 next = 1;          // the next generated item to report while position < generation seq
    quint64 since = 0;         // change position when the client began reporting generated items
    bool includesLast = true;
};

// The EWS sandbox's state: mailboxes, folders, items and the per-folder change logs.
// Every mutation goes through here so SyncFolderItems and streaming notifications see it.
class SandboxEwsStore : public QObject
{
    Q_OBJECT
public:
    enum class Event { Created, Modified, Deleted };

    explicit SandboxEwsStore(QObject *parent = nullptr);

    void reset();   // drops every mailbox
    SandboxEwsMailbox &addMailbox(const QString &smtp, const QString &displayName = {});
    SandboxEwsMailbox *mailbox(const QString &smtp);
    QStringList mailboxes() const;   // SMTP addresses, sorted
    int mailboxCount() const { return int(m_mailboxes.size()); }

    SandboxEwsFolder *folder(const QString &id);
    // A distinguished name ("contacts") or a folder id, within the mailbox.
    SandboxEwsFolder *resolveFolder(const QString &smtp, const QString &nameOrId);
    QList<SandboxEwsFolder *> childFolders(const QString &parentId);
    SandboxEwsFolder *createFolder(const QString &parentId, const QString &displayName, const QString &element);
    // A user renames or deletes a folder (with its subfolders and items); distinguished folders
    // cannot be deleted. Both are hierarchy changes.
    SandboxEwsFolder *renameFolder(const QString &id, const QString &displayName);
    bool deleteFolder(const QString &id);
    // A hierarchy change to the folder itself (UpdateFolder): new ChangeKey, reported by
    // SyncFolderHierarchy as an Update.
    void touchFolder(SandboxEwsFolder &folder);
    // Moves the folder (and so its subtree) under another one; its id stays, as in Exchange.
    bool moveFolder(const QString &id, const QString &newParentId);

    // A stored item; a generated one is materialized into the store first (for writes).
    SandboxEwsItem *item(const QString &id);
    // A copy of a stored or generated item, without storing anything (for reads; copies are
    // cheap, the properties are implicitly shared). withProps=false skips deriving properties.
    std::optional<SandboxEwsItem> peek(const QString &id, bool withProps = true) const;
    qint64 itemCount() const { return m_items.size() + m_generatedAlive; }
    // Makes items 1..count of the folder generated ones (see SandboxEwsGenerator); returns count.
    quint32 generateItems(const QString &folderId, SandboxEwsKind kind, quint32 count, const QString &tag, quint32 seed = 0);
    QString generatedId(const SandboxEwsFolder &folder, quint32 index) const;
    // Generated item `index` of the folder as currently visible: stored if touched, else derived;
    // nullopt when it was deleted.
    std::optional<SandboxEwsItem> generatedItem(const SandboxEwsFolder &folder, quint32 index, bool withProps = true) const;
    // Every item of the folder, generated ones first (in index order), then stored ones in log order.
    void forEachItem(const SandboxEwsFolder &folder, const std::function<void(const SandboxEwsItem &)> &visit) const;
    SandboxEwsItem &createItem(const QString &folderId, SandboxEwsKind kind, const QMap<QString, QByteArray> &props);
    // Applies `props` (a null QByteArray removes the key), bumps version and ChangeKey.
    SandboxEwsItem *updateItem(const QString &id, const QMap<QString, QByteArray> &props);
    bool deleteItem(const QString &id);
    // DeleteItem's DeleteType, and what a user's Delete in Outlook does (MoveToDeletedItems).
    enum class DeleteMode { Hard, Soft, MoveToDeletedItems };
    // Deletes as Exchange 2013+ does: a hard delete removes the item (DeletedEvent); a soft
    // delete moves it to the dumpster (Recoverable Items/Deletions) and MoveToDeletedItems to
    // Deleted Items, each a move (MovedEvent; SyncFolderItems: Delete in the source, Create in
    // the target). Moving what is already in Deleted Items soft-deletes it, soft-deleting what
    // is in the dumpster hard-deletes it. Returns the item's new id after a move, "" after a
    // hard delete, nullopt when there is no such item.
    std::optional<QString> removeItem(const QString &id, DeleteMode mode);
    // Moves an item to another folder of its mailbox: a new id there (Exchange 2013+).
    SandboxEwsItem *moveItem(const QString &id, const QString &targetFolderId);

    // Changes after `position` (0 = from the start), at most `max`, one per item. While
    // position is before the folder's generation, generated items from `next` on come first.
    // `since` (0 on the first page) is carried from page to page: generated items changed before
    // it were reported as they are now and are not repeated from the log.
    SandboxEwsChangePage changesSince(const QString &folderId, quint64 position, quint32 next, quint64 since, int max) const;
    quint64 currentSeq() const { return m_seq; }

    QJsonObject toJson() const;
    void fromJson(const QJsonObject &json);

Q_SIGNALS:
    void itemChanged(const QString &mailbox, const QString &folderId, const QString &itemId, Event event);
    void itemMoved(const QString &mailbox, const QString &oldFolderId, const QString &oldItemId,
                   const QString &newFolderId, const QString &newItemId);

private:
    QString newId(char type, quint32 mailboxIndex);
    QString addFolder(SandboxEwsMailbox &mb, quint32 mailboxIndex, const QString &parentId,
                      const QString &distinguishedId, const QString &displayName, const QString &folderClass,
                      const QString &element);
    // Gives a mailbox the well-known folders it lacks (every new one; one saved by an older
    // sandbox that did not know all of them yet).
    void addMissingDefaultFolders(SandboxEwsMailbox &mb, quint32 mailboxIndex);
    void normalize(SandboxEwsItem &item) const;
    void logChange(SandboxEwsFolder &folder, SandboxEwsItem &item);
    // Slot and index of a generated item id, or {0, 0}.
    static std::pair<quint32, quint32> parseGeneratedId(const QString &id);
    SandboxEwsItem derive(const SandboxEwsFolder &folder, quint32 index, bool withProps) const;
    void reportChanges(const SandboxEwsFolder &f, quint64 position, int max, SandboxEwsChangePage &page) const;

    QHash<QString, SandboxEwsMailbox> m_mailboxes;
    QHash<QString, SandboxEwsFolder> m_folders;
    QHash<QString, SandboxEwsItem> m_items;
    QList<QString> m_generatedFolders;   // slot - 1 -> folder id
    qint64 m_generatedAlive = 0;         // generated items neither stored nor deleted
    quint64 m_seq = 0;
    quint64 m_nextId = 1;
    bool m_moving = false; // a move emits itemMoved, not Deleted + Created
};

} // namespace Liaison
