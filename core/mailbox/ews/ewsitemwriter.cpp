#include "mailbox/ews/ewsitemwriter.h"

#include "mailbox/ews/ewstimezone.h"

#include <functional>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

template<typename T>
struct FieldSpec
{
    MailboxField field;
    QString uri;                                     // empty = extended CrmId property
    std::function<bool(const T &)> has;
    std::function<void(EwsSoapWriter &, const T &)> write;
};

void writeBody(EwsSoapWriter &w, const QString &text)
{
    w.xml().writeStartElement(u"t:Body"_s);
    w.attribute(u"BodyType"_s, u"Text"_s);
    w.xml().writeCharacters(text);
    w.end();
}

void writeStrings(EwsSoapWriter &w, const QString &element, const QStringList &values)
{
    w.startT(element);
    for (const QString &v : values)
        w.textT(u"String"_s, v);
    w.end();
}

void writeCrmId(EwsSoapWriter &w, const QString &crmId)
{
    w.startT(u"ExtendedProperty"_s);
    w.crmIdFieldUri();
    w.textT(u"Value"_s, crmId);
    w.end();
}

void writeRecurrence(EwsSoapWriter &w, const MailboxRecurrence &r)
{
    using P = MailboxRecurrence::Pattern;
    w.startT(u"Recurrence"_s);
    w.startT(mailboxRecurrencePatternName(r.pattern));
    const bool hasInterval = r.pattern == P::Daily || r.pattern == P::Weekly || r.pattern == P::AbsoluteMonthly
        || r.pattern == P::RelativeMonthly;
    if (hasInterval)
        w.textT(u"Interval"_s, QString::number(qMax(1, r.interval)));
    const auto firstDay = [&r] {
        return r.daysOfWeek.isEmpty() ? u"Monday"_s : mailboxDayOfWeekName(r.daysOfWeek.constFirst());
    };
    switch (r.pattern) {
    case P::Daily:
        break;
    case P::Weekly: {
        QStringList days;
        for (MailboxDayOfWeek d : r.daysOfWeek)
            days << mailboxDayOfWeekName(d);
        w.textT(u"DaysOfWeek"_s, days.join(u' '));
        if (r.firstDayOfWeek)
            w.textT(u"FirstDayOfWeek"_s, mailboxDayOfWeekName(*r.firstDayOfWeek));
        break;
    }
    case P::RelativeMonthly:
        w.textT(u"DaysOfWeek"_s, firstDay());
        w.textT(u"DayOfWeekIndex"_s, mailboxWeekIndexName(r.weekIndex));
        break;
    case P::AbsoluteMonthly:
        w.textT(u"DayOfMonth"_s, QString::number(r.dayOfMonth));
        break;
    case P::RelativeYearly:
        w.textT(u"DaysOfWeek"_s, firstDay());
        w.textT(u"DayOfWeekIndex"_s, mailboxWeekIndexName(r.weekIndex));
        w.textT(u"Month"_s, mailboxMonthName(r.month));
        break;
    case P::AbsoluteYearly:
        w.textT(u"DayOfMonth"_s, QString::number(r.dayOfMonth));
        w.textT(u"Month"_s, mailboxMonthName(r.month));
        break;
    }
    w.end();
    using R = MailboxRecurrence::Range;
    const QString startDate = r.startDate.toString(Qt::ISODate);
    switch (r.range) {
    case R::NoEnd:
        w.startT(u"NoEndRecurrence"_s);
        w.textT(u"StartDate"_s, startDate);
        break;
    case R::EndDate:
        w.startT(u"EndDateRecurrence"_s);
        w.textT(u"StartDate"_s, startDate);
        w.textT(u"EndDate"_s, r.endDate.toString(Qt::ISODate));
        break;
    case R::Numbered:
        w.startT(u"NumberedRecurrence"_s);
        w.textT(u"StartDate"_s, startDate);
        w.textT(u"NumberOfOccurrences"_s, QString::number(r.numberOfOccurrences));
        break;
    }
    w.end();
    w.end();
}

