#include "sandboxewsitemops.h"

#include "sandboxewscalendar.h"
#include "sandboxewsitems.h"
#include "sandboxewstasks.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

const QString kNotForOperation = u"Property is not valid for this operation."_s;

QString hashOf(const QString &folderId, const QString &numbers)
{
    const QString text = u"sandbox-ews|"_s + folderId + u'|' + numbers;
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(12));
}

// An item reference (t:ItemId, t:OccurrenceItemId, t:RecurringMasterItemId) -> a copy of the
// item, and the occurrence when it names one. *code gets the EWS ResponseCode on failure.
// Generated items are derived, not stored: writers call store->item() to materialize them.
std::optional<SandboxEwsItem> lookup(const SandboxEwsContext &ctx, const EwsXmlNode &ref,
                                     std::optional<SandboxEwsOccurrence> *occ, QString *code)
{
    QString id = ref.attribute(u"Id"_s);
    int index = 0;
    if (ref.name == u"OccurrenceItemId"_s) {
        id = ref.attribute(u"RecurringMasterId"_s);
        index = ref.attribute(u"InstanceIndex"_s).toInt();
    } else if (ref.name == u"RecurringMasterItemId"_s) {
        id = ref.attribute(u"OccurrenceId"_s);
        QString master;
        if (SandboxEwsCalendar::parseOccurrenceId(id, &master, &index))
            id = master;
        index = 0;
    } else {
        QString master;
        if (SandboxEwsCalendar::parseOccurrenceId(id, &master, &index))
            id = master;
    }
    if (id.isEmpty() || QByteArray::fromBase64(id.toLatin1()).size() < 8) {
        *code = u"ErrorInvalidIdMalformed"_s;
        return std::nullopt;
    }
    std::optional<SandboxEwsItem> item = ctx.store->peek(id);
    const SandboxEwsFolder *folder = item ? ctx.store->folder(item->folderId) : nullptr;
    if (!item || !folder || !ctx.mayAccess(folder->mailbox)) {
        *code = u"ErrorItemNotFound"_s;
        return std::nullopt;
    }
    if (index > 0) {
        // Exchange tells a series that ends earlier from an occurrence that was deleted.
        const auto span = SandboxEwsCalendar::originalSpan(*item, index);
        *occ = span ? SandboxEwsCalendar::instance(*item, index, *span) : std::nullopt;
        if (!*occ) {
            *code = span ? u"ErrorCalendarOccurrenceIsDeletedFromRecurrence"_s
                         : u"ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange"_s;
            return std::nullopt;
        }
    }
    return item;
}

// A calendar item's attendees (required, optional, resources): their SMTP addresses, lower case.
QStringList attendeesOf(const SandboxEwsItem &item)
{
    QStringList out;
    if (item.kind != SandboxEwsKind::CalendarItem)
        return out;
    for (const QString &key : {u"RequiredAttendees"_s, u"OptionalAttendees"_s, u"Resources"_s}) {
        const QByteArray fragment = item.props.value(key);
        const auto list = fragment.isEmpty() ? Result<EwsXmlNode>(Error::missing({}))
                                             : SandboxEwsXml::parseFragment(fragment);
        if (!list)
            continue;
        for (const EwsXmlNode *attendee : list->childrenNamed(u"Attendee"_s)) {
            const EwsXmlNode *mailbox = attendee->child(u"Mailbox"_s);
            const QString smtp =
                mailbox ? mailbox->childText(u"EmailAddress"_s).trimmed().toLower() : QString();
            if (!smtp.isEmpty() && !out.contains(smtp))
                out << smtp;
        }
    }
    return out;
}

bool mailsAnyone(const QString &mode)
{
    return !mode.isEmpty() && mode != u"SendToNone"_s;
}

// "Sends" one meeting message to `recipients`: the admin API lists them, so tests can prove
// Liaison never mails attendees, and what Exchange would have mailed when asked to.
void record(const SandboxEwsContext &ctx, const QString &type, const SandboxEwsItem &item,
            const QString &mode, const QStringList &recipients)
{
    if (!ctx.outbox || recipients.isEmpty())
        return;
    ctx.outbox->append(QJsonObject{{u"type"_s, type},
                                   {u"mode"_s, mode},
                                   {u"mailbox"_s, ctx.mailbox},
                                   {u"itemId"_s, item.id},
                                   {u"subject"_s, item.textOf(u"Subject"_s)},
                                   {u"recipients"_s, QJsonArray::fromStringList(recipients)}});
}

