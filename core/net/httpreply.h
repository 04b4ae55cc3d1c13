#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <optional>

#include "common/error.h"
#include "net/httprequest.h"

class QNetworkReply;

namespace Liaison {

class HttpClient;

// The outcome of one HttpRequest across all its attempts. Created by HttpClient::send();
// the caller owns it once finished() fired (deleteLater() it). Deleting it early aborts.
//
// hasError() means no complete HTTP answer arrived (DNS, refused, TLS, timeout, dropped
// mid-body). Any HTTP status, 4xx/5xx included, is a complete answer: read statusCode()
// and body(); NetworkErrorText::httpStatus() words the non-2xx ones.
class HttpReply : public QObject
{
    Q_OBJECT
public:
    ~HttpReply() override;

    const HttpRequest &request() const { return m_request; }
    bool isFinished() const { return m_finished; }
    bool hasError() const { return m_error.has_value(); }
    Error error() const { return m_error.value_or(Error{}); }
    bool isHttpSuccess() const { return !hasError() && m_status >= 200 && m_status < 300; }

    int statusCode() const { return m_status; }                       // 0 = no answer
    QByteArray rawHeader(const QByteArray &name) const;               // case-insensitive
    const QList<HttpHeader> &rawHeaders() const { return m_headers; }
    // Buffered requests: the whole body. Streaming requests: bytes not yet taken.
    QByteArray body() const { return m_body; }
    // Streaming: takes the bytes received since the last call.
    QByteArray readAvailable();
    int attempts() const { return m_attempt; }
    // Retry-After of the final answer, when it had one (milliseconds).
    std::optional<qint64> retryAfterMs() const { return m_retryAfterMs; }
    // Trace sequence of the last attempt; -1 without tracing.
    int traceSequence() const { return m_traceSequence; }

    // Stops now; finishes with a "cancelled" error if not finished yet.
    void abort();

Q_SIGNALS:
    // Streaming requests only: new bytes for readAvailable(). Never emitted for an attempt
    // that is going to be retried.
    void readyRead();
    // Exactly once.
    void finished();

private:
    friend class HttpClient;
    HttpReply(HttpClient *client, const HttpRequest &request);

    // Request and policy
    HttpRequest m_request;
    RetryPolicy m_policy;
    QString m_hostKey;
    QPointer<HttpClient> m_client;

    // Current attempt
    QPointer<QNetworkReply> m_net;
    QTimer m_idleTimer;
    QTimer m_backoffTimer;
    int m_attempt = 0;
    bool m_timedOut = false;
    bool m_committed = false;  // streaming bytes delivered: no more retries
    bool m_holdsSlot = false;  // counts against the host's concurrency cap
    QList<QSslError> m_sslErrors;
    QByteArray m_attemptBody;  // what this attempt received (for the trace)

    // Outcome
    bool m_finished = false;
    int m_status = 0;
    QList<HttpHeader> m_headers;
    QByteArray m_body;
    std::optional<Error> m_error;
    std::optional<qint64> m_retryAfterMs;
    int m_traceSequence = -1;
};

} // namespace Liaison