void writeAttendees(EwsSoapWriter &w, const QList<MailboxAttendee> &all, MailboxAttendeeRole role,
                    const QString &element)
{
    bool open = false;
    for (const MailboxAttendee &a : all) {
        if (a.role != role)
            continue;
        if (!open) {
            w.startT(element);
            open = true;
        }
        w.startT(u"Attendee"_s);
        w.startT(u"Mailbox"_s);
        if (!a.name.isEmpty())
            w.textT(u"Name"_s, a.name);
        w.textT(u"EmailAddress"_s, a.email);
        w.end();
        w.end();
    }
    if (open)
        w.end();
}

bool hasRole(const QList<MailboxAttendee> &all, MailboxAttendeeRole role)
{
    return std::any_of(all.cbegin(), all.cend(), [role](const MailboxAttendee &a) { return a.role == role; });
}

void writeAddressEntry(EwsSoapWriter &w, const QString &key, const MailboxPostalAddress &a, const QString &onlyPart = {})
{
    w.startT(u"Entry"_s);
    w.attribute(u"Key"_s, key);
    const std::pair<QString, QString> parts[] = {{u"Street"_s, a.street}, {u"City"_s, a.city}, {u"State"_s, a.state},
                                                 {u"CountryOrRegion"_s, a.countryOrRegion},
                                                 {u"PostalCode"_s, a.postalCode}};
    for (const auto &[name, value] : parts) {
        if (!value.isEmpty() && (onlyPart.isEmpty() || onlyPart == name))
            w.textT(name, value);
    }
    w.end();
}

template<typename T>
FieldSpec<T> text(MailboxField f, const QString &uri, const QString &element, QString T::*member)
{
    return {f, uri, [member](const T &i) { return !(i.*member).isEmpty(); },
            [member, element](EwsSoapWriter &w, const T &i) { w.textT(element, i.*member); }};
}

template<typename T>
void commonHead(QList<FieldSpec<T>> &s, bool withSubject)
{
    if (withSubject)
        s << text<T>(MailboxField::Subject, u"item:Subject"_s, u"Subject"_s, &T::subject);
}

template<typename T>
void commonTail(QList<FieldSpec<T>> &s, QString T::*body)
{
    // Only types that model Sensitivity write it (contacts do not); Item order: Sensitivity, Body, Categories.
    if constexpr (requires(const T &i) { i.sensitivity; })
        s << FieldSpec<T>{MailboxField::Sensitivity, u"item:Sensitivity"_s, [](const T &) { return true; },
                          [](EwsSoapWriter &w, const T &i) { w.textT(u"Sensitivity"_s, mailboxSensitivityName(i.sensitivity)); }};
    s << FieldSpec<T>{MailboxField::Body, u"item:Body"_s, [body](const T &i) { return !(i.*body).isEmpty(); },
                      [body](EwsSoapWriter &w, const T &i) { writeBody(w, i.*body); }};
    s << FieldSpec<T>{MailboxField::Categories, u"item:Categories"_s, [](const T &i) { return !i.categories.isEmpty(); },
                      [](EwsSoapWriter &w, const T &i) { writeStrings(w, u"Categories"_s, i.categories); }};
    s << FieldSpec<T>{MailboxField::CrmId, QString(), [](const T &i) { return !i.crmId.isEmpty(); },
                      [](EwsSoapWriter &w, const T &i) { writeCrmId(w, i.crmId); }};
}