// A meeting request (CreateItem) or cancellation (DeleteItem) goes to every attendee.
void recordSent(const SandboxEwsContext &ctx, const QString &type, const SandboxEwsItem &item,
                const QString &mode)
{
    if (mailsAnyone(mode))
        record(ctx, type, item, mode, attendeesOf(item));
}

// An updated meeting (UpdateItem): attendees it no longer lists get a cancellation, even when
// none is left; the others an update: all of them with SendOnlyToAll/SendToAllAndSaveCopy, only
// those the change concerns with SendOnlyToChanged/SendToChangedAndSaveCopy (the added ones, or
// everyone when more than the attendee lists changed). SendToNone mails no one.
void recordUpdate(const SandboxEwsContext &ctx, const SandboxEwsItem &before, const SandboxEwsItem &after,
                  const QStringList &changedKeys, const QString &mode)
{
    if (!mailsAnyone(mode))
        return;
    const QStringList was = attendeesOf(before);
    const QStringList now = attendeesOf(after);
    QStringList removed;
    QStringList added;
    for (const QString &a : was) {
        if (!now.contains(a))
            removed << a;
    }
    for (const QString &a : now) {
        if (!was.contains(a))
            added << a;
    }
    record(ctx, u"MeetingCancellation"_s, after, mode, removed);
    static const QStringList attendeeKeys{u"RequiredAttendees"_s, u"OptionalAttendees"_s, u"Resources"_s};
    const bool toAll = mode == u"SendOnlyToAll"_s || mode == u"SendToAllAndSaveCopy"_s;
    const bool meetingChanged = std::any_of(changedKeys.cbegin(), changedKeys.cend(),
                                            [](const QString &k) { return !attendeeKeys.contains(k); });
    record(ctx, u"MeetingUpdate"_s, after, mode, toAll || meetingChanged ? now : added);
}

QString defaultFolderFor(SandboxEwsKind kind)
{
    switch (kind) {
    case SandboxEwsKind::Contact: return u"contacts"_s;
    case SandboxEwsKind::CalendarItem: return u"calendar"_s;
    case SandboxEwsKind::Task: return u"tasks"_s;
    case SandboxEwsKind::Message: return u"inbox"_s;
    }
    return u"contacts"_s;
}

void itemIdOnly(SandboxEwsXml &x, const SandboxEwsItem &item)
{
    x.start(u"m:Items"_s);
    x.start(u"t:"_s + sandboxEwsKindElement(item.kind));
    x.start(u"t:ItemId"_s).attr(u"Id"_s, item.id).attr(u"ChangeKey"_s, item.changeKey()).end();
    x.end();
    x.end();
}

} // namespace

QString SandboxEwsItemOps::encodeSyncState(const QString &folderId, const SandboxEwsSyncPosition &at)
{
    const QString numbers = u"%1|%2|%3"_s.arg(at.position).arg(at.next).arg(at.since);
    const QString raw = u"SFI|"_s + folderId + u'|' + numbers + u'|' + hashOf(folderId, numbers);
    return QString::fromLatin1(raw.toUtf8().toBase64());
}

