#include "net/oauthtokensource.h"

#include "net/entratokenreply.h"
#include "net/httpclient.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Liaison {

OAuthTokenSource::OAuthTokenSource(HttpClient *http, const OAuthClientCredentials &creds, QObject *parent)
    : QObject(parent), m_http(http), m_creds(creds)
{
}

OAuthTokenSource::~OAuthTokenSource() = default;

void OAuthTokenSource::token(std::function<void(Result<QString>)> done)
{
    if (!m_token.isEmpty() && now() < m_renewAt) {
        // Queued so `done` never runs inside token() (the CrmConnector contract).
        QTimer::singleShot(0, this, [done = std::move(done), token = m_token] { done(token); });
        return;
    }
    m_waiting.append(std::move(done));
    if (!m_fetching)
        fetch();
}

void OAuthTokenSource::invalidate()
{
    m_token.clear();
    m_renewAt = {};
}

void OAuthTokenSource::fetch()
{
    m_fetching = true;
    Result<HttpRequest> request = EntraTokenReply::request(m_creds.tokenEndpoint, m_creds.clientId,
                                                           m_creds.clientSecret, m_creds.scope);
    if (!request) {
        const Error error = request.error();
        QTimer::singleShot(0, this, [this, error] { finish(error); });
        return;
    }
    HttpRequest http = request.value();
    http.pinnedCertificates = m_pinned;
    http.timeoutMs = 60000;
    ++m_fetchCount;
    const QDateTime sentAt = now();
    QPointer<OAuthTokenSource> self(this);
    m_http->send(http, [self, sentAt](HttpReply &reply) {
        if (!self)
            return;
        if (reply.hasError()) {
            self->finish(Error{reply.error().code,
                               u"cannot reach the sign-in service: %1"_s.arg(reply.error().message),
                               reply.error().fix});
            return;
        }
        Result<EntraTokenReply> parsed = EntraTokenReply::read(reply.statusCode(), reply.body());
        if (!parsed) {
            self->finish(parsed.error());
            return;
        }
        // Renew at 90% of the lifetime, but never later than 5 minutes before expiry.
        const qint64 lifetime = parsed->expiresInSeconds;
        const qint64 margin = std::min<qint64>(300, std::max<qint64>(1, lifetime / 10));
        self->m_token = parsed->accessToken;
        self->m_renewAt = sentAt.addSecs(lifetime - margin);
        self->finish(parsed->accessToken);
    });
}

void OAuthTokenSource::finish(const Result<QString> &result)
{
    m_fetching = false;
    const QList<std::function<void(Result<QString>)>> waiting = std::exchange(m_waiting, {});
    for (const auto &done : waiting)
        done(result);
}

} // namespace Liaison
