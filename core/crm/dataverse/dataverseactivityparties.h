#pragma once

#include "common/result.h"
#include "crm/crmconnector.h"
#include "crm/dataverse/dataverserequest.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Liaison {

// CrmActivityParty <-> Dataverse activityparty rows. An activity's parties are written through its
// collection-valued navigation property (appointment_activity_parties: deep insert on create, the
// whole set replaced on update) and read back from the activityparties table by _activityid_value,
// because change-tracking reads cannot $expand.
class DataverseActivityParties
{
public:
    static constexpr int kIdsPerQuery = 50;   // keeps the $filter URL far below Dataverse's URL limit

    // "appointment_activity_parties"; empty for tables without parties (task, contact, ...).
    static QString navigationProperty(const QString &activityEntity);
    static bool hasParties(const QString &activityEntity) { return !navigationProperty(activityEntity).isEmpty(); }

    // participationtypemask (activityparty-entity.md): 1 Sender ... 11 Customer.
    static int mask(CrmActivityParty::Role role);
    static CrmActivityParty::Role role(int mask);   // Other for values Liaison does not know
    // Roles the table accepts: appointment and recurringappointmentmaster take organizer, required,
    // optional attendees (and owner); email takes sender, to, cc, bcc.
    static bool allows(const QString &activityEntity, CrmActivityParty::Role role);

    // The navigation property's value for a create or update body; Invalid names the party that
    // cannot be written (a role the table refuses, an unknown party table, a bad id, no address).
    static Result<QJsonArray> toJson(const QString &activityEntity, const QList<CrmActivityParty> &parties);
    // One activityparty row (with the lookuplogicalname annotation) -> party; its activity's id in *activityId.
    static CrmActivityParty fromRow(const QJsonObject &row, QString *activityId = nullptr);

    // GET activityparties for these activities (at most kIdsPerQuery ids).
    static Result<DataverseRequest> query(const QStringList &activityIds, int pageSize);
};

} // namespace Liaison
