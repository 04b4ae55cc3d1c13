#pragma once

#include "model/enums.h"

#include <QList>
#include <QMap>
#include <QString>

namespace Liaison {

// One Exchange field <-> one CRM field, for one object type.
struct FieldMapping
{
    QString exchangeField;   // e.g. "GivenName", "PhoneNumbers:BusinessPhone"
    QString crmField;        // e.g. "firstname", "new_custom"
    SyncDirection direction = SyncDirection::Both;

    friend bool operator==(const FieldMapping &, const FieldMapping &) = default;
};

// Restricts which CRM records sync, beyond ownership: crmField <op> value.
struct FieldFilter
{
    QString crmField;
    QString op;              // "eq", "ne", "contains", "not-contains", "empty", "not-empty"
    QString value;

    friend bool operator==(const FieldFilter &, const FieldFilter &) = default;
};

struct ObjectSettings
{
    SyncDirection direction = SyncDirection::Both;
    ConflictBehaviour conflict = ConflictBehaviour::CrmWins;
    QList<FieldMapping> mappings;

    friend bool operator==(const ObjectSettings &, const ObjectSettings &) = default;
};

// What syncs, which way, and how conflicts resolve, for the users assigned to it.
struct SyncConfiguration
{
    static constexpr int kMaxEventWindowDays = 180;

    qint64 id = 0;
    QString name;            // unique
    bool active = true;
    QString description;
    QMap<ObjectType, ObjectSettings> objects;   // every ObjectType present

    ContactOwnership contactOwnership = ContactOwnership::UserRecords;
    QList<FieldFilter> contactFilters;
    ContactTieBreak contactTieBreak = ContactTieBreak::MostRecentActivity;

    EventWindow eventWindow = EventWindow::LastNDays;
    int eventWindowDays = 30;                   // used with LastNDays; 1..180
    bool syncPrivateEvents = false;

    QString contactsFolderName = QStringLiteral("CRM Contacts");

    // A configuration with the defaults admins expect: contacts, events and tasks both ways,
    // emails Exchange -> CRM, CRM wins conflicts.
    static SyncConfiguration withDefaults(const QString &name)
    {
        SyncConfiguration c;
        c.name = name;
        for (ObjectType t : kAllObjectTypes)
            c.objects.insert(t, ObjectSettings{});
        c.objects[ObjectType::Emails].direction = SyncDirection::ExchangeToCrm;
        return c;
    }
};

} // namespace Liaison
