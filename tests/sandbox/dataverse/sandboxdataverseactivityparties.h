#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "sandboxdataversestore.h"

namespace Liaison {

// The Web API shape of activity parties: the *_activity_parties collection-valued navigation
// property of appointment, email and recurringappointmentmaster. Reads a deep-insert array
//   [{"participationtypemask":5,"partyid_contact@odata.bind":"/contacts(GUID)"},
//    {"participationtypemask":5,"addressused":"x@example.com"}]       (an unresolved party)
// into activityparty rows for SandboxDataverseStore::replaceParties ($expand: see
// SandboxDataverseNavigation). Does not write: the API applies the result.
class SandboxDataverseActivityParties
{
public:
    explicit SandboxDataverseActivityParties(const SandboxDataverseStore &store) : m_store(store) {}

    // "appointment" -> "appointment_activity_parties"; empty for tables without parties (task).
    static QString navigationFor(const QString &logicalName);
    // The participationtypemask values the activity type accepts (activityparty-entity.md).
    static QList<int> allowedMasks(const QString &logicalName);

    // The body's array -> activityparty fields: participationtypemask, addressused (from the
    // party row's email column when not given), _partyid_value and its lookuplogicalname
    // annotation. `columns` receives every plain column named (for the schema check).
    // nullopt + *error: a bad mask (400), a bind to a missing row (404), a malformed entry (400).
    std::optional<QList<QJsonObject>> read(const SandboxDataverseTable &activity, const QJsonValue &value,
                                           const QHash<QString, QString> *contentIds, QStringList *columns,
                                           SandboxDataverseError *error) const;

private:
    const SandboxDataverseStore &m_store;
};

} // namespace Liaison