const QList<FieldSpec<MailboxContact>> &contactSpecs()
{
    using C = MailboxContact;
    static const QList<FieldSpec<C>> specs = [] {
        QList<FieldSpec<C>> s;
        commonTail<C>(s, &C::notes);
        s << text<C>(MailboxField::FileAs, u"contacts:FileAs"_s, u"FileAs"_s, &C::fileAs)
          << text<C>(MailboxField::DisplayName, u"contacts:DisplayName"_s, u"DisplayName"_s, &C::displayName)
          << text<C>(MailboxField::GivenName, u"contacts:GivenName"_s, u"GivenName"_s, &C::givenName)
          << text<C>(MailboxField::MiddleName, u"contacts:MiddleName"_s, u"MiddleName"_s, &C::middleName)
          << text<C>(MailboxField::CompanyName, u"contacts:CompanyName"_s, u"CompanyName"_s, &C::companyName);
        // Dictionaries: written whole on create; updates go per index (see writeContactIndexed).
        s << FieldSpec<C>{MailboxField::EmailAddresses, u"contacts:EmailAddresses"_s,
                          [](const C &c) { return !c.emailAddresses.join(QString()).isEmpty(); },
                          [](EwsSoapWriter &w, const C &c) {
                              w.startT(u"EmailAddresses"_s);
                              for (qsizetype i = 0; i < qMin<qsizetype>(3, c.emailAddresses.size()); ++i) {
                                  if (c.emailAddresses.at(i).isEmpty())
                                      continue;
                                  w.xml().writeStartElement(u"t:Entry"_s);
                                  w.attribute(u"Key"_s, u"EmailAddress%1"_s.arg(i + 1));
                                  w.xml().writeCharacters(c.emailAddresses.at(i));
                                  w.end();
                              }
                              w.end();
                          }};
        s << FieldSpec<C>{MailboxField::BusinessAddress, u"contacts:PhysicalAddresses"_s,
                          [](const C &c) { return !c.businessAddress.isEmpty() || !c.homeAddress.isEmpty() || !c.otherAddress.isEmpty(); },
                          [](EwsSoapWriter &w, const C &c) {
                              w.startT(u"PhysicalAddresses"_s);
                              if (!c.businessAddress.isEmpty()) writeAddressEntry(w, u"Business"_s, c.businessAddress);
                              if (!c.homeAddress.isEmpty()) writeAddressEntry(w, u"Home"_s, c.homeAddress);
                              if (!c.otherAddress.isEmpty()) writeAddressEntry(w, u"Other"_s, c.otherAddress);
                              w.end();
                          }};
        s << FieldSpec<C>{MailboxField::PhoneNumbers, u"contacts:PhoneNumbers"_s,
                          [](const C &c) { return !c.phoneNumbers.isEmpty(); },
                          [](EwsSoapWriter &w, const C &c) {
                              w.startT(u"PhoneNumbers"_s);
                              for (auto it = c.phoneNumbers.cbegin(); it != c.phoneNumbers.cend(); ++it) {
                                  if (it.value().isEmpty())
                                      continue;
                                  w.xml().writeStartElement(u"t:Entry"_s);
                                  w.attribute(u"Key"_s, it.key());
                                  w.xml().writeCharacters(it.value());
                                  w.end();
                              }
                              w.end();
                          }};
        s << FieldSpec<C>{MailboxField::Birthday, u"contacts:Birthday"_s, [](const C &c) { return c.birthday.isValid(); },
                          [](EwsSoapWriter &w, const C &c) {
                              w.textT(u"Birthday"_s, c.birthday.toString(Qt::ISODate) + u"T00:00:00Z"_s);
                          }};
        s << text<C>(MailboxField::Department, u"contacts:Department"_s, u"Department"_s, &C::department)
          << text<C>(MailboxField::JobTitle, u"contacts:JobTitle"_s, u"JobTitle"_s, &C::jobTitle)
          << text<C>(MailboxField::Surname, u"contacts:Surname"_s, u"Surname"_s, &C::surname);
        return s;
    }();
    return specs;
}

