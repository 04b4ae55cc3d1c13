#pragma once

#include <QByteArray>
#include <QString>

namespace Liaison {

// Removes credentials from what we write to traces and logs. Applied to every header
// and body regardless of content type: a secret in the wrong format is still a secret.
class Redactor
{
public:
    static inline const QByteArray Mask = QByteArrayLiteral("[redacted]");

    // Authorization, Proxy-Authorization, Cookie, Set-Cookie.
    static bool isSensitiveHeader(const QByteArray &name);
    // Keeps the auth scheme ("Bearer [redacted]") so traces still show how we authenticated.
    static QByteArray headerValue(const QByteArray &name, const QByteArray &value);
    // JSON string members (access_token, refresh_token, id_token, client_secret, password,
    // client_assertion, *secret*, *password*), form/query fields (client_secret=, password=,
    // refresh_token=, access_token=, client_assertion=, code=) and XML elements
    // (<Password>, <t:Password>, <ClientSecret>, <BinarySecret>, <AccessToken>, <RefreshToken>).
    static QByteArray body(const QByteArray &body);
    // A URL with secret query fields masked.
    static QString url(const QString &url);
};

} // namespace Liaison
