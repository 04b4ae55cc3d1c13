#pragma once

#include "sandboxmessage.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>

namespace Liaison {

// Server side of NTLM over HTTP (MS-NLMP, NTLMv2 only, as Exchange accepts it): answers the
// client's NEGOTIATE with a CHALLENGE, then verifies the AUTHENTICATE's NTProofStr against the
// account's password and marks that kept-alive connection authenticated (NTLM authenticates
// connections, not requests). LM and NTLMv1 responses are refused, as a hardened Exchange does.
class SandboxNtlm
{
public:
    SandboxNtlm(const QString &domain, const QString &user, const QString &password);

    // nullopt: the request may proceed. Otherwise the 401 to send (a challenge, or a refusal).
    std::optional<SandboxResponse> check(const SandboxRequest &request);

    int handshakes() const { return m_handshakes; } // AUTHENTICATE messages that verified
    QString lastUser() const { return m_lastUser; } // "DOMAIN\\user" of the last verified one

private:
    SandboxResponse challenge(quint64 connection);
    bool verify(quint64 connection, const QByteArray &message);

    QString m_domain;
    QString m_user;
    QString m_password;
    QHash<quint64, QByteArray> m_challenges; // connection -> the server challenge sent on it
    QHash<quint64, bool> m_authenticated;
    int m_handshakes = 0;
    QString m_lastUser;
};

} // namespace Liaison
