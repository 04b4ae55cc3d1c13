#pragma once

#include "crm/crmconnector.h"
#include "crm/dataverse/dataverseconcurrencyramp.h"
#include "crm/dataverse/dataversemetadata.h"
#include "crm/dataverse/dataverserequest.h"
#include "model/enums.h"
#include "net/httprequest.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Liaison {

class HttpClient;
class HttpReply;
class OAuthTokenSource;
struct DataverseEntityInfo;
struct DataverseChangeToken;

struct DataverseConnectorOptions
{
    QString organizationUrl;                  // https://contoso.crm.dynamics.com
    int pageSize = 5000;                      // Prefer: odata.maxpagesize (1..5000)
    int initialConcurrency = 2;               // DataverseConcurrencyRamp start
    int maxConcurrency = 16;                  // ramp cap unless the server sends x-ms-dop-hint
    int batchThreshold = 2;                   // non-atomic writes of at least this many go in a $batch; 0 = never
    int timeoutMs = 120000;
    QList<QSslCertificate> pinnedCertificates;   // private clouds and the sandbox
};

// What to do when a write meets 412 (the row changed in Dataverse since it was read).
struct CrmConflictDecision
{
    enum class Action {
        Overwrite,   // write again with the row's current etag (Exchange wins)
        KeepCrm,     // leave the row as Dataverse has it; the result says so (CRM wins)
    };
    Action action = Action::KeepCrm;
    QString reason;  // for the result's message: "CRM wins", "Dataverse row is newer"
};

// Called with the write that failed and the row as Dataverse has it now (freshly re-read).
using DataverseConflictResolver = std::function<CrmConflictDecision(const CrmWrite &write, const CrmRecord &current)>;

// CrmConnector over the Dataverse Web API v9.2.
//  - Auth: bearer tokens from an OAuthTokenSource; a 401 invalidates the token and retries once.
//  - Requests queue in the connector; DataverseConcurrencyRamp decides how many are in flight.
//    429/503 + Retry-After are retried by HttpClient (lane "dataverse:<host>"); its lanePaused
//    signal tells the ramp to back off.
//  - fetchChanges: change tracking (Prefer: odata.track-changes, delta links, $deletedEntity), or a
//    modifiedon watermark for tables without it (setChangeTracking, or Auto: fall back when the
//    server refuses tracking for the table). Deletes cannot be seen in watermark mode. Pages of
//    options.pageSize rows; morePages while an @odata.nextLink is pending.
//  - write: atomic -> one $batch changeset; otherwise single requests or a $batch without a
//    changeset (continue-on-error). Upsert by alternate key: PATCH contacts(new_exchangeid='x').
//    A 412 on a non-atomic write re-reads the row and asks the conflict resolver (none set: the
//    write fails with a Conflict error). Atomic writes are never resolved: the changeset is rolled
//    back as a whole and every row reports the failure.
class DataverseConnector : public QObject, public CrmConnector
{
    Q_OBJECT
public:
    enum class ChangeTracking { Auto, On, Off };

    // `http` and `tokens` must outlive the connector (they are shared per connection).
    DataverseConnector(HttpClient *http, OAuthTokenSource *tokens, const DataverseConnectorOptions &options,
                       QObject *parent = nullptr);
    ~DataverseConnector() override;

    void whoAmI(Callback<CrmIdentity> done) override;
    void findUser(const QString &email, Callback<CrmUser> done) override;
    void fetchChanges(const QString &entity, const QStringList &columns, const QString &token,
                      Callback<CrmChangeSet> done) override;
    void fetchRecord(const QString &entity, const QString &id, const QStringList &columns,
                     Callback<CrmRecord> done) override;
    void write(const QList<CrmWrite> &writes, bool atomic, Callback<QList<CrmWriteResult>> done) override;
    void abort() override;

    // The environment's $metadata (for mapping validation on save). Tables still in Auto change
    // tracking take the mode $metadata declares for them (adoptChangeTracking).
    void fetchMetadata(Callback<DataverseMetadata> done);
    // Auto tables whose entity set carries Capabilities.V1.ChangeTracking become On or Off, so the
    // first read of a table without it goes straight to the modifiedon watermark.
    void adoptChangeTracking(const DataverseMetadata &metadata);

