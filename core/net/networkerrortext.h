#pragma once

#include <QList>
#include <QNetworkReply>
#include <QSslError>
#include <QUrl>

#include "common/error.h"

namespace Liaison {

// Turns transport failures and HTTP statuses into one-line Errors with the fix an admin
// can apply. Messages name the host, never credentials or full URLs with query strings.
class NetworkErrorText
{
public:
    static Error describe(const QNetworkReply &reply, const QList<QSslError> &sslErrors = {});
    static Error describe(QNetworkReply::NetworkError code, const QUrl &url,
                          const QList<QSslError> &sslErrors = {}, const QString &detail = {});
    static Error timeout(const QUrl &url, int timeoutMs);
    static Error tls(const QUrl &url, const QList<QSslError> &sslErrors);
    // An HTTP answer that is not 2xx (401, 403, 404, 429, 5xx ...).
    static Error httpStatus(int status, const QUrl &url);
    static Error cancelled(const QUrl &url);
};

} // namespace Liaison
