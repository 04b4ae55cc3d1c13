#include "crm/dataverse/dataverseconnector.h"

#include "crm/dataverse/dataverseactivityparties.h"
#include "crm/dataverse/dataversechangetoken.h"
#include "crm/dataverse/dataversefault.h"
#include "crm/dataverse/dataversemetadatareader.h"
#include "crm/dataverse/dataversequery.h"
#include "crm/dataverse/dataversereader.h"
#include "net/httpclient.h"
#include "net/oauthtokensource.h"

#include <QJsonArray>
#include <QTimer>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

Error unknownEntity(const QString &entity)
{
    return Error::invalid(u"'%1' is not a Dataverse table Liaison syncs"_s.arg(entity.left(80)),
                          u"use contact, appointment, task, email, account or systemuser"_s);
}

} // namespace

QByteArray DataverseConnector::Reply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

DataverseConnector::DataverseConnector(HttpClient *http, OAuthTokenSource *tokens,
                                       const DataverseConnectorOptions &options, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_tokens(tokens)
    , m_options(options)
    , m_ramp(options.initialConcurrency, options.maxConcurrency)
{
    m_options.pageSize = std::clamp(m_options.pageSize, 1, DataverseQuery::kMaxPageSize);
    Result<QUrl> root = DataverseRequest::apiRoot(options.organizationUrl);
    if (root)
        m_root = *root;
    else
        m_rootError = root.error();
    m_lane = u"dataverse:"_s + m_root.host() + u':' + QString::number(m_root.port(443));
    // The ramp decides concurrency; the transport's per-host cap must not silently hold it lower.
    // Only this host's: an EWS server sharing the HttpClient keeps the lower default.
    if (m_http->maxConcurrentForHost(m_root) < m_options.maxConcurrency)
        m_http->setMaxConcurrentForHost(m_root, m_options.maxConcurrency);
    // HttpClient pauses the lane on every 429/503 with Retry-After: that is our throttling signal.
    connect(m_http, &HttpClient::lanePaused, this, [this](const QString &lane, qint64) {
        if (lane == m_lane)
            m_ramp.onThrottled();
    });
}

DataverseConnector::~DataverseConnector()
{
    // Replies aborted here finish synchronously; their callbacks must not reach a half-destroyed
    // connector or call back into the caller's (probably also dying) state.
    m_closing = true;
    ++m_epoch;
    for (const QPointer<HttpReply> &r : std::exchange(m_inFlightReplies, {}))
        if (r)
            r->abort();
}

// --- transport ------------------------------------------------------------------------------------

void DataverseConnector::call(const DataverseRequest &request, const QString &tag,
                              std::function<void(const Reply &)> done)
{
    auto c = std::make_shared<Call>();
    c->request = request;
    c->tag = tag;
    c->done = std::move(done);
    c->epoch = m_epoch;
    m_queue.append(c);
    // Queued: `done` must never run inside the public call that caused it.
    QTimer::singleShot(0, this, [this] { pump(); });
}

void DataverseConnector::pump()
{
    while (!m_queue.isEmpty() && m_inFlight < m_ramp.limit()) {
        const std::shared_ptr<Call> c = m_queue.takeFirst();
        ++m_inFlight;
        start(c);
    }
}

void DataverseConnector::start(const std::shared_ptr<Call> &c)
{
    QPointer<DataverseConnector> self(this);
    m_tokens->token([self, c](Result<QString> token) {
        if (!self || self->m_closing)
            return;
        if (c->epoch != self->m_epoch || !token) {
            Reply r;
            r.transport =
                token ? Error{Error::Code::Network, u"the request was cancelled"_s, {}} : token.error();
            --self->m_inFlight;
            c->done(r);
            self->pump();
            return;
        }
        self->send(c, token.value());
    });
}

void DataverseConnector::send(const std::shared_ptr<Call> &c, const QString &bearer)
{
    HttpRequest http;
    http.method = c->request.method;
    http.url = c->request.url(m_root);
    for (const auto &[name, value] : c->request.headers)
        http.setHeader(name, value);
    http.setHeader("Authorization", "Bearer " + bearer.toLatin1());
    http.body = c->request.body;
    http.lane = m_lane;
    http.traceTag = c->tag;
    http.timeoutMs = m_options.timeoutMs;
    http.idempotent = c->request.method == "GET" || c->request.method == "DELETE";
    http.pinnedCertificates = m_options.pinnedCertificates;
    QPointer<DataverseConnector> self(this);
    HttpReply *reply = m_http->send(http, [self, c](HttpReply &r) {
        if (self && !self->m_closing)
            self->onReply(c, r);
    });
    m_inFlightReplies.append(reply);
}

void DataverseConnector::onReply(const std::shared_ptr<Call> &c, HttpReply &http)
{
    m_inFlightReplies.removeIf([&http](const QPointer<HttpReply> &p) { return !p || p == &http; });
    if (!http.hasError() && http.statusCode() == 401 && !c->retriedAfter401 && c->epoch == m_epoch) {
        // The token expired or was revoked early: one fresh token, one more try.
        c->retriedAfter401 = true;
        m_tokens->invalidate();
        start(c);
        return;
    }
    Reply r;
    r.status = http.statusCode();
    r.body = http.body();
    r.headers = http.rawHeaders();
    if (http.hasError())
        r.transport = http.error();
    bool ok = false;
    const int hint = r.header("x-ms-dop-hint").trimmed().toInt(&ok);
    if (ok)
        m_ramp.setServerHint(hint);
    if (r.status == 429)
        m_ramp.onThrottled(); // Retry-After too long to wait: the caller comes back later
    else if (!r.transport)
        m_ramp.onSuccess();
    --m_inFlight;
    c->done(r);
    pump();
}

std::optional<Error> DataverseConnector::failure(const Reply &reply, const QString &context) const
{
    if (reply.transport)
        return Error{reply.transport->code, u"%1: %2"_s.arg(context, reply.transport->message),
                     reply.transport->fix};
    if (reply.ok())
        return std::nullopt;
    return DataverseFault::read(reply.status, reply.body, reply.header("Retry-After")).toError(context);
}

void DataverseConnector::abort()
{
    ++m_epoch;
    const QList<std::shared_ptr<Call>> queued = std::exchange(m_queue, {});
    for (const std::shared_ptr<Call> &c : queued) {
        Reply r;
        r.transport = Error{Error::Code::Network, u"the request was cancelled"_s, {}};
        QTimer::singleShot(0, this, [c, r] { c->done(r); });
    }
    // In-flight replies finish with HttpClient's "cancelled" error through onReply().
    for (const QPointer<HttpReply> &reply : QList<QPointer<HttpReply>>(m_inFlightReplies))
        if (reply)
            reply->abort();
}

// --- reads ----------------------------------------------------------------------------------------

void DataverseConnector::whoAmI(Callback<CrmIdentity> done)
{
    if (m_rootError)
        return later<CrmIdentity>(std::move(done), *m_rootError);
    call(DataverseRequest::whoAmI(), u"WhoAmI"_s, [this, done](const Reply &r) {
        if (auto e = failure(r, u"WhoAmI"_s))
            return done(*e);
        done(DataverseReader::readWhoAmI(r.body));
    });
}

void DataverseConnector::findUser(const QString &email, Callback<CrmUser> done)
{
    if (m_rootError)
        return later<CrmUser>(std::move(done), *m_rootError);
    Result<QString> filter = DataverseFilter::compare(u"internalemailaddress"_s, u"eq"_s, email.trimmed());
    if (!filter)
        return later<CrmUser>(std::move(done), filter.error());
    // top(2): one row is the answer, a second one means the address is ambiguous.
    Result<DataverseRequest> request =
        DataverseQuery(u"systemusers"_s)
            .select({u"systemuserid"_s, u"fullname"_s, u"internalemailaddress"_s, u"isdisabled"_s})
            .filter(*filter)
            .expand(u"systemuserroles_association"_s, {u"name"_s})
            .top(2)
            .request();
    if (!request)
        return later<CrmUser>(std::move(done), request.error());
    static const DataverseEntityInfo users = DataverseEntityInfo::forLogicalName(u"systemuser"_s);
    call(*request, u"FindUser"_s, [this, done, email](const Reply &r) {
        if (auto e = failure(r, u"find the CRM user %1"_s.arg(email)))
            return done(*e);
        Result<DataverseCollection> page = DataverseReader::readCollection(r.body, users);
        if (!page)
            return done(page.error());
        if (page->rows.isEmpty())
            return done(Error::notFound(
                u"No Dataverse user has the primary email %1"_s.arg(email),
                u"check the user's Primary Email in Dynamics 365 (it must match the mailbox)"_s));
        if (page->rows.size() > 1)
            return done(Error::conflict(u"Several Dataverse users have the primary email %1"_s.arg(email),
                                        u"give each user their own Primary Email in Dynamics 365"_s));
        const CrmRecord &row = page->rows.constFirst();
        CrmUser user;
        user.id = row.id;
        user.fullName = row.fields.value(u"fullname"_s).toString();
        user.email = row.fields.value(u"internalemailaddress"_s).toString();
        user.disabled = row.fields.value(u"isdisabled"_s).toBool();
        for (const QJsonValue &role : row.fields.value(u"systemuserroles_association"_s).toArray())
            user.roles << role.toObject().value(u"name"_s).toString();
        user.roles.sort(Qt::CaseInsensitive);
        done(user);
    });
}

void DataverseConnector::fetchRecord(const QString &entity, const QString &id, const QStringList &columns,
                                     Callback<CrmRecord> done)
{
    if (m_rootError)
        return later<CrmRecord>(std::move(done), *m_rootError);
    const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(entity);
    if (info.entitySet.isEmpty())
        return later<CrmRecord>(std::move(done), unknownEntity(entity));
    Result<DataverseRequest> request = DataverseRequest::retrieve(info.entitySet, id, columns);
    if (!request)
        return later<CrmRecord>(std::move(done), request.error());
    const QString context = u"read %1 %2"_s.arg(entity, DataverseRequest::normalizedGuid(id));
    call(*request, u"Retrieve"_s, [this, done, info, context](const Reply &r) {
        if (auto e = failure(r, context))
            return done(*e);
        Result<CrmRecord> record = DataverseReader::readEntity(r.body, info);
        if (!record)
            return done(record);
        if (record->etag.isEmpty())
            record.value().etag = QString::fromUtf8(r.header("ETag"));
        attachParties({*record}, [done](Result<QList<CrmRecord>> rows) {
            done(rows ? Result<CrmRecord>(rows->constFirst()) : Result<CrmRecord>(rows.error()));
        });
    });
}

void DataverseConnector::fetchMetadata(Callback<DataverseMetadata> done)
{
    if (m_rootError)
        return later<DataverseMetadata>(std::move(done), *m_rootError);
    DataverseRequest request;
    request.method = "GET";
    // annotations=true: current Dataverse only then says which tables have change tracking.
    request.path = u"$metadata?annotations=true"_s;
    request.setHeader("Accept", "application/xml");
    call(request, u"Metadata"_s, [this, done](const Reply &r) {
        if (auto e = failure(r, u"read $metadata"_s))
            return done(*e);
        Result<DataverseMetadata> metadata = DataverseMetadataReader::read(r.body);
        if (metadata)
            adoptChangeTracking(*metadata);
        done(metadata);
    });
}

void DataverseConnector::adoptChangeTracking(const DataverseMetadata &metadata)
{
    for (const QString &set : metadata.entitySetNames()) {
        const std::optional<bool> supported = metadata.changeTrackingSupported(set);
        const QString entity = metadata.entityTypeOfSet(set);
        if (supported && changeTracking(entity) == ChangeTracking::Auto)
            setChangeTracking(entity, *supported ? ChangeTracking::On : ChangeTracking::Off);
    }
}

void DataverseConnector::fetchChanges(const QString &entity, const QStringList &columns, const QString &token,
                                      Callback<CrmChangeSet> done)
{
    if (m_rootError)
        return later<CrmChangeSet>(std::move(done), *m_rootError);
    const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(entity);
    if (info.entitySet.isEmpty())
        return later<CrmChangeSet>(std::move(done), unknownEntity(entity));
    Result<DataverseChangeToken> decoded = DataverseChangeToken::decode(token);
    if (!decoded)
        return later<CrmChangeSet>(std::move(done), decoded.error());
    if (DataverseActivityParties::hasParties(entity)) {
        // Change tracking cannot $expand: each page's activities get their parties in a second read.
        done = [this, done = std::move(done)](Result<CrmChangeSet> page) {
            if (!page)
                return done(page);
            attachParties(page->upserts, [done, page = *page](Result<QList<CrmRecord>> rows) mutable {
                if (!rows)
                    return done(rows.error());
                page.upserts = *rows;
                done(page);
            });
        };
    }
    DataverseChangeToken t = decoded.value();
    if (t.mode == DataverseChangeToken::Mode::Initial) {
        if (changeTracking(entity) == ChangeTracking::Off)
            t.mode = DataverseChangeToken::Mode::Watermark;
        else
            t.mode = DataverseChangeToken::Mode::ChangeTracking;
    }
    if (t.mode == DataverseChangeToken::Mode::Watermark)
        fetchWatermark(info, columns, t, std::move(done));
    else
        fetchTracked(info, columns, t.link, std::move(done));
}

void DataverseConnector::fetchTracked(const DataverseEntityInfo &info, const QStringList &columns,
                                      const QString &link, Callback<CrmChangeSet> done)
{
    Result<DataverseRequest> request =
        link.isEmpty() ? DataverseQuery(info.entitySet)
                             .select(columns)
                             .maxPageSize(m_options.pageSize)
                             .trackChanges()
                             .request()
                       : DataverseRequest::followLink(link, m_root, m_options.pageSize, true);
    if (!request)
        return later<CrmChangeSet>(std::move(done), request.error());
    const QString context = u"read changes to %1"_s.arg(info.logicalName);
    call(*request, u"Changes"_s, [this, done, info, columns, link, context](const Reply &r) {
        if (!r.ok() && !r.transport && link.isEmpty() &&
            changeTracking(info.logicalName) == ChangeTracking::Auto) {
            // Tables without change tracking are refused with a 400 naming it: fall back to modifiedon.
            const DataverseFault fault = DataverseFault::read(r.status, r.body);
            if (fault.kind == DataverseFault::Kind::InvalidRequest &&
                fault.serverMessage.contains(u"change tracking"_s, Qt::CaseInsensitive)) {
                setChangeTracking(info.logicalName, ChangeTracking::Off);
                DataverseChangeToken initial;
                initial.mode = DataverseChangeToken::Mode::Watermark;
                return fetchWatermark(info, columns, initial, done);
            }
        }
        if (auto e = failure(r, context))
            return done(*e);
        Result<CrmChangeSet> changes = DataverseReader::readDelta(r.body, info);
        if (!changes)
            return done(changes.error());
        CrmChangeSet out = changes.value();
        DataverseChangeToken next;
        next.mode = DataverseChangeToken::Mode::ChangeTracking;
        next.link = out.nextToken.isEmpty() ? link : out.nextToken; // no link: keep the one we have
        out.nextToken = next.encode();
        done(out);
    });
}

void DataverseConnector::fetchWatermark(const DataverseEntityInfo &info, const QStringList &columns,
                                        const DataverseChangeToken &token, Callback<CrmChangeSet> done)
{
    Result<DataverseRequest> request = Error{};
    if (!token.link.isEmpty()) {
        request = DataverseRequest::followLink(token.link, m_root, m_options.pageSize, false);
    } else {
        QStringList select = columns;
        if (!select.isEmpty() && !select.contains(u"modifiedon"_s))
            select.append(u"modifiedon"_s);
        DataverseQuery query(info.entitySet);
        query.select(select).orderBy(u"modifiedon"_s).orderBy(info.primaryId).maxPageSize(m_options.pageSize);
        if (token.since.isValid()) {
            // ge, not gt: modifiedon has second precision, so a row changed in the same second as the
            // last one we saw would be missed. Rows at the watermark come again; the etag dedups them.
            Result<QString> filter = DataverseFilter::compare(u"modifiedon"_s, u"ge"_s, token.since);
            if (!filter)
                return later<CrmChangeSet>(std::move(done), filter.error());
            query.filter(*filter);
        }
        request = query.request();
    }
    if (!request)
        return later<CrmChangeSet>(std::move(done), request.error());
    const QString context = u"read changes to %1 by modifiedon"_s.arg(info.logicalName);
    call(*request, u"Changes"_s, [done, info, token, context, this](const Reply &r) {
        if (auto e = failure(r, context))
            return done(*e);
        Result<DataverseCollection> page = DataverseReader::readCollection(r.body, info);
        if (!page)
            return done(page.error());
        CrmChangeSet out;
        out.upserts = page->rows;
        DataverseChangeToken next = token;
        for (const CrmRecord &row : page->rows)
            if (row.modifiedOn.isValid() && (!next.newest.isValid() || row.modifiedOn > next.newest))
                next.newest = row.modifiedOn;
        out.morePages = !page->nextLink.isEmpty();
        if (out.morePages) {
            next.link = page->nextLink;
        } else {
            next.link.clear();
            if (next.newest.isValid())
                next.since = next.newest;
            next.newest = {};
        }
        out.nextToken = next.encode();
        done(out);
    });
}

// --- conflicts ------------------------------------------------------------------------------------

DataverseConflictResolver
DataverseConnector::conflictResolver(ConflictBehaviour behaviour,
                                     std::function<QDateTime(const CrmWrite &)> localModifiedOn)
{
    return [behaviour, localModifiedOn](const CrmWrite &write, const CrmRecord &current) {
        switch (behaviour) {
        case ConflictBehaviour::ExchangeWins:
            return CrmConflictDecision{CrmConflictDecision::Action::Overwrite, u"Exchange wins"_s};
        case ConflictBehaviour::CrmWins:
            return CrmConflictDecision{CrmConflictDecision::Action::KeepCrm, u"CRM wins"_s};
        case ConflictBehaviour::MostRecentWins: {
            const QDateTime local = localModifiedOn ? localModifiedOn(write) : QDateTime();
            if (local.isValid() && current.modifiedOn.isValid() && local > current.modifiedOn)
                return CrmConflictDecision{CrmConflictDecision::Action::Overwrite,
                                           u"the Exchange change is newer"_s};
            return CrmConflictDecision{CrmConflictDecision::Action::KeepCrm,
                                       u"the Dataverse change is newer"_s};
        }
        }
        return CrmConflictDecision{};
    };
}

} // namespace Liaison
