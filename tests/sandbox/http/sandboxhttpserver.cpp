#include "sandboxhttpserver.h"

#include "sandboxcertificate.h"
#include "sandboxconnection.h"
#include "sandboxresponder.h"

#include "net/protocoltrace.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace Liaison {

namespace {
const char *const TraceSequenceProperty = "liaisonTraceSequence";
}

class SandboxHttpServer::Listener : public QTcpServer
{
public:
    explicit Listener(SandboxHttpServer *server) : QTcpServer(server), m_server(server) {}

protected:
    // The TLS handshake is ours (QSslSocket::startServerEncryption): one code path for
    // plain and TLS, and the connection reads decrypted bytes the same way.
    void incomingConnection(qintptr descriptor) override { m_server->accept(descriptor); }

private:
    SandboxHttpServer *m_server;
};

SandboxHttpServer::SandboxHttpServer(QObject *parent)
    : QObject(parent)
{
    setTraceDirectory(ProtocolTrace::environmentDirectory());
}

SandboxHttpServer::~SandboxHttpServer()
{
    close();
}

Status SandboxHttpServer::listen(quint16 port)
{
    m_tls = false;
    return startListening(port);
}

Status SandboxHttpServer::listenTls(quint16 port)
{
    if (m_certificate.isNull() || m_key.isNull()) {
        Result<SandboxCertificate> generated = SandboxCertificate::generateSelfSigned();
        if (!generated)
            return generated.error();
        m_certificate = generated->certificate;
        m_key = generated->key;
    }
    m_tls = true;
    return startListening(port);
}

void SandboxHttpServer::setCertificate(const QSslCertificate &certificate, const QSslKey &key)
{
    m_certificate = certificate;
    m_key = key;
}

Status SandboxHttpServer::loadCertificate(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    const QSslCertificate cert(certificatePem, QSsl::Pem);
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (cert.isNull() || key.isNull())
        return Error::invalid(QStringLiteral("The sandbox certificate or key is not valid PEM"));
    setCertificate(cert, key);
    return {};
}

Status SandboxHttpServer::startListening(quint16 port)
{
    if (!m_listener)
        m_listener = new Listener(this);
    if (m_listener->isListening())
        m_listener->close();
    if (!m_listener->listen(QHostAddress::LocalHost, port))
        return Error{Error::Code::Network,
                     QStringLiteral("The sandbox cannot listen on 127.0.0.1:%1: %2").arg(port).arg(m_listener->errorString()),
                     QStringLiteral("Pick another port or use 0 for a free one")};
    return {};
}

void SandboxHttpServer::close()
{
    if (m_listener)
        m_listener->close();
    const auto connections = findChildren<SandboxConnection *>(Qt::FindDirectChildrenOnly);
    for (SandboxConnection *c : connections)
        c->abortNow();
}

bool SandboxHttpServer::isListening() const
{
    return m_listener && m_listener->isListening();
}

quint16 SandboxHttpServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QUrl SandboxHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

void SandboxHttpServer::route(const QByteArray &method, const QString &pathPrefix, SandboxHandler handler)
{
    m_routes.append({method, pathPrefix, std::move(handler), {}});
}

void SandboxHttpServer::routeStreaming(const QByteArray &method, const QString &pathPrefix, SandboxStreamHandler handler)
{
    m_routes.append({method, pathPrefix, {}, std::move(handler)});
}

void SandboxHttpServer::injectFault(const SandboxFault &fault, const QString &pathPrefix, int times)
{
    for (int i = 0; i < times; ++i)
        m_faults.append({fault, pathPrefix});
}

void SandboxHttpServer::clearFaults()
{
    m_faults.clear();
}

int SandboxHttpServer::pendingFaults() const
{
    return int(m_faults.size());
}

void SandboxHttpServer::setTraceDirectory(const QString &directory)
{
    if (directory.isEmpty())
        m_trace.reset();
    else
        m_trace = std::make_unique<ProtocolTrace>(directory);
}

int SandboxHttpServer::requestCount() const
{
    QMutexLocker lock(&m_statsMutex);
    return m_requestCount;
}

int SandboxHttpServer::inFlight() const
{
    QMutexLocker lock(&m_statsMutex);
    return m_inFlight;
}

int SandboxHttpServer::maxInFlight() const
{
    QMutexLocker lock(&m_statsMutex);
    return m_maxInFlight;
}

int SandboxHttpServer::connectionCount() const
{
    QMutexLocker lock(&m_statsMutex);
    return m_connections;
}

