#pragma once

// The EWS transport: turns a SOAP body into an HttpRequest to the EWS URL (auth, anchor
// mailbox, lane, affinity cookie), parses the answer and absorbs ErrorServerBusy by pausing
// the mailbox lane for BackOffMilliseconds and resending. Errors reaching callers are final.

#include "common/result.h"
#include "mailbox/ews/ewssoapresponse.h"
#include "mailbox/ews/ewssoapwriter.h"
#include "model/enums.h"
#include "net/httprequest.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

#include <functional>

class QAuthenticator;
class QNetworkReply;

namespace Liaison {

class HttpClient;
class HttpReply;
class OAuthTokenSource;

// Hands out an OAuth2 access token (e.g. OAuthTokenSource::token); called before each request.
using EwsBearerProvider = std::function<void(std::function<void(Result<QString>)>)>;

struct EwsConnectionSettings
{
    QUrl ewsUrl;                       // https://mail.contoso.com/EWS/Exchange.asmx
    ExchangeAuth auth = ExchangeAuth::Basic;
    QString account;                   // service account (Basic/NTLM user); names it in errors
    QString password;                  // Basic/NTLM secret from the keychain; never logged
    EwsBearerProvider bearer;          // OAuth2
    std::function<void()> invalidateBearer; // called after a 401 with a bearer token
    bool impersonation = true;         // send ExchangeImpersonation for the target mailbox
    QList<QSslCertificate> pinnedCertificates;
    QString serverVersion;             // empty = Ews::defaultServerVersion()
    int maxBusyRetries = 4;            // ErrorServerBusy resends before the error surfaces
    qint64 maxBusyBackOffMs = 300000;  // longer back-offs surface at once (the scheduler retries)
    int timeoutMs = 120000;

    // OAuth2 from a client-credentials token source (sets auth, bearer and invalidateBearer).
    // The source must outlive the connection.
    void useTokenSource(OAuthTokenSource *source);
};

class EwsConnection : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(Result<EwsSoapResponse>)>;
    using ReplyDone = std::function<void(HttpReply &)>;

    EwsConnection(HttpClient *http, const EwsConnectionSettings &settings, QObject *parent = nullptr);
    ~EwsConnection() override;

    HttpClient *http() const { return m_http; }
    const EwsConnectionSettings &settings() const { return m_settings; }

    // The header context for requests acting on `mailbox`.
    EwsRequestContext context(const QString &mailbox) const;

    // Sends one operation for `mailbox` and calls `done` once with the parsed envelope (a SOAP
    // fault other than ErrorServerBusy comes back as an Error). Never calls back synchronously.
    // Returns the call id for cancel().
    quint64 post(const QString &mailbox, const QString &operation, const QByteArray &body, Done done,
                 bool idempotent = false, const QList<HttpHeader> &extraHeaders = {});
    // Aborts one call; its callback runs once with a cancelled error. Unknown ids are ignored.
    void cancel(quint64 callId);

    // The HttpRequest for a body (used directly by the streaming listener). The bearer token,
    // when OAuth2 is used, is added by authorize().
    HttpRequest makeRequest(const QString &mailbox, const QString &operation, const QByteArray &body) const;
    // Adds the Authorization header (asynchronously for OAuth2), then calls `ready`.
    void authorize(HttpRequest request, std::function<void(Result<HttpRequest>)> ready);
    // An Error for a reply that carries no usable SOAP answer (transport, 401, non-XML ...),
    // or nothing when the body should be parsed.
    std::optional<Error> replyError(const HttpReply &reply, const QString &mailbox) const;

    // X-BackEndOverrideCookie replayed on every request of the lane (streaming affinity).
    void setAffinityCookie(const QString &mailbox, const QByteArray &cookie);
    QByteArray affinityCookie(const QString &mailbox) const;
    // Remembers a cookie the server set (Set-Cookie: X-BackEndOverrideCookie=...).
    void captureAffinityCookie(const QString &mailbox, const HttpReply &reply);

    // Aborts every call in flight; their callbacks run once with a cancelled error.
    void cancelAll();
    // Aborts the calls acting on one mailbox (a provider's cancelAll).
    void cancelAllFor(const QString &mailbox);
    int pendingCount() const { return int(m_calls.size()); }

    static QString lane(const QString &mailbox) { return mailbox.toLower(); }

Q_SIGNALS:
    // The lane was paused because the server asked for it (ErrorServerBusy).
    void serverBusy(const QString &mailbox, qint64 backOffMs);

private:
    struct Call
    {
        quint64 id = 0;
        QString mailbox;
        QString operation;
        HttpRequest request;
        Done done;
        int busyRetries = 0;
        bool authRetried = false;   // one fresh OAuth2 token after a 401
        QPointer<HttpReply> reply;
        bool cancelled = false;
    };

    void send(quint64 callId);
    void onReply(quint64 callId, HttpReply &reply);
    void finish(quint64 callId, Result<EwsSoapResponse> result);
    static qint64 busyBackOff(const EwsSoapResponse &response, bool *busy);
    void onAuthenticationRequired(QNetworkReply *reply, QAuthenticator *authenticator);

    HttpClient *m_http;
    EwsConnectionSettings m_settings;
    QHash<quint64, Call> m_calls;
    QHash<QString, QByteArray> m_cookies;
    quint64 m_nextId = 1;
};

} // namespace Liaison
