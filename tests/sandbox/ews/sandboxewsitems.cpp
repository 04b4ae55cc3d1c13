#include "sandboxewsitems.h"

#include "mailbox/ews/ewsxml.h"
#include "sandboxewscalendar.h"
#include "sandboxewsschema.h"

#include <QDateTime>
#include <QTimeZone>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

const QString kExtendedPrefix = u"ExtendedProperty#"_s;

QHash<QString, int> buildOrder(const char *typeOrder)
{
    QHash<QString, int> order;
    int i = 0;
    for (const QString &name : QString::fromLatin1(SandboxEwsSchema::kItemTypeOrder).split(u' '))
        order.insert(name, i++);
    i = 1000;   // the derived type's elements follow the whole base sequence
    for (const QString &name : QString::fromLatin1(typeOrder).split(u' '))
        order.insert(name, i++);
    return order;
}

const QHash<QString, int> &orderFor(SandboxEwsKind kind)
{
    static const QHash<QString, int> contact = buildOrder(SandboxEwsSchema::kContactItemTypeOrder);
    static const QHash<QString, int> calendar = buildOrder(SandboxEwsSchema::kCalendarItemTypeOrder);
    static const QHash<QString, int> task = buildOrder(SandboxEwsSchema::kTaskTypeOrder);
    static const QHash<QString, int> message = buildOrder(SandboxEwsSchema::kMessageTypeOrder);
    switch (kind) {
    case SandboxEwsKind::Contact: return contact;
    case SandboxEwsKind::CalendarItem: return calendar;
    case SandboxEwsKind::Task: return task;
    case SandboxEwsKind::Message: return message;
    }
    return contact;
}

QString utc(qint64 secs)
{
    return SandboxEwsCalendar::formatTime(QDateTime::fromSecsSinceEpoch(secs, QTimeZone::utc()));
}

// An item property as stored. xs:dateTime properties that name their offset come back from Exchange
// in UTC to the second ("2026-03-06T17:00:00Z": DateTimePrecision defaults to Seconds), whatever
// form the client wrote (ews-javascript-api writes "...T17:00:00.000+00:00" and reads back only
// the former). A time without an offset stays as written: its time zone resolves it later.
QByteArray storedProperty(const EwsXmlNode &element)
{
    static const QSet<QString> dateTimes{u"DateTimeReceived"_s, u"DateTimeSent"_s, u"ReminderDueBy"_s,
                                         u"Birthday"_s, u"WeddingAnniversary"_s, u"Start"_s, u"End"_s,
                                         u"OriginalStart"_s, u"AppointmentReplyTime"_s, u"AssignedTime"_s,
                                         u"CompleteDate"_s, u"DueDate"_s, u"StartDate"_s};
    if (element.children.isEmpty() && dateTimes.contains(element.name)) {
        QDateTime dt = QDateTime::fromString(element.text.trimmed(), Qt::ISODateWithMs);
        if (dt.isValid() && dt.timeSpec() != Qt::LocalTime) {
            dt = dt.toUTC();
            return SandboxEwsItems::textElement(element.name,
                                                SandboxEwsCalendar::formatTime(dt.addMSecs(-dt.time().msec())));
        }
    }
    return SandboxEwsXml::serialize(element);
}

QByteArray derived(const SandboxEwsItem &item, const QString &key, const SandboxEwsOccurrence *occurrence)
{
    const auto text = [&key](const QString &value) { return SandboxEwsItems::textElement(key, value); };
    if (key == u"ParentFolderId"_s) {
        SandboxEwsXml x;
        x.start(u"t:ParentFolderId"_s).attr(u"Id"_s, item.folderId).end();
        return x.finish();
    }
    if (key == u"ItemClass"_s) {
        static const QString classes[] = {u"IPM.Contact"_s, u"IPM.Appointment"_s, u"IPM.Task"_s, u"IPM.Note"_s};
        return text(classes[int(item.kind)]);
    }
    if (key == u"DateTimeCreated"_s)
        return text(utc(item.created));
    if (key == u"LastModifiedTime"_s)
        return text(utc(item.modified));
    if (key == u"Sensitivity"_s)
        return text(u"Normal"_s);
    if (key == u"HasAttachments"_s || key == u"IsAssociated"_s)
        return text(u"false"_s);
    if (item.kind == SandboxEwsKind::CalendarItem) {
        if (key == u"CalendarItemType"_s)
            return text(occurrence ? occurrence->itemType
                                   : item.props.contains(u"Recurrence"_s) ? u"RecurringMaster"_s : u"Single"_s);
        if (key == u"IsAllDayEvent"_s)
            return text(u"false"_s);
        if (key == u"IsRecurring"_s)
            return text(occurrence || item.props.contains(u"Recurrence"_s) ? u"true"_s : u"false"_s);
    }
    if (item.kind == SandboxEwsKind::Task) {
        if (key == u"Status"_s)
            return text(u"NotStarted"_s);
        if (key == u"PercentComplete"_s)
            return text(u"0"_s);
        if (key == u"IsComplete"_s) // read-only: follows Status (see SandboxEwsTasks)
            return text(item.textOf(u"Status"_s) == u"Completed"_s ? u"true"_s : u"false"_s);
    }
    if (item.kind == SandboxEwsKind::Message && key == u"IsRead"_s)
        return text(u"false"_s);
    return {};
}

