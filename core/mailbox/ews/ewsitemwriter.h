#pragma once

// Writes mailbox items as EWS t:Contact / t:CalendarItem / t:Task elements (CreateItem) and as
// t:SetItemField / t:DeleteItemField lists (UpdateItem). One field table per item type drives
// both, so a field is written the same way on create and on update, always in schema order.

#include "common/result.h"
#include "mailbox/ews/ewssoapwriter.h"

namespace Liaison {

class EwsItemWriter
{
public:
    // "Contact", "CalendarItem" or "Task".
    static QString elementName(const MailboxItem &item);

    // The whole item (fields that are empty are left out).
    static void writeItem(EwsSoapWriter &w, const MailboxItem &item);

    // One t:SetItemField per field with a value, t:DeleteItemField for a cleared one.
    // Fails on a field that does not belong to the item's type.
    static Status writeUpdates(EwsSoapWriter &w, const MailboxItem &item, const QList<MailboxField> &fields);

    // Start/End value: UTC with Z, or for all-day events the local wall time in the event's
    // zone without offset (EWS reads it through StartTimeZone and keeps midnight).
    static QString eventTime(const QDateTime &dt, bool allDay, const QString &windowsZone);
};

} // namespace Liaison
