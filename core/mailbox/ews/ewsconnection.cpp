#include "mailbox/ews/ewsconnection.h"

#include "common/logging.h"
#include "net/httpclient.h"
#include "net/httpreply.h"
#include "net/networkerrortext.h"
#include "net/oauthtokensource.h"

#include <QAuthenticator>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

constexpr const char *kAuthAnswered = "liaisonEwsAuthAnswered";
const QByteArray kCookieName = QByteArrayLiteral("X-BackEndOverrideCookie");

// Throttling that asks to come back later: ErrorServerBusy (with BackOffMilliseconds) and
// ErrorExceededConnectionCount (EWSMaxConcurrency: too many requests at once).
bool isBusyCode(const QString &code)
{
    for (const QString &busy : {u"ErrorServerBusy"_s, u"ErrorExceededConnectionCount"_s}) {
        if (code == busy || code.endsWith(u':' + busy))
            return true;
    }
    return false;
}

} // namespace

void EwsConnectionSettings::useTokenSource(OAuthTokenSource *source)
{
    auth = ExchangeAuth::OAuth2;
    QPointer<OAuthTokenSource> src(source);
    bearer = [src](std::function<void(Result<QString>)> done) {
        if (!src) {
            done(Error{Error::Code::Internal, u"The OAuth2 token source is gone"_s, {}});
            return;
        }
        src->token(std::move(done));
    };
    invalidateBearer = [src] {
        if (src)
            src->invalidate();
    };
}

EwsConnection::EwsConnection(HttpClient *http, const EwsConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_settings(settings)
{
    if (m_settings.auth == ExchangeAuth::Ntlm)
        connect(m_http->networkAccessManager(), &QNetworkAccessManager::authenticationRequired, this,
                &EwsConnection::onAuthenticationRequired);
}

EwsConnection::~EwsConnection()
{
    // Callbacks must not run into a half-destroyed owner: drop them silently.
    const auto calls = m_calls;
    m_calls.clear();
    for (const Call &c : calls) {
        if (c.reply)
            c.reply->abort();   // onReply finds no call and returns
    }
}

EwsRequestContext EwsConnection::context(const QString &mailbox) const
{
    EwsRequestContext c;
    c.serverVersion = m_settings.serverVersion;
    c.account = m_settings.account;
    if (m_settings.impersonation)
        c.impersonatedSmtp = mailbox;
    else
        c.mailbox = mailbox;
    return c;
}

HttpRequest EwsConnection::makeRequest(const QString &mailbox, const QString &operation, const QByteArray &body) const
{
    HttpRequest r = HttpRequest::post(m_settings.ewsUrl, body, QByteArrayLiteral("text/xml; charset=utf-8"));
    r.setHeader("Accept", "text/xml");
    if (!mailbox.isEmpty()) {
        // Routes the request to the mailbox's backend (required for app-only and streaming).
        r.setHeader("X-AnchorMailbox", mailbox.toUtf8());
        const QByteArray cookie = affinityCookie(mailbox);
        if (!cookie.isEmpty())
            r.setHeader("Cookie", kCookieName + '=' + cookie);
    }
    r.lane = lane(mailbox);
    r.traceTag = operation;
    r.timeoutMs = m_settings.timeoutMs;
    r.pinnedCertificates = m_settings.pinnedCertificates;
    r.followRedirects = false;   // an EWS endpoint that redirects is misconfigured; say so
    if (m_settings.auth == ExchangeAuth::Basic && !m_settings.account.isEmpty()) {
        const QByteArray pair = m_settings.account.toUtf8() + ':' + m_settings.password.toUtf8();
        r.setHeader("Authorization", "Basic " + pair.toBase64());
    }
    return r;
}

void EwsConnection::authorize(HttpRequest request, std::function<void(Result<HttpRequest>)> ready)
{
    if (m_settings.auth != ExchangeAuth::OAuth2) {
        QTimer::singleShot(0, this, [request, ready] { ready(request); });
        return;
    }
    if (!m_settings.bearer) {
        QTimer::singleShot(0, this, [this, ready] {
            ready(Error::missing(u"No OAuth2 token source is configured for Exchange account %1"_s.arg(m_settings.account),
                                 u"Set the tenant id, client id and client secret of the Exchange profile"_s));
        });
        return;
    }
    QPointer<EwsConnection> self(this);
    m_settings.bearer([self, request, ready](Result<QString> token) mutable {
        if (!self)
            return;
        if (!token) {
            ready(token.error());
            return;
        }
        request.setHeader("Authorization", "Bearer " + token.value().toUtf8());
        ready(request);
    });
}

std::optional<Error> EwsConnection::replyError(const HttpReply &reply, const QString &mailbox) const
{
    if (reply.hasError())
        return reply.error();   // TLS errors already name the problem and "pin the certificate"
    const int status = reply.statusCode();
    const QString who = m_settings.account.isEmpty() ? u"the Exchange account"_s : u"account %1"_s.arg(m_settings.account);
    if (status == 401) {
        QString fix;
        switch (m_settings.auth) {
        case ExchangeAuth::Basic:
            fix = u"Check the service account and re-enter its password in the Exchange profile; if the server only offers NTLM, switch the profile to NTLM"_s;
            break;
        case ExchangeAuth::Ntlm:
            fix = u"Check the service account (DOMAIN\\user or user@domain) and re-enter its password in the Exchange profile"_s;
            break;
        case ExchangeAuth::OAuth2:
            fix = u"Check the tenant id, client id and secret of the Exchange profile and that the app has full_access_as_app"_s;
            break;
        }
        return Error{Error::Code::Protocol,
                     u"Exchange at %1 rejected the credentials of %2 (HTTP 401)"_s.arg(m_settings.ewsUrl.host(), who), fix};
    }
    if (status == 403)
        return Error{Error::Code::Protocol,
                     u"Exchange at %1 refused %2 access to mailbox %3 (HTTP 403)"_s.arg(m_settings.ewsUrl.host(), who, mailbox),
                     u"Grant the service account impersonation (or app access) for this mailbox"_s};
    if (status >= 300 && status < 400)
        return Error{Error::Code::Protocol,
                     u"The EWS URL %1 redirects (HTTP %2)"_s.arg(m_settings.ewsUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)).arg(status),
                     u"Enter the final EWS URL in the Exchange profile or use Autodiscover"_s};
    // EWS answers SOAP faults with 500; anything else without XML is an HTTP failure.
    const QByteArray ct = reply.rawHeader("Content-Type").toLower();
    const bool xml = ct.contains("xml") || reply.body().trimmed().startsWith('<');
    if ((status < 200 || status >= 300) && !(status == 500 && xml))
        return NetworkErrorText::httpStatus(status, reply.request().url);
    return std::nullopt;
}