const QStringList &derivedKeys()
{
    static const QStringList keys{u"ParentFolderId"_s,   u"ItemClass"_s,      u"DateTimeCreated"_s,
                                  u"LastModifiedTime"_s, u"Sensitivity"_s,    u"HasAttachments"_s,
                                  u"IsAssociated"_s,     u"CalendarItemType"_s, u"IsAllDayEvent"_s,
                                  u"IsRecurring"_s,      u"Status"_s,         u"PercentComplete"_s,
                                  u"IsComplete"_s,       u"IsRead"_s};
    return keys;
}

// What FindItem and SyncFolderItems never return: bodies, attachments and recipient lists
// (finditem-operation.md, syncfolderitems-operation.md); GetItem returns them.
const QSet<QString> &nonSummaryKeys()
{
    static const QSet<QString> keys{u"MimeContent"_s, u"MimeContentUTF8"_s, u"Body"_s, u"UniqueBody"_s,
                                    u"NormalizedBody"_s, u"TextBody"_s, u"Attachments"_s, u"ToRecipients"_s,
                                    u"CcRecipients"_s, u"BccRecipients"_s, u"RequiredAttendees"_s,
                                    u"OptionalAttendees"_s, u"Resources"_s};
    return keys;
}

// BaseShape Default per item type (property-sets-and-response-shapes-in-ews-in-exchange.md,
// table 3); ItemId always comes first on its own.
const QSet<QString> &defaultKeys(SandboxEwsKind kind)
{
    static const QSet<QString> contact{u"CompanyName"_s, u"CompleteName"_s, u"EmailAddresses"_s, u"FileAs"_s,
                                       u"HasAttachments"_s, u"ImAddresses"_s, u"JobTitle"_s, u"PhoneNumbers"_s,
                                       u"PhysicalAddresses"_s};
    static const QSet<QString> calendar{u"End"_s, u"HasAttachments"_s, u"IsAssociated"_s, u"LegacyFreeBusyStatus"_s,
                                        u"Location"_s, u"Organizer"_s, u"Start"_s, u"Subject"_s};
    static const QSet<QString> task{u"DueDate"_s, u"HasAttachments"_s, u"PercentComplete"_s, u"StartDate"_s,
                                    u"Status"_s, u"Subject"_s};
    static const QSet<QString> message{u"Body"_s, u"DateTimeCreated"_s, u"DateTimeSent"_s, u"From"_s,
                                       u"HasAttachments"_s, u"IsAssociated"_s, u"IsDeliveryReceiptRequested"_s,
                                       u"Sensitivity"_s, u"Size"_s, u"Subject"_s};
    switch (kind) {
    case SandboxEwsKind::Contact: return contact;
    case SandboxEwsKind::CalendarItem: return calendar;
    case SandboxEwsKind::Task: return task;
    case SandboxEwsKind::Message: return message;
    }
    return contact;
}

// FindItem names the mailbox of From, Sender and Organizer without its EmailAddress
// (finditem-operation.md): only t:Name is kept.
QByteArray nameOnly(const QString &key, const QByteArray &xml)
{
    if (key != u"From"_s && key != u"Sender"_s && key != u"Organizer"_s)
        return xml;
    const auto parsed = SandboxEwsXml::parseFragment(xml);
    if (!parsed)
        return xml;
    EwsXmlNode node = *parsed;
    for (EwsXmlNode &mailbox : node.children)
        mailbox.children.removeIf([](const EwsXmlNode &c) { return c.name != u"Name"_s; });
    return SandboxEwsXml::serialize(node);
}