const QList<FieldSpec<MailboxEvent>> &eventSpecs()
{
    using E = MailboxEvent;
    static const QList<FieldSpec<E>> specs = [] {
        QList<FieldSpec<E>> s;
        commonHead<E>(s, true);
        commonTail<E>(s, &E::body);
        s << FieldSpec<E>{MailboxField::Start, u"calendar:Start"_s, [](const E &e) { return e.start.isValid(); },
                          [](EwsSoapWriter &w, const E &e) { w.textT(u"Start"_s, EwsItemWriter::eventTime(e.start, e.isAllDay, e.startTimeZone)); }};
        s << FieldSpec<E>{MailboxField::End, u"calendar:End"_s, [](const E &e) { return e.end.isValid(); },
                          [](EwsSoapWriter &w, const E &e) {
                              const QString zone = e.endTimeZone.isEmpty() ? e.startTimeZone : e.endTimeZone;
                              w.textT(u"End"_s, EwsItemWriter::eventTime(e.end, e.isAllDay, zone));
                          }};
        s << FieldSpec<E>{MailboxField::IsAllDay, u"calendar:IsAllDayEvent"_s, [](const E &) { return true; },
                          [](EwsSoapWriter &w, const E &e) { w.textT(u"IsAllDayEvent"_s, e.isAllDay ? u"true"_s : u"false"_s); }};
        s << text<E>(MailboxField::Location, u"calendar:Location"_s, u"Location"_s, &E::location);
        // Attendees: one field, three elements (RequiredAttendees, OptionalAttendees, Resources).
        s << FieldSpec<E>{MailboxField::Attendees, u"calendar:RequiredAttendees"_s,
                          [](const E &e) { return hasRole(e.attendees, MailboxAttendeeRole::Required); },
                          [](EwsSoapWriter &w, const E &e) { writeAttendees(w, e.attendees, MailboxAttendeeRole::Required, u"RequiredAttendees"_s); }};
        s << FieldSpec<E>{MailboxField::Attendees, u"calendar:OptionalAttendees"_s,
                          [](const E &e) { return hasRole(e.attendees, MailboxAttendeeRole::Optional); },
                          [](EwsSoapWriter &w, const E &e) { writeAttendees(w, e.attendees, MailboxAttendeeRole::Optional, u"OptionalAttendees"_s); }};
        s << FieldSpec<E>{MailboxField::Attendees, u"calendar:Resources"_s,
                          [](const E &e) { return hasRole(e.attendees, MailboxAttendeeRole::Resource); },
                          [](EwsSoapWriter &w, const E &e) { writeAttendees(w, e.attendees, MailboxAttendeeRole::Resource, u"Resources"_s); }};
        s << FieldSpec<E>{MailboxField::Recurrence, u"calendar:Recurrence"_s, [](const E &e) { return e.recurrence.has_value(); },
                          [](EwsSoapWriter &w, const E &e) { writeRecurrence(w, *e.recurrence); }};
        s << FieldSpec<E>{MailboxField::StartTimeZone, u"calendar:StartTimeZone"_s, [](const E &e) { return !e.startTimeZone.isEmpty(); },
                          [](EwsSoapWriter &w, const E &e) {
                              w.xml().writeEmptyElement(u"t:StartTimeZone"_s);
                              w.attribute(u"Id"_s, e.startTimeZone);
                          }};
        s << FieldSpec<E>{MailboxField::EndTimeZone, u"calendar:EndTimeZone"_s, [](const E &e) { return !e.endTimeZone.isEmpty(); },
                          [](EwsSoapWriter &w, const E &e) {
                              w.xml().writeEmptyElement(u"t:EndTimeZone"_s);
                              w.attribute(u"Id"_s, e.endTimeZone);
                          }};
        return s;
    }();
    return specs;
}

