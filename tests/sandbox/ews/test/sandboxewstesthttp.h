#pragma once

// Raw HTTP to a SandboxEws for the sandbox's own tests, which send hand-made requests (wrong
// passwords, missing headers, cookies) that EwsConnection would never send: the URL, Basic
// auth, one-attempt requests and the wait loop, in one place.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include "net/httpclient.h"
#include "sandboxhttpserver.h"

namespace Liaison::SandboxEwsTestHttp {

inline QUrl url(const SandboxHttpServer &server, const QString &path)
{
    QUrl u = server.baseUrl();
    u.setPath(path, QUrl::TolerantMode);
    return u;
}

inline QByteArray basic(const QString &user, const QString &password)
{
    return "Basic " + (user + u':' + password).toUtf8().toBase64();
}

// Spins the event loop until the reply finishes (false after `ms`).
inline bool wait(HttpReply *reply, int ms = 15000)
{
    QElapsedTimer t;
    t.start();
    while (!reply->isFinished() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return reply->isFinished();
}

// A POST sent exactly once: the tests look at what the server answered, not at our retries.
inline HttpRequest post(const QUrl &url, const QByteArray &body, const QByteArray &auth, const QString &traceTag,
                        const QList<HttpHeader> &headers = {},
                        const QByteArray &contentType = "text/xml; charset=utf-8")
{
    HttpRequest r = HttpRequest::post(url, body, contentType);
    if (!auth.isEmpty())
        r.setHeader("Authorization", auth);
    for (const HttpHeader &h : headers)
        r.setHeader(h.first, h.second);
    r.traceTag = traceTag;
    RetryPolicy once;
    once.maxAttempts = 1;
    r.retryPolicy = once;
    return r;
}

// One call of the sandbox's JSON admin API; the answer's object (empty when it sent none).
inline QJsonObject admin(HttpClient &client, const SandboxHttpServer &server, const QByteArray &method,
                         const QString &path, const QJsonObject &body = {})
{
    HttpRequest r;
    r.method = method;
    r.url = url(server, QStringLiteral("/sandbox/ews/") + path);
    if (method != "GET") {
        r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        r.setHeader("Content-Type", "application/json");
    }
    r.traceTag = QStringLiteral("admin");
    HttpReply *reply = client.send(r);
    wait(reply);
    const QJsonObject out = QJsonDocument::fromJson(reply->body()).object();
    reply->deleteLater();
    return out;
}

} // namespace Liaison::SandboxEwsTestHttp
