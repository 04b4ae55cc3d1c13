#include "crm/dataverse/dataversefieldmap.h"

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

using Kind = ExchangeValueKind;

const QList<ExchangeEnumValue> &importanceValues()
{
    // prioritycode: 0 Low, 1 Normal, 2 High.
    static const QList<ExchangeEnumValue> v = {{u"Low"_s, 0}, {u"Normal"_s, 1}, {u"High"_s, 2}};
    return v;
}

const QList<ExchangeEnumValue> &sensitivityValues()
{
    static const QList<ExchangeEnumValue> v = {
        {u"Normal"_s, 0}, {u"Personal"_s, 1}, {u"Private"_s, 2}, {u"Confidential"_s, 3}};
    return v;
}

const QList<ExchangeEnumValue> &taskStatusValues()
{
    // task statecode: 0 Open, 1 Completed, 2 Canceled. Exchange has more states than Dataverse; on the
    // way back Open becomes NotStarted and Canceled becomes Deferred.
    static const QList<ExchangeEnumValue> v = {
        {u"NotStarted"_s, 0}, {u"InProgress"_s, 0, false}, {u"WaitingOnOthers"_s, 0, false},
        {u"Completed"_s, 1}, {u"Deferred"_s, 2}};
    return v;
}

ExchangeFieldInfo field(ObjectType object, const QString &name, Kind kind)
{
    return ExchangeFieldInfo{object, name, kind, {}, {}};
}

ExchangeFieldInfo enumField(ObjectType object, const QString &name, const QList<ExchangeEnumValue> &values,
                            const QStringList &trueNames = {})
{
    return ExchangeFieldInfo{object, name, Kind::Enum, values, trueNames};
}

QList<ExchangeFieldInfo> contactFields()
{
    const ObjectType o = ObjectType::Contacts;
    QList<ExchangeFieldInfo> f;
    for (const char *n : {"GivenName", "MiddleName", "Surname", "Nickname", "DisplayName", "Initials", "Generation",
                          "CompanyName", "JobTitle", "Department", "Manager", "AssistantName", "SpouseName",
                          "BusinessHomePage", "OfficeLocation", "Profession", "Body"})
        f.append(field(o, QString::fromLatin1(n), Kind::Text));
    for (const char *n : {"EmailAddress1", "EmailAddress2", "EmailAddress3"})
        f.append(field(o, u"EmailAddresses:"_s + QString::fromLatin1(n), Kind::Text));
    for (const char *n : {"AssistantPhone", "BusinessFax", "BusinessPhone", "BusinessPhone2", "Callback", "CarPhone",
                          "CompanyMainPhone", "HomeFax", "HomePhone", "HomePhone2", "Isdn", "MobilePhone",
                          "OtherFax", "OtherTelephone", "Pager", "PrimaryPhone", "RadioPhone", "Telex", "TtyTddPhone"})
        f.append(field(o, u"PhoneNumbers:"_s + QString::fromLatin1(n), Kind::Text));
    for (const char *a : {"Business", "Home", "Other"})
        for (const char *p : {"Street", "City", "State", "CountryOrRegion", "PostalCode"})
            f.append(field(o, u"PhysicalAddresses:%1:%2"_s.arg(QLatin1String(a), QLatin1String(p)), Kind::Text));
    f.append(field(o, u"Birthday"_s, Kind::Date));
    f.append(field(o, u"WeddingAnniversary"_s, Kind::Date));
    return f;
}

QList<ExchangeFieldInfo> eventFields()
{
    const ObjectType o = ObjectType::Events;
    return {field(o, u"Subject"_s, Kind::Text),
            field(o, u"Body"_s, Kind::Text),
            field(o, u"Location"_s, Kind::Text),
            field(o, u"Start"_s, Kind::DateTime),
            field(o, u"End"_s, Kind::DateTime),
            field(o, u"IsAllDayEvent"_s, Kind::Boolean),
            field(o, u"ReminderMinutesBeforeStart"_s, Kind::Integer),
            enumField(o, u"Sensitivity"_s, sensitivityValues(), {u"Private"_s, u"Confidential"_s}),
            enumField(o, u"Importance"_s, importanceValues())};
}

