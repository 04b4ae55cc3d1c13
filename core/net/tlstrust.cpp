#include "net/tlstrust.h"

#include <QStringList>

namespace Liaison {

Result<QList<QSslCertificate>> TlsTrust::loadPem(const QByteArray &pem)
{
    const QList<QSslCertificate> certs = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull())
        return Error::invalid(QStringLiteral("The pinned certificate is not a PEM certificate"),
                              QStringLiteral("Paste the server certificate including the BEGIN/END CERTIFICATE lines"));
    return certs;
}

QSslConfiguration TlsTrust::configuration(const QList<QSslCertificate> &pinned)
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!pinned.isEmpty())
        conf.addCaCertificates(pinned);
    return conf;
}

bool TlsTrust::leafIsPinned(const QSslCertificate &peerLeaf, const QList<QSslCertificate> &pinned)
{
    if (peerLeaf.isNull())
        return false;
    // Whole-certificate equality (DER), so the public key and validity must match too.
    for (const QSslCertificate &c : pinned) {
        if (c == peerLeaf)
            return true;
    }
    return false;
}

QString TlsTrust::describeProblems(const QList<QSslError> &errors)
{
    QStringList kinds;
    auto add = [&kinds](const QString &k) {
        if (!kinds.contains(k))
            kinds.append(k);
    };
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
            add(QStringLiteral("self-signed"));
            break;
        case QSslError::CertificateExpired:
            add(QStringLiteral("expired"));
            break;
        case QSslError::CertificateNotYetValid:
            add(QStringLiteral("not yet valid"));
            break;
        case QSslError::HostNameMismatch:
            add(QStringLiteral("name mismatch"));
            break;
        case QSslError::CertificateRevoked:
            add(QStringLiteral("revoked"));
            break;
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            add(QStringLiteral("untrusted issuer"));
            break;
        default:
            add(e.errorString());
            break;
        }
    }
    return kinds.join(QStringLiteral(" / "));
}

} // namespace Liaison
