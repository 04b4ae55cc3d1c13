#include "sandboxresponder.h"

#include "sandboxconnection.h"

namespace Liaison {

SandboxResponder::SandboxResponder(SandboxConnection *connection, const SandboxRequest &request)
    : QObject(connection)
    , m_connection(connection)
    , m_request(request)
{
}

bool SandboxResponder::isOpen() const
{
    return !m_done && m_connection && m_connection->isConnected();
}

QByteArray SandboxResponder::statusAndHeaders(int status, const QList<SandboxHeader> &headers, bool keepAlive) const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + SandboxResponse::reasonPhrase(status) + "\r\n";
    bool hasServer = false;
    for (const SandboxHeader &h : headers) {
        const QByteArray n = h.first.toLower();
        if (n == "connection" || n == "content-length" || n == "transfer-encoding")
            continue;   // framing is ours to decide
        hasServer = hasServer || n == "server";
        out += h.first + ": " + h.second + "\r\n";
    }
    if (!hasServer)
        out += "Server: LiaisonSandbox\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    return out;
}

void SandboxResponder::respond(const SandboxResponse &response)
{
    if (!isOpen() || m_headSent)
        return;
    const bool keepAlive = m_connection->keepAlive();
    QByteArray out = statusAndHeaders(response.status, response.headers, keepAlive);
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    if (m_request.method != "HEAD")
        out += response.body;
    m_headSent = true;
    m_connection->writeBytes(out);
    markDone(keepAlive);
}

void SandboxResponder::writeHead(int status, const QList<SandboxHeader> &headers)
{
    if (!isOpen() || m_headSent)
        return;
    QByteArray out = statusAndHeaders(status, headers, m_connection->keepAlive());
    out += "Transfer-Encoding: chunked\r\n\r\n";
    m_headSent = true;
    m_connection->writeBytes(out);
}

void SandboxResponder::writeChunk(const QByteArray &data)
{
    if (!isOpen() || !m_headSent || data.isEmpty())
        return;
    m_connection->writeBytes(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void SandboxResponder::finish()
{
    if (!isOpen() || !m_headSent)
        return;
    m_connection->writeBytes("0\r\n\r\n");
    markDone(m_connection->keepAlive());
}

void SandboxResponder::drop()
{
    if (m_done)
        return;
    if (m_connection)
        m_connection->abortNow();
    markDone(false);
}

void SandboxResponder::respondTruncated(const SandboxResponse &response)
{
    if (!isOpen() || m_headSent)
        return;
    QByteArray out = statusAndHeaders(response.status, response.headers, false);
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    out += response.body.left(response.body.size() / 2);
    m_headSent = true;
    m_connection->writeBytes(out);
    m_connection->closeGracefully();
    markDone(false);
}

void SandboxResponder::writeRawAndClose(const QByteArray &bytes)
{
    if (!isOpen() || m_headSent)
        return;
    m_headSent = true;
    m_connection->writeBytes(bytes);
    m_connection->closeGracefully();
    markDone(false);
}

void SandboxResponder::markDone(bool keepAlive)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT done();
    if (m_connection)
        m_connection->responseComplete(this, keepAlive);
}

void SandboxResponder::connectionLost()
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT closed();
    Q_EMIT done();
}

} // namespace Liaison
