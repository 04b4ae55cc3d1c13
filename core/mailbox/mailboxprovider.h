#pragma once

// The provider-neutral mailbox API the engine talks to. EWS implements it first, Graph later.
//
// Contract for every asynchronous call:
//  - the callback runs exactly once, on the thread that owns the provider, never from inside
//    the call itself (so callers may start the next call from the callback);
//  - transient failures (throttling, busy server) are retried by the transport; an Error that
//    reaches the callback is final for this attempt and carries the admin fix;
//  - per-item results keep their input order, so a batch can partly fail.

#include "common/result.h"
#include "mailbox/mailboxtypes.h"

#include <functional>

namespace Liaison {

// Which mailbox folder: a well-known one ("contacts", "calendar", "tasks", "msgfolderroot")
// or a server folder id.
struct MailboxFolderRef
{
    QString distinguishedId;   // EWS DistinguishedFolderIdNameType / Graph well-known name
    QString folderId;          // wins over distinguishedId when set

    static MailboxFolderRef wellKnown(const QString &name) { return {name, {}}; }
    static MailboxFolderRef byId(const QString &id) { return {{}, id}; }
};

class MailboxProvider
{
public:
    template<typename T>
    using Callback = std::function<void(Result<T>)>;
    template<typename T>
    using BatchCallback = std::function<void(QList<Result<T>>)>;

    virtual ~MailboxProvider() = default;

    // "ews" or "graph" — for logs and the console.
    virtual QString providerName() const = 0;

    // The SMTP address of the mailbox this provider acts on.
    virtual QString mailbox() const = 0;

    // One page of folder-hierarchy changes below `root` (created, renamed or moved, deleted), so
    // the engine notices a sync folder that a user deleted or renamed. Empty syncState = all
    // folders as Created.
    virtual void syncFolders(const MailboxFolderRef &root, const QString &syncState,
                             Callback<MailboxFolderChangePage> done) = 0;

    // One page of incremental changes. Empty syncState = start from scratch.
    virtual void syncChanges(const MailboxFolderRef &folder, const QString &syncState, int maxChanges,
                             Callback<MailboxChangePage> done) = 0;

    // Full items for ids from syncChanges; one result per id, same order.
    virtual void fetchItems(const QList<MailboxItemId> &ids, BatchCallback<MailboxItem> done) = 0;

    // Occurrences and singles in [start, end) (≤ 2 years). Recurring masters come via fetchItems.
    virtual void listEvents(const MailboxFolderRef &folder, const QDateTime &start, const QDateTime &end,
                            Callback<QList<MailboxEvent>> done) = 0;

    // Finds (or creates when missing) a folder by display name below a parent.
    virtual void ensureFolder(const MailboxFolderRef &parent, const QString &displayName,
                              Callback<MailboxFolder> done) = 0;

    // Creates silently (never sends invitations); returns the new id + change key.
    virtual void createItem(const MailboxFolderRef &folder, const MailboxItem &item,
                            Callback<MailboxItemId> done) = 0;

    // Writes only `fields`; item's id must carry the ChangeKey last seen (optimistic concurrency).
    // An id with instanceIndex changes that one occurrence of a series (it becomes an exception).
    virtual void updateItem(const MailboxItem &item, const QList<MailboxField> &fields,
                            Callback<MailboxItemId> done) = 0;

    // Deletes silently (no cancellations); moveToTrash=false deletes hard. An id with
    // instanceIndex deletes that one occurrence; the series stays.
    virtual void deleteItem(const MailboxItemId &id, bool moveToTrash, Callback<void> done) = 0;

    // Drops queued work and in-flight calls; their callbacks still run once, with an error.
    virtual void cancelAll() = 0;
};

} // namespace Liaison
