#pragma once

#include "common/result.h"
#include "crm/dataverse/dataverserequest.h"

#include <QByteArray>
#include <QString>

namespace Liaison {

// The OAuth2 client-credentials exchange with Microsoft Entra ID for a Dataverse environment.
// The token lives only in this value; no error text, log line or debug output ever contains it.
struct DataverseTokenReply
{
    QString accessToken;
    QString tokenType;        // "Bearer"
    int expiresInSeconds = 0;

    // POST https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token with
    // scope=https://<org host>/.default. The body holds the secret: sensitiveBody is set.
    static Result<DataverseRequest> request(const QString &tenantId, const QString &clientId,
                                            const QString &clientSecret, const QString &organizationUrl);

    // The token endpoint's reply. Entra errors ({"error":"invalid_client","error_description":"AADSTS7000215:
    // ...","error_codes":[7000215]}) become an Error saying which setting to fix.
    static Result<DataverseTokenReply> read(int httpStatus, const QByteArray &body);
};

} // namespace Liaison
