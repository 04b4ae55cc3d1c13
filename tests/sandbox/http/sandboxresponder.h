#pragma once

#include <QObject>
#include <QPointer>

#include "sandboxmessage.h"

namespace Liaison {

class SandboxConnection;

// The answering end of one request. A streaming handler keeps a QPointer to it and
// answers whenever it likes: writeHead() + writeChunk()... + finish() (chunked transfer
// encoding), or respond() once. Owned by the connection; gone after closed()/finished.
class SandboxResponder : public QObject
{
    Q_OBJECT
public:
    const SandboxRequest &request() const { return m_request; }
    // The client is still connected and the answer is not complete yet.
    bool isOpen() const;

    void respond(const SandboxResponse &response);
    void writeHead(int status, const QList<SandboxHeader> &headers = {});
    void writeChunk(const QByteArray &data);
    void finish();
    // Closes the connection at once, without (the rest of) an answer.
    void drop();
    // Fault helpers: the response's headers with its full Content-Length, half the body, close.
    void respondTruncated(const SandboxResponse &response);
    void writeRawAndClose(const QByteArray &bytes);

Q_SIGNALS:
    // The client went away (or the server stopped) before the answer was complete.
    void closed();
    // The answer is complete or the connection was dropped; emitted once.
    void done();

private:
    friend class SandboxConnection;
    SandboxResponder(SandboxConnection *connection, const SandboxRequest &request);
    void markDone(bool keepAlive);
    void connectionLost();
    QByteArray statusAndHeaders(int status, const QList<SandboxHeader> &headers, bool keepAlive) const;

    QPointer<SandboxConnection> m_connection;
    SandboxRequest m_request;
    bool m_headSent = false;
    bool m_done = false;
};

} // namespace Liaison
