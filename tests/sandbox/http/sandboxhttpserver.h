#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>

#include "common/result.h"
#include "sandboxfault.h"
#include "sandboxmessage.h"

namespace Liaison {

class ProtocolTrace;
class SandboxResponder;

using SandboxHandler = std::function<SandboxResponse(const SandboxRequest &)>;
// Streaming/hanging handlers answer through the responder whenever they like.
using SandboxStreamHandler = std::function<void(const SandboxRequest &, SandboxResponder *)>;

// A small HTTP/1.1 server on 127.0.0.1 for protocol sandboxes, plain or TLS. Lives on the
// thread that creates it (see SandboxThread for a server on its own thread).
class SandboxHttpServer : public QObject
{
    Q_OBJECT
public:
    explicit SandboxHttpServer(QObject *parent = nullptr);
    ~SandboxHttpServer() override;

    // Plain HTTP on 127.0.0.1; port 0 picks a free one. Then port() is the real port.
    Status listen(quint16 port = 0);
    // HTTPS with the certificate set by setCertificate(), else a fresh self-signed one
    // for localhost/127.0.0.1 (certificate() returns it so tests can pin it).
    Status listenTls(quint16 port = 0);
    void setCertificate(const QSslCertificate &certificate, const QSslKey &key);
    Status loadCertificate(const QByteArray &certificatePem, const QByteArray &keyPem);
    QSslCertificate certificate() const { return m_certificate; }
    void close();   // stops listening and drops every connection (hanging ones too)

    bool isListening() const;
    bool isTls() const { return m_tls; }
    quint16 port() const;
    QUrl baseUrl() const;   // http(s)://127.0.0.1:<port>

    // Longest matching path prefix wins; on a tie the later route. Empty method = any.
    void route(const QByteArray &method, const QString &pathPrefix, SandboxHandler handler);
    void routeStreaming(const QByteArray &method, const QString &pathPrefix, SandboxStreamHandler handler);

    // Faults apply to the next `times` requests whose path starts with pathPrefix
    // (empty = any), oldest fault first.
    void injectFault(const SandboxFault &fault, const QString &pathPrefix = {}, int times = 1);
    void clearFaults();
    int pendingFaults() const;

    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    // Trace what the sandbox receives/sends (tag "sandbox"). LIAISON_TRACE_DIR applies too.
    void setTraceDirectory(const QString &directory);

    // Statistics (thread-safe, so SandboxThread users can read them).
    int requestCount() const;
    int inFlight() const;
    int maxInFlight() const;
    int connectionCount() const;   // accepted connections so far
    QList<SandboxRequest> requests() const;   // recorded, oldest first (last 1000)
    void resetStats();

Q_SIGNALS:
    void requestReceived(const QString &method, const QString &path);

private:
    friend class SandboxConnection;
    class Listener;
    struct Route {
        QByteArray method;
        QString prefix;
        SandboxHandler handler;
        SandboxStreamHandler stream;
    };
    struct QueuedFault {
        SandboxFault fault;
        QString prefix;
    };

    Status startListening(quint16 port);
    void accept(qintptr descriptor);
    void handle(SandboxResponder *responder);
    void proceed(SandboxResponder *responder);
    const Route *findRoute(const SandboxRequest &request) const;
    SandboxResponse runHandler(const Route *route, const SandboxResponder *responder) const;

    Listener *m_listener = nullptr;
    bool m_tls = false;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QList<Route> m_routes;
    QList<QueuedFault> m_faults;
    qint64 m_maxBodyBytes = 32 * 1024 * 1024;
    quint64 m_nextConnectionId = 1;
    std::unique_ptr<ProtocolTrace> m_trace;

    mutable QMutex m_statsMutex;
    int m_requestCount = 0;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_connections = 0;
    QList<SandboxRequest> m_recorded;
};

} // namespace Liaison
