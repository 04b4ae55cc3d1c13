#include "mailbox/ews/ewsitemrequests.h"

#include "mailbox/ews/ewsitemreader.h"
#include "mailbox/ews/ewsitemwriter.h"

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

QString targetMailbox(const EwsRequestContext &c)
{
    return c.impersonatedSmtp.isEmpty() ? c.mailbox : c.impersonatedSmtp;
}

Error emptyBatch(const QString &operation)
{
    return Error::invalid(u"EWS %1 needs at least one item"_s.arg(operation),
                          u"Report this as a Liaison bug: an empty batch was scheduled"_s);
}

// Walks the ResponseMessages of a batch; `read` fills the value of a successful message.
template<typename T>
Result<QList<EwsOutcome<T>>> readBatch(const EwsSoapResponse &response, const QString &operation,
                                       const EwsRequestContext &context,
                                       const std::function<std::optional<T>(const EwsXmlNode &)> &read)
{
    if (Status s = response.expect(operation, context.account, targetMailbox(context)); !s)
        return s.error();
    QList<EwsOutcome<T>> out;
    for (const auto &[status, node] : response.responseMessages()) {
        EwsOutcome<T> o;
        o.status = status;
        if (!status.isError())
            o.value = read(*node);
        out << o;
    }
    return out;
}

// The first item element under m:Items (t:Contact, t:CalendarItem, ...), or nullptr.
const EwsXmlNode *firstItem(const EwsXmlNode &message)
{
    const EwsXmlNode *items = message.child(u"Items"_s);
    return items && !items->children.isEmpty() ? &items->children.constFirst() : nullptr;
}

std::optional<MailboxItemId> readNewId(const EwsXmlNode &message)
{
    const EwsXmlNode *item = firstItem(message);
    if (!item)
        return MailboxItemId{}; // success without echo (e.g. SendToNone on some servers)
    return EwsItemReader::readItemId(item->child(u"ItemId"_s));
}

MailboxItemId idOf(const MailboxItem &item)
{
    return std::visit([](const auto &i) { return i.id; }, item);
}

} // namespace

QStringList EwsGetItemRequest::fieldUris(EwsItemKind kind)
{
    QStringList common{u"item:ParentFolderId"_s, u"item:Sensitivity"_s, u"item:Body"_s, u"item:Categories"_s,
                       u"item:LastModifiedTime"_s};
    switch (kind) {
    case EwsItemKind::Contact:
        return common + QStringList{u"contacts:FileAs"_s, u"contacts:DisplayName"_s, u"contacts:GivenName"_s,
                                    u"contacts:MiddleName"_s, u"contacts:Surname"_s, u"contacts:CompanyName"_s,
                                    u"contacts:Department"_s, u"contacts:JobTitle"_s, u"contacts:EmailAddresses"_s,
                                    u"contacts:PhoneNumbers"_s, u"contacts:PhysicalAddresses"_s,
                                    u"contacts:Birthday"_s};
    case EwsItemKind::Event:
        return QStringList{u"item:Subject"_s} + common
            + QStringList{u"calendar:UID"_s, u"calendar:Start"_s, u"calendar:End"_s, u"calendar:OriginalStart"_s,
                          u"calendar:IsAllDayEvent"_s, u"calendar:Location"_s, u"calendar:CalendarItemType"_s, u"calendar:Organizer"_s,
                          u"calendar:RequiredAttendees"_s, u"calendar:OptionalAttendees"_s, u"calendar:Resources"_s,
                          u"calendar:Recurrence"_s, u"calendar:ModifiedOccurrences"_s,
                          u"calendar:DeletedOccurrences"_s, u"calendar:StartTimeZoneId"_s,
                          u"calendar:EndTimeZoneId"_s};
    case EwsItemKind::Task:
        return QStringList{u"item:Subject"_s} + common
            + QStringList{u"task:CompleteDate"_s, u"task:DueDate"_s, u"task:PercentComplete"_s, u"task:StartDate"_s,
                          u"task:Status"_s};
    }
    return common;
}

