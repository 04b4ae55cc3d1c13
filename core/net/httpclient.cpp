#include "net/httpclient.h"

#include "common/logging.h"
#include "net/backoff.h"
#include "net/networkerrortext.h"
#include "net/protocoltrace.h"
#include "net/tlstrust.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslConfiguration>

#include <algorithm>
#include <limits>

namespace Liaison {

namespace {

// Errors QNAM derives from an HTTP status: the answer itself is complete.
// QNetworkReply reports HTTP error statuses as error codes; these are complete HTTP answers
// (status, headers, body), not transport failures. Qt reports a 400 as
// ProtocolInvalidOperationError, which must not be mistaken for a broken connection.
bool isHttpStatusError(int code, int status)
{
    return (code >= 201 && code <= 299) || (code >= 401 && code <= 499)
        || code == QNetworkReply::ProxyAuthenticationRequiredError
        || (code == QNetworkReply::ProtocolInvalidOperationError && status == 400);
}

constexpr qsizetype MaxTracedStreamBytes = 8 * 1024 * 1024;

} // namespace

HttpClient::HttpClient(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    m_clock.start();
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &HttpClient::pump);
    setTraceDirectory(ProtocolTrace::environmentDirectory());
}

HttpClient::~HttpClient() = default;

void HttpClient::setMaxConcurrentPerHost(int max)
{
    m_maxPerHost = std::max(1, max);
    pump();
}

void HttpClient::setMaxConcurrentForHost(const QUrl &server, int max)
{
    m_maxForHost.insert(hostKey(server), std::max(1, max));
    pump();
}

int HttpClient::maxConcurrentForHost(const QUrl &server) const
{
    return m_maxForHost.value(hostKey(server), m_maxPerHost);
}

void HttpClient::setRandomSource(std::function<double()> random)
{
    if (random)
        m_random = std::move(random);
}

void HttpClient::setTraceDirectory(const QString &directory)
{
    if (directory.isEmpty())
        m_trace.reset();
    else
        m_trace = std::make_unique<ProtocolTrace>(directory);
}

QString HttpClient::traceDirectory() const
{
    return m_trace ? m_trace->directory() : QString();
}

QString HttpClient::hostKey(const QUrl &url)
{
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    return url.scheme() + QStringLiteral("://") + url.host() + QLatin1Char(':')
        + QString::number(url.port(defaultPort));
}

int HttpClient::queuedCount() const
{
    int n = 0;
    for (const auto &r : m_queue)
        n += r ? 1 : 0;
    return n;
}

int HttpClient::inFlightCount(const QUrl &url) const
{
    return m_inFlight.value(hostKey(url));
}

HttpReply *HttpClient::send(const HttpRequest &request)
{
    auto *reply = new HttpReply(this, request);
    reply->m_policy = request.retryPolicy.value_or(m_defaultPolicy);
    reply->m_policy.maxAttempts = std::max(1, reply->m_policy.maxAttempts);
    reply->m_hostKey = hostKey(request.url);
    connect(&reply->m_backoffTimer, &QTimer::timeout, reply, [this, reply] {
        enqueue(reply, true);
        pump();
    });
    connect(&reply->m_idleTimer, &QTimer::timeout, reply, [reply] {
        reply->m_timedOut = true;
        if (reply->m_net)
            reply->m_net->abort();
    });

    if (!request.url.isValid() || request.url.host().isEmpty()
        || (request.url.scheme() != QLatin1String("http") && request.url.scheme() != QLatin1String("https"))) {
        // Finish on the next loop turn so the caller can connect first.
        QTimer::singleShot(0, reply, [this, reply] {
            complete(reply, Error::invalid(QStringLiteral("The URL \"%1\" is not a valid http(s) address")
                                               .arg(reply->m_request.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)),
                                           QStringLiteral("Enter the full server URL, for example https://mail.example.com/EWS/Exchange.asmx")));
        });
        return reply;
    }
    enqueue(reply, false);
    // Start on the next loop turn: finished() must never fire before the caller connects.
    m_pumpTimer.start(0);
    return reply;
}

HttpReply *HttpClient::send(const HttpRequest &request, std::function<void(HttpReply &)> onFinished)
{
    HttpReply *reply = send(request);
    connect(reply, &HttpReply::finished, this, [reply, onFinished = std::move(onFinished)] {
        if (onFinished)
            onFinished(*reply);
        reply->deleteLater();
    });
    return reply;
}

void HttpClient::pauseLane(const QString &lane, qint64 msecs)
{
    if (lane.isEmpty() || msecs <= 0)
        return;
    const qint64 until = now() + msecs;
    if (until <= m_laneUntil.value(lane))
        return;
    m_laneUntil.insert(lane, until);
    qCInfo(lcNet) << "Lane" << lane << "paused for" << msecs << "ms";
    Q_EMIT lanePaused(lane, msecs);
    pump();
}

qint64 HttpClient::lanePauseRemaining(const QString &lane) const
{
    return std::max<qint64>(0, m_laneUntil.value(lane) - now());
}

