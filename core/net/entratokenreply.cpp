#include "net/entratokenreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

struct EntraCode
{
    int code;
    Error::Code errorCode;
    const char *what;
    const char *fix;
};

// The AADSTS codes an admin meets when setting up client credentials, with the setting to change.
constexpr EntraCode kEntraCodes[] = {
    {7000215, Error::Code::Invalid, "the client secret is wrong",
     "copy the secret's Value (not its Secret ID) from the app registration and save it again"},
    {7000222, Error::Code::Invalid, "the client secret has expired",
     "create a new client secret in the app registration and save it in Liaison"},
    {700016, Error::Code::NotFound, "the client id is not registered in this tenant",
     "check the application (client) id and the tenant id"},
    {90002, Error::Code::NotFound, "the tenant does not exist", "check the tenant id"},
    {900023, Error::Code::Invalid, "the tenant id is malformed",
     "use the directory (tenant) id GUID or its domain"},
    {500011, Error::Code::NotFound,
     "the resource (Dataverse environment or Exchange Online) is not known in this tenant",
     "check the server URL and that it belongs to this tenant"},
    {70011, Error::Code::Invalid, "the requested scope is invalid", "check the server URL of the connection"},
    {7000218, Error::Code::Invalid, "the request carried no client secret",
     "save the client secret in Liaison"},
};

QString firstSentence(const QString &description)
{
    // Entra appends "\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ..."; keep the first line.
    QString line = description.section(u'\n', 0, 0).trimmed();
    if (line.size() > 240)
        line = line.left(237) + u"..."_s;
    return line;
}

} // namespace

Result<QUrl> EntraTokenReply::endpoint(const QString &tenantId, const QString &authority)
{
    static const QRegularExpression tenantRe(u"^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$"_s);
    if (!tenantRe.match(tenantId).hasMatch())
        return Error::invalid(u"'%1' is not a tenant id"_s.arg(tenantId.left(80)),
                              u"use the directory (tenant) id GUID or the tenant's domain"_s);
    QString host = authority.isEmpty() ? u"https://login.microsoftonline.com"_s : authority;
    while (host.endsWith(u'/'))
        host.chop(1);
    const QUrl url(host + u'/' + tenantId + u"/oauth2/v2.0/token"_s, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != u"https"_s || url.host().isEmpty())
        return Error::invalid(u"the sign-in authority '%1' is not an https URL"_s.arg(authority.left(200)),
                              u"use https://login.microsoftonline.com, or your cloud's sign-in host"_s);
    return url;
}

Result<HttpRequest> EntraTokenReply::request(const QUrl &tokenEndpoint, const QString &clientId,
                                             const QString &clientSecret, const QString &scope)
{
    if (!tokenEndpoint.isValid() || tokenEndpoint.scheme() != u"https"_s)
        return Error::invalid(
            u"the token endpoint '%1' is not an https URL"_s.arg(tokenEndpoint.toString().left(200)),
            u"use https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token"_s);
    if (QUuid::fromString(clientId).isNull())
        return Error::invalid(u"the client id '%1' is not a GUID"_s.arg(clientId.left(80)),
                              u"copy the application (client) id from the app registration"_s);
    if (clientSecret.isEmpty())
        return Error::missing(u"no client secret is stored for this connection"_s,
                              u"save the client secret in Liaison"_s);
    if (scope.isEmpty())
        return Error::missing(u"the token request has no scope"_s,
                              u"check the server URL of the connection"_s);
    HttpRequest r;
    r.method = "POST";
    r.url = tokenEndpoint;
    r.setHeader("Content-Type", "application/x-www-form-urlencoded");
    r.setHeader("Accept", "application/json");
    r.body = "grant_type=client_credentials&client_id=" + QUrl::toPercentEncoding(clientId) +
             "&client_secret=" + QUrl::toPercentEncoding(clientSecret) +
             "&scope=" + QUrl::toPercentEncoding(scope);
    r.traceTag = u"Token"_s;
    r.idempotent = true; // a second grant only mints a second token
    return r;
}

Result<HttpRequest> EntraTokenReply::request(const QString &tenantId, const QString &clientId,
                                             const QString &clientSecret, const QString &organizationUrl)
{
    Result<QUrl> url = endpoint(tenantId);
    if (!url)
        return url.error();
    const QUrl org(organizationUrl.trimmed(), QUrl::StrictMode);
    if (!org.isValid() || org.host().isEmpty() || org.scheme() != u"https"_s)
        return Error::invalid(u"'%1' is not an https organization URL"_s.arg(organizationUrl.left(200)),
                              u"use the environment URL, e.g. https://contoso.crm.dynamics.com"_s);
    return request(*url, clientId, clientSecret, u"https://"_s + org.host() + u"/.default"_s);
}

Result<EntraTokenReply> EntraTokenReply::read(int httpStatus, const QByteArray &body)
{
    // A token reply is a few kilobytes; anything bigger is not one (a proxy page, an attack).
    QJsonParseError parseError;
    const QJsonDocument doc =
        body.size() <= 64 * 1024 ? QJsonDocument::fromJson(body, &parseError) : QJsonDocument();
    if (body.size() > 64 * 1024 || parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error{Error::Code::Protocol,
                     u"the sign-in service answered HTTP %1 with an unreadable body"_s.arg(httpStatus),
                     u"check that login.microsoftonline.com is reachable and not rewritten by a proxy"_s};
    const QJsonObject o = doc.object();

    if (o.contains(u"error"_s) || httpStatus != 200) {
        int aadCode = 0;
        const QJsonArray codes = o.value(u"error_codes"_s).toArray();
        if (!codes.isEmpty())
            aadCode = codes.first().toInt();
        const QString description = firstSentence(o.value(u"error_description"_s).toString());
        if (aadCode == 0) {
            static const QRegularExpression re(u"AADSTS(\\d+)"_s);
            const QRegularExpressionMatch m = re.match(description);
            if (m.hasMatch())
                aadCode = m.captured(1).toInt();
        }
        const QString error = o.value(u"error"_s).toString(u"HTTP %1"_s.arg(httpStatus));
        for (const EntraCode &known : kEntraCodes)
            if (known.code == aadCode)
                return Error{
                    known.errorCode,
                    u"sign-in to Microsoft Entra ID failed: %1 (AADSTS%2)"_s.arg(QLatin1String(known.what))
                        .arg(aadCode),
                    QString::fromLatin1(known.fix)};
        return Error::invalid(u"sign-in to Microsoft Entra ID failed: %1: %2"_s.arg(error, description),
                              u"check the tenant id, client id and client secret of the CRM connection"_s);
    }

    EntraTokenReply reply;
    reply.accessToken = o.value(u"access_token"_s).toString();
    reply.tokenType = o.value(u"token_type"_s).toString();
    const QJsonValue expires = o.value(u"expires_in"_s); // a number (v2.0) or a string (v1.0)
    reply.expiresInSeconds = expires.isString() ? expires.toString().toInt() : expires.toInt();
    if (reply.accessToken.isEmpty())
        return Error{Error::Code::Protocol, u"the sign-in reply carries no access_token"_s, {}};
    if (reply.tokenType.compare(u"Bearer"_s, Qt::CaseInsensitive) != 0)
        return Error{
            Error::Code::Protocol,
            u"the sign-in reply has token_type '%1', expected Bearer"_s.arg(reply.tokenType.left(20)),
            {}};
    if (reply.expiresInSeconds <= 0)
        return Error{Error::Code::Protocol, u"the sign-in reply has no usable expires_in"_s, {}};
    return reply;
}

} // namespace Liaison
