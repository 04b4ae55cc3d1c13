#include "net/networkerrortext.h"

#include "net/tlstrust.h"

namespace Liaison {

namespace {
QString hostOf(const QUrl &url)
{
    QString host = url.host();
    if (host.isEmpty())
        return QStringLiteral("(no host)");
    if (url.port() > 0)
        host += QLatin1Char(':') + QString::number(url.port());
    return host;
}

Error network(const QString &message, const QString &fix)
{
    return Error{Error::Code::Network, message, fix};
}

// Failures that another attempt later can get past without anyone changing a setting.
Error passing(const QString &message, const QString &fix)
{
    return network(message, fix).withRecovery(Error::Recovery::RetryLater);
}
} // namespace

Error NetworkErrorText::describe(const QNetworkReply &reply, const QList<QSslError> &sslErrors)
{
    return describe(reply.error(), reply.url(), sslErrors, reply.errorString());
}

Error NetworkErrorText::timeout(const QUrl &url, int timeoutMs)
{
    return passing(
        QStringLiteral("The server %1 did not answer within %2 s").arg(hostOf(url)).arg(timeoutMs / 1000.0),
        QStringLiteral("Check that the server is up and reachable from this machine, or raise the timeout"));
}

Error NetworkErrorText::tls(const QUrl &url, const QList<QSslError> &sslErrors)
{
    const QString problems = TlsTrust::describeProblems(sslErrors);
    return network(
        QStringLiteral("The server certificate for %1 is not trusted (%2)")
            .arg(hostOf(url), problems.isEmpty() ? QStringLiteral("TLS handshake failed") : problems),
        QStringLiteral("Install a certificate from a trusted CA on the server, or pin this server's "
                       "certificate in its Exchange profile or CRM connection"));
}

Error NetworkErrorText::cancelled(const QUrl &url)
{
    return network(QStringLiteral("The request to %1 was cancelled").arg(hostOf(url)), {});
}

Error NetworkErrorText::describe(QNetworkReply::NetworkError code, const QUrl &url,
                                 const QList<QSslError> &sslErrors, const QString &detail)
{
    const QString host = hostOf(url);
    if (!sslErrors.isEmpty() || code == QNetworkReply::SslHandshakeFailedError)
        return tls(url, sslErrors);

    switch (code) {
    case QNetworkReply::HostNotFoundError:
        return network(
            QStringLiteral("The host %1 was not found").arg(host),
            QStringLiteral("Check the server name in the Exchange profile or CRM connection and this machine's DNS settings"));
    case QNetworkReply::ConnectionRefusedError:
        return network(
            QStringLiteral("The server %1 refused the connection").arg(host),
            QStringLiteral(
                "Check the port in the URL and that the service is running and not blocked by a firewall"));
    case QNetworkReply::TimeoutError:
        return passing(
            QStringLiteral("Connecting to %1 timed out").arg(host),
            QStringLiteral("Check that the server is reachable from this machine (firewall, proxy, VPN)"));
    case QNetworkReply::RemoteHostClosedError:
        return passing(
            QStringLiteral("The server %1 closed the connection before the answer was complete").arg(host),
            QStringLiteral(
                "Retry later; if it persists check the server and any proxy or load balancer in between"));
    case QNetworkReply::OperationCanceledError:
        return cancelled(url);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return network(QStringLiteral("The proxy failed while connecting to %1 (%2)").arg(host, detail),
                       QStringLiteral("Check the system proxy settings and proxy credentials"));
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return passing(QStringLiteral("The network was unavailable while talking to %1").arg(host),
                       QStringLiteral("Check this machine's network connection"));
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return Error{Error::Code::Protocol,
                     QStringLiteral("The server %1 sent a malformed HTTP answer").arg(host),
                     QStringLiteral(
                         "Check that the URL points at the right service and no proxy rewrites the traffic")};
    default:
        break;
    }
    return network(QStringLiteral("Network error talking to %1: %2")
                       .arg(host, detail.isEmpty() ? QString::number(int(code)) : detail),
                   QStringLiteral("Check the server address and this machine's network connection"));
}

Error NetworkErrorText::httpStatus(int status, const QUrl &url)
{
    const QString host = hostOf(url);
    const auto protocol = [](const QString &m, const QString &f) {
        return Error{Error::Code::Protocol, m, f};
    };
    switch (status) {
    case 401:
        return protocol(
            QStringLiteral("The server %1 rejected the credentials (HTTP 401)").arg(host),
            QStringLiteral("Check the account, secret or certificate configured for this connection"));
    case 403:
        return protocol(
            QStringLiteral("The server %1 denied access (HTTP 403)").arg(host),
            QStringLiteral("Grant the service account the required permission or application access policy"));
    case 404:
        return protocol(QStringLiteral("The server %1 has no such endpoint (HTTP 404)").arg(host),
                        QStringLiteral("Check the service URL in the Exchange profile or CRM connection"));
    case 407:
        return protocol(QStringLiteral("The proxy requires authentication (HTTP 407) for %1").arg(host),
                        QStringLiteral("Configure proxy credentials for this machine"));
    case 429:
    case 503:
        return protocol(
                   QStringLiteral("The server %1 is throttling requests (HTTP %2)").arg(host).arg(status),
                   QStringLiteral(
                       "Nothing to do: Liaison retries later; lower the concurrency if it persists"))
            .withRecovery(Error::Recovery::RetryLater);
    default:
        break;
    }
    if (status >= 500)
        return protocol(QStringLiteral("The server %1 failed (HTTP %2)").arg(host).arg(status),
                        QStringLiteral("Retry later; if it persists check the server's logs"))
            .withRecovery(Error::Recovery::RetryLater);
    return protocol(QStringLiteral("The server %1 answered HTTP %2").arg(host).arg(status), {});
}

} // namespace Liaison