// Sets (entry != nullptr) or removes one dictionary entry, or one part of a PhysicalAddresses
// entry, in a stored dictionary property. Returns a null QByteArray when nothing is left.
QByteArray mergeEntry(const QByteArray &current, const QString &dictName, const QString &entryKey,
                      const EwsXmlNode *newDict, const QString &part)
{
    EwsXmlNode dict;
    dict.name = dictName;
    if (!current.isEmpty()) {
        if (auto parsed = SandboxEwsXml::parseFragment(current))
            dict = *parsed;
    }
    const EwsXmlNode *newEntry = nullptr;
    if (newDict) {
        for (const EwsXmlNode *e : newDict->childrenNamed(u"Entry"_s)) {
            if (e->attribute(u"Key"_s) == entryKey)
                newEntry = e;
        }
        if (!newEntry && !newDict->children.isEmpty())
            newEntry = &newDict->children.constFirst();
    }
    const auto entryIt = std::find_if(dict.children.begin(), dict.children.end(),
                                      [&](const EwsXmlNode &e) { return e.attribute(u"Key"_s) == entryKey; });
    if (part.isEmpty()) {
        if (entryIt != dict.children.end())
            dict.children.erase(entryIt);
        if (newEntry)
            dict.children.append(*newEntry);
    } else {
        EwsXmlNode entry;
        entry.name = u"Entry"_s;
        entry.attributes.append({u"Key"_s, entryKey});
        if (entryIt != dict.children.end()) {
            entry = *entryIt;
            dict.children.erase(entryIt);
        }
        entry.children.removeIf([&part](const EwsXmlNode &c) { return c.name == part; });
        if (newEntry) {
            if (const EwsXmlNode *p = newEntry->child(part))
                entry.children.append(*p);
        }
        static const QStringList partOrder{u"Street"_s, u"City"_s, u"State"_s, u"CountryOrRegion"_s, u"PostalCode"_s};
        std::sort(entry.children.begin(), entry.children.end(), [](const EwsXmlNode &a, const EwsXmlNode &b) {
            return partOrder.indexOf(a.name) < partOrder.indexOf(b.name);
        });
        if (!entry.children.isEmpty())
            dict.children.append(entry);
    }
    std::sort(dict.children.begin(), dict.children.end(), [](const EwsXmlNode &a, const EwsXmlNode &b) {
        return a.attribute(u"Key"_s) < b.attribute(u"Key"_s);
    });
    if (dict.children.isEmpty())
        return {};
    return SandboxEwsXml::serialize(dict);
}

} // namespace

QString SandboxEwsItems::keyForFieldUri(const QString &uri)
{
    if (uri.startsWith(u"contacts:EmailAddress"_s))
        return u"EmailAddresses"_s;
    if (uri.startsWith(u"contacts:PhoneNumber"_s))
        return u"PhoneNumbers"_s;
    if (uri.startsWith(u"contacts:PhysicalAddress"_s))
        return u"PhysicalAddresses"_s;
    if (uri.startsWith(u"contacts:ImAddress"_s))
        return u"ImAddresses"_s;
    return uri.section(u':', 1, 1);
}

QString SandboxEwsItems::extendedKey(const EwsXmlNode &uri)
{
    QString set = uri.attribute(u"PropertySetId"_s).toLower();
    if (set.isEmpty())
        set = uri.attribute(u"DistinguishedPropertySetId"_s);
    if (set.isEmpty())
        set = uri.attribute(u"PropertyTag"_s).toLower();
    QString name = uri.attribute(u"PropertyName"_s);
    if (name.isEmpty())
        name = uri.attribute(u"PropertyId"_s);
    return kExtendedPrefix + set + u'#' + name;
}

QString SandboxEwsItems::keyForPath(const EwsXmlNode &path)
{
    if (path.name == u"ExtendedFieldURI"_s)
        return extendedKey(path);
    return keyForFieldUri(path.attribute(u"FieldURI"_s));
}

bool SandboxEwsItems::schemaKnows(const EwsXmlNode &path)
{
    static const QSet<QString> plain = [] {
        const QStringList list = QString::fromLatin1(SandboxEwsSchema::kFieldUris).split(u' ');
        return QSet<QString>(list.cbegin(), list.cend());
    }();
    static const QSet<QString> indexed = [] {
        const QStringList list = QString::fromLatin1(SandboxEwsSchema::kIndexedFieldUris).split(u' ');
        return QSet<QString>(list.cbegin(), list.cend());
    }();
    if (path.name == u"FieldURI"_s)
        return plain.contains(path.attribute(u"FieldURI"_s));
    if (path.name == u"IndexedFieldURI"_s)
        return indexed.contains(path.attribute(u"FieldURI"_s));
    return path.name == u"ExtendedFieldURI"_s;
}