QList<ExchangeFieldInfo> taskFields()
{
    const ObjectType o = ObjectType::Tasks;
    return {field(o, u"Subject"_s, Kind::Text),
            field(o, u"Body"_s, Kind::Text),
            field(o, u"StartDate"_s, Kind::DateTime),
            field(o, u"DueDate"_s, Kind::DateTime),
            field(o, u"CompleteDate"_s, Kind::DateTime),
            field(o, u"PercentComplete"_s, Kind::Integer),
            field(o, u"ActualWork"_s, Kind::Integer),
            field(o, u"TotalWork"_s, Kind::Integer),
            enumField(o, u"Status"_s, taskStatusValues()),
            enumField(o, u"Importance"_s, importanceValues()),
            enumField(o, u"Sensitivity"_s, sensitivityValues(), {u"Private"_s, u"Confidential"_s})};
}

QList<ExchangeFieldInfo> emailFields()
{
    const ObjectType o = ObjectType::Emails;
    return {field(o, u"Subject"_s, Kind::Text),
            field(o, u"Body"_s, Kind::Text),
            field(o, u"DateTimeSent"_s, Kind::DateTime),
            field(o, u"DateTimeReceived"_s, Kind::DateTime),
            enumField(o, u"Importance"_s, importanceValues()),
            enumField(o, u"Sensitivity"_s, sensitivityValues(), {u"Private"_s, u"Confidential"_s})};
}

FieldMapping both(const QString &exchange, const QString &crm)
{
    return FieldMapping{exchange, crm, SyncDirection::Both};
}

QList<FieldMapping> contactDefaults()
{
    QList<FieldMapping> m = {
        both(u"GivenName"_s, u"firstname"_s),
        both(u"MiddleName"_s, u"middlename"_s),
        both(u"Surname"_s, u"lastname"_s),
        both(u"Nickname"_s, u"nickname"_s),
        both(u"JobTitle"_s, u"jobtitle"_s),
        both(u"Department"_s, u"department"_s),
        // The company is a lookup (parent account); Exchange gets its name, never writes it back.
        FieldMapping{u"CompanyName"_s, u"_parentcustomerid_value"_s, SyncDirection::CrmToExchange},
        both(u"Manager"_s, u"managername"_s),
        both(u"AssistantName"_s, u"assistantname"_s),
        both(u"SpouseName"_s, u"spousesname"_s),
        both(u"BusinessHomePage"_s, u"websiteurl"_s),
        both(u"Body"_s, u"description"_s),
        both(u"Birthday"_s, u"birthdate"_s),
        both(u"WeddingAnniversary"_s, u"anniversary"_s),
        both(u"EmailAddresses:EmailAddress1"_s, u"emailaddress1"_s),
        both(u"EmailAddresses:EmailAddress2"_s, u"emailaddress2"_s),
        both(u"EmailAddresses:EmailAddress3"_s, u"emailaddress3"_s),
        both(u"PhoneNumbers:BusinessPhone"_s, u"telephone1"_s),
        both(u"PhoneNumbers:HomePhone"_s, u"telephone2"_s),
        both(u"PhoneNumbers:OtherTelephone"_s, u"telephone3"_s),
        both(u"PhoneNumbers:BusinessPhone2"_s, u"business2"_s),
        both(u"PhoneNumbers:HomePhone2"_s, u"home2"_s),
        both(u"PhoneNumbers:MobilePhone"_s, u"mobilephone"_s),
        both(u"PhoneNumbers:BusinessFax"_s, u"fax"_s),
        both(u"PhoneNumbers:Pager"_s, u"pager"_s),
        both(u"PhoneNumbers:AssistantPhone"_s, u"assistantphone"_s),
        both(u"PhoneNumbers:Callback"_s, u"callback"_s),
        both(u"PhoneNumbers:CompanyMainPhone"_s, u"company"_s),   // contact.company is the company phone
    };
    // Exchange's Business/Home/Other addresses are Dataverse's address1/2/3.
    const QList<std::pair<QString, QString>> addresses = {
        {u"Business"_s, u"address1"_s}, {u"Home"_s, u"address2"_s}, {u"Other"_s, u"address3"_s}};
    const QList<std::pair<QString, QString>> parts = {{u"Street"_s, u"line1"_s},
                                                      {u"City"_s, u"city"_s},
                                                      {u"State"_s, u"stateorprovince"_s},
                                                      {u"PostalCode"_s, u"postalcode"_s},
                                                      {u"CountryOrRegion"_s, u"country"_s}};
    for (const auto &[exchangeAddress, crmAddress] : addresses)
        for (const auto &[exchangePart, crmPart] : parts)
            m.append(both(u"PhysicalAddresses:%1:%2"_s.arg(exchangeAddress, exchangePart), crmAddress + u'_' + crmPart));
    return m;
}

