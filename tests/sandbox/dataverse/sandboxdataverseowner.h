#pragma once

#include "sandboxdataversestore.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace Liaison {

// Who a write is made by: the effective user (the caller, or the user it impersonates through the
// CallerObjectId / MSCRMCallerID headers) and, when impersonating, the caller itself.
struct SandboxDataverseCaller
{
    QString userId;     // systemuserid the operation runs as
    QString onBehalfOf; // the real caller's systemuserid when impersonating; empty otherwise
};

// Ownership of user/team-owned rows, kept apart from the store: ownerid (a systemuser or a team)
// with owninguser / owningteam / owningbusinessunit, and createdby / modifiedby with their
// *onbehalfby twins. Works on the field set of a create or update before the store sees it.
class SandboxDataverseOwner
{
public:
    static constexpr const char *kTeamSet = "teams";

    // Tables whose rows have an owner (contacts, accounts, leads, activities).
    static bool isOwned(const SandboxDataverseTable &table);
    // The teams table (teamid, name, _businessunitid_value) the store serves beside its own.
    static SandboxDataverseTable teamTable();

    // A bound ownerid must name a systemuser or a team; an error otherwise. nullopt when fine.
    static std::optional<SandboxDataverseError> checkOwner(const SandboxDataverseTable &table,
                                                           const QJsonObject &fields);
    // Fills in a new row's owner (the caller unless the body bound ownerid), owning* columns and
    // createdby / modifiedby (+ onbehalfby).
    static void stampCreate(const SandboxDataverseStore &store, const SandboxDataverseTable &table,
                            const SandboxDataverseCaller &caller, QJsonObject *fields);
    // modifiedby (+ onbehalfby) and, when the body rebinds ownerid, the owning* columns.
    static void stampUpdate(const SandboxDataverseStore &store, const SandboxDataverseTable &table,
                            const SandboxDataverseCaller &caller, QJsonObject *fields);
};

} // namespace Liaison