void HttpClient::enqueue(HttpReply *reply, bool front)
{
    if (front)
        m_queue.prepend(reply);
    else
        m_queue.append(reply);
}

void HttpClient::pump()
{
    const qint64 t = now();
    qint64 nextWake = -1;
    for (auto it = m_laneUntil.begin(); it != m_laneUntil.end();) {
        if (it.value() <= t)
            it = m_laneUntil.erase(it);
        else
            ++it;
    }
    for (qsizetype i = 0; i < m_queue.size();) {
        HttpReply *reply = m_queue.at(i);
        if (!reply) {
            m_queue.removeAt(i);
            continue;
        }
        const qint64 until = m_laneUntil.value(reply->m_request.lane, 0);
        if (until > t) {
            nextWake = nextWake < 0 ? until : std::min(nextWake, until);
            ++i;
            continue;
        }
        if (m_inFlight.value(reply->m_hostKey) >= m_maxForHost.value(reply->m_hostKey, m_maxPerHost)) {
            ++i;   // a finishing request pumps again
            continue;
        }
        m_queue.removeAt(i);
        startAttempt(reply);
    }
    if (nextWake >= 0)
        m_pumpTimer.start(int(std::max<qint64>(1, nextWake - t)));
}

void HttpClient::startAttempt(HttpReply *reply)
{
    const HttpRequest &req = reply->m_request;
    ++reply->m_attempt;
    reply->m_timedOut = false;
    reply->m_sslErrors.clear();
    reply->m_attemptBody.clear();

    QNetworkRequest nr(req.url);
    for (const HttpHeader &h : req.headers)
        nr.setRawHeader(h.first, h.second);
    if (req.header("User-Agent").isEmpty())
        nr.setRawHeader("User-Agent", "Liaison");
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                    req.followRedirects ? QNetworkRequest::SameOriginRedirectPolicy : QNetworkRequest::ManualRedirectPolicy);
    nr.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    nr.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    nr.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (req.url.scheme() == QLatin1String("https"))
        nr.setSslConfiguration(TlsTrust::configuration(req.pinnedCertificates));

    if (m_trace) {
        reply->m_traceSequence = ProtocolTrace::nextSequence();
        QList<HttpHeader> headers = req.headers;
        m_trace->writeRequest(reply->m_traceSequence, req.traceTag, req.method, req.url, headers, req.body);
    }

    QNetworkReply *net = m_nam->sendCustomRequest(nr, req.method, req.body);
    reply->m_net = net;
    reply->m_holdsSlot = true;
    ++m_inFlight[reply->m_hostKey];

    const auto touch = [reply] {
        if (reply->m_request.timeoutMs > 0)
            reply->m_idleTimer.start(reply->m_request.timeoutMs);
    };
    touch();
    connect(net, &QNetworkReply::downloadProgress, reply, touch);
    connect(net, &QNetworkReply::uploadProgress, reply, touch);
    connect(net, &QNetworkReply::metaDataChanged, reply, touch);
    connect(net, &QNetworkReply::readyRead, reply, [this, reply] { onReadyRead(reply); });
    connect(net, &QNetworkReply::sslErrors, reply, [this, reply](const QList<QSslError> &errors) { onSslErrors(reply, errors); });
    connect(net, &QNetworkReply::finished, reply, [this, reply] { onAttemptFinished(reply); });
}

void HttpClient::onSslErrors(HttpReply *reply, const QList<QSslError> &errors)
{
    QNetworkReply *net = reply->m_net;
    if (!net)
        return;
    const QSslCertificate leaf = net->sslConfiguration().peerCertificate();
    if (TlsTrust::leafIsPinned(leaf, reply->m_request.pinnedCertificates)) {
        // Only these errors, only for the certificate the admin pinned.
        net->ignoreSslErrors(errors);
        return;
    }
    reply->m_sslErrors = errors;
    qCWarning(lcNet) << "TLS errors for" << reply->m_hostKey << TlsTrust::describeProblems(errors);
}

void HttpClient::onReadyRead(HttpReply *reply)
{
    QNetworkReply *net = reply->m_net;
    if (!net || !reply->m_request.streaming)
        return;   // buffered requests are read once, at the end
    if (!reply->m_committed) {
        const int status = net->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool willRetry = reply->m_attempt < reply->m_policy.maxAttempts
            && reply->m_request.effectiveRetryStatuses().contains(status);
        if (willRetry) {
            reply->m_attemptBody += net->readAll();
            return;
        }
        reply->m_committed = true;
        reply->m_status = status;
        reply->m_headers = net->rawHeaderPairs();
    }
    const QByteArray data = net->readAll();
    if (data.isEmpty())
        return;
    reply->m_body += data;
    if (reply->m_attemptBody.size() < MaxTracedStreamBytes)
        reply->m_attemptBody += data;
    Q_EMIT reply->readyRead();
}

