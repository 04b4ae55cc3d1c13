#pragma once

#include "common/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace Liaison {

// activityparty.participationtypemask (Dataverse "Activity Party Type" choice).
enum class DataverseParticipation {
    Sender = 1,
    ToRecipient = 2,
    CcRecipient = 3,
    BccRecipient = 4,
    RequiredAttendee = 5,
    OptionalAttendee = 6,
    Organizer = 7,
    Regarding = 8,
    Owner = 9,
    Resource = 10,
    Customer = 11,
};

// appointment.instancetypecode: how a row relates to a recurring series.
enum class DataverseInstanceType {
    NotRecurring = 0,
    RecurringMaster = 1,
    RecurringInstance = 2,
    RecurringException = 3,
    RecurringFutureException = 4,
};

// The JSON body of a create or update. Lookups are set through navigation properties
// ("parentcustomerid_account@odata.bind": "/accounts(GUID)"), never through _x_value columns,
// which Dataverse treats as read-only.
class DataverseEntityBody
{
public:
    DataverseEntityBody &set(const QString &column, const QJsonValue &value);
    // "<navigationProperty>@odata.bind": "/<entitySet>(<id>)"; Invalid on a bad name or id.
    Status bind(const QString &navigationProperty, const QString &entitySet, const QString &id);
    // Inside a $batch changeset: bind to the row created by the part with this Content-ID ("$1").
    Status bindToContentId(const QString &navigationProperty, int contentId);
    // One element of <partiesProperty> (appointment_activity_parties, task_activity_parties ...):
    // {"partyid_contact@odata.bind": "/contacts(GUID)", "participationtypemask": 5}
    Status addParty(const QString &partiesProperty, const QString &partyNavigation, const QString &entitySet,
                    const QString &id, DataverseParticipation role);
    // A party known only by address (unresolved attendee): {"addressused": "...", "participationtypemask": n}
    Status addUnresolvedParty(const QString &partiesProperty, const QString &address, DataverseParticipation role);

    bool isEmpty() const { return m_object.isEmpty(); }
    QJsonObject toJson() const { return m_object; }

private:
    QJsonObject m_object;
};

} // namespace Liaison