const QList<FieldSpec<MailboxTask>> &taskSpecs()
{
    using T = MailboxTask;
    static const QList<FieldSpec<T>> specs = [] {
        QList<FieldSpec<T>> s;
        commonHead<T>(s, true);
        commonTail<T>(s, &T::body);
        const auto date = [](MailboxField f, const QString &uri, const QString &element, QDateTime T::*member) {
            return FieldSpec<T>{f, uri, [member](const T &t) { return (t.*member).isValid(); },
                                [member, element](EwsSoapWriter &w, const T &t) { w.textT(element, EwsSoapWriter::dateTimeUtc(t.*member)); }};
        };
        s << date(MailboxField::CompleteDate, u"task:CompleteDate"_s, u"CompleteDate"_s, &T::completeDate)
          << date(MailboxField::DueDate, u"task:DueDate"_s, u"DueDate"_s, &T::dueDate);
        s << FieldSpec<T>{MailboxField::PercentComplete, u"task:PercentComplete"_s, [](const T &) { return true; },
                          [](EwsSoapWriter &w, const T &t) { w.textT(u"PercentComplete"_s, QString::number(t.percentComplete)); }};
        s << date(MailboxField::StartDate, u"task:StartDate"_s, u"StartDate"_s, &T::startDate);
        s << FieldSpec<T>{MailboxField::TaskStatus, u"task:Status"_s, [](const T &) { return true; },
                          [](EwsSoapWriter &w, const T &t) { w.textT(u"Status"_s, mailboxTaskStatusName(t.status)); }};
        return s;
    }();
    return specs;
}

template<typename T>
void writeWhole(EwsSoapWriter &w, const QString &element, const QList<FieldSpec<T>> &specs, const T &item)
{
    w.startT(element);
    for (const auto &spec : specs) {
        if (spec.has(item))
            spec.write(w, item);
    }
    w.end();
}

void writePath(EwsSoapWriter &w, const QString &uri, const QString &index = {})
{
    if (uri.isEmpty())
        w.crmIdFieldUri();
    else if (index.isEmpty())
        w.fieldUri(uri);
    else
        w.indexedFieldUri(uri, index);
}

template<typename T>
void setField(EwsSoapWriter &w, const QString &element, const QString &uri, const QString &index,
              const std::function<void(EwsSoapWriter &)> &value)
{
    w.startT(u"SetItemField"_s);
    writePath(w, uri, index);
    w.startT(element);
    value(w);
    w.end();
    w.end();
}

void deleteField(EwsSoapWriter &w, const QString &uri, const QString &index = {})
{
    w.startT(u"DeleteItemField"_s);
    writePath(w, uri, index);
    w.end();
}

// Dictionary fields of a contact are updated entry by entry (IndexedFieldURI).
bool writeContactIndexed(EwsSoapWriter &w, const MailboxContact &c, MailboxField field)
{
    const QString el = u"Contact"_s;
    if (field == MailboxField::EmailAddresses) {
        for (int i = 0; i < 3; ++i) {
            const QString key = u"EmailAddress%1"_s.arg(i + 1);
            const QString value = i < c.emailAddresses.size() ? c.emailAddresses.at(i) : QString();
            if (value.isEmpty()) {
                deleteField(w, u"contacts:EmailAddress"_s, key);
                continue;
            }
            setField<MailboxContact>(w, el, u"contacts:EmailAddress"_s, key, [&](EwsSoapWriter &x) {
                x.startT(u"EmailAddresses"_s);
                x.xml().writeStartElement(u"t:Entry"_s);
                x.attribute(u"Key"_s, key);
                x.xml().writeCharacters(value);
                x.end();
                x.end();
            });
        }
        return true;
    }
    if (field == MailboxField::PhoneNumbers) {
        for (auto it = c.phoneNumbers.cbegin(); it != c.phoneNumbers.cend(); ++it) {
            if (it.value().isEmpty()) {
                deleteField(w, u"contacts:PhoneNumber"_s, it.key());
                continue;
            }
            setField<MailboxContact>(w, el, u"contacts:PhoneNumber"_s, it.key(), [&](EwsSoapWriter &x) {
                x.startT(u"PhoneNumbers"_s);
                x.xml().writeStartElement(u"t:Entry"_s);
                x.attribute(u"Key"_s, it.key());
                x.xml().writeCharacters(it.value());
                x.end();
                x.end();
            });
        }
        return true;
    }
    const MailboxPostalAddress *address = nullptr;
    QString key;
    if (field == MailboxField::BusinessAddress) { address = &c.businessAddress; key = u"Business"_s; }
    if (field == MailboxField::HomeAddress) { address = &c.homeAddress; key = u"Home"_s; }
    if (field == MailboxField::OtherAddress) { address = &c.otherAddress; key = u"Other"_s; }
    if (!address)
        return false;
    const std::pair<QString, QString> parts[] = {{u"Street"_s, address->street}, {u"City"_s, address->city},
                                                 {u"State"_s, address->state},
                                                 {u"CountryOrRegion"_s, address->countryOrRegion},
                                                 {u"PostalCode"_s, address->postalCode}};
    for (const auto &[part, value] : parts) {
        const QString uri = u"contacts:PhysicalAddress:"_s + part;
        if (value.isEmpty()) {
            deleteField(w, uri, key);
            continue;
        }
        setField<MailboxContact>(w, el, uri, key, [&, partName = part](EwsSoapWriter &x) {
            x.startT(u"PhysicalAddresses"_s);
            writeAddressEntry(x, key, *address, partName);
            x.end();
        });
    }
    return true;
}

