#include "mailbox/ews/ewsitemreader.h"

#include "mailbox/ews/ewsxml.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

QStringList readStrings(const EwsXmlNode *array)
{
    QStringList out;
    if (!array)
        return out;
    for (const EwsXmlNode *s : array->childrenNamed(u"String"_s))
        out << s->text;
    return out;
}

// The Liaison CrmId extended property, if present among the item's ExtendedProperty children.
QString readCrmId(const EwsXmlNode &item)
{
    for (const EwsXmlNode *p : item.childrenNamed(u"ExtendedProperty"_s)) {
        const EwsXmlNode *uri = p->child(u"ExtendedFieldURI"_s);
        if (uri && uri->attribute(u"PropertySetId"_s).compare(Ews::liaisonPropertySetId(), Qt::CaseInsensitive) == 0
            && uri->attribute(u"PropertyName"_s) == Ews::crmIdPropertyName())
            return p->childText(u"Value"_s);
    }
    return {};
}

MailboxPostalAddress readAddress(const EwsXmlNode &entry)
{
    return {entry.childText(u"Street"_s), entry.childText(u"City"_s), entry.childText(u"State"_s),
            entry.childText(u"CountryOrRegion"_s), entry.childText(u"PostalCode"_s)};
}

void readAttendees(const EwsXmlNode &item, const QString &element, MailboxAttendeeRole role,
                   QList<MailboxAttendee> &out)
{
    const EwsXmlNode *list = item.child(element);
    if (!list)
        return;
    for (const EwsXmlNode *a : list->childrenNamed(u"Attendee"_s)) {
        MailboxAttendee att;
        att.role = role;
        if (const EwsXmlNode *mb = a->child(u"Mailbox"_s)) {
            att.name = mb->childText(u"Name"_s);
            att.email = mb->childText(u"EmailAddress"_s);
        }
        att.response = mailboxResponseTypeFromName(a->childText(u"ResponseType"_s)).value_or(MailboxResponseType::Unknown);
        out << att;
    }
}

std::optional<MailboxRecurrence> readRecurrence(const EwsXmlNode *rec)
{
    if (!rec)
        return std::nullopt;
    using P = MailboxRecurrence::Pattern;
    static const std::pair<const char16_t *, P> patterns[] = {
        {u"DailyRecurrence", P::Daily}, {u"WeeklyRecurrence", P::Weekly},
        {u"AbsoluteMonthlyRecurrence", P::AbsoluteMonthly}, {u"RelativeMonthlyRecurrence", P::RelativeMonthly},
        {u"AbsoluteYearlyRecurrence", P::AbsoluteYearly}, {u"RelativeYearlyRecurrence", P::RelativeYearly}};
    MailboxRecurrence r;
    bool found = false;
    for (const auto &[name, pattern] : patterns) {
        const EwsXmlNode *p = rec->child(QString::fromUtf16(name));
        if (!p)
            continue;
        found = true;
        r.pattern = pattern;
        r.interval = p->child(u"Interval"_s) ? p->childText(u"Interval"_s).toInt() : 1;
        const auto days = p->childText(u"DaysOfWeek"_s).split(u' ', Qt::SkipEmptyParts);
        for (const QString &d : days) {
            if (auto day = mailboxDayOfWeekFromName(d))
                r.daysOfWeek << *day;
        }
        if (p->child(u"FirstDayOfWeek"_s))
            r.firstDayOfWeek = mailboxDayOfWeekFromName(p->childText(u"FirstDayOfWeek"_s));
        r.weekIndex = mailboxWeekIndexFromName(p->childText(u"DayOfWeekIndex"_s)).value_or(MailboxWeekIndex::First);
        r.dayOfMonth = p->childText(u"DayOfMonth"_s).toInt();
        r.month = mailboxMonthFromName(p->childText(u"Month"_s));
        break;
    }
    if (!found)
        return std::nullopt; // a task regeneration pattern has no neutral equivalent
    using R = MailboxRecurrence::Range;
    const auto date = [](const QString &s) { return QDate::fromString(s.left(10), Qt::ISODate); };
    if (const EwsXmlNode *n = rec->child(u"NoEndRecurrence"_s)) {
        r.range = R::NoEnd;
        r.startDate = date(n->childText(u"StartDate"_s));
    } else if (const EwsXmlNode *e = rec->child(u"EndDateRecurrence"_s)) {
        r.range = R::EndDate;
        r.startDate = date(e->childText(u"StartDate"_s));
        r.endDate = date(e->childText(u"EndDate"_s));
    } else if (const EwsXmlNode *c = rec->child(u"NumberedRecurrence"_s)) {
        r.range = R::Numbered;
        r.startDate = date(c->childText(u"StartDate"_s));
        r.numberOfOccurrences = c->childText(u"NumberOfOccurrences"_s).toInt();
    }
    return r;
}

