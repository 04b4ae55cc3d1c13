#include "net/httpreply.h"

#include "net/httpclient.h"

#include <QNetworkReply>

namespace Liaison {

HttpReply::HttpReply(HttpClient *client, const HttpRequest &request)
    : QObject(client)
    , m_request(request)
    , m_client(client)
{
    m_idleTimer.setSingleShot(true);
    m_backoffTimer.setSingleShot(true);
}

HttpReply::~HttpReply()
{
    if (m_client)
        m_client->forget(this);
    if (m_net) {
        m_net->disconnect(this);
        m_net->abort();
        m_net->deleteLater();
    }
}

QByteArray HttpReply::rawHeader(const QByteArray &name) const
{
    for (const HttpHeader &h : m_headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QByteArray HttpReply::readAvailable()
{
    QByteArray out;
    out.swap(m_body);
    return out;
}

void HttpReply::abort()
{
    if (m_finished)
        return;
    if (m_client)
        m_client->cancel(this);
}

} // namespace Liaison