    void setConflictResolver(DataverseConflictResolver resolver) { m_resolver = std::move(resolver); }
    // The configuration's ConflictBehaviour as a resolver. MostRecentWins compares the row's
    // modifiedon with `localModifiedOn(write)` (the Exchange side's change time); without it, or
    // when either time is unknown, Dataverse wins.
    static DataverseConflictResolver conflictResolver(ConflictBehaviour behaviour,
                                                      std::function<QDateTime(const CrmWrite &)> localModifiedOn = {});

    void setChangeTracking(const QString &entity, ChangeTracking mode) { m_tracking.insert(entity, mode); }
    ChangeTracking changeTracking(const QString &entity) const { return m_tracking.value(entity, ChangeTracking::Auto); }

    const DataverseConcurrencyRamp &ramp() const { return m_ramp; }
    QUrl apiRoot() const { return m_root; }
    QString lane() const { return m_lane; }

private:
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QList<HttpHeader> headers;
        std::optional<Error> transport;
        QByteArray header(const QByteArray &name) const;
        bool ok() const { return !transport && status >= 200 && status < 300; }
    };
    struct Call
    {
        DataverseRequest request;
        QString tag;
        std::function<void(const Reply &)> done;
        bool retriedAfter401 = false;
        quint64 epoch = 0;
    };
    using WriteDone = std::function<void(CrmWriteResult)>;

    // Transport
    void call(const DataverseRequest &request, const QString &tag, std::function<void(const Reply &)> done);
    void pump();
    void start(const std::shared_ptr<Call> &c);
    void send(const std::shared_ptr<Call> &c, const QString &bearer);
    void onReply(const std::shared_ptr<Call> &c, HttpReply &reply);
    std::optional<Error> failure(const Reply &reply, const QString &context) const;
    // Delivers a result from the event loop: `done` never runs inside the public call.
    template<typename T>
    void later(Callback<T> done, Result<T> result)
    {
        QTimer::singleShot(0, this, [done = std::move(done), result = std::move(result)] { done(result); });
    }

    // Reads
    void fetchTracked(const DataverseEntityInfo &info, const QStringList &columns, const QString &link,
                      Callback<CrmChangeSet> done);
    void fetchWatermark(const DataverseEntityInfo &info, const QStringList &columns, const DataverseChangeToken &token,
                        Callback<CrmChangeSet> done);

    // Activity parties (dataverseconnectorparties.cpp): read for the activities among `records`
    // (activityparties by _activityid_value, 50 ids a query) and set on them.
    void attachParties(QList<CrmRecord> records, std::function<void(Result<QList<CrmRecord>>)> done);
    void readParties(const DataverseRequest &request, std::shared_ptr<void> round);

    // Writes (dataverseconnectorwrite.cpp)
    Result<DataverseRequest> buildWrite(const CrmWrite &write) const;
    static Result<QJsonObject> writeBody(const CrmWrite &write);   // fields plus the parties, if any
    void writeOne(const CrmWrite &write, bool mayResolve, WriteDone done);
    void writeBatch(const QList<CrmWrite> &writes, bool atomic, Callback<QList<CrmWriteResult>> done);
    void resolveConflict(const CrmWrite &write, WriteDone done);
    CrmWriteResult resultFrom(const CrmWrite &write, const QList<std::pair<QByteArray, QByteArray>> &headers,
                              const QByteArray &body) const;
    static QString describe(const CrmWrite &write);

    HttpClient *m_http = nullptr;
    OAuthTokenSource *m_tokens = nullptr;
    DataverseConnectorOptions m_options;
    QUrl m_root;
    std::optional<Error> m_rootError;
    QString m_lane;
    DataverseConcurrencyRamp m_ramp;
    QList<std::shared_ptr<Call>> m_queue;
    QList<QPointer<HttpReply>> m_inFlightReplies;
    int m_inFlight = 0;
    bool m_closing = false;
    quint64 m_epoch = 0;   // bumped by abort(): queued calls of an older epoch are cancelled
    QHash<QString, ChangeTracking> m_tracking;
    DataverseConflictResolver m_resolver;
};

} // namespace Liaison