QString SandboxEwsItems::unknownFieldUriFault(const EwsXmlNode &path)
{
    const QString type = path.name == u"IndexedFieldURI"_s ? u"DictionaryURIType"_s : u"UnindexedFieldURIType"_s;
    return u"The request failed schema validation: The 'FieldURI' attribute is invalid - The value '%1' is invalid "
           "according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:%2' - The "
           "Enumeration constraint failed."_s.arg(path.attribute(u"FieldURI"_s), type);
}

SandboxEwsShape SandboxEwsItems::readShape(const EwsXmlNode *shape, SandboxEwsShape::Use use)
{
    SandboxEwsShape out;
    out.use = use;
    if (!shape)
        return out;
    const QString base = shape->childText(u"BaseShape"_s).trimmed();
    out.base = base == u"AllProperties"_s ? SandboxEwsShape::Base::AllProperties
             : base == u"Default"_s       ? SandboxEwsShape::Base::Default
                                          : SandboxEwsShape::Base::IdOnly;
    if (const EwsXmlNode *extra = shape->child(u"AdditionalProperties"_s)) {
        for (const EwsXmlNode &p : extra->children) {
            if (!schemaKnows(p)) {
                out.fault = unknownFieldUriFault(p);
                return out;
            }
            const QString key = keyForPath(p);
            // What a summary never carries is refused when asked for by name, as Exchange does
            // ("Property is not valid for this operation.").
            if (out.summary() && nonSummaryKeys().contains(key))
                out.error = u"ErrorInvalidPropertyForOperation"_s;
            out.keys.insert(key);
        }
    }
    return out;
}

void SandboxEwsItems::render(SandboxEwsXml &x, const SandboxEwsItem &item, const SandboxEwsShape &shape,
                             const SandboxEwsOccurrence *occurrence)
{
    const QHash<QString, int> &order = orderFor(item.kind);
    struct Part { int order; QString key; QByteArray xml; };
    QList<Part> parts;
    const QSet<QString> &defaults = defaultKeys(item.kind);
    const auto wanted = [&](const QString &key) {
        if (shape.keys.contains(key))
            return true;
        if (key.startsWith(kExtendedPrefix) || (shape.summary() && nonSummaryKeys().contains(key)))
            return false;
        return shape.base == SandboxEwsShape::Base::AllProperties
            || (shape.base == SandboxEwsShape::Base::Default && defaults.contains(key));
    };
    const auto add = [&](const QString &key, const QByteArray &xml) {
        const int o = order.value(key.startsWith(kExtendedPrefix) ? u"ExtendedProperty"_s : key, -1);
        if (o >= 0 && !xml.isEmpty())
            parts.append({o, key, shape.use == SandboxEwsShape::Use::FindItem ? nameOnly(key, xml) : xml});
    };
    QMap<QString, QByteArray> props = item.props;
    if (occurrence) {
        for (auto o = occurrence->overrides.cbegin(); o != occurrence->overrides.cend(); ++o)
            props.insert(o.key(), o.value());
    } else if (item.kind == SandboxEwsKind::CalendarItem && item.props.contains(u"Recurrence"_s)) {
        // A master lists its exceptions; the stored exception keys themselves never render.
        if (wanted(u"ModifiedOccurrences"_s))
            add(u"ModifiedOccurrences"_s, SandboxEwsCalendar::exceptionsXml(item, false));
        if (wanted(u"DeletedOccurrences"_s))
            add(u"DeletedOccurrences"_s, SandboxEwsCalendar::exceptionsXml(item, true));
    }
    for (auto p = props.cbegin(); p != props.cend(); ++p) {
        if (!wanted(p.key()))
            continue;
        if (occurrence && (p.key() == u"Start"_s || p.key() == u"End"_s || p.key() == u"Recurrence"_s))
            continue;
        add(p.key(), p.value());
    }
    for (const QString &key : derivedKeys()) {
        if (wanted(key) && (!item.props.contains(key) || key == u"CalendarItemType"_s))
            add(key, derived(item, key, occurrence));
    }
    if (occurrence) {
        if (wanted(u"Start"_s))
            add(u"Start"_s, textElement(u"Start"_s, occurrence->start));
        if (wanted(u"End"_s))
            add(u"End"_s, textElement(u"End"_s, occurrence->end));
    }
    std::sort(parts.begin(), parts.end(), [](const Part &a, const Part &b) {
        return a.order != b.order ? a.order < b.order : a.key < b.key;
    });
    x.start(u"t:"_s + sandboxEwsKindElement(item.kind));
    x.start(u"t:ItemId"_s).attr(u"Id"_s, occurrence ? occurrence->id : item.id).attr(u"ChangeKey"_s, item.changeKey()).end();
    for (const Part &p : parts)
        x.raw(p.xml);
    x.end();
}

