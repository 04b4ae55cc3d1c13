#pragma once

// Reads t:Contact / t:CalendarItem / t:Task / folder elements into the neutral mailbox types.
// Unknown child elements are skipped (servers add fields with every version).

#include "mailbox/ews/ewsxmlnode.h"
#include "mailbox/mailboxtypes.h"

namespace Liaison {

class EwsItemReader
{
public:
    static bool isSupportedItem(const QString &elementName); // Contact, CalendarItem, Task
    static Result<MailboxItem> readItem(const EwsXmlNode &element);
    static MailboxContact readContact(const EwsXmlNode &element);
    static MailboxEvent readEvent(const EwsXmlNode &element);
    static MailboxTask readTask(const EwsXmlNode &element);
    static MailboxItemId readItemId(const EwsXmlNode *itemId);
    static MailboxFolder readFolder(const EwsXmlNode &element);
    // xs:dateTime ("…Z", "…+02:00", or offset-less = UTC); invalid QDateTime on garbage.
    static QDateTime readDateTime(const QString &text);
};

} // namespace Liaison
