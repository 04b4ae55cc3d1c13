#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

#include "net/httpreply.h"
#include "net/httprequest.h"

class QNetworkAccessManager;

namespace Liaison {

class ProtocolTrace;

// The one HTTP client of a connection: one QNetworkAccessManager, used from one thread,
// never blocking it. On top of QNAM it adds:
//  - retries with capped exponential backoff and full jitter (RetryPolicy), honouring
//    Retry-After (seconds or HTTP date). A Retry-After also pauses the request's lane.
//    Retried: the request's retry statuses (default 429/503, +502/504 when idempotent);
//    connection refused (nothing reached the server) for every request; timeouts, dropped
//    connections and malformed answers only for idempotent requests (the server may have
//    acted). TLS, DNS and cancellation are never retried.
//  - lanes: pauseLane() holds every queued/retrying request of a lane (EWS ErrorServerBusy).
//  - a per-host cap on requests in flight (default 8, well under EWSMaxConcurrency 27),
//    the rest wait in FIFO order.
//  - TLS trust: system CAs plus the request's pinned certificates (see TlsTrust).
//  - protocol traces (setTraceDirectory or LIAISON_TRACE_DIR), redacted.
//  - no automatic cookies: callers replay cookies (X-BackEndOverrideCookie) per lane.
class HttpClient : public QObject
{
    Q_OBJECT
public:
    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override;

    // Queues the request; the reply is parented to the client until the caller deletes it.
    HttpReply *send(const HttpRequest &request);
    // Same, calls onFinished once and then deletes the reply.
    HttpReply *send(const HttpRequest &request, std::function<void(HttpReply &)> onFinished);

    // Holds the lane's requests that have not started yet until `msecs` from now. Only
    // lengthens an existing pause. Requests already on the wire are not interrupted.
    void pauseLane(const QString &lane, qint64 msecs);
    qint64 lanePauseRemaining(const QString &lane) const;   // 0 when running

    // Requests in flight per server (scheme://host:port). The default cap holds for every server
    // without its own: EWS stays well below EWSMaxConcurrency (27), while a Dataverse connector
    // lifts its own host to what its concurrency ramp may reach.
    void setMaxConcurrentPerHost(int max);
    int maxConcurrentPerHost() const { return m_maxPerHost; }
    void setMaxConcurrentForHost(const QUrl &server, int max);
    int maxConcurrentForHost(const QUrl &server) const;
    void setDefaultRetryPolicy(const RetryPolicy &policy) { m_defaultPolicy = policy; }
    RetryPolicy defaultRetryPolicy() const { return m_defaultPolicy; }
    // Jitter source returning [0, 1); tests make backoff deterministic with it.
    void setRandomSource(std::function<double()> random);
    // Empty turns tracing off. The constructor applies LIAISON_TRACE_DIR.
    void setTraceDirectory(const QString &directory);
    QString traceDirectory() const;

    int queuedCount() const;
    int inFlightCount(const QUrl &url) const;
    static QString hostKey(const QUrl &url);   // scheme://host:port

    // For proxy settings or an NTLM/Kerberos authenticator (authenticationRequired).
    QNetworkAccessManager *networkAccessManager() const { return m_nam; }

Q_SIGNALS:
    void lanePaused(const QString &lane, qint64 msecs);

private:
    friend class HttpReply;
    void forget(HttpReply *reply);
    void cancel(HttpReply *reply);

    void enqueue(HttpReply *reply, bool front);
    void pump();
    void startAttempt(HttpReply *reply);
    void onReadyRead(HttpReply *reply);
    void onAttemptFinished(HttpReply *reply);
    void onSslErrors(HttpReply *reply, const QList<QSslError> &errors);
    void scheduleRetry(HttpReply *reply, qint64 delayMs);
    void complete(HttpReply *reply, std::optional<Error> error);
    void releaseSlot(HttpReply *reply);
    bool transportRetryable(const HttpReply &reply, int code) const;
    qint64 now() const { return m_clock.elapsed(); }

    QNetworkAccessManager *m_nam = nullptr;
    QList<QPointer<HttpReply>> m_queue;
    QHash<QString, int> m_inFlight;
    QHash<QString, qint64> m_laneUntil;   // lane -> m_clock time when it resumes
    QTimer m_pumpTimer;
    QElapsedTimer m_clock;
    int m_maxPerHost = 8;
    QHash<QString, int> m_maxForHost;   // hostKey -> its own cap
    RetryPolicy m_defaultPolicy;
    std::function<double()> m_random;
    std::unique_ptr<ProtocolTrace> m_trace;
};

} // namespace Liaison
