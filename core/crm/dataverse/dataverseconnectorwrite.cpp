// DataverseConnector: writes, $batch and 412 conflict resolution.
#include "crm/dataverse/dataverseconnector.h"

#include "crm/dataverse/dataverseactivityparties.h"
#include "crm/dataverse/dataversebatchreader.h"
#include "crm/dataverse/dataversebatchwriter.h"
#include "crm/dataverse/dataversefault.h"
#include "crm/dataverse/dataversereader.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

struct WriteState
{
    QList<CrmWriteResult> results;
    int remaining = 0;
    CrmConnector::Callback<QList<CrmWriteResult>> done;

    void set(qsizetype index, CrmWriteResult result)
    {
        results[index] = std::move(result);
        if (--remaining == 0)
            done(results);
    }
};

CrmWriteResult failed(const CrmWrite &write, const Error &error)
{
    CrmWriteResult r;
    r.ok = false;
    r.id = write.id;
    r.error = error;
    return r;
}

} // namespace

QString DataverseConnector::describe(const CrmWrite &write)
{
    const QString target = !write.alternateKey.isEmpty()
        ? u"%1='%2'"_s.arg(write.alternateKey, write.alternateValue.left(80))
        : DataverseRequest::normalizedGuid(write.id);
    switch (write.kind) {
    case CrmWrite::Kind::Create:
        return u"create %1"_s.arg(write.entity);
    case CrmWrite::Kind::Update:
        return u"update %1 %2"_s.arg(write.entity, target);
    case CrmWrite::Kind::Upsert:
        return u"upsert %1 %2"_s.arg(write.entity, target);
    case CrmWrite::Kind::Delete:
        return u"delete %1 %2"_s.arg(write.entity, target);
    }
    return write.entity;
}

Result<QJsonObject> DataverseConnector::writeBody(const CrmWrite &write)
{
    QJsonObject body = write.fields;
    if (write.parties && write.kind != CrmWrite::Kind::Delete) {
        Result<QJsonArray> parties = DataverseActivityParties::toJson(write.entity, *write.parties);
        if (!parties)
            return parties.error();
        // On update the whole set is replaced: parties left out are removed from the activity.
        body.insert(DataverseActivityParties::navigationProperty(write.entity), *parties);
    }
    return body;
}

Result<DataverseRequest> DataverseConnector::buildWrite(const CrmWrite &write) const
{
    const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(write.entity);
    if (info.entitySet.isEmpty())
        return Error::invalid(u"'%1' is not a Dataverse table Liaison syncs"_s.arg(write.entity.left(80)));
    Result<QJsonObject> fields = writeBody(write);
    if (!fields)
        return fields.error();
    switch (write.kind) {
    case CrmWrite::Kind::Create: {
        QJsonObject body = *fields;
        if (!write.id.isEmpty()) {
            const QString id = DataverseRequest::normalizedGuid(write.id);
            if (id.isEmpty())
                return Error::invalid(u"%1: '%2' is not a GUID"_s.arg(describe(write), write.id.left(80)));
            body.insert(info.primaryId, id);
        }
        return DataverseRequest::create(info.entitySet, body, true);
    }
    case CrmWrite::Kind::Update:
        return DataverseRequest::update(info.entitySet, write.id, *fields, write.ifMatch);
    case CrmWrite::Kind::Upsert: {
        Result<QString> path = write.alternateKey.isEmpty()
            ? DataverseRequest::entityPath(info.entitySet, write.id)
            : DataverseRequest::alternateKeyPath(info.entitySet, {{write.alternateKey, write.alternateValue}});
        if (!path)
            return path.error();
        DataverseRequest r = DataverseRequest::upsert(*path, *fields, DataverseRequest::UpsertMode::CreateOrUpdate);
        if (!write.ifMatch.isEmpty())
            r.setHeader("If-Match", write.ifMatch.toUtf8());
        return r;
    }
    case CrmWrite::Kind::Delete:
        return DataverseRequest::remove(info.entitySet, write.id, write.ifMatch);
    }
    return Error{};
}

CrmWriteResult DataverseConnector::resultFrom(const CrmWrite &write,
                                              const QList<std::pair<QByteArray, QByteArray>> &headers,
                                              const QByteArray &body) const
{
    const auto header = [&headers](const QByteArray &name) {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return QByteArray();
    };
    CrmWriteResult r;
    r.ok = true;
    r.id = DataverseRequest::normalizedGuid(write.id);
    r.etag = QString::fromUtf8(header("ETag"));
    const QString entityId = DataverseReader::idFromEntityUrl(QString::fromUtf8(header("OData-EntityId")));
    if (!entityId.isEmpty())
        r.id = entityId;
    if (!body.isEmpty()) {
        const QJsonObject row = QJsonDocument::fromJson(body).object();
        const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(write.entity);
        const QString id = DataverseRequest::normalizedGuid(row.value(info.primaryId).toString());
        if (!id.isEmpty())
            r.id = id;
        if (row.contains(u"@odata.etag"_s))
            r.etag = row.value(u"@odata.etag"_s).toString();
    }
    return r;
}

