#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

namespace Liaison {

enum class SandboxEwsKind : quint8 { Contact, CalendarItem, Task };
QString sandboxEwsKindElement(SandboxEwsKind kind);   // "Contact", "CalendarItem", "Task"
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
    quint32 version = 1;
    quint64 seq = 0;           // hierarchy change position
    QSet<QString> items;
    // Every item appears once, at its latest change; deleted ones stay as tombstones.
    std::map<quint64, QString> log;
    struct Tombstone { quint64 createdSeq = 0; SandboxEwsKind kind = SandboxEwsKind::Contact; };
    QHash<QString, Tombstone> tombstones;

    QString changeKey() const;
};

struct SandboxEwsMailbox
{
    QString smtp;              // lower case
    QString displayName;
    QString rootFolderId;
    QHash<QString, QString> distinguished;   // "contacts" -> folder id
    QStringList folders;       // all folder ids, creation order
};

// One change the folder log reports to SyncFolderItems.
struct SandboxEwsChange
{
    enum class Type { Create, Update, Delete };
    Type type = Type::Create;
    QString itemId;
    SandboxEwsKind kind = SandboxEwsKind::Contact;
};

struct SandboxEwsChangePage
{
    QList<SandboxEwsChange> changes;
    quint64 position = 0;      // where the next page starts
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

    SandboxEwsItem *item(const QString &id);
    qint64 itemCount() const { return m_items.size(); }
    SandboxEwsItem &createItem(const QString &folderId, SandboxEwsKind kind, const QMap<QString, QByteArray> &props);
    // Applies `props` (a null QByteArray removes the key), bumps version and ChangeKey.
    SandboxEwsItem *updateItem(const QString &id, const QMap<QString, QByteArray> &props);
    bool deleteItem(const QString &id);

    // Changes after `position` (0 = from the start), at most `max`, one per item.
    SandboxEwsChangePage changesSince(const QString &folderId, quint64 position, int max) const;
    quint64 currentSeq() const { return m_seq; }

    QJsonObject toJson() const;
    void fromJson(const QJsonObject &json);

Q_SIGNALS:
    void itemChanged(const QString &mailbox, const QString &folderId, const QString &itemId, Event event);

private:
    QString newId(char type, quint32 mailboxIndex);
    void normalize(SandboxEwsItem &item) const;
    void logChange(SandboxEwsFolder &folder, SandboxEwsItem &item);

    QHash<QString, SandboxEwsMailbox> m_mailboxes;
    QHash<QString, SandboxEwsFolder> m_folders;
    QHash<QString, SandboxEwsItem> m_items;
    quint64 m_seq = 0;
    quint64 m_nextId = 1;
};

} // namespace Liaison