Result<QByteArray> EwsGetItemRequest::build(const EwsRequestContext &context) const
{
    if (ids.isEmpty())
        return emptyBatch(u"GetItem"_s);
    EwsSoapWriter w(context);
    w.startM(u"GetItem"_s);
    w.itemShape(u"IdOnly"_s, fieldUris(kind), true);
    w.startM(u"ItemIds"_s);
    for (const MailboxItemId &id : ids)
        w.itemId({id.id, {}, id.instanceIndex});
    w.end();
    w.end();
    return w.finish();
}

Result<QList<EwsOutcome<MailboxItem>>> EwsGetItemRequest::parse(const EwsSoapResponse &response,
                                                                const EwsRequestContext &context)
{
    if (Status s = response.expect(u"GetItem"_s, context.account, targetMailbox(context)); !s)
        return s.error();
    QList<EwsOutcome<MailboxItem>> out;
    for (const auto &[status, node] : response.responseMessages()) {
        EwsOutcome<MailboxItem> o;
        o.status = status;
        if (!status.isError()) {
            const EwsXmlNode *item = firstItem(*node);
            auto read = item ? EwsItemReader::readItem(*item)
                             : Result<MailboxItem>(Error{Error::Code::Protocol, u"GetItem returned no item"_s, {}});
            if (read) {
                o.value = std::move(read).value();
            } else {
                // Not ours to sync (a message in a contacts folder): report it per item.
                o.status = {u"Error"_s, u"ErrorUnsupportedItemType"_s, read.error().message, -1};
            }
        }
        out << o;
    }
    return out;
}

Result<QByteArray> EwsFindCalendarViewRequest::build(const EwsRequestContext &context) const
{
    if (!start.isValid() || !end.isValid() || end <= start)
        return Error::invalid(u"Calendar window must have a start before its end"_s,
                              u"Check the synchronization window of the profile"_s);
    if (start.daysTo(end) > kMaxRangeDays)
        return Error::invalid(u"Calendar window of %1 days is longer than Exchange allows (2 years)"_s.arg(start.daysTo(end)),
                              u"Shorten the calendar synchronization window to at most 2 years"_s);
    EwsSoapWriter w(context);
    w.startM(u"FindItem"_s);
    w.attribute(u"Traversal"_s, u"Shallow"_s);
    w.itemShape(u"IdOnly"_s,
                {u"item:Subject"_s, u"item:LastModifiedTime"_s, u"calendar:UID"_s, u"calendar:Start"_s,
                 u"calendar:End"_s, u"calendar:OriginalStart"_s, u"calendar:IsAllDayEvent"_s,
                 u"calendar:CalendarItemType"_s},
                true);
    w.xml().writeEmptyElement(u"m:CalendarView"_s);
    if (maxEntries > 0)
        w.attribute(u"MaxEntriesReturned"_s, QString::number(maxEntries));
    w.attribute(u"StartDate"_s, EwsSoapWriter::dateTimeUtc(start));
    w.attribute(u"EndDate"_s, EwsSoapWriter::dateTimeUtc(end));
    w.startM(u"ParentFolderIds"_s);
    w.folderRef(folder);
    w.end();
    w.end();
    return w.finish();
}

Result<QList<MailboxEvent>> EwsFindCalendarViewRequest::parse(const EwsSoapResponse &response,
                                                              const EwsRequestContext &context)
{
    if (Status s = response.expect(u"FindItem"_s, context.account, targetMailbox(context)); !s)
        return s.error();
    QList<MailboxEvent> out;
    for (const auto &[status, node] : response.responseMessages()) {
        if (status.isError())
            return status.describe(context.account, targetMailbox(context));
        const EwsXmlNode *items = node->path({u"RootFolder"_s, u"Items"_s});
        if (!items)
            continue;
        for (const EwsXmlNode *ev : items->childrenNamed(u"CalendarItem"_s))
            out << EwsItemReader::readEvent(*ev);
    }
    return out;
}

Result<QByteArray> EwsCreateItemRequest::build(const EwsRequestContext &context) const
{
    if (items.isEmpty())
        return emptyBatch(u"CreateItem"_s);
    EwsSoapWriter w(context);
    w.startM(u"CreateItem"_s);
    // Required for calendar items (ErrorSendMeetingInvitationsRequired), harmless for others:
    // always sent, so no item kind can go out without it.
    w.attribute(u"SendMeetingInvitations"_s, u"SendToNone"_s);
    if (!folder.folderId.isEmpty() || !folder.distinguishedId.isEmpty()) {
        w.startM(u"SavedItemFolderId"_s);
        w.folderRef(folder);
        w.end();
    }
    w.startM(u"Items"_s);
    for (const MailboxItem &item : items)
        EwsItemWriter::writeItem(w, item);
    w.end();
    w.end();
    return w.finish();
}

