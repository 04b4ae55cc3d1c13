#include "sandboxauth.h"

namespace Liaison {

bool SandboxAuth::basicMatches(const SandboxRequest &request, const QByteArray &user, const QByteArray &password)
{
    const QByteArray value = request.header("Authorization").trimmed();
    if (!value.toLower().startsWith("basic "))
        return false;
    return QByteArray::fromBase64(value.mid(6).trimmed()) == user + ':' + password;
}

QByteArray SandboxAuth::bearerToken(const SandboxRequest &request)
{
    const QByteArray value = request.header("Authorization").trimmed();
    if (!value.toLower().startsWith("bearer "))
        return {};
    return value.mid(7).trimmed();
}

bool SandboxAuth::bearerMatches(const SandboxRequest &request, const QByteArray &token)
{
    return !token.isEmpty() && bearerToken(request) == token;
}

SandboxResponse SandboxAuth::basicChallenge(const QByteArray &realm)
{
    SandboxResponse r = SandboxResponse::text(401, "authentication required\n");
    r.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + '"');
    return r;
}

SandboxResponse SandboxAuth::bearerChallenge(const QByteArray &error)
{
    SandboxResponse r = SandboxResponse::text(401, "authentication required\n");
    r.setHeader("WWW-Authenticate", "Bearer error=\"" + error + '"');
    return r;
}

} // namespace Liaison