QList<SandboxRequest> SandboxHttpServer::requests() const
{
    QMutexLocker lock(&m_statsMutex);
    return m_recorded;
}

void SandboxHttpServer::resetStats()
{
    QMutexLocker lock(&m_statsMutex);
    m_requestCount = 0;
    m_maxInFlight = m_inFlight;
    m_connections = 0;
    m_recorded.clear();
}

void SandboxHttpServer::accept(qintptr descriptor)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *ssl = new QSslSocket;
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setLocalCertificate(m_certificate);
        conf.setPrivateKey(m_key);
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
        ssl->setSslConfiguration(conf);
        socket = ssl;
    } else {
        socket = new QTcpSocket;
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    {
        QMutexLocker lock(&m_statsMutex);
        ++m_connections;
    }
    new SandboxConnection(socket, m_nextConnectionId++, this);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        ssl->startServerEncryption();
}

void SandboxHttpServer::handle(SandboxResponder *responder)
{
    const SandboxRequest &request = responder->request();
    {
        QMutexLocker lock(&m_statsMutex);
        ++m_requestCount;
        ++m_inFlight;
        m_maxInFlight = std::max(m_maxInFlight, m_inFlight);
        m_recorded.append(request);
        if (m_recorded.size() > 1000)
            m_recorded.removeFirst();
    }
    connect(responder, &SandboxResponder::done, this, [this] {
        QMutexLocker lock(&m_statsMutex);
        --m_inFlight;
    });
    if (m_trace) {
        const int seq = ProtocolTrace::nextSequence();
        responder->setProperty(TraceSequenceProperty, seq);
        m_trace->writeRequest(seq, QStringLiteral("sandbox"), request.method,
                              QUrl::fromEncoded(request.target), request.headers, request.body);
    }
    Q_EMIT requestReceived(QString::fromLatin1(request.method), request.path);

    qsizetype faultIndex = -1;
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        if (request.path.startsWith(m_faults.at(i).prefix)) {
            faultIndex = i;
            break;
        }
    }
    if (faultIndex < 0)
        return proceed(responder);

    const SandboxFault fault = m_faults.takeAt(faultIndex).fault;
    switch (fault.kind) {
    case SandboxFault::Kind::Delay: {
        QPointer<SandboxResponder> guard(responder);
        QTimer::singleShot(fault.delayMs, this, [this, guard] {
            if (guard && guard->isOpen())
                proceed(guard);
        });
        return;
    }
    case SandboxFault::Kind::Drop:
        return responder->drop();
    case SandboxFault::Kind::DropMidBody: {
        const Route *r = findRoute(request);
        SandboxResponse full = (r && r->handler) ? runHandler(r, responder)
                                                 : SandboxResponse::text(200, QByteArray(4096, 'x'));
        if (full.body.size() < 2)
            full.body = QByteArray(4096, 'x');
        return responder->respondTruncated(full);
    }
    case SandboxFault::Kind::Hang:
        return;   // the responder stays open until the connection goes
    case SandboxFault::Kind::Raw:
        return responder->writeRawAndClose(fault.raw);
    case SandboxFault::Kind::Respond:
        return responder->respond(fault.response);
    }
}

void SandboxHttpServer::proceed(SandboxResponder *responder)
{
    const SandboxRequest &request = responder->request();
    const Route *r = findRoute(request);
    if (!r)
        return responder->respond(SandboxResponse::text(404, "no sandbox route for " + request.path.toUtf8() + '\n'));
    if (r->stream)
        return r->stream(request, responder);
    responder->respond(runHandler(r, responder));
}

const SandboxHttpServer::Route *SandboxHttpServer::findRoute(const SandboxRequest &request) const
{
    const Route *best = nullptr;
    for (const Route &r : m_routes) {
        if (!r.method.isEmpty() && r.method != request.method)
            continue;
        if (!request.path.startsWith(r.prefix))
            continue;
        if (!best || r.prefix.size() >= best->prefix.size())
            best = &r;
    }
    return best;
}

SandboxResponse SandboxHttpServer::runHandler(const Route *route, const SandboxResponder *responder) const
{
    SandboxResponse response = route->handler(responder->request());
    if (m_trace) {
        // Same number as the request it answers, so the pair sorts together.
        const int seq = responder->property(TraceSequenceProperty).toInt();
        m_trace->writeResponse(seq, QStringLiteral("sandbox"), response.status, response.headers, response.body);
    }
    return response;
}

} // namespace Liaison