Result<QList<EwsOutcome<MailboxItemId>>> EwsCreateItemRequest::parse(const EwsSoapResponse &response,
                                                                     const EwsRequestContext &context)
{
    return readBatch<MailboxItemId>(response, u"CreateItem"_s, context, readNewId);
}

Result<QByteArray> EwsUpdateItemRequest::build(const EwsRequestContext &context) const
{
    if (changes.isEmpty())
        return emptyBatch(u"UpdateItem"_s);
    for (const Change &c : changes) {
        const MailboxItemId id = idOf(c.item);
        if (id.isEmpty())
            return Error::missing(u"EWS UpdateItem without an item id"_s,
                                  u"Report this as a Liaison bug: the link has no Exchange id"_s);
        if (conflictResolution == ConflictResolution::NeverOverwrite && id.changeKey.isEmpty())
            return Error::missing(u"EWS UpdateItem with NeverOverwrite needs the item's ChangeKey"_s,
                                  u"None needed: Liaison re-reads the item to get its ChangeKey"_s);
        if (c.fields.isEmpty())
            return Error::invalid(u"EWS UpdateItem without any changed field"_s,
                                  u"Report this as a Liaison bug: an empty update was scheduled"_s);
        if (id.isOccurrence() && c.fields.contains(MailboxField::Recurrence))
            return Error::invalid(
                u"A single occurrence of a series has no recurrence of its own"_s,
                u"Change the recurrence on the series (its master), not on occurrence %1"_s.arg(
                    id.instanceIndex));
    }
    static const QString resolutions[] = {u"NeverOverwrite"_s, u"AutoResolve"_s, u"AlwaysOverwrite"_s};
    EwsSoapWriter w(context);
    w.startM(u"UpdateItem"_s);
    w.attribute(u"ConflictResolution"_s, resolutions[static_cast<int>(conflictResolution)]);
    // Required for calendar items (ErrorSendMeetingInvitationsOrCancellationsRequired): always sent.
    w.attribute(u"SendMeetingInvitationsOrCancellations"_s, u"SendToNone"_s);
    w.startM(u"ItemChanges"_s);
    for (const Change &c : changes) {
        w.startT(u"ItemChange"_s);
        w.itemId(idOf(c.item));
        w.startT(u"Updates"_s);
        if (Status s = EwsItemWriter::writeUpdates(w, c.item, c.fields); !s)
            return s.error();
        w.end();
        w.end();
    }
    w.end();
    w.end();
    return w.finish();
}

Result<QList<EwsOutcome<MailboxItemId>>> EwsUpdateItemRequest::parse(const EwsSoapResponse &response,
                                                                     const EwsRequestContext &context)
{
    return readBatch<MailboxItemId>(response, u"UpdateItem"_s, context, readNewId);
}

Result<QByteArray> EwsDeleteItemRequest::build(const EwsRequestContext &context) const
{
    if (ids.isEmpty())
        return emptyBatch(u"DeleteItem"_s);
    static const QString types[] = {u"HardDelete"_s, u"SoftDelete"_s, u"MoveToDeletedItems"_s};
    EwsSoapWriter w(context);
    w.startM(u"DeleteItem"_s);
    w.attribute(u"DeleteType"_s, types[static_cast<int>(deleteType)]);
    w.attribute(u"SendMeetingCancellations"_s, u"SendToNone"_s);
    w.attribute(u"AffectedTaskOccurrences"_s, u"AllOccurrences"_s);
    w.startM(u"ItemIds"_s);
    for (const MailboxItemId &id : ids)
        w.itemId(id);
    w.end();
    w.end();
    return w.finish();
}

Result<QList<EwsStatus>> EwsDeleteItemRequest::parse(const EwsSoapResponse &response, const EwsRequestContext &context)
{
    if (Status s = response.expect(u"DeleteItem"_s, context.account, targetMailbox(context)); !s)
        return s.error();
    QList<EwsStatus> out;
    for (const auto &m : response.responseMessages())
        out << m.first;
    return out;
}

} // namespace Liaison
