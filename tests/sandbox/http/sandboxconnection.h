#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include "sandboxmessage.h"

namespace Liaison {

class SandboxHttpServer;
class SandboxResponder;

// One accepted socket: parses HTTP/1.1 requests (Content-Length or chunked bodies,
// keep-alive, Expect: 100-continue, size limits) and hands each to the server.
// One request at a time; bytes of a pipelined next request wait in the buffer.
class SandboxConnection : public QObject
{
    Q_OBJECT
public:
    SandboxConnection(QTcpSocket *socket, quint64 id, SandboxHttpServer *server);
    ~SandboxConnection() override;

    bool isConnected() const;
    bool keepAlive() const { return m_keepAlive; }
    void writeBytes(const QByteArray &bytes);
    void closeGracefully();   // after pending bytes are written
    void abortNow();
    void responseComplete(SandboxResponder *responder, bool keepAlive);

Q_SIGNALS:
    void gone();

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkTrailer, Waiting, Closed };

    void onReadyRead();
    void process();
    bool parseHead(const QByteArray &head);
    void dispatch();
    void fail(int status, const QByteArray &why);
    void onDisconnected();

    QTcpSocket *m_socket;
    quint64 m_id;
    QPointer<SandboxHttpServer> m_server;
    QPointer<SandboxResponder> m_responder;
    State m_state = State::Head;
    QByteArray m_in;
    SandboxRequest m_request;
    qint64 m_remaining = 0;
    bool m_keepAlive = true;
    bool m_gone = false;
};

} // namespace Liaison
