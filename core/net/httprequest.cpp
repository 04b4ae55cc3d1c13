#include "net/httprequest.h"

namespace Liaison {

void HttpRequest::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (HttpHeader &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const HttpHeader &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QList<int> HttpRequest::effectiveRetryStatuses() const
{
    if (retryStatuses)
        return *retryStatuses;
    // 429/503 mean the server refused before doing any work; a gateway error might not.
    if (idempotent)
        return {429, 502, 503, 504};
    return {429, 503};
}

HttpRequest HttpRequest::get(const QUrl &url)
{
    HttpRequest r;
    r.url = url;
    r.idempotent = true;
    return r;
}

HttpRequest HttpRequest::post(const QUrl &url, const QByteArray &body, const QByteArray &contentType)
{
    HttpRequest r;
    r.method = QByteArrayLiteral("POST");
    r.url = url;
    r.body = body;
    r.setHeader(QByteArrayLiteral("Content-Type"), contentType);
    return r;
}

} // namespace Liaison
