#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>

#include "common/result.h"

namespace Liaison {

// A throwaway certificate + key for a TLS sandbox, made in memory with libcrypto
// (EC P-256, SHA-256, subjectAltName for every name given).
struct SandboxCertificate
{
    QSslCertificate certificate;
    QSslKey key;

    // validSeconds < 0 makes a certificate that already expired (for failure tests).
    static Result<SandboxCertificate> generateSelfSigned(
        const QStringList &names = {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")},
        qint64 validSeconds = 7 * 24 * 3600);
};

} // namespace Liaison
