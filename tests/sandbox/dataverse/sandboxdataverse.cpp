#include "sandboxdataverse.h"

#include "sandboxauth.h"
#include "sandboxdataverseactivityparties.h"
#include "sandboxdataverseowner.h"
#include "sandboxhttpserver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

constexpr const char *kAdminPath = "/sandbox/dataverse/";

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Entra's error reply: {"error":..,"error_description":"AADSTSnnn: ...","error_codes":[n],...}
SandboxResponse entraError(int status, const QString &error, int code, const QString &description)
{
    const QString trace = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString correlation = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString timestamp = QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm:ss'Z'"_s);
    const QJsonObject body{
        {u"error"_s, error},
        {u"error_description"_s, u"AADSTS%1: %2\r\nTrace ID: %3\r\nCorrelation ID: %4\r\nTimestamp: %5"_s
                                     .arg(code).arg(description, trace, correlation, timestamp)},
        {u"error_codes"_s, QJsonArray{code}},
        {u"timestamp"_s, timestamp},
        {u"trace_id"_s, trace},
        {u"correlation_id"_s, correlation},
        {u"error_uri"_s, u"https://login.microsoftonline.com/error?code=%1"_s.arg(code)}};
    return SandboxResponse::json(status, compact(body));
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

SandboxDataverse::SandboxDataverse(const SandboxDataverseOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_api(m_store)
{
    m_store.addTable(SandboxDataverseOwner::teamTable());   // owners are systemusers or teams
}

SandboxDataverse::~SandboxDataverse() = default;

Status SandboxDataverse::install(SandboxHttpServer &server)
{
    if (!m_options.metadataPath.isEmpty()) {
        QFile file(m_options.metadataPath);
        if (!file.open(QIODevice::ReadOnly))
            return Error::invalid(u"cannot read the sandbox $metadata file %1"_s.arg(m_options.metadataPath),
                                  u"pass a readable CSDL file, or leave it out to serve the built-in excerpt"_s);
        if (!m_api.setMetadata(file.readAll()))
            return Error::invalid(u"the sandbox $metadata file %1 is not valid CSDL"_s.arg(m_options.metadataPath));
    }
    if (Status loaded = load(); !loaded)
        return loaded;

    SandboxHttpServer *s = &server;
    server.route("POST", u"/%1/oauth2/v2.0/token"_s.arg(m_options.tenant),
                 [this](const SandboxRequest &r) { return token(r); });
    server.route({}, QString::fromLatin1(SandboxDataverseApi::kApiPath), [this, s](const SandboxRequest &r) {
        const QByteArray host = r.header("Host").isEmpty() ? s->baseUrl().authority().toLatin1() : r.header("Host");
        const QString root = (s->isTls() ? u"https://"_s : u"http://"_s) + QString::fromLatin1(host)
                           + QString::fromLatin1(SandboxDataverseApi::kApiPath);
        return api(r, root);
    });
    server.route({}, QString::fromLatin1(kAdminPath), [this](const SandboxRequest &r) { return admin(r); });
    return {};
}

void SandboxDataverse::addClient(const QString &clientId, const QString &clientSecret)
{
    m_clients.insert(clientId, clientSecret);
}

QString SandboxDataverse::applicationUserId(const QString &clientId)
{
    // Name-based UUID: the same client always maps to the same application user.
    return QUuid::createUuidV5(QUuid(u"6ba7b811-9dad-11d1-80b4-00c04fd430c8"_s), clientId)
        .toString(QUuid::WithoutBraces);
}

QString SandboxDataverse::ensureApplicationUser(const QString &clientId)
{
    const QString userId = applicationUserId(clientId);
    if (m_store.row(u"systemusers"_s, userId))
        return userId;
    // An application user (accessmode 4, non-interactive) in the root business unit that WhoAmI names;
    // its Entra object id is the service principal's.
    const QString objectId = QUuid::createUuidV5(QUuid(u"6ba7b811-9dad-11d1-80b4-00c04fd430c8"_s), u"sp:"_s + clientId)
                                 .toString(QUuid::WithoutBraces);
    SandboxDataverseError e;
    (void)m_store.create(u"systemusers"_s,
                         {{u"systemuserid"_s, userId}, {u"firstname"_s, u"#"_s}, {u"lastname"_s, u"Liaison"_s},
                          {u"applicationid"_s, clientId}, {u"accessmode"_s, 4}, {u"isdisabled"_s, false},
                          {u"internalemailaddress"_s, QJsonValue()}, {u"azureactivedirectoryobjectid"_s, objectId},
                          {u"_businessunitid_value"_s, u"5f1f4b3e-0000-4000-8000-000000000001"_s},
                          {u"_businessunitid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s, u"businessunit"_s},
                          {u"organizationid"_s, u"5f1f4b3e-0000-4000-8000-000000000002"_s}},
                         &e);
    return userId;
}

void SandboxDataverse::setActOnBehalfOfAnotherUser(const QString &systemUserId, bool granted)
{
    const QString id = QUuid::fromString(systemUserId).toString(QUuid::WithoutBraces);
    if (granted)
        m_cannotActOnBehalf.remove(id);
    else
        m_cannotActOnBehalf.insert(id);
}

std::optional<SandboxResponse> SandboxDataverse::impersonated(const SandboxRequest &request, const QString &callerId,
                                                              QString *userId) const
{
    // impersonate-another-user-web-api.md: CallerObjectId (Entra object id, preferred) or MSCRMCallerID
    // (systemuserid, legacy); the caller needs prvActOnBehalfOfAnotherUser.
    const QString objectId = QString::fromLatin1(request.header("CallerObjectId").trimmed());
    const QString legacyId = QString::fromLatin1(request.header("MSCRMCallerID").trimmed());
    *userId = callerId;
    if (objectId.isEmpty() && legacyId.isEmpty())
        return std::nullopt;
    if (m_cannotActOnBehalf.contains(callerId))
        return SandboxDataverseApi::error(403, "0x8004A110",
                                          u"User does not have the privilege to act on behalf another user."_s);
    const QUuid wanted = QUuid::fromString(objectId.isEmpty() ? legacyId : objectId);
    if (wanted.isNull())
        return SandboxDataverseApi::error(400, "0x80040203", u"Invalid %1 header value '%2'."_s.arg(
            objectId.isEmpty() ? u"MSCRMCallerID"_s : u"CallerObjectId"_s, (objectId.isEmpty() ? legacyId : objectId).left(40)));
    const QString id = wanted.toString(QUuid::WithoutBraces);
    if (objectId.isEmpty()) {
        if (!m_store.row(u"systemusers"_s, id))
            return SandboxDataverseApi::error(SandboxDataverseStore::notFound(*m_store.table(u"systemusers"_s), id));
        *userId = id;
        return std::nullopt;
    }
    for (const QJsonObject &user : m_store.rows(u"systemusers"_s))
        if (user.value(u"azureactivedirectoryobjectid"_s).toString().compare(id, Qt::CaseInsensitive) == 0) {
            *userId = user.value(u"systemuserid"_s).toString();
            return std::nullopt;
        }
    return SandboxDataverseApi::error(404, "0x80040217",
                                      u"systemuser With azureactivedirectoryobjectid = %1 Does Not Exist"_s.arg(id));
}

QString SandboxDataverse::addApplicationUser(const QString &clientId, const QString &roleName)
{
    const QString userId = ensureApplicationUser(clientId);
    SandboxDataverseError e;
    if (roleName.isEmpty())
        return userId;
    QString roleId;
    for (const QJsonObject &role : m_store.rows(u"roles"_s))
        if (role.value(u"name"_s).toString() == roleName)
            roleId = role.value(u"roleid"_s).toString();
    if (roleId.isEmpty())
        if (const auto role = m_store.create(u"roles"_s, {{u"name"_s, roleName}}, &e))
            roleId = role->value(u"roleid"_s).toString();
    if (!m_store.related(QString::fromLatin1(SandboxDataverseStore::kUserRoles), u"systemusers"_s, userId).contains(roleId))
        (void)m_store.associate(QString::fromLatin1(SandboxDataverseStore::kUserRoles), u"systemusers"_s, userId, roleId,
                                &e);
    return userId;
}

QString SandboxDataverse::issueToken(const QString &clientId)
{
    const QByteArray header = base64Url(R"({"typ":"JWT","alg":"RS256"})");
    const QByteArray claims = base64Url(compact({{u"aud"_s, u"sandbox-dataverse"_s},
                                                 {u"appid"_s, clientId},
                                                 {u"jti"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}}));
    const QByteArray signature = base64Url(QCryptographicHash::hash(QByteArray(QUuid::createUuid().toByteArray()
                                                                        + QUuid::createUuid().toByteArray()),
                                                                    QCryptographicHash::Sha256));
    const QString token = QString::fromLatin1(header + '.' + claims + '.' + signature);
    m_tokens.insert(token, {clientId, QDateTime::currentDateTimeUtc().addSecs(m_options.tokenLifetimeSeconds)});
    return token;
}

void SandboxDataverse::expireTokens()
{
    const QDateTime past = QDateTime::currentDateTimeUtc().addSecs(-1);
    for (Token &t : m_tokens)
        t.expires = past;
}

SandboxResponse SandboxDataverse::throttled(int retryAfterSeconds, const QByteArray &code)
{
    QString message = u"Number of requests exceeded the limit of 6000 over time window of 300 seconds."_s;
    if (code == "0x80072321")
        message = u"Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over "
                  "time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of "
                  "requests and try again later."_s;
    else if (code == "0x80072326")
        message = u"Number of concurrent requests exceeded the limit of 52."_s;
    SandboxResponse r = SandboxDataverseApi::error(429, code, message);
    r.setHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    return r;
}

std::optional<QString> SandboxDataverse::throttle(const QString &clientId, const QString &pathPattern,
                                                  int times, const QByteArray &code, int retryAfterSeconds)
{
    if (code != "0x80072322" && code != "0x80072321" && code != "0x80072326")
        return u"unknown service protection error code \"%1\": use 0x80072322 (number of requests), "
               u"0x80072321 "
               "(execution time) or 0x80072326 (concurrent requests)"_s.arg(
                   QString::fromLatin1(code.left(20)));
    QString pattern = pathPattern;
    if (pattern.startsWith(QLatin1String(SandboxDataverseApi::kApiPath)))
        pattern = pattern.mid(qsizetype(qstrlen(SandboxDataverseApi::kApiPath)));
    const QRegularExpression path(QRegularExpression::wildcardToRegularExpression(
        pattern.isEmpty() ? u"*"_s : pattern, QRegularExpression::UnanchoredWildcardConversion));
    m_throttles.append({clientId, QRegularExpression(u'^' + path.pattern() + u'$'), qMax(1, times), code,
                        qMax(0, retryAfterSeconds)});
    return std::nullopt;
}

int SandboxDataverse::pendingThrottles() const
{
    int pending = 0;
    for (const Throttle &t : m_throttles)
        pending += t.remaining;
    return pending;
}

SandboxResponse SandboxDataverse::token(const SandboxRequest &request)
{
    QByteArray form = request.body;
    form.replace('+', ' ');   // application/x-www-form-urlencoded spaces
    const QUrlQuery query(QString::fromUtf8(form));
    const auto field = [&query](const QString &name) { return query.queryItemValue(name, QUrl::FullyDecoded); };
    const QString clientId = field(u"client_id"_s);
    if (field(u"grant_type"_s) != u"client_credentials"_s)
        return entraError(400, u"unsupported_grant_type"_s, 70003,
                          u"The app requested an unsupported grant type '%1'."_s.arg(field(u"grant_type"_s).left(50)));
    if (!m_clients.contains(clientId))
        return entraError(400, u"unauthorized_client"_s, 700016,
                          u"Application with identifier '%1' was not found in the directory '%2'. This can happen if "
                          "the application has not been installed by the administrator of the tenant or consented to "
                          "by any user in the tenant."_s.arg(clientId.left(100), m_options.tenant));
    if (field(u"client_secret"_s) != m_clients.value(clientId))
        return entraError(401, u"invalid_client"_s, 7000215,
                          u"Invalid client secret provided. Ensure the secret being sent in the request is the client "
                          "secret value, not the client secret ID, for a secret added to app '%1'."_s.arg(clientId));
    const QString scope = field(u"scope"_s);
    if (!scope.endsWith(u"/.default"_s))
        return entraError(400, u"invalid_scope"_s, 1002012,
                          u"The provided value for scope %1 is not valid. Client credential flows must have a scope "
                          "value with /.default suffixed to the resource identifier (application ID URI)."_s
                              .arg(scope.left(200)));
    const int lifetime = m_options.tokenLifetimeSeconds;
    const QJsonObject body{{u"token_type"_s, u"Bearer"_s},
                           {u"expires_in"_s, lifetime},
                           {u"ext_expires_in"_s, lifetime},
                           {u"access_token"_s, issueToken(clientId)}};
    return SandboxResponse::json(200, compact(body));
}

SandboxResponse SandboxDataverse::api(const SandboxRequest &request, const QString &root)
{
    const auto it = m_tokens.constFind(QString::fromLatin1(SandboxAuth::bearerToken(request)));
    if (it == m_tokens.constEnd() || it->expires <= QDateTime::currentDateTimeUtc()) {
        // Dataverse answers 401 with an empty body and names the authority to get a token from.
        SandboxResponse r;
        r.status = 401;
        r.setHeader("WWW-Authenticate",
                    "Bearer authorization_uri=https://login.microsoftonline.com/" + m_options.tenant.toUtf8()
                        + "/oauth2/authorize, resource_id=" + root.section(u'/', 0, 2).toUtf8() + '/');
        return r;
    }
    // Service protection limits injected through the admin API, per client and path.
    const QString segment = request.path.mid(qsizetype(qstrlen(SandboxDataverseApi::kApiPath)));
    for (auto t = m_throttles.begin(); t != m_throttles.end(); ++t) {
        if ((!t->clientId.isEmpty() && t->clientId != it->clientId) || !t->path.match(segment).hasMatch())
            continue;
        const SandboxResponse limited = throttled(t->retryAfter, t->code);
        if (--t->remaining <= 0)
            m_throttles.erase(t);
        return limited;
    }
    const QString callerId = ensureApplicationUser(it->clientId);
    QString userId;
    if (auto refused = impersonated(request, callerId, &userId)) {
        refused->setHeader("OData-Version", "4.0");
        return *refused;
    }
    m_api.setOnBehalfOf(userId == callerId ? QString() : callerId);
    SandboxResponse response = m_api.handle(request, root, userId);
    m_api.setOnBehalfOf({});
    if (request.method != "GET" && !m_options.dataFolder.isEmpty())
        (void)save();
    return response;
}

SandboxResponse SandboxDataverse::seed(const QByteArray &body)
{
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    QJsonObject reply;
    for (auto it = request.begin(); it != request.end(); ++it) {
        if (m_store.manyToManyByIntersect(it.key()))
            continue;   // links go in after every row of the request exists
        const SandboxDataverseTable *table = m_store.table(it.key());
        if (!table)
            return SandboxDataverseApi::error(400, "0x8006088a", u"Unknown entity set '%1'."_s.arg(it.key()));
        QList<QJsonObject> rows;
        if (it.value().isArray()) {
            for (const QJsonValue &v : it.value().toArray())
                rows.append(v.toObject());
        } else {
            const int count = it.value().toObject().value(u"generate"_s).toInt();
            const QString prefix = it.value().toObject().value(u"prefix"_s).toString(u"Seed"_s);
            for (int i = 1; i <= count; ++i) {
                const QString n = u"%1"_s.arg(i, 5, 10, QChar(u'0'));
                if (table->logicalName == u"account"_s)
                    rows.append(QJsonObject{{u"name"_s, QString(prefix + u" Account "_s + n)}});
                else
                    rows.append(QJsonObject{{u"firstname"_s, prefix},
                                 {u"lastname"_s, QString(u"Person "_s + n)},
                                 {table->logicalName == u"systemuser"_s ? u"internalemailaddress"_s : u"emailaddress1"_s,
                                  u"%1.%2@example.com"_s.arg(prefix.toLower(), n)}});
            }
        }
        QJsonArray ids;
        const QString partyNavigation = SandboxDataverseActivityParties::navigationFor(table->logicalName);
        for (QJsonObject fields : rows) {
            SandboxDataverseError e;
            // Activities may carry their parties the way a deep insert does.
            std::optional<QList<QJsonObject>> parties;
            if (!partyNavigation.isEmpty() && fields.contains(partyNavigation)) {
                QStringList columns;
                parties = SandboxDataverseActivityParties(m_store).read(*table, fields.take(partyNavigation), nullptr,
                                                                        &columns, &e);
                if (!parties)
                    return SandboxDataverseApi::error(e);
            }
            const auto row = m_store.create(table->entitySet, fields, &e);
            if (!row)
                return SandboxDataverseApi::error(e);
            if (parties && !m_store.replaceParties(table->entitySet, row->value(table->primaryId).toString(), *parties, &e))
                return SandboxDataverseApi::error(e);
            ids.append(row->value(table->primaryId));
        }
        reply.insert(table->entitySet, ids);
    }
    // "systemuserroles": [{"systemuserid":..,"roleid":..}] associates, as the intersect entity holds it.
    for (const SandboxDataverseStore::ManyToMany &m : m_store.manyToManys()) {
        for (const QJsonValue &v : request.value(m.intersect).toArray()) {
            SandboxDataverseError e;
            const QJsonObject link = v.toObject();
            if (!m_store.associate(m.name, m.entitySet1, link.value(m.column1).toString(),
                                   link.value(m.column2).toString(), &e))
                return SandboxDataverseApi::error(e);
        }
    }
    return SandboxResponse::json(200, compact(reply));
}

SandboxResponse SandboxDataverse::admin(const SandboxRequest &request)
{
    const QStringList parts = request.path.mid(qsizetype(qstrlen(kAdminPath))).split(u'/', Qt::SkipEmptyParts);
    const QByteArray &method = request.method;
    SandboxResponse response = SandboxDataverseApi::error(404, "0x8006088a", u"Unknown sandbox admin call."_s);
    if (parts == QStringList{u"reset"_s} && method == "POST") {
        m_store.reset();
        response = SandboxResponse::json(200, "{}");
    } else if (parts == QStringList{u"seed"_s} && method == "POST") {
        response = seed(request.body);
    } else if (parts == QStringList{u"tokens"_s, u"expire"_s} && method == "POST") {
        expireTokens();
        response = SandboxResponse::json(200, "{}");
    } else if (parts.size() == 2 && parts[0] == u"privileges"_s && method == "POST") {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        setActOnBehalfOfAnotherUser(parts[1], body.value(u"actOnBehalfOfAnotherUser"_s).toBool(true));
        response = SandboxResponse::json(200, "{}");
    } else if (parts == QStringList{u"changetracking"_s, u"expire"_s} && method == "POST") {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        if (body.contains(u"olderThanDays"_s))
            m_store.expireDeltaTokensIssuedBefore(QDateTime::currentDateTimeUtc().addSecs(
                qint64(-body.value(u"olderThanDays"_s).toDouble() * 86400)));
        else
            m_store.expireDeltaTokens();
        response = SandboxResponse::json(200, "{}");
    } else if (parts == QStringList{u"throttle"_s}) {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        if (method == "POST") {
            const auto refused = throttle(body.value(u"clientId"_s).toString(),
                                          body.value(u"path"_s).toString(), body.value(u"times"_s).toInt(1),
                                          body.value(u"code"_s).toString(u"0x80072322"_s).toLatin1(),
                                          body.value(u"retryAfter"_s).toInt(1));
            response = refused ? SandboxDataverseApi::error(400, "0x80060888", *refused)
                               : SandboxResponse::json(200, compact({{u"pending"_s, pendingThrottles()}}));
        } else if (method == "DELETE") {
            m_throttles.clear();
            response = SandboxResponse::json(200, "{}");
        } else if (method == "GET") {
            response = SandboxResponse::json(200, compact({{u"pending"_s, pendingThrottles()}}));
        }
    } else if (parts == QStringList{u"save"_s} && method == "POST") {
        const Status saved = save();
        response = saved ? SandboxResponse::json(200, "{}")
                         : SandboxDataverseApi::error(500, "0x80040216", saved.error().message);
    } else if (!parts.isEmpty() && parts.size() <= 2 && m_store.table(parts[0])) {
        const SandboxDataverseTable &table = *m_store.table(parts[0]);
        SandboxDataverseError e;
        if (parts.size() == 1 && method == "GET") {
            QJsonArray rows;
            for (const QJsonObject &row : m_store.rows(table.entitySet))
                rows.append(row);
            response = SandboxResponse::json(200, compact({{u"value"_s, rows}}));
        } else if (parts.size() == 2 && method == "GET") {
            const auto row = m_store.row(table.entitySet, parts[1]);
            response = row ? SandboxResponse::json(200, compact(*row))
                           : SandboxDataverseApi::error(SandboxDataverseStore::notFound(table, parts[1]));
        } else if (parts.size() == 2 && method == "PATCH") {
            const auto row = m_store.update(table.entitySet, parts[1], QJsonDocument::fromJson(request.body).object(), &e);
            response = row ? SandboxResponse::json(200, compact(*row)) : SandboxDataverseApi::error(e);
        } else if (parts.size() == 2 && method == "DELETE") {
            response = m_store.remove(table.entitySet, parts[1], &e) ? SandboxResponse::json(200, "{}")
                                                                     : SandboxDataverseApi::error(e);
        }
    }
    if (method != "GET" && !m_options.dataFolder.isEmpty() && parts != QStringList{u"save"_s})
        (void)save();
    return response;
}

QString SandboxDataverse::dataFile() const
{
    return QDir(m_options.dataFolder).filePath(u"dataverse.json"_s);
}

Status SandboxDataverse::save() const
{
    if (m_options.dataFolder.isEmpty())
        return {};
    QDir().mkpath(m_options.dataFolder);
    QSaveFile file(dataFile());
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(m_store.toJson()).toJson()) < 0 || !file.commit())
        return Error::invalid(u"cannot write the sandbox data file %1"_s.arg(dataFile()));
    return {};
}

Status SandboxDataverse::load()
{
    if (m_options.dataFolder.isEmpty() || !QFile::exists(dataFile()))
        return {};
    QFile file(dataFile());
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(u"cannot read the sandbox data file %1"_s.arg(dataFile()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error::invalid(u"the sandbox data file %1 is not JSON: %2"_s.arg(dataFile(), error.errorString()));
    m_store.fromJson(doc.object());
    return {};
}

} // namespace Liaison
