#include "sandboxconnection.h"

#include "sandboxhttpserver.h"
#include "sandboxresponder.h"

#include <QTimer>
#include <QUrl>

namespace Liaison {

namespace {
constexpr qsizetype MaxHeadBytes = 64 * 1024;
}

SandboxConnection::SandboxConnection(QTcpSocket *socket, quint64 id, SandboxHttpServer *server)
    : QObject(server)
    , m_socket(socket)
    , m_id(id)
    , m_server(server)
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &SandboxConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &SandboxConnection::onDisconnected);
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &SandboxConnection::onReadyRead);
}

SandboxConnection::~SandboxConnection()
{
    if (m_responder)
        m_responder->connectionLost();
}

bool SandboxConnection::isConnected() const
{
    return m_state != State::Closed && m_socket->state() == QAbstractSocket::ConnectedState;
}

void SandboxConnection::writeBytes(const QByteArray &bytes)
{
    if (isConnected())
        m_socket->write(bytes);
}

void SandboxConnection::closeGracefully()
{
    m_state = State::Closed;
    m_socket->disconnectFromHost();
}

void SandboxConnection::abortNow()
{
    m_state = State::Closed;
    m_socket->abort();
    onDisconnected();
}

void SandboxConnection::onDisconnected()
{
    if (m_gone)
        return;
    m_gone = true;
    m_state = State::Closed;
    if (m_responder)
        m_responder->connectionLost();
    Q_EMIT gone();
    deleteLater();
}

void SandboxConnection::onReadyRead()
{
    if (m_state == State::Closed)
        return;
    m_in += m_socket->readAll();
    process();
}

void SandboxConnection::process()
{
    const qint64 maxBody = m_server ? m_server->maxBodyBytes() : 0;
    while (m_state != State::Waiting && m_state != State::Closed) {
        switch (m_state) {
        case State::Head: {
            // Tolerate stray CRLFs between kept-alive requests (RFC 9112 §2.2).
            while (m_in.startsWith("\r\n"))
                m_in.remove(0, 2);
            const qsizetype end = m_in.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_in.size() > MaxHeadBytes)
                    fail(431, "header section too large\n");
                return;
            }
            const QByteArray head = m_in.left(end);
            m_in.remove(0, end + 4);
            if (!parseHead(head))
                return;
            if (m_request.header("Expect").toLower() == "100-continue")
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            const QByteArray te = m_request.header("Transfer-Encoding").toLower();
            if (te.contains("chunked")) {
                m_state = State::ChunkSize;
            } else if (m_request.hasHeader("Content-Length")) {
                bool ok = false;
                m_remaining = m_request.header("Content-Length").trimmed().toLongLong(&ok);
                if (!ok || m_remaining < 0)
                    return fail(400, "bad Content-Length\n");
                if (maxBody > 0 && m_remaining > maxBody)
                    return fail(413, "request body too large\n");
                m_state = State::Body;
            } else {
                dispatch();
            }
            break;
        }
        case State::Body: {
            if (m_in.size() < m_remaining)
                return;
            m_request.body = m_in.left(m_remaining);
            m_in.remove(0, m_remaining);
            dispatch();
            break;
        }
        case State::ChunkSize: {
            const qsizetype eol = m_in.indexOf("\r\n");
            if (eol < 0) {
                if (m_in.size() > 1024)
                    fail(400, "bad chunk size line\n");
                return;
            }
            QByteArray line = m_in.left(eol);
            m_in.remove(0, eol + 2);
            const qsizetype semi = line.indexOf(';');
            if (semi >= 0)
                line.truncate(semi);
            bool ok = false;
            m_remaining = line.trimmed().toLongLong(&ok, 16);
            if (!ok || m_remaining < 0)
                return fail(400, "bad chunk size\n");
            if (maxBody > 0 && m_request.body.size() + m_remaining > maxBody)
                return fail(413, "request body too large\n");
            m_state = m_remaining == 0 ? State::ChunkTrailer : State::ChunkData;
            break;
        }
        case State::ChunkData: {
            if (m_in.size() < m_remaining + 2)
                return;
            m_request.body += m_in.left(m_remaining);
            if (m_in.mid(m_remaining, 2) != "\r\n")
                return fail(400, "chunk not terminated by CRLF\n");
            m_in.remove(0, m_remaining + 2);
            m_state = State::ChunkSize;
            break;
        }
        case State::ChunkTrailer: {
            // Trailer fields (ignored) end with an empty line.
            const qsizetype eol = m_in.indexOf("\r\n");
            if (eol < 0)
                return;
            m_in.remove(0, eol + 2);
            if (eol == 0)
                dispatch();
            break;
        }
        case State::Waiting:
        case State::Closed:
            return;
        }
    }
}

bool SandboxConnection::parseHead(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> parts = lines.value(0).trimmed().split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.")) {
        fail(400, "bad request line\n");
        return false;
    }
    m_request = SandboxRequest{};
    m_request.method = parts.at(0);
    m_request.target = parts.at(1);
    m_request.peer = m_socket->peerAddress();
    m_request.connectionId = m_id;
    const QUrl url = QUrl::fromEncoded(m_request.target);
    m_request.path = url.path(QUrl::FullyDecoded);
    m_request.query = QUrlQuery(url.query(QUrl::FullyEncoded));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            fail(400, "bad header line\n");
            return false;
        }
        m_request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray connection = m_request.header("Connection").toLower();
    m_keepAlive = parts.at(2) == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    return true;
}

void SandboxConnection::dispatch()
{
    m_state = State::Waiting;
    auto *responder = new SandboxResponder(this, m_request);
    m_responder = responder;
    if (m_server)
        m_server->handle(responder);
}

void SandboxConnection::responseComplete(SandboxResponder *responder, bool keepAlive)
{
    if (responder != m_responder)
        return;
    m_responder = nullptr;
    responder->deleteLater();
    if (!keepAlive) {
        if (m_state != State::Closed)
            closeGracefully();
        return;
    }
    m_state = State::Head;
    // Continue with any buffered next request outside the handler's call stack.
    QTimer::singleShot(0, this, &SandboxConnection::process);
}

void SandboxConnection::fail(int status, const QByteArray &why)
{
    m_keepAlive = false;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + SandboxResponse::reasonPhrase(status)
        + "\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: " + QByteArray::number(why.size())
        + "\r\n\r\n" + why;
    m_socket->write(out);
    closeGracefully();
}

} // namespace Liaison