void EwsConnection::setAffinityCookie(const QString &mailbox, const QByteArray &cookie)
{
    if (cookie.isEmpty())
        m_cookies.remove(lane(mailbox));
    else
        m_cookies.insert(lane(mailbox), cookie);
}

QByteArray EwsConnection::affinityCookie(const QString &mailbox) const
{
    return m_cookies.value(lane(mailbox));
}

void EwsConnection::captureAffinityCookie(const QString &mailbox, const HttpReply &reply)
{
    for (const HttpHeader &h : reply.rawHeaders()) {
        if (h.first.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        // QNAM joins repeated Set-Cookie headers with newlines.
        for (const QByteArray &line : h.second.split('\n')) {
            const QByteArray pair = line.split(';').constFirst().trimmed();
            const qsizetype eq = pair.indexOf('=');
            if (eq > 0 && pair.left(eq).trimmed().compare(kCookieName, Qt::CaseInsensitive) == 0)
                setAffinityCookie(mailbox, pair.mid(eq + 1).trimmed());
        }
    }
}

quint64 EwsConnection::post(const QString &mailbox, const QString &operation, const QByteArray &body, Done done,
                         bool idempotent, const QList<HttpHeader> &extraHeaders)
{
    Call c;
    c.id = m_nextId++;
    c.mailbox = mailbox;
    c.operation = operation;
    c.request = makeRequest(mailbox, operation, body);
    c.request.idempotent = idempotent;
    for (const HttpHeader &h : extraHeaders)
        c.request.setHeader(h.first, h.second);
    c.done = std::move(done);
    const quint64 id = c.id;
    m_calls.insert(id, c);
    send(id);
    return id;
}

void EwsConnection::send(quint64 callId)
{
    auto it = m_calls.find(callId);
    if (it == m_calls.end())
        return;
    authorize(it->request, [this, callId](Result<HttpRequest> request) {
        // authorize() calls back in a later turn, through `this` as the timer's context or
        // through a QPointer guard for the token source.
        auto call = m_calls.find(callId);
        if (call == m_calls.end())
            return;
        if (!request) {
            finish(callId, request.error());
            return;
        }
        if (call->cancelled) {
            finish(callId, NetworkErrorText::cancelled(m_settings.ewsUrl));
            return;
        }
        QPointer<EwsConnection> self(this);
        call->reply = m_http->send(request.value(), [self, callId](HttpReply &reply) {
            if (self)
                self->onReply(callId, reply);
        });
    });
}

qint64 EwsConnection::busyBackOff(const EwsSoapResponse &response, bool *busy)
{
    *busy = false;
    if (const auto &f = response.fault()) {
        if (isBusyCode(f->responseCode) || isBusyCode(f->faultCode)) {
            *busy = true;
            return f->backOffMs;
        }
        return -1;
    }
    // Busy items in a batch: the whole request is resent only when none of its items was done.
    // A batch cut off part way (EWS's time limit) has applied its first items; resending it would
    // create them twice, so the caller gets the per-item outcomes and retries the failed ones.
    qint64 most = -1;
    bool anyDone = false;
    for (const auto &[status, node] : response.responseMessages()) {
        Q_UNUSED(node)
        anyDone = anyDone || !status.isError();
        if (status.isError() && isBusyCode(status.responseCode)) {
            *busy = true;
            most = std::max(most, status.backOffMs);
        }
    }
    if (anyDone)
        *busy = false;
    return most;
}

void EwsConnection::onReply(quint64 callId, HttpReply &reply)
{
    auto it = m_calls.find(callId);
    if (it == m_calls.end())
        return;
    it->reply = nullptr;
    const QString mailbox = it->mailbox;
    if (it->cancelled) {
        finish(callId, NetworkErrorText::cancelled(m_settings.ewsUrl));
        return;
    }
    if (reply.statusCode() == 401 && m_settings.auth == ExchangeAuth::OAuth2 && m_settings.invalidateBearer
        && !it->authRetried && !reply.hasError()) {
        // An expired token: fetch a fresh one once, then give up with the 401 error.
        m_settings.invalidateBearer();
        it->authRetried = true;
        send(callId);
        return;
    }
    if (auto err = replyError(reply, mailbox)) {
        finish(callId, *err);
        return;
    }
    captureAffinityCookie(mailbox, reply);
    Result<EwsSoapResponse> parsed = EwsSoapResponse::parse(reply.body());
    if (!parsed) {
        if (!reply.isHttpSuccess())
            finish(callId, NetworkErrorText::httpStatus(reply.statusCode(), reply.request().url));
        else
            finish(callId, parsed.error());
        return;
    }
    bool busy = false;
    const qint64 backOff = busyBackOff(parsed.value(), &busy);
    if (busy) {
        const qint64 wait = backOff > 0 ? backOff : 1000;
        if (it->busyRetries < m_settings.maxBusyRetries && wait <= m_settings.maxBusyBackOffMs) {
            ++it->busyRetries;
            // Pause the whole mailbox lane: resending early only prolongs the back-off.
            m_http->pauseLane(lane(mailbox), wait);
            qCInfo(lcEws) << "Throttled (ErrorServerBusy or ErrorExceededConnectionCount) for"
                          << it->operation << "- lane paused" << wait << "ms";
            Q_EMIT serverBusy(mailbox, wait);
            send(callId);
            return;
        }
        if (parsed->fault())
            finish(callId, parsed->faultError(m_settings.account, mailbox));
        else
            finish(callId, EwsResponseCode::describe(u"ErrorServerBusy"_s, {}, m_settings.account, mailbox));
        return;
    }
    if (parsed->fault()) {
        finish(callId, parsed->faultError(m_settings.account, mailbox));
        return;
    }
    finish(callId, std::move(parsed));
}

void EwsConnection::finish(quint64 callId, Result<EwsSoapResponse> result)
{
    auto it = m_calls.find(callId);
    if (it == m_calls.end())
        return;
    Done done = std::move(it->done);
    m_calls.erase(it);
    if (done)
        done(std::move(result));
}

void EwsConnection::cancel(quint64 callId)
{
    auto it = m_calls.find(callId);
    if (it == m_calls.end() || it->cancelled)
        return;
    it->cancelled = true;
    if (it->reply)
        it->reply->abort();   // finishes with "cancelled" through onReply
    // Without a reply the call waits for a token; authorize()'s callback finishes it.
}

void EwsConnection::cancelAll()
{
    const QList<quint64> ids = m_calls.keys();
    for (quint64 id : ids)
        cancel(id);
}

void EwsConnection::cancelAllFor(const QString &mailbox)
{
    QList<quint64> ids;
    for (const Call &c : std::as_const(m_calls)) {
        if (lane(c.mailbox) == lane(mailbox))
            ids << c.id;
    }
    for (quint64 id : ids)
        cancel(id);
}

void EwsConnection::onAuthenticationRequired(QNetworkReply *reply, QAuthenticator *authenticator)
{
    const QUrl url = reply->url();
    if (url.host() != m_settings.ewsUrl.host() || url.port(443) != m_settings.ewsUrl.port(443))
        return;
    // QNAM caches accepted credentials; a second challenge on the same reply means they
    // were refused. Not answering ends the reply with 401 and replyError() explains it.
    if (reply->property(kAuthAnswered).toBool())
        return;
    reply->setProperty(kAuthAnswered, true);
    authenticator->setUser(m_settings.account);
    authenticator->setPassword(m_settings.password);
}

} // namespace Liaison
