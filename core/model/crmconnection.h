#pragma once

#include "model/enums.h"

#include <QByteArray>
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
    // Entra sign-in host; empty = https://login.microsoftonline.com. Sovereign clouds use their own:
    // https://login.microsoftonline.us (GCC High, DoD), https://login.chinacloudapi.cn (21Vianet).
    QString authority;
    QByteArray pinnedCertificatePem;   // trusted in addition to the system CAs; empty => none
    bool hasSecret = false;

    QString secretKey() const { return QStringLiteral("liaison/crm-connection/%1").arg(id); }
};

} // namespace Liaison