void DataverseConnector::write(const QList<CrmWrite> &writes, bool atomic, Callback<QList<CrmWriteResult>> done)
{
    if (m_rootError)
        return later<QList<CrmWriteResult>>(std::move(done), *m_rootError);
    if (writes.isEmpty())
        return later<QList<CrmWriteResult>>(std::move(done), QList<CrmWriteResult>());
    if (atomic && writes.size() > DataverseBatchWriter::kMaxRequests)
        return later<QList<CrmWriteResult>>(
            std::move(done), Error::invalid(u"an atomic write holds at most %1 rows; this one has %2"_s
                                                .arg(DataverseBatchWriter::kMaxRequests).arg(writes.size()),
                                            u"split it into smaller groups"_s));
    const bool batch = writes.size() > 1
                    && (atomic || (m_options.batchThreshold > 0 && writes.size() >= m_options.batchThreshold));
    if (batch) {
        if (atomic)
            return writeBatch(writes, true, std::move(done));
        // Chunks of at most 1000 requests, each its own $batch.
        auto state = std::make_shared<WriteState>();
        state->results.resize(writes.size());
        state->done = std::move(done);
        for (qsizetype first = 0; first < writes.size(); first += DataverseBatchWriter::kMaxRequests)
            ++state->remaining;
        for (qsizetype first = 0; first < writes.size(); first += DataverseBatchWriter::kMaxRequests) {
            const QList<CrmWrite> chunk = writes.mid(first, DataverseBatchWriter::kMaxRequests);
            writeBatch(chunk, false, [state, first](Result<QList<CrmWriteResult>> r) {
                for (qsizetype i = 0; r && i < r->size(); ++i)
                    state->results[first + i] = r->at(i);
                if (!r)
                    for (qsizetype i = 0; i < DataverseBatchWriter::kMaxRequests && first + i < state->results.size(); ++i)
                        state->results[first + i].error = r.error();
                if (--state->remaining == 0)
                    state->done(state->results);
            });
        }
        return;
    }
    auto state = std::make_shared<WriteState>();
    state->results.resize(writes.size());
    state->remaining = int(writes.size());
    state->done = std::move(done);
    for (qsizetype i = 0; i < writes.size(); ++i)
        writeOne(writes.at(i), !atomic, [state, i](CrmWriteResult r) { state->set(i, std::move(r)); });
}

void DataverseConnector::writeOne(const CrmWrite &write, bool mayResolve, WriteDone done)
{
    Result<DataverseRequest> request = buildWrite(write);
    if (!request) {
        const Error e{request.error().code, u"%1: %2"_s.arg(describe(write), request.error().message), request.error().fix};
        return later<CrmWriteResult>([done](Result<CrmWriteResult> r) { done(r.value()); }, failed(write, e));
    }
    call(*request, u"Write"_s, [this, write, mayResolve, done](const Reply &r) {
        if (r.ok())
            return done(resultFrom(write, r.headers, r.body));
        if (!r.transport && r.status == 412 && mayResolve && m_resolver && write.kind != CrmWrite::Kind::Create
            && !write.ifMatch.isEmpty())
            return resolveConflict(write, done);
        done(failed(write, *failure(r, describe(write))));
    });
}

void DataverseConnector::resolveConflict(const CrmWrite &write, WriteDone done)
{
    const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(write.entity);
    Result<QString> path = write.alternateKey.isEmpty()
        ? DataverseRequest::entityPath(info.entitySet, write.id)
        : DataverseRequest::alternateKeyPath(info.entitySet, {{write.alternateKey, write.alternateValue}});
    if (!path)
        return done(failed(write, path.error()));
    QStringList select{info.primaryId, u"modifiedon"_s};
    for (auto it = write.fields.begin(); it != write.fields.end(); ++it)
        if (DataverseRequest::isIdentifier(it.key()) && !select.contains(it.key()))
            select.append(it.key());
    DataverseRequest read;
    read.method = "GET";
    read.path = *path + u"?$select="_s + select.join(u',');
    DataverseRequest::addODataHeaders(read);
    read.setHeader("Prefer", "odata.include-annotations=\"*\"");
    const QString context = describe(write);
    call(read, u"ConflictRead"_s, [this, write, info, done, context](const Reply &r) {
        if (!r.ok()) {
            const DataverseFault fault = DataverseFault::read(r.status, r.body);
            if (!r.transport && fault.kind == DataverseFault::Kind::NotFound && write.kind == CrmWrite::Kind::Delete) {
                CrmWriteResult gone;   // deleted on both sides: nothing left to resolve
                gone.ok = true;
                gone.id = DataverseRequest::normalizedGuid(write.id);
                return done(gone);
            }
            return done(failed(write, *failure(r, context + u" (re-reading after a conflict)"_s)));
        }
        Result<CrmRecord> current = DataverseReader::readEntity(r.body, info);
        if (!current)
            return done(failed(write, current.error()));
        CrmRecord row = current.value();
        if (row.etag.isEmpty())
            row.etag = QString::fromUtf8(r.header("ETag"));
        const CrmConflictDecision decision = m_resolver(write, row);
        if (decision.action == CrmConflictDecision::Action::Overwrite) {
            CrmWrite again = write;
            again.ifMatch = row.etag;
            return writeOne(again, false, done);
        }
        CrmWriteResult kept = failed(write, Error::conflict(
            u"%1: the row changed in Dataverse since it was read; kept the Dataverse version (%2)"_s
                .arg(context, decision.reason),
            u"the next sync brings the Dataverse version to Exchange"_s));
        kept.id = row.id;
        kept.etag = row.etag;
        done(kept);
    });
}

