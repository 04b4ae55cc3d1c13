#pragma once

#include <QString>

#include <optional>

namespace Liaison {

// Puts a user, or every user with a CRM security profile, into a sync configuration.
// Precedence: an individual assignment wins over a profile assignment. A user or a
// profile is in at most one configuration: assigning it again moves it.
struct Assignment
{
    enum class Target { User, Profile };

    qint64 id = 0;
    qint64 configurationId = 0;
    Target target = Target::User;
    std::optional<qint64> userId;     // Target::User
    QString securityProfile;          // Target::Profile
};

// Which configuration applies to a user, and why.
struct EffectiveAssignment
{
    qint64 userId = 0;
    std::optional<qint64> configurationId;     // none => the user does not sync
    std::optional<Assignment::Target> via;     // individual or through their profile
};

} // namespace Liaison
