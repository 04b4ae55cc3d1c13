#pragma once

#include "common/result.h"
#include "sandboxdataverseapi.h"
#include "sandboxdataversestore.h"
#include "sandboxmessage.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <memory>
#include <optional>

namespace Liaison {

class SandboxHttpServer;

struct SandboxDataverseOptions
{
    QString tenant = QStringLiteral("sandbox-tenant");   // the {tenant} in /{tenant}/oauth2/v2.0/token
    // CSDL served as $metadata (and the column schema); empty: none. kBuiltInMetadata is the real
    // excerpt compiled into the library (metadata/README.md), so no file need lie beside the sandbox.
    static constexpr auto kBuiltInMetadata = ":/liaison/sandbox/dataverse/metadata-excerpt.xml";
    QString metadataPath;
    QString dataFolder;            // optional: rows load from / save to <folder>/dataverse.json
    int tokenLifetimeSeconds = 3600;
};

// A Dataverse-shaped server module on a SandboxHttpServer, state in memory:
//   POST /{tenant}/oauth2/v2.0/token        Entra ID client-credentials grant
//   /api/data/v9.2/...                     the Web API (bearer token required), see SandboxDataverseApi;
//                                          the caller is its client's application user (a systemusers row,
//                                          made on first use); CallerObjectId / MSCRMCallerID impersonate
//   /sandbox/dataverse/...                 JSON admin API for tests (no auth):
//     POST   reset                         drop all rows (clients and tokens stay)
//     POST   seed      {"contacts":[{..}], "accounts":[..], "systemusers":[..], "roles":[..]} (any table;
//                      activities may carry "<table>_activity_parties":[..] as in a deep insert;
//                      "systemuserroles":[{"systemuserid":..,"roleid":..}] associates users with roles)
//                      or {"contacts":{"generate":5200}}  -> {"contacts":[ids...], ...}
//     GET    {set}                         {"value":[rows]}
//     GET    {set}/{id}                    the row
//     PATCH  {set}/{id}  {fields}          change it as a user would (new version, modifiedon)
//     DELETE {set}/{id}                    delete it (change tracking reports it)
//     POST   tokens/expire                 every issued token expires now
//     POST   throttle  {"clientId":..,"path":"contacts*","times":n,"code":"0x80072322","retryAfter":s}
//                      service protection: the client's next n Web API requests whose path (after
//                      /api/data/v9.2/, * as wildcard; empty or absent: any; clientId absent: any
//                      client) matches answer 429 with Retry-After and the documented error (codes
//                      0x80072322 requests, 0x80072321 execution time, 0x80072326 concurrency)
//     GET    throttle                      {"pending": requests still to throttle}
//     DELETE throttle                      no more throttling
//     POST   privileges/{systemuserid}  {"actOnBehalfOfAnotherUser":false}   grant or revoke impersonation
//     POST   changetracking/expire [{"olderThanDays":n}]  delta tokens handed out so far (or those
//                      issued more than n days ago) expire: a delta with one answers Dataverse's
//                      ExpiredVersionStamp (400, 0x80044352) and the client must sync again in full.
//                      Without this, tokens expire after 7 days (ExpireChangeTrackingInDays).
//     POST   save                          write the data folder now
// Lives on the server's thread; install() before the server handles requests.
class SandboxDataverse : public QObject
{
    Q_OBJECT
public:
    explicit SandboxDataverse(const SandboxDataverseOptions &options = {}, QObject *parent = nullptr);
    ~SandboxDataverse() override;

    // Loads $metadata and the data folder, then registers the routes.
    Status install(SandboxHttpServer &server);

    void addClient(const QString &clientId, const QString &clientSecret);
    void setTokenLifetime(int seconds) { m_options.tokenLifetimeSeconds = seconds; }
    // A valid token without the token endpoint (for tests about something else).
    QString issueToken(const QString &clientId = {});
    void expireTokens();
    // Service protection limits (see the admin API's throttle): the next `times` requests of
    // `clientId` (empty: any) whose API path matches `pathPattern` (wildcards; empty: any) answer 429.
    // Nullopt error text on success, else what is wrong (an unknown code).
    std::optional<QString> throttle(const QString &clientId, const QString &pathPattern, int times,
                                    const QByteArray &code = "0x80072322", int retryAfterSeconds = 1);
    int pendingThrottles() const;

    SandboxDataverseStore &store() { return m_store; }
    const SandboxDataverseOptions &options() const { return m_options; }

    // 429 the way Dataverse throttles (for SandboxFault::respond): Retry-After plus its error body.
    static SandboxResponse throttled(int retryAfterSeconds, const QByteArray &code = "0x80072322");
    // A stable systemuserid for an application user (the client id's user).
    static QString applicationUserId(const QString &clientId);
    // The client's application user (see ensureApplicationUser) holding the role `roleName` (created
    // if no role has that name; none if empty). Idempotent. Returns the systemuserid.
    QString addApplicationUser(const QString &clientId, const QString &roleName = QStringLiteral("Liaison Sync"));
    // The client's application user as a systemusers row (isdisabled false, accessmode 4, applicationid =
    // client id, the business unit and organization WhoAmI names), without a role; every authenticated
    // Web API call ensures it, so WhoAmI's UserId is always a row. Returns the systemuserid.
    QString ensureApplicationUser(const QString &clientId);
    // prvActOnBehalfOfAnotherUser of a systemuser (default: granted).
    void setActOnBehalfOfAnotherUser(const QString &systemUserId, bool granted);

    Status save() const;

private:
    SandboxResponse token(const SandboxRequest &request);
    SandboxResponse api(const SandboxRequest &request, const QString &root);
    SandboxResponse admin(const SandboxRequest &request);
    SandboxResponse seed(const QByteArray &body);
    // The systemuserid a request runs as: the caller, or whom it impersonates; a response if refused.
    std::optional<SandboxResponse> impersonated(const SandboxRequest &request, const QString &callerId,
                                                QString *userId) const;
    Status load();
    QString dataFile() const;

    SandboxDataverseOptions m_options;
    SandboxDataverseStore m_store;
    SandboxDataverseApi m_api;
    QHash<QString, QString> m_clients;    // client id -> secret
    QSet<QString> m_cannotActOnBehalf;    // systemuserids without prvActOnBehalfOfAnotherUser
    struct Token
    {
        QString clientId;
        QDateTime expires;
    };
    QHash<QString, Token> m_tokens;
    struct Throttle
    {
        QString clientId;
        QRegularExpression path;
        int remaining = 0;
        QByteArray code;
        int retryAfter = 1;
    };
    QList<Throttle> m_throttles;
};

} // namespace Liaison
