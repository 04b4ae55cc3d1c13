#include "sandboxthread.h"

#include "sandboxhttpserver.h"

#include <QMetaObject>

namespace Liaison {

SandboxThread::SandboxThread(Setup setup, bool tls, QObject *parent)
    : QThread(parent)
    , m_setup(std::move(setup))
    , m_tls(tls)
{
}

SandboxThread::~SandboxThread()
{
    stop();
}

Status SandboxThread::startAndWait(int timeoutMs)
{
    start();
    QMutexLocker lock(&m_mutex);
    if (!m_ready && !m_readyCondition.wait(&m_mutex, QDeadlineTimer(timeoutMs)))
        return Error{Error::Code::Internal, QStringLiteral("The sandbox thread did not start in time"), {}};
    return m_status;
}

void SandboxThread::stop()
{
    if (!isRunning())
        return;
    quit();
    wait();
}

quint16 SandboxThread::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QUrl SandboxThread::baseUrl() const
{
    QMutexLocker lock(&m_mutex);
    return m_baseUrl;
}

QSslCertificate SandboxThread::certificate() const
{
    QMutexLocker lock(&m_mutex);
    return m_certificate;
}

void SandboxThread::invoke(const std::function<void(SandboxHttpServer &)> &fn)
{
    SandboxHttpServer *server = m_server;
    if (!server || !isRunning())
        return;
    if (QThread::currentThread() == this) {
        fn(*server);
        return;
    }
    QMetaObject::invokeMethod(server, [server, &fn] { fn(*server); }, Qt::BlockingQueuedConnection);
}

void SandboxThread::run()
{
    SandboxHttpServer server;
    if (m_setup)
        m_setup(server);
    const Status status = m_tls ? server.listenTls() : server.listen();
    {
        QMutexLocker lock(&m_mutex);
        m_status = status;
        m_server = status ? &server : nullptr;
        m_port = server.port();
        m_baseUrl = server.baseUrl();
        m_certificate = server.certificate();
        m_ready = true;
        m_readyCondition.wakeAll();
    }
    if (status)
        exec();
    {
        QMutexLocker lock(&m_mutex);
        m_server = nullptr;
    }
    server.close();
}

} // namespace Liaison