std::optional<QStringList> SandboxEwsItems::valuesOf(const SandboxEwsItem &item, const SandboxEwsPath &path)
{
    QByteArray xml = item.props.value(path.key);
    if (xml.isEmpty() && derivedKeys().contains(path.key))
        xml = derived(item, path.key, nullptr);
    if (xml.isEmpty())
        return std::nullopt;
    const auto node = SandboxEwsXml::parseFragment(xml);
    if (!node)
        return std::nullopt;
    QStringList out;
    if (path.key.startsWith(kExtendedPrefix)) {
        if (const EwsXmlNode *values = node->child(u"Values"_s)) {
            for (const EwsXmlNode &v : values->children)
                out << v.text;
        } else if (const EwsXmlNode *v = node->child(u"Value"_s)) {
            out << v->text;
        }
    } else if (!path.index.isEmpty()) {
        for (const EwsXmlNode *entry : node->childrenNamed(u"Entry"_s)) {
            if (entry->attribute(u"Key"_s) != path.index)
                continue;
            const QString text = path.part.isEmpty() ? entry->text : entry->childText(path.part);
            if (!text.isEmpty())
                out << text;
        }
    } else if (!node->children.isEmpty()) {
        for (const EwsXmlNode &c : node->children)   // Categories: t:String values
            out << c.text;
    } else {
        out << node->text;
    }
    if (out.isEmpty())
        return std::nullopt;
    return out;
}

QMap<QString, QByteArray> SandboxEwsItems::propsFromElement(const EwsXmlNode &element)
{
    static const QSet<QString> readOnly{u"ItemId"_s,          u"ParentFolderId"_s,   u"LastModifiedTime"_s,
                                        u"DateTimeCreated"_s, u"CalendarItemType"_s, u"StartTimeZoneId"_s,
                                        u"EndTimeZoneId"_s,   u"IsComplete"_s};
    QMap<QString, QByteArray> props;
    for (const EwsXmlNode &c : element.children) {
        if (readOnly.contains(c.name))
            continue;
        if (c.name == u"ExtendedProperty"_s) {
            if (const EwsXmlNode *uri = c.child(u"ExtendedFieldURI"_s))
                props.insert(extendedKey(*uri), SandboxEwsXml::serialize(c));
            continue;
        }
        props.insert(c.name, storedProperty(c));
    }
    return props;
}

QMap<QString, QByteArray> SandboxEwsItems::propsFromUpdates(const EwsXmlNode &updates, const SandboxEwsItem &item,
                                                           QString *error)
{
    QMap<QString, QByteArray> out;
    const auto current = [&](const QString &key) { return out.contains(key) ? out.value(key) : item.props.value(key); };
    for (const EwsXmlNode &u : updates.children) {
        const EwsXmlNode *path = nullptr;
        const EwsXmlNode *element = nullptr;
        for (const EwsXmlNode &c : u.children) {
            if (c.name.endsWith(u"FieldURI"_s))
                path = &c;
            else
                element = &c;
        }
        if (!path) {
            *error = u"ErrorInvalidPropertyRequest"_s;
            return {};
        }
        const bool remove = u.name == u"DeleteItemField"_s;
        const EwsXmlNode *prop = element && !element->children.isEmpty() ? &element->children.constFirst() : nullptr;
        if (!remove && !prop) {
            *error = u"ErrorIncorrectUpdatePropertyCount"_s;
            return {};
        }
        if (element && element->name != u"Item"_s && element->name != sandboxEwsKindElement(item.kind)) {
            *error = u"ErrorInvalidPropertySet"_s;
            return {};
        }
        const QString key = keyForPath(*path);
        if (path->name == u"IndexedFieldURI"_s) {
            const QString uri = path->attribute(u"FieldURI"_s);
            const QString part = uri.startsWith(u"contacts:PhysicalAddress:"_s) ? uri.section(u':', 2, 2) : QString();
            out.insert(key, mergeEntry(current(key), key, path->attribute(u"FieldIndex"_s), remove ? nullptr : prop, part));
        } else {
            out.insert(key, remove ? QByteArray() : storedProperty(*prop));
        }
    }
    return out;
}