void DataverseConnector::writeBatch(const QList<CrmWrite> &writes, bool atomic, Callback<QList<CrmWriteResult>> done)
{
    DataverseBatchWriter batch;
    QList<DataverseRequest> requests;
    for (const CrmWrite &w : writes) {
        Result<DataverseRequest> r = buildWrite(w);
        if (!r)
            return later<QList<CrmWriteResult>>(
                std::move(done), Error{r.error().code, u"%1: %2"_s.arg(describe(w), r.error().message), r.error().fix});
        requests.append(*r);
    }
    if (atomic) {
        batch.addChangeSet(requests);
    } else {
        for (const DataverseRequest &r : requests)
            batch.addRequest(r);
    }
    Result<DataverseRequest> request = batch.request(!atomic);
    if (!request)
        return later<QList<CrmWriteResult>>(std::move(done), request.error());
    const QString context = atomic ? u"atomic write of %1 rows"_s.arg(writes.size())
                                   : u"batch write of %1 rows"_s.arg(writes.size());
    call(*request, u"Batch"_s, [this, writes, atomic, done, context](const Reply &r) {
        if (auto e = failure(r, context))
            return done(*e);
        Result<QList<DataverseBatchPart>> parts = DataverseBatchReader::read(r.header("Content-Type"), r.body);
        if (!parts)
            return done(Error{parts.error().code, u"%1: %2"_s.arg(context, parts.error().message), parts.error().fix});
        auto state = std::make_shared<WriteState>();
        state->results.resize(writes.size());
        state->remaining = int(writes.size());
        state->done = done;
        if (atomic) {
            // One changeset: all parts succeeded, or one error part stands for the rolled-back whole.
            const auto bad = std::find_if(parts->begin(), parts->end(), [](const DataverseBatchPart &p) { return !p.ok(); });
            if (bad == parts->end() && parts->size() == writes.size()) {
                for (qsizetype i = 0; i < writes.size(); ++i)
                    state->set(i, resultFrom(writes.at(i), parts->at(i).headers, parts->at(i).body));
                return;
            }
            const Error cause = bad != parts->end() ? bad->fault().toError(context)
                                                    : Error{Error::Code::Protocol,
                                                            u"%1: the $batch reply has %2 parts for %3 writes"_s
                                                                .arg(context).arg(parts->size()).arg(writes.size()), {}};
            for (qsizetype i = 0; i < writes.size(); ++i)
                state->set(i, failed(writes.at(i), Error{cause.code, u"%1 (rolled back: %2)"_s.arg(describe(writes.at(i)), cause.message), cause.fix}));
            return;
        }
        QHash<int, DataverseBatchPart> byGroup;
        for (const DataverseBatchPart &p : parts.value())
            byGroup.insert(p.group, p);
        for (qsizetype i = 0; i < writes.size(); ++i) {
            const CrmWrite &w = writes.at(i);
            const auto it = byGroup.constFind(int(i));
            WriteDone one = [state, i](CrmWriteResult result) { state->set(i, std::move(result)); };
            if (it == byGroup.constEnd())
                one(failed(w, Error{Error::Code::Protocol, u"%1: not executed, the $batch stopped before it"_s.arg(describe(w)),
                                    u"the next sync writes it again"_s}));
            else if (it->ok())
                one(resultFrom(w, it->headers, it->body));
            else if (it->status == 412 && m_resolver && w.kind != CrmWrite::Kind::Create && !w.ifMatch.isEmpty())
                resolveConflict(w, one);
            else
                one(failed(w, it->fault().toError(describe(w))));
        }
    });
}

} // namespace Liaison
