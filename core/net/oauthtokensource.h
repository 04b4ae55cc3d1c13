#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <functional>

namespace Liaison {

class HttpClient;

struct OAuthClientCredentials
{
    QUrl tokenEndpoint;       // https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token
    QString clientId;
    QString clientSecret;
    QString scope;            // https://contoso.crm.dynamics.com/.default
};

// Client-credentials access tokens for one app registration and scope, shared by every request of
// a connection. The token is cached and renewed ahead of expiry (5 minutes or 10% of its lifetime,
// whichever is shorter), so requests rarely meet an expired one; callers that get a 401 anyway call
// invalidate() and ask again. Concurrent callers share one token request. Errors never carry the
// secret or a token. Use on one thread.
class OAuthTokenSource : public QObject
{
    Q_OBJECT
public:
    OAuthTokenSource(HttpClient *http, const OAuthClientCredentials &creds, QObject *parent = nullptr);
    ~OAuthTokenSource() override;

    // `done` runs once, after token() returned: the cached token or a fresh one.
    void token(std::function<void(Result<QString>)> done);
    // After a 401: the next token() fetches a new one (or joins a fetch already under way).
    void invalidate();

    // Extra trust for the token endpoint (tests and private clouds pin a certificate).
    void setPinnedCertificates(const QList<QSslCertificate> &certificates) { m_pinned = certificates; }
    // The time source; tests move it forward to cross the renewal point.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    // Token requests sent so far (tests check coalescing and renewal with it).
    int fetchCount() const { return m_fetchCount; }
    // When the cached token is renewed; invalid without one.
    QDateTime renewAt() const { return m_renewAt; }

private:
    void fetch();
    void finish(const Result<QString> &result);
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

    HttpClient *m_http = nullptr;
    OAuthClientCredentials m_creds;
    QList<QSslCertificate> m_pinned;
    std::function<QDateTime()> m_clock;
    QString m_token;
    QDateTime m_renewAt;
    QList<std::function<void(Result<QString>)>> m_waiting;
    bool m_fetching = false;
    int m_fetchCount = 0;
};

} // namespace Liaison