template<typename T>
Status writeUpdatesFor(EwsSoapWriter &w, const QString &element, const QList<FieldSpec<T>> &specs, const T &item,
                       const QList<MailboxField> &fields)
{
    for (MailboxField f : fields) {
        if constexpr (std::is_same_v<T, MailboxContact>) {
            if (writeContactIndexed(w, item, f))
                continue;
        }
        bool known = false;
        for (const auto &spec : specs) {
            if (spec.field != f)
                continue;
            known = true;
            if (spec.has(item))
                setField<T>(w, element, spec.uri, {}, [&](EwsSoapWriter &x) { spec.write(x, item); });
            else
                deleteField(w, spec.uri);
        }
        if (!known)
            return Error::invalid(u"Field %1 cannot be written on an Exchange %2"_s.arg(static_cast<int>(f)).arg(element),
                                  u"Report this as a Liaison bug: the field map sent a field the item type lacks"_s);
    }
    return {};
}

} // namespace

QString EwsItemWriter::elementName(const MailboxItem &item)
{
    switch (item.index()) {
    case 0: return u"Contact"_s;
    case 1: return u"CalendarItem"_s;
    default: return u"Task"_s;
    }
}

void EwsItemWriter::writeItem(EwsSoapWriter &w, const MailboxItem &item)
{
    if (const auto *c = std::get_if<MailboxContact>(&item))
        writeWhole(w, u"Contact"_s, contactSpecs(), *c);
    else if (const auto *e = std::get_if<MailboxEvent>(&item))
        writeWhole(w, u"CalendarItem"_s, eventSpecs(), *e);
    else if (const auto *t = std::get_if<MailboxTask>(&item))
        writeWhole(w, u"Task"_s, taskSpecs(), *t);
}

Status EwsItemWriter::writeUpdates(EwsSoapWriter &w, const MailboxItem &item, const QList<MailboxField> &fields)
{
    if (const auto *c = std::get_if<MailboxContact>(&item))
        return writeUpdatesFor(w, u"Contact"_s, contactSpecs(), *c, fields);
    if (const auto *e = std::get_if<MailboxEvent>(&item))
        return writeUpdatesFor(w, u"CalendarItem"_s, eventSpecs(), *e, fields);
    return writeUpdatesFor(w, u"Task"_s, taskSpecs(), std::get<MailboxTask>(item), fields);
}

QString EwsItemWriter::eventTime(const QDateTime &dt, bool allDay, const QString &windowsZone)
{
    if (!allDay)
        return EwsSoapWriter::dateTimeUtc(dt);
    const QTimeZone zone = EwsTimeZone::toQTimeZone(windowsZone);
    const QDateTime local = zone.isValid() ? dt.toTimeZone(zone) : dt;
    return local.toString(u"yyyy-MM-ddTHH:mm:ss"_s);
}

} // namespace Liaison
