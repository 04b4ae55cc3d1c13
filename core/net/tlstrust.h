#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

#include "common/result.h"

namespace Liaison {

// How Liaison decides to trust a server: the system CAs always, plus what the admin
// pinned in the profile. Never a blanket ignoreSslErrors.
class TlsTrust
{
public:
    // Certificates from PEM text (one or more); an error when none parse.
    static Result<QList<QSslCertificate>> loadPem(const QByteArray &pem);
    // System CAs + the pinned certificates as extra CAs (covers a private CA).
    static QSslConfiguration configuration(const QList<QSslCertificate> &pinned);
    // True when the server's leaf certificate is exactly one of the pinned ones: then its
    // errors (self-signed, name mismatch, expiry) are accepted because the admin chose it.
    static bool leafIsPinned(const QSslCertificate &peerLeaf, const QList<QSslCertificate> &pinned);
    // "self-signed", "expired", "name mismatch", "untrusted issuer"... joined by " / ".
    static QString describeProblems(const QList<QSslError> &errors);
};

} // namespace Liaison
