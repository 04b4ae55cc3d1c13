#pragma once

#include "model/syncconfiguration.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Liaison {

// How an Exchange field's value is represented on the Exchange side (in a QVariant):
// Text -> QString, DateTime -> QDateTime (UTC), Date -> QDate, Boolean -> bool,
// Integer -> qint64, Enum -> QString (the EWS enum name, e.g. "High").
enum class ExchangeValueKind { Text, DateTime, Date, Boolean, Integer, Enum };

// One EWS enum value and the Dataverse choice (option set) value it corresponds to.
struct ExchangeEnumValue
{
    QString name;             // "High"
    int crmValue = 0;         // 2 (prioritycode High)
    bool fromCrm = true;      // false: several names share crmValue and this one is not chosen on the way back
};

struct ExchangeFieldInfo
{
    ObjectType object = ObjectType::Contacts;
    QString name;                           // "GivenName", "PhoneNumbers:BusinessPhone", "Importance"
    ExchangeValueKind kind = ExchangeValueKind::Text;
    QList<ExchangeEnumValue> enumValues;    // Enum only
    QStringList trueNames;                  // Enum only: names that mean "true" in a Boolean column
                                            // (Sensitivity Private/Confidential <-> ismapiprivate)
};

// The ONE default mapping table between Exchange items and Dataverse rows, and the catalogue of
// Exchange fields a mapping may name. An empty mapping list in a SyncConfiguration means "the defaults".
class DataverseFieldMap
{
public:
    // Dataverse table per object type: contact, appointment, task, email.
    static QString entityFor(ObjectType type);
    static QString entitySetFor(ObjectType type);     // contacts, appointments, tasks, emails

    static QList<FieldMapping> defaults(ObjectType type);
    // Fills every object type whose mapping list is empty with defaults(type).
    static void applyDefaults(SyncConfiguration &configuration);

    static QList<ExchangeFieldInfo> exchangeFields(ObjectType type);
    static std::optional<ExchangeFieldInfo> exchangeField(ObjectType type, const QString &name);
};

} // namespace Liaison
