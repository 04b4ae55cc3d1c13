#include "crm/dataverse/dataversetokenreply.h"

#include "crm/dataverse/dataversejson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

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
    {900023, Error::Code::Invalid, "the tenant id is malformed", "use the directory (tenant) id GUID or its domain"},
    {500011, Error::Code::NotFound, "the Dataverse environment is not known in this tenant",
     "check the organization URL and that the environment belongs to this tenant"},
    {70011, Error::Code::Invalid, "the requested scope is invalid", "check the organization URL"},
    {7000218, Error::Code::Invalid, "the request carried no client secret", "save the client secret in Liaison"},
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

Result<DataverseRequest> DataverseTokenReply::request(const QString &tenantId, const QString &clientId,
                                                      const QString &clientSecret, const QString &organizationUrl)
{
    static const QRegularExpression tenantRe(u"^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$"_s);
    if (!tenantRe.match(tenantId).hasMatch())
        return Error::invalid(u"'%1' is not a tenant id"_s.arg(tenantId.left(80)),
                              u"use the directory (tenant) id GUID or the tenant's domain"_s);
    if (!DataverseRequest::isGuid(clientId))
        return Error::invalid(u"the client id '%1' is not a GUID"_s.arg(clientId.left(80)),
                              u"copy the application (client) id from the app registration"_s);
    if (clientSecret.isEmpty())
        return Error::missing(u"no client secret is stored for this connection"_s,
                              u"save the client secret in Liaison"_s);
    Result<QUrl> root = DataverseRequest::apiRoot(organizationUrl);
    if (!root)
        return root.error();

    const QString scope = u"https://"_s + root->host() + u"/.default"_s;
    DataverseRequest r;
    r.method = "POST";
    r.path = u"https://login.microsoftonline.com/"_s + tenantId + u"/oauth2/v2.0/token"_s;
    r.setHeader("Content-Type", "application/x-www-form-urlencoded");
    r.setHeader("Accept", "application/json");
    r.body = "grant_type=client_credentials&client_id=" + QUrl::toPercentEncoding(clientId)
             + "&client_secret=" + QUrl::toPercentEncoding(clientSecret)
             + "&scope=" + QUrl::toPercentEncoding(scope);
    r.sensitiveBody = true;
    return r;
}

Result<DataverseTokenReply> DataverseTokenReply::read(int httpStatus, const QByteArray &body)
{
    const DataverseJsonLimits limits{64 * 1024, 8, 1000};
    Result<QJsonDocument> doc = DataverseJson::parseObject(body, u"token reply"_s, limits);
    if (!doc)
        return Error{Error::Code::Protocol,
                     u"the sign-in service answered HTTP %1 with an unreadable body"_s.arg(httpStatus),
                     u"check that login.microsoftonline.com is reachable and not rewritten by a proxy"_s};
    const QJsonObject o = doc->object();

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
                return Error{known.errorCode,
                             u"sign-in to Dataverse failed: %1 (AADSTS%2)"_s.arg(QLatin1String(known.what)).arg(aadCode),
                             QString::fromLatin1(known.fix)};
        return Error::invalid(u"sign-in to Dataverse failed: %1: %2"_s.arg(error, description),
                              u"check the tenant id, client id and client secret of the CRM connection"_s);
    }

    DataverseTokenReply reply;
    reply.accessToken = o.value(u"access_token"_s).toString();
    reply.tokenType = o.value(u"token_type"_s).toString();
    const QJsonValue expires = o.value(u"expires_in"_s);   // a number (v2.0) or a string (v1.0)
    reply.expiresInSeconds = expires.isString() ? expires.toString().toInt() : expires.toInt();
    if (reply.accessToken.isEmpty())
        return Error{Error::Code::Protocol, u"the sign-in reply carries no access_token"_s, {}};
    if (reply.tokenType.compare(u"Bearer"_s, Qt::CaseInsensitive) != 0)
        return Error{Error::Code::Protocol, u"the sign-in reply has token_type '%1', expected Bearer"_s
                                                .arg(reply.tokenType.left(20)), {}};
    if (reply.expiresInSeconds <= 0)
        return Error{Error::Code::Protocol, u"the sign-in reply has no usable expires_in"_s, {}};
    return reply;
}

} // namespace Liaison
