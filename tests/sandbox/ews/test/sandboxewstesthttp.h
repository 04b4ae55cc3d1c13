#pragma once

// Raw HTTP to a SandboxEws for the EWS tests, which send hand-made requests (wrong passwords,
// missing headers, cookies) that EwsConnection would never send and drive the sandbox through
// its JSON admin API: the URL, Basic auth, one-attempt requests, the wait loop, admin calls and
// the connection settings for the sandbox's service account, in one place.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsstreaminglistener.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxhttpserver.h"

namespace Liaison::SandboxEwsTestHttp {

inline QUrl url(const SandboxHttpServer &server, const QString &path)
{
    QUrl u = server.baseUrl();
    u.setPath(path, QUrl::TolerantMode);
    return u;
}

// An EWS id percent-encoded for a path of the admin API.
inline QString enc(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

// The context in which `account` acts on `mailbox` through impersonation.
inline EwsRequestContext impersonating(const QString &account, const QString &mailbox)
{
    EwsRequestContext c;
    c.impersonatedSmtp = mailbox;
    c.account = account;
    return c;
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

// One call of the sandbox's JSON admin API: the answer's object (empty when it sent none) with
// the HTTP status added as "_status".
inline QJsonObject admin(HttpClient &client, const SandboxHttpServer &server, const QByteArray &method,
                         const QString &path, const QJsonObject &body = {})
{
    HttpRequest r;
    r.method = method;
    const qsizetype query = path.indexOf(u'?');   // "items/{id}?deleteType=HardDelete"
    r.url = url(server, QStringLiteral("/sandbox/ews/") + path.left(query));
    if (query >= 0)
        r.url.setQuery(path.mid(query + 1));
    if (method != "GET" && method != "DELETE") {
        r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        r.setHeader("Content-Type", "application/json");
    }
    r.traceTag = QStringLiteral("admin");
    HttpReply *reply = client.send(r);
    wait(reply);
    QJsonObject out = QJsonDocument::fromJson(reply->body()).object();
    out.insert(QStringLiteral("_status"), reply->statusCode());
    reply->deleteLater();
    return out;
}

// The same through an untraced client of its own: admin JSON has no place in an EWS trace.
inline QJsonObject admin(const SandboxHttpServer &server, const QByteArray &method, const QString &path,
                         const QJsonObject &body = {})
{
    HttpClient plain;
    plain.setTraceDirectory({});
    return admin(plain, server, method, path, body);
}

// EwsConnection settings for an account of the sandbox, Basic auth against its EWS path.
inline EwsConnectionSettings connectionSettings(const SandboxHttpServer &server, const QString &account,
                                                const QString &password)
{
    EwsConnectionSettings s;
    s.ewsUrl = url(server, QString::fromLatin1(SandboxEws::kEwsPath));
    s.account = account;
    s.password = password;
    return s;
}

// A started EwsStreamingListener with spies on what it reports: a one-minute stream and quick
// reconnects, as the streaming tests watch it.
struct WatchedListener
{
    EwsStreamingListener listener;
    QSignalSpy subscribed{&listener, &EwsStreamingListener::subscribed};
    QSignalSpy changed{&listener, &EwsStreamingListener::changed};
    QSignalSpy problems{&listener, &EwsStreamingListener::problem};

    WatchedListener(EwsConnection *connection, const QString &mailbox, const QList<MailboxFolderRef> &folders)
        : listener(connection, mailbox, folders)
    {
        listener.setConnectionTimeoutMinutes(1);
        listener.setReconnectDelay(100, 1000);
        listener.start();
    }
    bool streaming() const { return subscribed.count() == 1 && listener.isStreaming(); }
    // Whether a change notice named this item or folder id.
    bool sawChangeOf(const QString &id) const
    {
        for (const QList<QVariant> &args : changed) {
            if (args.value(0).toStringList().contains(id))
                return true;
        }
        return false;
    }
    QString firstProblem() const { return problems.isEmpty() ? QString() : problems.at(0).at(0).toString(); }
};

} // namespace Liaison::SandboxEwsTestHttp
