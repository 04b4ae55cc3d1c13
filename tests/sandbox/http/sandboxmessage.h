#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace Liaison {

using SandboxHeader = QPair<QByteArray, QByteArray>;

// One parsed HTTP request as a sandbox handler sees it.
struct SandboxRequest
{
    QByteArray method;
    QString path;           // decoded path, without the query
    QUrlQuery query;
    QByteArray target;      // the raw request-target
    QList<SandboxHeader> headers;   // as received, in order
    QByteArray body;        // de-chunked
    QHostAddress peer;
    quint64 connectionId = 0;       // same id = same kept-alive connection

    QByteArray header(const QByteArray &name) const;   // case-insensitive, first match
    bool hasHeader(const QByteArray &name) const;
};

// A complete answer. Content-Length is added by the server.
struct SandboxResponse
{
    int status = 200;
    QList<SandboxHeader> headers;
    QByteArray body;

    SandboxResponse &setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    static SandboxResponse text(int status, const QByteArray &body);
    static SandboxResponse json(int status, const QByteArray &body);
    static SandboxResponse xml(int status, const QByteArray &body);
    // e.g. throttled(429, 2) -> 429 with "Retry-After: 2".
    static SandboxResponse throttled(int status, int retryAfterSeconds);

    static QByteArray reasonPhrase(int status);
};

} // namespace Liaison