bool HttpClient::transportRetryable(const HttpReply &reply, int code) const
{
    if (!reply.m_sslErrors.isEmpty())
        return false;
    if (reply.m_timedOut)
        return reply.m_request.idempotent;
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        return true;   // the request never reached the server
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProtocolFailure:
        return reply.m_request.idempotent;
    default:
        return false;
    }
}

void HttpClient::onAttemptFinished(HttpReply *reply)
{
    QNetworkReply *net = reply->m_net;
    if (!net)
        return;
    reply->m_idleTimer.stop();
    releaseSlot(reply);
    net->disconnect(reply);
    reply->m_net = nullptr;
    net->deleteLater();

    const HttpRequest &req = reply->m_request;
    const int code = net->error();
    const int status = net->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QList<HttpHeader> headers = net->rawHeaderPairs();
    const QByteArray rest = net->readAll();
    if (reply->m_committed) {
        if (!rest.isEmpty()) {
            reply->m_body += rest;
            Q_EMIT reply->readyRead();
        }
    } else {
        reply->m_attemptBody += rest;
    }

    const bool transportFailure = reply->m_timedOut || status == 0
        || (code != QNetworkReply::NoError && !isHttpStatusError(code, status));
    std::optional<Error> error;
    if (transportFailure) {
        error = reply->m_timedOut ? NetworkErrorText::timeout(req.url, req.timeoutMs)
                                  : NetworkErrorText::describe(QNetworkReply::NetworkError(code), req.url,
                                                               reply->m_sslErrors, net->errorString());
    }
    if (m_trace && reply->m_traceSequence > 0)
        m_trace->writeResponse(reply->m_traceSequence, req.traceTag, transportFailure ? 0 : status, headers,
                               reply->m_attemptBody, error ? error->message : QString());

    const bool attemptsLeft = reply->m_attempt < reply->m_policy.maxAttempts && !reply->m_committed;
    if (transportFailure) {
        if (attemptsLeft && transportRetryable(*reply, code)) {
            qCInfo(lcNet) << "Retrying" << req.traceTag << "after" << error->message;
            scheduleRetry(reply, Backoff::delayMs(reply->m_policy, reply->m_attempt, m_random()));
            return;
        }
        reply->m_status = status;
        reply->m_headers = headers;
        complete(reply, error);   // a truncated body is never handed out as success
        return;
    }

    std::optional<qint64> retryAfter;
    for (const HttpHeader &h : headers) {
        if (h.first.compare("Retry-After", Qt::CaseInsensitive) == 0)
            retryAfter = Backoff::parseRetryAfter(h.second, QDateTime::currentDateTimeUtc());
    }
    if (!reply->m_committed && req.effectiveRetryStatuses().contains(status)) {
        const bool patient = !retryAfter || *retryAfter <= reply->m_policy.maxRetryAfterMs;
        if (retryAfter && patient)
            pauseLane(req.lane, *retryAfter);   // the whole lane is throttled, not just us
        if (attemptsLeft && patient) {
            const qint64 delay = retryAfter ? *retryAfter
                                            : Backoff::delayMs(reply->m_policy, reply->m_attempt, m_random());
            qCInfo(lcNet) << "HTTP" << status << "for" << req.traceTag << "- retrying in" << delay << "ms";
            scheduleRetry(reply, delay);
            return;
        }
    }
    reply->m_retryAfterMs = retryAfter;
    if (!reply->m_committed) {
        reply->m_status = status;
        reply->m_headers = headers;
        reply->m_body = reply->m_attemptBody;
    }
    complete(reply, std::nullopt);
}

void HttpClient::scheduleRetry(HttpReply *reply, qint64 delayMs)
{
    reply->m_backoffTimer.start(int(std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max())));
    pump();   // the slot we freed may start someone else
}

void HttpClient::complete(HttpReply *reply, std::optional<Error> error)
{
    if (reply->m_finished)
        return;
    reply->m_finished = true;
    reply->m_error = std::move(error);
    reply->m_idleTimer.stop();
    reply->m_backoffTimer.stop();
    Q_EMIT reply->finished();
    pump();
}

void HttpClient::releaseSlot(HttpReply *reply)
{
    if (!reply->m_holdsSlot)
        return;
    reply->m_holdsSlot = false;
    int &n = m_inFlight[reply->m_hostKey];
    if (--n <= 0)
        m_inFlight.remove(reply->m_hostKey);
}

void HttpClient::cancel(HttpReply *reply)
{
    m_queue.removeAll(reply);
    if (QNetworkReply *net = reply->m_net) {
        net->disconnect(reply);
        reply->m_net = nullptr;
        net->abort();
        net->deleteLater();
    }
    releaseSlot(reply);
    complete(reply, NetworkErrorText::cancelled(reply->m_request.url));
}

void HttpClient::forget(HttpReply *reply)
{
    m_queue.removeAll(reply);
    if (reply->m_holdsSlot) {
        releaseSlot(reply);
        m_pumpTimer.start(0);   // not from inside a destructor
    }
}

} // namespace Liaison