QList<FieldMapping> eventDefaults()
{
    return {both(u"Subject"_s, u"subject"_s),
            both(u"Start"_s, u"scheduledstart"_s),
            both(u"End"_s, u"scheduledend"_s),
            both(u"Location"_s, u"location"_s),
            both(u"Body"_s, u"description"_s),
            both(u"IsAllDayEvent"_s, u"isalldayevent"_s),
            both(u"Sensitivity"_s, u"ismapiprivate"_s),
            both(u"Importance"_s, u"prioritycode"_s)};
}

QList<FieldMapping> taskDefaults()
{
    return {both(u"Subject"_s, u"subject"_s),
            both(u"DueDate"_s, u"scheduledend"_s),
            both(u"StartDate"_s, u"scheduledstart"_s),
            both(u"Status"_s, u"statecode"_s),
            both(u"PercentComplete"_s, u"percentcomplete"_s),
            both(u"Body"_s, u"description"_s),
            both(u"Importance"_s, u"prioritycode"_s),
            both(u"ActualWork"_s, u"actualdurationminutes"_s)};
}

QList<FieldMapping> emailDefaults()
{
    return {FieldMapping{u"Subject"_s, u"subject"_s, SyncDirection::ExchangeToCrm},
            FieldMapping{u"Body"_s, u"description"_s, SyncDirection::ExchangeToCrm},
            FieldMapping{u"Importance"_s, u"prioritycode"_s, SyncDirection::ExchangeToCrm}};
}

} // namespace

QString DataverseFieldMap::entityFor(ObjectType type)
{
    switch (type) {
    case ObjectType::Contacts: return u"contact"_s;
    case ObjectType::Events: return u"appointment"_s;
    case ObjectType::Tasks: return u"task"_s;
    case ObjectType::Emails: return u"email"_s;
    }
    return {};
}

QString DataverseFieldMap::entitySetFor(ObjectType type)
{
    switch (type) {
    case ObjectType::Contacts: return u"contacts"_s;
    case ObjectType::Events: return u"appointments"_s;
    case ObjectType::Tasks: return u"tasks"_s;
    case ObjectType::Emails: return u"emails"_s;
    }
    return {};
}

QList<FieldMapping> DataverseFieldMap::defaults(ObjectType type)
{
    switch (type) {
    case ObjectType::Contacts: return contactDefaults();
    case ObjectType::Events: return eventDefaults();
    case ObjectType::Tasks: return taskDefaults();
    case ObjectType::Emails: return emailDefaults();
    }
    return {};
}

void DataverseFieldMap::applyDefaults(SyncConfiguration &configuration)
{
    for (ObjectType t : kAllObjectTypes) {
        ObjectSettings &settings = configuration.objects[t];
        if (settings.mappings.isEmpty())
            settings.mappings = defaults(t);
    }
}

QList<ExchangeFieldInfo> DataverseFieldMap::exchangeFields(ObjectType type)
{
    switch (type) {
    case ObjectType::Contacts: return contactFields();
    case ObjectType::Events: return eventFields();
    case ObjectType::Tasks: return taskFields();
    case ObjectType::Emails: return emailFields();
    }
    return {};
}

std::optional<ExchangeFieldInfo> DataverseFieldMap::exchangeField(ObjectType type, const QString &name)
{
    for (const ExchangeFieldInfo &f : exchangeFields(type))
        if (f.name.compare(name, Qt::CaseInsensitive) == 0)
            return f;
    return std::nullopt;
}

} // namespace Liaison
