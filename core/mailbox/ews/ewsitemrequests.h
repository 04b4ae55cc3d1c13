#pragma once

// Item operations: GetItem, FindItem (CalendarView), CreateItem, UpdateItem, DeleteItem.
// Each builds the full envelope (an Error when the input breaks an EWS rule) and parses the
// response; batches return one EwsOutcome per input, in order.

#include "mailbox/ews/ewssoapresponse.h"
#include "mailbox/ews/ewssoapwriter.h"

namespace Liaison {

enum class EwsItemKind { Contact, Event, Task };

class EwsGetItemRequest
{
public:
    static constexpr int kRecommendedBatch = 10;

    QList<MailboxItemId> ids;  // ChangeKeys are not sent: GetItem always returns the latest
    EwsItemKind kind = EwsItemKind::Contact; // selects the AdditionalProperties

    Result<QByteArray> build(const EwsRequestContext &context) const;
    static QStringList fieldUris(EwsItemKind kind);
    static Result<QList<EwsOutcome<MailboxItem>>> parse(const EwsSoapResponse &response,
                                                        const EwsRequestContext &context);
};

class EwsFindCalendarViewRequest
{
public:
    static constexpr qint64 kMaxRangeDays = 2 * 365 + 1; // ErrorCalendarViewRangeTooBig beyond 2 years

    MailboxFolderRef folder = MailboxFolderRef::wellKnown(QStringLiteral("calendar"));
    QDateTime start;
    QDateTime end;
    int maxEntries = 0;        // 0 = server default

    Result<QByteArray> build(const EwsRequestContext &context) const;
    // Occurrences/exceptions/singles with id, subject, start, end, kind, all-day and CrmId.
    static Result<QList<MailboxEvent>> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

class EwsCreateItemRequest
{
public:
    MailboxFolderRef folder;   // SavedItemFolderId
    QList<MailboxItem> items;

    // Always with SendMeetingInvitations="SendToNone" (silent sync; required for calendar items).
    Result<QByteArray> build(const EwsRequestContext &context) const;
    // New ids with ChangeKeys, one per item.
    static Result<QList<EwsOutcome<MailboxItemId>>> parse(const EwsSoapResponse &response,
                                                          const EwsRequestContext &context);
};

class EwsUpdateItemRequest
{
public:
    enum class ConflictResolution { NeverOverwrite, AutoResolve, AlwaysOverwrite };
    struct Change
    {
        MailboxItem item;      // its id (with ChangeKey) selects the item
        QList<MailboxField> fields;
    };

    QList<Change> changes;
    ConflictResolution conflictResolution = ConflictResolution::NeverOverwrite;

    // NeverOverwrite requires each id's ChangeKey (optimistic concurrency).
    Result<QByteArray> build(const EwsRequestContext &context) const;
    static Result<QList<EwsOutcome<MailboxItemId>>> parse(const EwsSoapResponse &response,
                                                          const EwsRequestContext &context);
};

class EwsDeleteItemRequest
{
public:
    enum class DeleteType { HardDelete, SoftDelete, MoveToDeletedItems };

    QList<MailboxItemId> ids;
    DeleteType deleteType = DeleteType::MoveToDeletedItems;

    // Never sends meeting cancellations; deletes all occurrences of recurring tasks.
    Result<QByteArray> build(const EwsRequestContext &context) const;
    static Result<QList<EwsStatus>> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

} // namespace Liaison