std::optional<SandboxEwsSyncPosition> SandboxEwsItemOps::decodeSyncState(const QString &state, const QString &folderId)
{
    const auto decoded = QByteArray::fromBase64Encoding(state.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QStringList parts = QString::fromUtf8(*decoded).split(u'|');
    if (parts.size() != 6 || parts[0] != u"SFI"_s || parts[1] != folderId
        || parts[5] != hashOf(folderId, parts.mid(2, 3).join(u'|')))
        return std::nullopt;
    bool ok[3] = {};
    const SandboxEwsSyncPosition at{parts[2].toULongLong(&ok[0]), parts[3].toUInt(&ok[1]), parts[4].toULongLong(&ok[2])};
    if (!ok[0] || !ok[1] || !ok[2])
        return std::nullopt;
    return at;
}

SandboxEwsReply SandboxEwsItemOps::syncFolderItems(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    bool ok = false;
    const int max = op.childText(u"MaxChangesReturned"_s).trimmed().toInt(&ok);
    if (!ok || max < 1 || max > 512)
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s,
                                      u"The request failed schema validation: The 'MaxChangesReturned' element is "
                                      "invalid - The value '%1' is invalid according to its datatype "
                                      "'http://schemas.microsoft.com/exchange/services/2006/types:MaxSyncChangesReturnedType'"
                                      " - The MaxInclusive constraint failed."_s.arg(op.childText(u"MaxChangesReturned"_s).trimmed()),
                                      u"a:ErrorSchemaValidation"_s);
    SandboxEwsXml x;
    x.start(u"m:SyncFolderItemsResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *ref = op.child(u"SyncFolderId"_s);
    QString code;
    SandboxEwsFolder *folder = ref && !ref->children.isEmpty() ? ctx.folder(ref->children.constFirst(), &code) : nullptr;
    if (!folder) {
        // A folder that no longer exists (deleted since the last sync) is ErrorSyncFolderNotFound here.
        if (code.isEmpty() || code == u"ErrorFolderNotFound"_s)
            code = u"ErrorSyncFolderNotFound"_s;
        sandboxEwsErrorMessage(x, u"SyncFolderItemsResponseMessage"_s, code, {});
        return SandboxEwsReply::ok(x.finish());
    }
    const QString state = op.childText(u"SyncState"_s).trimmed();
    const bool forcedInvalid = ctx.invalidSyncStates && *ctx.invalidSyncStates > 0;
    const std::optional<SandboxEwsSyncPosition> decoded =
        state.isEmpty() ? std::optional<SandboxEwsSyncPosition>(SandboxEwsSyncPosition{}) : decodeSyncState(state, folder->id);
    if (forcedInvalid)
        --*ctx.invalidSyncStates;
    if (forcedInvalid || !decoded || decoded->position > ctx.store->currentSeq()
        || decoded->since > ctx.store->currentSeq() || decoded->next > folder->generation.count + 1) {
        sandboxEwsErrorMessage(x, u"SyncFolderItemsResponseMessage"_s, u"ErrorInvalidSyncStateData"_s,
                               u"Synchronization state data is corrupt or otherwise invalid."_s);
        return SandboxEwsReply::ok(x.finish());
    }
    const SandboxEwsShape shape = SandboxEwsItems::readShape(op.child(u"ItemShape"_s), SandboxEwsShape::Use::SyncFolderItems);
    if (!shape.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, shape.fault);
    if (!shape.error.isEmpty()) {
        sandboxEwsErrorMessage(x, u"SyncFolderItemsResponseMessage"_s, shape.error, kNotForOperation);
        return SandboxEwsReply::ok(x.finish());
    }
    const bool withProps = shape.anyProperty();
    const SandboxEwsChangePage page = ctx.store->changesSince(folder->id, decoded->position, decoded->next, decoded->since, max);
    sandboxEwsSuccessMessage(x, u"SyncFolderItemsResponseMessage"_s);
    x.element(u"m:SyncState"_s, encodeSyncState(folder->id, {page.position, page.next, page.since}));
    x.element(u"m:IncludesLastItemInRange"_s, page.includesLast ? u"true"_s : u"false"_s);
    x.start(u"m:Changes"_s);
    for (const SandboxEwsChange &c : page.changes) {
        if (c.type == SandboxEwsChange::Type::ReadFlagChange) {
            const std::optional<SandboxEwsItem> item = ctx.store->peek(c.itemId);
            x.start(u"t:ReadFlagChange"_s);
            x.start(u"t:ItemId"_s).attr(u"Id"_s, c.itemId).attr(u"ChangeKey"_s, item->changeKey()).end();
            x.element(u"t:IsRead"_s, item->textOf(u"IsRead"_s) == u"true"_s ? u"true"_s : u"false"_s);
            x.end();
            continue;
        }
        if (c.type == SandboxEwsChange::Type::Delete) {
            x.start(u"t:Delete"_s).start(u"t:ItemId"_s).attr(u"Id"_s, c.itemId).end().end();
            continue;
        }
        x.start(c.type == SandboxEwsChange::Type::Create ? u"t:Create"_s : u"t:Update"_s);
        SandboxEwsItems::render(x, *ctx.store->peek(c.itemId, withProps), shape);
        x.end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsItemOps::getItem(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const SandboxEwsShape shape = SandboxEwsItems::readShape(op.child(u"ItemShape"_s));
    if (!shape.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, shape.fault);
    SandboxEwsXml x;
    x.start(u"m:GetItemResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *ids = op.child(u"ItemIds"_s);
    for (const EwsXmlNode &ref : ids ? ids->children : QList<EwsXmlNode>{}) {
        QString code;
        std::optional<SandboxEwsOccurrence> occ;
        const std::optional<SandboxEwsItem> item = lookup(ctx, ref, &occ, &code);
        if (!item) {
            sandboxEwsErrorMessage(x, u"GetItemResponseMessage"_s, code,
                                   code == u"ErrorItemNotFound"_s ? u"The specified object was not found in the store."_s
                                                                  : u"Id is malformed."_s);
            x.start(u"m:Items"_s).end().end();
            continue;
        }
        sandboxEwsSuccessMessage(x, u"GetItemResponseMessage"_s);
        x.start(u"m:Items"_s);
        SandboxEwsItems::render(x, *item, shape, occ ? &*occ : nullptr);
        x.end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsItemOps::createItem(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const QString invitations = op.attribute(u"SendMeetingInvitations"_s);
    SandboxEwsFolder *target = nullptr;
    QString folderCode;
    if (const EwsXmlNode *saved = op.child(u"SavedItemFolderId"_s); saved && !saved->children.isEmpty())
        target = ctx.folder(saved->children.constFirst(), &folderCode);
    SandboxEwsXml x;
    x.start(u"m:CreateItemResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *items = op.child(u"Items"_s);
    SandboxEwsContext::BatchCutOff *cutOff =
        ctx.batchCutOff && ctx.batchCutOff->times > 0 ? ctx.batchCutOff : nullptr;
    if (cutOff)
        --cutOff->times;
    int processed = 0;
    for (const EwsXmlNode &element : items ? items->children : QList<EwsXmlNode>{}) {
        if (cutOff && processed >= cutOff->after) {
            // Cut off at the time limit: what came before stays created, the rest was not done.
            sandboxEwsErrorMessage(x, u"CreateItemResponseMessage"_s, cutOff->code, {});
            if (cutOff->backOffMs >= 0) {
                x.start(u"m:MessageXml"_s);
                x.start(u"t:Value"_s)
                    .attr(u"Name"_s, u"BackOffMilliseconds"_s)
                    .text(QString::number(cutOff->backOffMs))
                    .end();
                x.end();
            }
            x.start(u"m:Items"_s).end().end();
            continue;
        }
        ++processed;
        const auto kind = sandboxEwsKindFromElement(element.name);
        QString code = folderCode;
        if (!kind)
            code = u"ErrorInvalidItemForOperation"_s;
        else if (*kind == SandboxEwsKind::CalendarItem && invitations.isEmpty())
            code = u"ErrorSendMeetingInvitationsRequired"_s;
        SandboxEwsFolder *folder = target;
        if (code.isEmpty() && !folder)
            folder = ctx.store->resolveFolder(ctx.mailbox, defaultFolderFor(*kind));
        if (!code.isEmpty() || !folder) {
            sandboxEwsErrorMessage(x, u"CreateItemResponseMessage"_s, code.isEmpty() ? u"ErrorFolderNotFound"_s : code, {});
            x.start(u"m:Items"_s).end().end();
            continue;
        }
        QMap<QString, QByteArray> props = SandboxEwsItems::propsFromElement(element);
        if (*kind == SandboxEwsKind::Task) {
            QStringList order;
            for (const EwsXmlNode &c : element.children)
                order << c.name;
            SandboxEwsTasks::applyCompletion({}, props, order);
            props.removeIf([](QMap<QString, QByteArray>::iterator p) { return p.value().isNull(); });
        }
        const SandboxEwsItem &created = ctx.store->createItem(folder->id, *kind, props);
        recordSent(ctx, u"MeetingRequest"_s, created, invitations);
        sandboxEwsSuccessMessage(x, u"CreateItemResponseMessage"_s);
        itemIdOnly(x, created);
        x.end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsItemOps::updateItem(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const QString resolution = op.attribute(u"ConflictResolution"_s);
    const QString invitations = op.attribute(u"SendMeetingInvitationsOrCancellations"_s);
    SandboxEwsXml x;
    x.start(u"m:UpdateItemResponse"_s).start(u"m:ResponseMessages"_s);
    const auto fail = [&x](const QString &code, const QString &text, int conflicts) {
        sandboxEwsErrorMessage(x, u"UpdateItemResponseMessage"_s, code, text);
        x.start(u"m:Items"_s).end();
        if (conflicts >= 0)
            x.start(u"m:ConflictResults"_s).element(u"t:Count"_s, QString::number(conflicts)).end();
        x.end();
    };
    const EwsXmlNode *changes = op.child(u"ItemChanges"_s);
    for (const EwsXmlNode *change : changes ? changes->childrenNamed(u"ItemChange"_s) : QList<const EwsXmlNode *>{}) {
        const EwsXmlNode *ref = nullptr;
        for (const EwsXmlNode &c : change->children) {
            if (c.name.endsWith(u"ItemId"_s))
                ref = &c;
        }
        QString code = u"ErrorInvalidIdMalformed"_s;
        std::optional<SandboxEwsOccurrence> occ;
        const std::optional<SandboxEwsItem> item = ref ? lookup(ctx, *ref, &occ, &code) : std::nullopt;
        if (!item) {
            fail(code, {}, -1);
            continue;
        }
        // Exchange refuses a calendar item update that does not say whom to mail (updateitem.md).
        if (item->kind == SandboxEwsKind::CalendarItem && invitations.isEmpty()) {
            fail(u"ErrorSendMeetingInvitationsOrCancellationsRequired"_s,
                 u"The SendMeetingInvitationsOrCancellations attribute is required for calendar items."_s,
                 -1);
            continue;
        }
        const QString changeKey = ref->attribute(u"ChangeKey"_s);
        if (resolution == u"NeverOverwrite"_s && changeKey.isEmpty()) {
            fail(u"ErrorChangeKeyRequiredForWriteOperations"_s,
                 u"When making a request that uses NeverOverwrite, the ChangeKey is required."_s, -1);
            continue;
        }
        if (resolution == u"NeverOverwrite"_s && changeKey != item->changeKey()) {
            fail(u"ErrorIrresolvableConflict"_s,
                 u"The send or update operation could not be performed because the change key passed in the request "
                 "does not match the current change key for the item."_s, 1);
            continue;
        }
        QString error;
        const EwsXmlNode *updates = change->child(u"Updates"_s);
        QMap<QString, QByteArray> delta = updates ? SandboxEwsItems::propsFromUpdates(*updates, *item, &error)
                                                  : QMap<QString, QByteArray>{};
        if (item->kind == SandboxEwsKind::Task && error.isEmpty()) {
            QStringList order; // the request's order: the last completion property processed decides
            for (const EwsXmlNode &u : updates ? updates->children : QList<EwsXmlNode>{}) {
                for (const EwsXmlNode &c : u.children) {
                    if (c.name.endsWith(u"FieldURI"_s))
                        order << SandboxEwsItems::keyForPath(c);
                }
            }
            if (order.contains(u"IsComplete"_s))
                error = u"ErrorInvalidPropertySet"_s; // read-only, derived from Status
            SandboxEwsTasks::applyCompletion(item->props, delta, order);
        }
        if (!error.isEmpty()) {
            fail(error, {}, -1);
            continue;
        }
        const QString id = item->id;
        if (occ) {
            // One occurrence: it becomes (or stays) an exception of the series.
            QString master;
            int index = 0;
            SandboxEwsCalendar::parseOccurrenceId(occ->id, &master, &index);
            QString occCode;
            const SandboxEwsItem *series = SandboxEwsCalendar::modifyOccurrence(*ctx.store, id, index, delta, &occCode);
            if (!series) {
                fail(occCode, {}, -1);
                continue;
            }
            recordUpdate(ctx, *item, *series, delta.keys(), invitations);
            sandboxEwsSuccessMessage(x, u"UpdateItemResponseMessage"_s);
            x.start(u"m:Items"_s).start(u"t:CalendarItem"_s);
            x.start(u"t:ItemId"_s).attr(u"Id"_s, occ->id).attr(u"ChangeKey"_s, series->changeKey()).end();
            x.end().end();
            x.start(u"m:ConflictResults"_s).element(u"t:Count"_s, u"0"_s).end();
            x.end();
            continue;
        }
        SandboxEwsItem *updated = ctx.store->updateItem(id, delta);
        recordUpdate(ctx, *item, *updated, delta.keys(), invitations);
        sandboxEwsSuccessMessage(x, u"UpdateItemResponseMessage"_s);
        itemIdOnly(x, *updated);
        x.start(u"m:ConflictResults"_s).element(u"t:Count"_s, u"0"_s).end();
        x.end();
    }
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsItemOps::deleteItem(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const QString deleteType = op.attribute(u"DeleteType"_s);
    const QString cancellations = op.attribute(u"SendMeetingCancellations"_s);
    const QString affectedTasks = op.attribute(u"AffectedTaskOccurrences"_s);
    SandboxEwsXml x;
    x.start(u"m:DeleteItemResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *ids = op.child(u"ItemIds"_s);
    for (const EwsXmlNode &ref : ids ? ids->children : QList<EwsXmlNode>{}) {
        QString code;
        std::optional<SandboxEwsOccurrence> occ;
        const std::optional<SandboxEwsItem> item = lookup(ctx, ref, &occ, &code);
        if (!item) {
            sandboxEwsErrorMessage(x, u"DeleteItemResponseMessage"_s, code, {});
            x.end();
            continue;
        }
        // Required for the items they concern (deleteitem.md): Exchange refuses the item without them.
        if (item->kind == SandboxEwsKind::CalendarItem && cancellations.isEmpty()) {
            sandboxEwsErrorMessage(
                x, u"DeleteItemResponseMessage"_s, u"ErrorSendMeetingCancellationsRequired"_s,
                u"The SendMeetingCancellations attribute is required for calendar items."_s);
            x.end();
            continue;
        }
        if (item->kind == SandboxEwsKind::Task && affectedTasks.isEmpty()) {
            sandboxEwsErrorMessage(x, u"DeleteItemResponseMessage"_s,
                                   u"ErrorAffectedTaskOccurrencesRequired"_s,
                                   u"The AffectedTaskOccurrences attribute is required for tasks."_s);
            x.end();
            continue;
        }
        if (occ) {
            // One occurrence: the series records it as deleted; nothing moves to Deleted Items.
            QString master;
            int index = 0;
            SandboxEwsCalendar::parseOccurrenceId(occ->id, &master, &index);
            if (!SandboxEwsCalendar::deleteOccurrence(*ctx.store, item->id, index, &code)) {
                sandboxEwsErrorMessage(x, u"DeleteItemResponseMessage"_s, code, {});
                x.end();
                continue;
            }
            recordSent(ctx, u"MeetingCancellation"_s, *item, cancellations);
            sandboxEwsSuccessMessage(x, u"DeleteItemResponseMessage"_s);
            x.end();
            continue;
        }
        recordSent(ctx, u"MeetingCancellation"_s, *item, cancellations);
        ctx.store->removeItem(item->id, deleteType == u"HardDelete"_s ? SandboxEwsStore::DeleteMode::Hard
                                        : deleteType == u"SoftDelete"_s
                                            ? SandboxEwsStore::DeleteMode::Soft
                                            : SandboxEwsStore::DeleteMode::MoveToDeletedItems);
        sandboxEwsSuccessMessage(x, u"DeleteItemResponseMessage"_s);
        x.end();
    }
    return SandboxEwsReply::ok(x.finish());
}

} // namespace Liaison
