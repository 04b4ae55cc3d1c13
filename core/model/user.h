#pragma once

#include <QString>

#include <optional>

namespace Liaison {

// A CRM user whose Exchange mailbox Liaison syncs.
struct User
{
    qint64 id = 0;
    QString crmUserId;              // the CRM's id (systemuserid / Salesforce user id), unique
    QString exchangeAddress;        // primary SMTP address, unique (compared case-insensitively)
    QString displayName;
    QString crmSecurityProfile;     // CRM security profile / role name; assignments can target it
    std::optional<qint64> exchangeProfileId;   // empty => the default Exchange profile
};

} // namespace Liaison
