#pragma once

#include "model/enums.h"

#include <QString>

namespace Liaison {

// How Liaison reaches a CRM organisation. The client secret lives in the keychain under secretKey().
struct CrmConnection
{
    qint64 id = 0;
    QString name;          // unique
    CrmKind kind = CrmKind::Dataverse;
    QString url;           // https://contoso.crm.dynamics.com
    QString tenantId;      // OAuth2 client credentials
    QString clientId;
    bool hasSecret = false;

    QString secretKey() const { return QStringLiteral("liaison/crm-connection/%1").arg(id); }
};

} // namespace Liaison
