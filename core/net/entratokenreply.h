#pragma once

#include "common/result.h"
#include "net/httprequest.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Liaison {

// The OAuth2 client-credentials exchange with Microsoft Entra ID (Dataverse, Exchange Online).
// The token lives only in this value; no error text, log line or debug output ever contains it.
struct EntraTokenReply
{
    QString accessToken;
    QString tokenType;        // "Bearer"
    int expiresInSeconds = 0;

    // <authority>/<tenant>/oauth2/v2.0/token, the authority defaulting to https://login.microsoftonline.com
    // (sovereign clouds have their own); Invalid for a malformed tenant or a non-https authority.
    static Result<QUrl> endpoint(const QString &tenantId, const QString &authority = {});

    // POST <tokenEndpoint> with grant_type=client_credentials. The body holds the secret; the trace
    // redactor masks client_secret= in form bodies.
    static Result<HttpRequest> request(const QUrl &tokenEndpoint, const QString &clientId,
                                       const QString &clientSecret, const QString &scope);
    // The Dataverse form: endpoint(tenantId), scope=https://<org host>/.default.
    static Result<HttpRequest> request(const QString &tenantId, const QString &clientId,
                                       const QString &clientSecret, const QString &organizationUrl);

    // The token endpoint's reply. Entra errors ({"error":"invalid_client","error_description":"AADSTS7000215:
    // ...","error_codes":[7000215]}) become an Error saying which setting to fix.
    static Result<EntraTokenReply> read(int httpStatus, const QByteArray &body);
};

} // namespace Liaison
