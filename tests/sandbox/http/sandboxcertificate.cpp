#include "sandboxcertificate.h"

#include <QHostAddress>
#include <QRandomGenerator>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace Liaison {

namespace {

template<typename T, void (*F)(T *)>
struct Deleter {
    void operator()(T *p) const { F(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

Error fail(const char *step)
{
    return Error{Error::Code::Internal,
                 QStringLiteral("Cannot create the sandbox certificate (%1)").arg(QLatin1String(step)),
                 QStringLiteral("Check that OpenSSL 3 (libcrypto) is installed")};
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, len);
}

bool addExtension(X509 *cert, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

} // namespace

Result<SandboxCertificate> SandboxCertificate::generateSelfSigned(const QStringList &names, qint64 validSeconds)
{
    PKeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return fail("key");
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1)
        return fail("x509");
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), long(QRandomGenerator::global()->bounded(1, 0x7fffffff)));
    if (validSeconds >= 0) {
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(validSeconds));
    } else {
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), long(validSeconds) - 2 * 86400);
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(validSeconds));
    }
    if (X509_set_pubkey(cert.get(), key.get()) != 1)
        return fail("pubkey");

    const QByteArray cn = names.value(0, QStringLiteral("localhost")).toUtf8();
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Liaison sandbox"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);

    QByteArray san;
    for (const QString &n : names) {
        if (!san.isEmpty())
            san += ',';
        san += (QHostAddress(n).isNull() ? "DNS:" : "IP:") + n.toUtf8();
    }
    if (!san.isEmpty() && !addExtension(cert.get(), NID_subject_alt_name, san))
        return fail("subjectAltName");
    if (!addExtension(cert.get(), NID_ext_key_usage, "serverAuth"))
        return fail("extendedKeyUsage");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return fail("sign");

    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert.get()) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail("pem");

    SandboxCertificate out;
    out.certificate = QSslCertificate(bioBytes(certBio.get()), QSsl::Pem);
    out.key = QSslKey(bioBytes(keyBio.get()), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (out.certificate.isNull() || out.key.isNull())
        return fail("qt-import");
    return out;
}

} // namespace Liaison