QByteArray SandboxEwsItems::textElement(const QString &name, const QString &text)
{
    SandboxEwsXml x;
    return x.element(u"t:"_s + name, text).finish();
}

QString SandboxEwsItems::crmIdKey()
{
    return kExtendedPrefix + Ews::liaisonPropertySetId().toLower() + u'#' + Ews::crmIdPropertyName();
}

QByteArray SandboxEwsItems::crmIdProperty(const QString &crmId)
{
    SandboxEwsXml x;
    x.start(u"t:ExtendedProperty"_s);
    x.start(u"t:ExtendedFieldURI"_s).attr(u"PropertySetId"_s, Ews::liaisonPropertySetId())
        .attr(u"PropertyName"_s, Ews::crmIdPropertyName()).attr(u"PropertyType"_s, u"String"_s).end();
    x.element(u"t:Value"_s, crmId);
    return x.finish();
}

QJsonObject SandboxEwsItems::toJson(const SandboxEwsItem &item)
{
    QJsonObject fields;
    QString crmId;
    for (auto p = item.props.cbegin(); p != item.props.cend(); ++p) {
        const auto node = SandboxEwsXml::parseFragment(p.value());
        if (!node)
            continue;
        if (p.key() == crmIdKey()) {
            crmId = node->childText(u"Value"_s);
            continue;
        }
        fields.insert(p.key(), node->children.isEmpty() ? QJsonValue(node->text) : QJsonValue(QString::fromUtf8(p.value())));
    }
    return {{u"id"_s, item.id},
            {u"changeKey"_s, item.changeKey()},
            {u"kind"_s, sandboxEwsKindElement(item.kind)},
            {u"folderId"_s, item.folderId},
            {u"crmId"_s, crmId},
            {u"lastModified"_s, utc(item.modified)},
            {u"fields"_s, fields}};
}

QMap<QString, QByteArray> SandboxEwsItems::propsFromJson(const QJsonObject &fields)
{
    QMap<QString, QByteArray> props;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (v.isNull()) {
            props.insert(key == u"crmId"_s ? crmIdKey() : key, QByteArray());
            continue;
        }
        if (key == u"crmId"_s) {
            props.insert(crmIdKey(), crmIdProperty(v.toString()));
        } else if (key == u"Categories"_s && v.isArray()) {
            SandboxEwsXml x;
            x.start(u"t:Categories"_s);
            for (const QJsonValue &s : v.toArray())
                x.element(u"t:String"_s, s.toString());
            props.insert(key, x.finish());
        } else if ((key == u"EmailAddresses"_s && v.isArray()) || (key == u"PhoneNumbers"_s && v.isObject())) {
            SandboxEwsXml x;
            x.start(u"t:"_s + key);
            const QJsonArray emails = v.toArray();
            for (int i = 0; i < emails.size() && i < 3; ++i)
                x.start(u"t:Entry"_s).attr(u"Key"_s, u"EmailAddress%1"_s.arg(i + 1)).text(emails.at(i).toString()).end();
            const QJsonObject phones = v.toObject();
            for (auto p = phones.begin(); p != phones.end(); ++p)
                x.start(u"t:Entry"_s).attr(u"Key"_s, p.key()).text(p.value().toString()).end();
            props.insert(key, x.finish());
        } else if (key == u"Body"_s) {
            SandboxEwsXml x;
            props.insert(key, x.start(u"t:Body"_s).attr(u"BodyType"_s, u"Text"_s).text(v.toString()).finish());
        } else if (v.isString() && v.toString().startsWith(u"<t:"_s)) {
            const QByteArray xml = v.toString().toUtf8();
            if (SandboxEwsXml::parseFragment(xml))
                props.insert(key, xml);
        } else if (v.isBool()) {
            props.insert(key, textElement(key, v.toBool() ? u"true"_s : u"false"_s));
        } else if (v.isDouble()) {
            props.insert(key, textElement(key, QString::number(v.toDouble())));
        } else {
            props.insert(key, textElement(key, v.toString()));
        }
    }
    return props;
}

} // namespace Liaison
