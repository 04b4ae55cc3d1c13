#include "sandboxdataverseowner.h"

#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

const QString kOwner = u"_ownerid_value"_s;
const QString kLogicalName = u"@Microsoft.Dynamics.CRM.lookuplogicalname"_s;
const QString kRootBusinessUnit = u"5f1f4b3e-0000-4000-8000-000000000001"_s;

void setLookup(QJsonObject *fields, const QString &column, const QString &id, const QString &logicalName)
{
    fields->insert(column, id.isEmpty() ? QJsonValue() : QJsonValue(id));
    if (id.isEmpty())
        fields->remove(column + kLogicalName);
    else
        fields->insert(column + kLogicalName, logicalName);
}

// owninguser / owningteam / owningbusinessunit follow ownerid.
void stampOwning(const SandboxDataverseStore &store, QJsonObject *fields)
{
    const QString owner = fields->value(kOwner).toString();
    const bool team = fields->value(kOwner + kLogicalName).toString() == u"team"_s;
    setLookup(fields, u"_owninguser_value"_s, team ? QString() : owner, u"systemuser"_s);
    setLookup(fields, u"_owningteam_value"_s, team ? owner : QString(), u"team"_s);
    const auto row =
        store.row(team ? QString::fromLatin1(SandboxDataverseOwner::kTeamSet) : u"systemusers"_s, owner);
    const QString unit = row ? row->value(u"_businessunitid_value"_s).toString() : QString();
    setLookup(fields, u"_owningbusinessunit_value"_s, unit.isEmpty() ? kRootBusinessUnit : unit,
              u"businessunit"_s);
}

void stampBy(const SandboxDataverseCaller &caller, const QString &verb, QJsonObject *fields)
{
    setLookup(fields, u"_%1by_value"_s.arg(verb), caller.userId, u"systemuser"_s);
    setLookup(fields, u"_%1onbehalfby_value"_s.arg(verb), caller.onBehalfOf, u"systemuser"_s);
}

} // namespace

bool SandboxDataverseOwner::isOwned(const SandboxDataverseTable &table)
{
    static const QStringList owned = {u"contact"_s,
                                      u"account"_s,
                                      u"lead"_s,
                                      u"task"_s,
                                      u"appointment"_s,
                                      u"email"_s,
                                      u"recurringappointmentmaster"_s};
    return owned.contains(table.logicalName);
}

SandboxDataverseTable SandboxDataverseOwner::teamTable()
{
    return {QString::fromLatin1(kTeamSet), u"team"_s, u"teamid"_s};
}

std::optional<SandboxDataverseError> SandboxDataverseOwner::checkOwner(const SandboxDataverseTable &table,
                                                                       const QJsonObject &fields)
{
    if (!fields.contains(kOwner))
        return std::nullopt;
    const QString type = fields.value(kOwner + kLogicalName).toString();
    if (!isOwned(table))
        return SandboxDataverseError{400, "0x80060888",
                                     u"The property 'ownerid' does not exist on type "
                                     "'Microsoft.Dynamics.CRM.%1'."_s.arg(table.logicalName)};
    if (type != u"systemuser"_s && type != u"team"_s)
        return SandboxDataverseError{400, "0x80040203",
                                     u"Invalid ownerid: the owner of a %1 must be a systemuser "
                                     "or a team, not a %2."_s.arg(table.logicalName, type)};
    return std::nullopt;
}

void SandboxDataverseOwner::stampCreate(const SandboxDataverseStore &store,
                                        const SandboxDataverseTable &table,
                                        const SandboxDataverseCaller &caller, QJsonObject *fields)
{
    if (caller.userId.isEmpty())
        return;
    stampBy(caller, u"created"_s, fields);
    stampBy(caller, u"modified"_s, fields);
    if (!isOwned(table))
        return;
    if (!fields->contains(kOwner)) // Dataverse's default owner is the (effective) caller
        setLookup(fields, kOwner, caller.userId, u"systemuser"_s);
    stampOwning(store, fields);
}

void SandboxDataverseOwner::stampUpdate(const SandboxDataverseStore &store,
                                        const SandboxDataverseTable &table,
                                        const SandboxDataverseCaller &caller, QJsonObject *fields)
{
    if (caller.userId.isEmpty())
        return;
    stampBy(caller, u"modified"_s, fields);
    if (isOwned(table) && fields->contains(kOwner))
        stampOwning(store, fields);
}

} // namespace Liaison
