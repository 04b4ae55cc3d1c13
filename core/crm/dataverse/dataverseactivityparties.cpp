#include "crm/dataverse/dataverseactivityparties.h"

#include "crm/dataverse/dataversequery.h"
#include "crm/dataverse/dataversereader.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

using Role = CrmActivityParty::Role;

struct MaskEntry
{
    Role role;
    int mask;
    const char *name;
};

constexpr MaskEntry kMasks[] = {
    {Role::Sender, 1, "sender"},
    {Role::To, 2, "to"},
    {Role::Cc, 3, "cc"},
    {Role::Bcc, 4, "bcc"},
    {Role::RequiredAttendee, 5, "required attendee"},
    {Role::OptionalAttendee, 6, "optional attendee"},
    {Role::Organizer, 7, "organizer"},
    {Role::Regarding, 8, "regarding"},
    {Role::Owner, 9, "owner"},
    {Role::Resource, 10, "resource"},
    {Role::Customer, 11, "customer"},
};

QString roleName(Role role)
{
    for (const MaskEntry &e : kMasks)
        if (e.role == role)
            return QString::fromLatin1(e.name);
    return u"other"_s;
}

// The tables a party may point at, as Liaison syncs them.
bool isPartyTable(const QString &entity)
{
    return entity == u"contact"_s || entity == u"systemuser"_s || entity == u"account"_s ||
           entity == u"lead"_s;
}

} // namespace

QString DataverseActivityParties::navigationProperty(const QString &activityEntity)
{
    if (activityEntity == u"appointment"_s || activityEntity == u"email"_s ||
        activityEntity == u"recurringappointmentmaster"_s)
        return activityEntity + u"_activity_parties"_s;
    return {};
}

int DataverseActivityParties::mask(Role role)
{
    for (const MaskEntry &e : kMasks)
        if (e.role == role)
            return e.mask;
    return 0;
}

Role DataverseActivityParties::role(int mask)
{
    for (const MaskEntry &e : kMasks)
        if (e.mask == mask)
            return e.role;
    return Role::Other;
}

bool DataverseActivityParties::allows(const QString &activityEntity, Role role)
{
    if (activityEntity == u"appointment"_s || activityEntity == u"recurringappointmentmaster"_s)
        return role == Role::Organizer || role == Role::RequiredAttendee || role == Role::OptionalAttendee ||
               role == Role::Owner;
    if (activityEntity == u"email"_s)
        return role == Role::Sender || role == Role::To || role == Role::Cc || role == Role::Bcc;
    return false;
}

Result<QJsonArray> DataverseActivityParties::toJson(const QString &activityEntity,
                                                    const QList<CrmActivityParty> &parties)
{
    if (!hasParties(activityEntity))
        return Error::invalid(u"%1 rows have no activity parties"_s.arg(activityEntity.left(80)));
    QJsonArray out;
    for (const CrmActivityParty &party : parties) {
        const QString who = party.address.isEmpty() ? party.entity + u' ' + party.id : party.address;
        if (!allows(activityEntity, party.role))
            return Error::invalid(u"%1 %2: a %3 cannot be a %4"_s.arg(activityEntity, who.left(120),
                                                                      roleName(party.role), activityEntity),
                                  u"map that attendee to a role the %1 table has"_s.arg(activityEntity));
        QJsonObject row{{u"participationtypemask"_s, mask(party.role)}};
        if (!party.id.isEmpty()) {
            const QString id = DataverseRequest::normalizedGuid(party.id);
            const DataverseEntityInfo table = DataverseEntityInfo::forLogicalName(party.entity);
            if (!isPartyTable(party.entity) || table.entitySet.isEmpty() || id.isEmpty())
                return Error::invalid(u"%1 party '%2 %3' is not a contact, user, account or lead id"_s.arg(
                    activityEntity, party.entity.left(40), party.id.left(80)));
            row.insert(u"partyid_%1@odata.bind"_s.arg(party.entity), u"/%1(%2)"_s.arg(table.entitySet, id));
        } else if (party.address.isEmpty()) {
            return Error::invalid(u"%1: a %2 has neither a CRM row nor an email address"_s.arg(
                activityEntity, roleName(party.role)));
        }
        if (!party.address.isEmpty())
            row.insert(u"addressused"_s, party.address);
        out.append(row);
    }
    return out;
}

CrmActivityParty DataverseActivityParties::fromRow(const QJsonObject &row, QString *activityId)
{
    CrmActivityParty party;
    party.role = role(row.value(u"participationtypemask"_s).toInt());
    party.id = DataverseRequest::normalizedGuid(row.value(u"_partyid_value"_s).toString());
    if (!party.id.isEmpty())
        party.entity = row.value(u"_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s).toString();
    party.address = row.value(u"addressused"_s).toString();
    if (activityId)
        *activityId = DataverseRequest::normalizedGuid(row.value(u"_activityid_value"_s).toString());
    return party;
}

Result<DataverseRequest> DataverseActivityParties::query(const QStringList &activityIds, int pageSize)
{
    QStringList any;
    for (const QString &id : activityIds) {
        Result<QString> one =
            DataverseFilter::compare(u"_activityid_value"_s, u"eq"_s, QUuid::fromString(id));
        if (!one)
            return one.error();
        any << *one;
    }
    return DataverseQuery(u"activityparties"_s)
        .select({u"activitypartyid"_s, u"_activityid_value"_s, u"_partyid_value"_s,
                 u"participationtypemask"_s, u"addressused"_s})
        .filter(DataverseFilter::anyOf(any))
        .maxPageSize(pageSize)
        .request();
}

} // namespace Liaison
