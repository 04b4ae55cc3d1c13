#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <optional>

namespace Liaison {

// How often and how patiently a request is retried. Delays use capped exponential
// backoff with full jitter: random(0, min(maxDelayMs, baseDelayMs * 2^(retry-1))).
struct RetryPolicy
{
    int maxAttempts = 4;            // including the first try; 1 = never retry
    int baseDelayMs = 500;
    int maxDelayMs = 30000;
    // A Retry-After longer than this is not waited for: the reply finishes with the
    // throttling status and retryAfterMs() so the caller's scheduler can come back later.
    qint64 maxRetryAfterMs = 300000;
};

using HttpHeader = QPair<QByteArray, QByteArray>;

// One HTTP exchange to send through HttpClient.
struct HttpRequest
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    QList<HttpHeader> headers;
    QByteArray body;

    // Requests with the same lane (a mailbox, an org) can be paused together.
    QString lane;
    // Names the trace files ("GetItem", "WhoAmI"); keep it short and file-name safe.
    QString traceTag;
    // Inactivity timeout: the attempt fails when nothing moves for this long. 0 = none.
    int timeoutMs = 120000;
    // Safe to send twice? Decides which transport failures are retried (see HttpClient).
    bool idempotent = false;
    // Deliver the body incrementally through HttpReply::readyRead (hanging/streaming calls).
    bool streaming = false;
    // Follow same-origin redirects (never to another host: headers carry credentials).
    bool followRedirects = true;

    // Unset: the client's default policy.
    std::optional<RetryPolicy> retryPolicy;
    // Unset: {429, 503} always, plus {502, 504} when idempotent. 500 is never retried by
    // default because EWS delivers SOAP faults (including ErrorServerBusy) with a 500.
    std::optional<QList<int>> retryStatuses;
    // Extra trust for this server: a pinned self-signed leaf or a private CA (PEM-loaded).
    QList<QSslCertificate> pinnedCertificates;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;
    QList<int> effectiveRetryStatuses() const;

    static HttpRequest get(const QUrl &url);
    static HttpRequest post(const QUrl &url, const QByteArray &body, const QByteArray &contentType);
};

} // namespace Liaison
