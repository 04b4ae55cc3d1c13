#pragma once

#include <QByteArray>

#include "sandboxmessage.h"

namespace Liaison {

// Checks the sandboxes use for Authorization headers.
class SandboxAuth
{
public:
    static bool basicMatches(const SandboxRequest &request, const QByteArray &user, const QByteArray &password);
    // The bearer token sent, or empty.
    static QByteArray bearerToken(const SandboxRequest &request);
    static bool bearerMatches(const SandboxRequest &request, const QByteArray &token);
    // 401 with WWW-Authenticate: Basic realm="..." (or the given challenge).
    static SandboxResponse basicChallenge(const QByteArray &realm = "Liaison sandbox");
    static SandboxResponse bearerChallenge(const QByteArray &error = "invalid_token");
};

} // namespace Liaison