// StartTimeZoneId (2010 SP2+) or StartTimeZone/@Id.
QString readZone(const EwsXmlNode &item, const QString &idElement, const QString &defElement)
{
    const QString id = item.childText(idElement);
    if (!id.isEmpty())
        return id;
    const EwsXmlNode *def = item.child(defElement);
    return def ? def->attribute(u"Id"_s) : QString();
}

} // namespace

bool EwsItemReader::isSupportedItem(const QString &name)
{
    return name == u"Contact"_s || name == u"CalendarItem"_s || name == u"Task"_s;
}

QDateTime EwsItemReader::readDateTime(const QString &text)
{
    QDateTime dt = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc()); // EWS sends UTC unless told otherwise; never the host zone
    return dt;
}

MailboxItemId EwsItemReader::readItemId(const EwsXmlNode *itemId)
{
    if (!itemId)
        return {};
    return {itemId->attribute(u"Id"_s), itemId->attribute(u"ChangeKey"_s)};
}

MailboxContact EwsItemReader::readContact(const EwsXmlNode &e)
{
    MailboxContact c;
    c.id = readItemId(e.child(u"ItemId"_s));
    c.parentFolderId = e.child(u"ParentFolderId"_s) ? e.child(u"ParentFolderId"_s)->attribute(u"Id"_s) : QString();
    c.crmId = readCrmId(e);
    c.displayName = e.childText(u"DisplayName"_s);
    c.givenName = e.childText(u"GivenName"_s);
    c.middleName = e.childText(u"MiddleName"_s);
    c.surname = e.childText(u"Surname"_s);
    c.fileAs = e.childText(u"FileAs"_s);
    c.companyName = e.childText(u"CompanyName"_s);
    c.department = e.childText(u"Department"_s);
    c.jobTitle = e.childText(u"JobTitle"_s);
    c.notes = e.childText(u"Body"_s);
    if (const EwsXmlNode *emails = e.child(u"EmailAddresses"_s)) {
        for (const EwsXmlNode *entry : emails->childrenNamed(u"Entry"_s)) {
            const QString key = entry->attribute(u"Key"_s);
            const int slot = key.startsWith(u"EmailAddress"_s) ? key.mid(12).toInt() : 0;
            if (slot < 1 || slot > 3)
                continue;
            while (c.emailAddresses.size() < slot)
                c.emailAddresses << QString();
            c.emailAddresses[slot - 1] = entry->text;
        }
    }
    if (const EwsXmlNode *phones = e.child(u"PhoneNumbers"_s)) {
        for (const EwsXmlNode *entry : phones->childrenNamed(u"Entry"_s)) {
            if (!entry->text.isEmpty())
                c.phoneNumbers.insert(entry->attribute(u"Key"_s), entry->text);
        }
    }
    if (const EwsXmlNode *addresses = e.child(u"PhysicalAddresses"_s)) {
        for (const EwsXmlNode *entry : addresses->childrenNamed(u"Entry"_s)) {
            const QString key = entry->attribute(u"Key"_s);
            if (key == u"Business"_s)
                c.businessAddress = readAddress(*entry);
            else if (key == u"Home"_s)
                c.homeAddress = readAddress(*entry);
            else if (key == u"Other"_s)
                c.otherAddress = readAddress(*entry);
        }
    }
    if (e.child(u"Birthday"_s))
        c.birthday = readDateTime(e.childText(u"Birthday"_s)).date();
    c.categories = readStrings(e.child(u"Categories"_s));
    c.lastModified = readDateTime(e.childText(u"LastModifiedTime"_s));
    return c;
}

