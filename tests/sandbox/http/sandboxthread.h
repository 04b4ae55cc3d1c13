#pragma once

#include <QMutex>
#include <QSslCertificate>
#include <QThread>
#include <QUrl>
#include <QWaitCondition>

#include <functional>

#include "common/result.h"

namespace Liaison {

class SandboxHttpServer;

// Runs a SandboxHttpServer on its own thread, so test code that blocks (a synchronous
// client, QProcess::waitForFinished, liaisonctl) can talk to it. The server is created,
// configured by `setup`, and destroyed on that thread.
class SandboxThread : public QThread
{
    Q_OBJECT
public:
    using Setup = std::function<void(SandboxHttpServer &)>;

    explicit SandboxThread(Setup setup, bool tls = false, QObject *parent = nullptr);
    ~SandboxThread() override;   // stops and joins

    // Starts the thread and waits until the server listens (or failed to).
    Status startAndWait(int timeoutMs = 10000);
    void stop();

    quint16 port() const;
    QUrl baseUrl() const;
    QSslCertificate certificate() const;
    // Runs `fn` on the server's thread and waits for it (routes, faults, model changes).
    void invoke(const std::function<void(SandboxHttpServer &)> &fn);
    // Statistics getters of the server are thread-safe; everything else goes via invoke().
    SandboxHttpServer *server() const { return m_server; }

protected:
    void run() override;

private:
    Setup m_setup;
    bool m_tls;
    mutable QMutex m_mutex;
    QWaitCondition m_readyCondition;
    bool m_ready = false;
    Status m_status;
    SandboxHttpServer *m_server = nullptr;
    quint16 m_port = 0;
    QUrl m_baseUrl;
    QSslCertificate m_certificate;
};

} // namespace Liaison