MailboxEvent EwsItemReader::readEvent(const EwsXmlNode &e)
{
    MailboxEvent ev;
    ev.id = readItemId(e.child(u"ItemId"_s));
    ev.parentFolderId = e.child(u"ParentFolderId"_s) ? e.child(u"ParentFolderId"_s)->attribute(u"Id"_s) : QString();
    ev.crmId = readCrmId(e);
    ev.uid = e.childText(u"UID"_s);
    ev.subject = e.childText(u"Subject"_s);
    ev.body = e.childText(u"Body"_s);
    ev.location = e.childText(u"Location"_s);
    ev.start = readDateTime(e.childText(u"Start"_s));
    ev.end = readDateTime(e.childText(u"End"_s));
    ev.isAllDay = e.childText(u"IsAllDayEvent"_s) == u"true"_s;
    ev.startTimeZone = readZone(e, u"StartTimeZoneId"_s, u"StartTimeZone"_s);
    ev.endTimeZone = readZone(e, u"EndTimeZoneId"_s, u"EndTimeZone"_s);
    ev.sensitivity = mailboxSensitivityFromName(e.childText(u"Sensitivity"_s)).value_or(MailboxSensitivity::Normal);
    ev.categories = readStrings(e.child(u"Categories"_s));
    ev.kind = mailboxEventKindFromName(e.childText(u"CalendarItemType"_s)).value_or(MailboxEventKind::Single);
    ev.originalStart = readDateTime(e.childText(u"OriginalStart"_s));
    if (const EwsXmlNode *org = e.path({u"Organizer"_s, u"Mailbox"_s})) {
        ev.organizerName = org->childText(u"Name"_s);
        ev.organizerEmail = org->childText(u"EmailAddress"_s);
    }
    readAttendees(e, u"RequiredAttendees"_s, MailboxAttendeeRole::Required, ev.attendees);
    readAttendees(e, u"OptionalAttendees"_s, MailboxAttendeeRole::Optional, ev.attendees);
    readAttendees(e, u"Resources"_s, MailboxAttendeeRole::Resource, ev.attendees);
    ev.recurrence = readRecurrence(e.child(u"Recurrence"_s));
    if (const EwsXmlNode *mod = e.child(u"ModifiedOccurrences"_s)) {
        for (const EwsXmlNode *o : mod->childrenNamed(u"Occurrence"_s)) {
            ev.modifiedOccurrences << MailboxOccurrence{readItemId(o->child(u"ItemId"_s)),
                                                        readDateTime(o->childText(u"Start"_s)),
                                                        readDateTime(o->childText(u"End"_s)),
                                                        readDateTime(o->childText(u"OriginalStart"_s))};
        }
    }
    if (const EwsXmlNode *del = e.child(u"DeletedOccurrences"_s)) {
        for (const EwsXmlNode *o : del->childrenNamed(u"DeletedOccurrence"_s))
            ev.deletedOccurrences << readDateTime(o->childText(u"Start"_s));
    }
    ev.lastModified = readDateTime(e.childText(u"LastModifiedTime"_s));
    return ev;
}

MailboxTask EwsItemReader::readTask(const EwsXmlNode &e)
{
    MailboxTask t;
    t.id = readItemId(e.child(u"ItemId"_s));
    t.parentFolderId = e.child(u"ParentFolderId"_s) ? e.child(u"ParentFolderId"_s)->attribute(u"Id"_s) : QString();
    t.crmId = readCrmId(e);
    t.subject = e.childText(u"Subject"_s);
    t.body = e.childText(u"Body"_s);
    t.startDate = readDateTime(e.childText(u"StartDate"_s));
    t.dueDate = readDateTime(e.childText(u"DueDate"_s));
    t.completeDate = readDateTime(e.childText(u"CompleteDate"_s));
    t.status = mailboxTaskStatusFromName(e.childText(u"Status"_s)).value_or(MailboxTaskStatus::NotStarted);
    t.percentComplete = e.childText(u"PercentComplete"_s).toDouble();
    t.sensitivity = mailboxSensitivityFromName(e.childText(u"Sensitivity"_s)).value_or(MailboxSensitivity::Normal);
    t.categories = readStrings(e.child(u"Categories"_s));
    t.lastModified = readDateTime(e.childText(u"LastModifiedTime"_s));
    return t;
}

Result<MailboxItem> EwsItemReader::readItem(const EwsXmlNode &element)
{
    if (element.name == u"Contact"_s)
        return MailboxItem(readContact(element));
    if (element.name == u"CalendarItem"_s)
        return MailboxItem(readEvent(element));
    if (element.name == u"Task"_s)
        return MailboxItem(readTask(element));
    return Error{Error::Code::Protocol, u"Unsupported Exchange item type %1"_s.arg(element.name),
                 u"Only contacts, calendar items and tasks are synchronized; check the folder selection"_s};
}

MailboxFolder EwsItemReader::readFolder(const EwsXmlNode &e)
{
    MailboxFolder f;
    const MailboxItemId id = readItemId(e.child(u"FolderId"_s));
    f.id = id.id;
    f.changeKey = id.changeKey;
    f.parentId = e.child(u"ParentFolderId"_s) ? e.child(u"ParentFolderId"_s)->attribute(u"Id"_s) : QString();
    f.displayName = e.childText(u"DisplayName"_s);
    f.folderClass = e.childText(u"FolderClass"_s);
    f.elementName = e.name;
    bool ok = false;
    const int total = e.childText(u"TotalCount"_s).toInt(&ok);
    f.totalCount = ok ? total : -1;
    return f;
}

} // namespace Liaison
