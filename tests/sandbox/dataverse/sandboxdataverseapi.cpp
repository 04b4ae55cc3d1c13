#include "sandboxdataverseapi.h"

#include "crm/dataverse/dataversemetadata.h"
#include "crm/dataverse/dataversemetadatareader.h"
#include "sandboxdataverseactivityparties.h"
#include "sandboxdataversebatch.h"
#include "sandboxdataversemetadatadocument.h"
#include "sandboxdataversereferences.h"
#include "sandboxdataversepaging.h"
#include "sandboxdataversequeryoptions.h"
#include "sandboxodatafilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUuid>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

SandboxDataverseApi::SandboxDataverseApi(SandboxDataverseStore &store) : m_store(store) {}

SandboxDataverseApi::~SandboxDataverseApi() = default;

bool SandboxDataverseApi::setMetadata(const QByteArray &csdl)
{
    m_metadataXml = csdl;
    m_metadata.reset();
    if (csdl.isEmpty())
        return true;
    Result<DataverseMetadata> parsed = DataverseMetadataReader::read(csdl);
    if (!parsed)
        return false;
    m_metadata = std::make_unique<DataverseMetadata>(std::move(parsed).value());
    return true;
}

SandboxResponse SandboxDataverseApi::error(int status, const QByteArray &code, const QString &message)
{
    const QJsonObject body{{u"error"_s, QJsonObject{{u"code"_s, QString::fromLatin1(code)}, {u"message"_s, message}}}};
    SandboxResponse r = SandboxResponse::json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
    r.setHeader("OData-Version", "4.0");
    return r;
}

SandboxResponse SandboxDataverseApi::handle(const SandboxRequest &request, const QString &root, const QString &userId,
                                            const ContentIds *contentIds)
{
    m_caller = {userId, m_onBehalfOf};
    m_annotations = SandboxDataverseAnnotations(request);
    // Dataverse names the protocol version on every answer, errors and 304s included.
    SandboxResponse r = route(request, root, userId, contentIds);
    if (r.header("OData-Version").isEmpty())
        r.setHeader("OData-Version", "4.0");
    return r;
}

QList<std::pair<QString, QString>> SandboxDataverseApi::serviceEntitySets() const
{
    // The entity sets of the served $metadata's EntityContainer; without one, the store's tables.
    QList<std::pair<QString, QString>> sets;   // name, url
    const qsizetype container = m_metadataXml.indexOf("<EntityContainer");
    qsizetype at = container < 0 ? -1 : m_metadataXml.indexOf("<EntitySet ", container);
    while (at >= 0) {
        const qsizetype name = m_metadataXml.indexOf("Name=\"", at);
        const qsizetype tagEnd = m_metadataXml.indexOf('>', at);
        if (name < 0 || tagEnd < 0 || name > tagEnd)
            break;
        const qsizetype end = m_metadataXml.indexOf('"', name + 6);
        const QString set = QString::fromUtf8(m_metadataXml.mid(name + 6, end - name - 6));
        sets.append({set, set});
        at = m_metadataXml.indexOf("<EntitySet ", tagEnd);
    }
    if (container < 0)
        for (const SandboxDataverseTable &t : m_store.tables())
            sets.append({t.entitySet, t.entitySet});
    return sets;
}

SandboxResponse SandboxDataverseApi::route(const SandboxRequest &request, const QString &root, const QString &userId,
                                           const ContentIds *contentIds)
{
    const QString segment = request.path.mid(qsizetype(qstrlen(kApiPath)));
    if (segment.isEmpty()) {   // the service document (web-api-service-documents.md)
        if (request.method != "GET")
            return error(405, "0x80060888", u"The HTTP method '%1' is not allowed on the service document."_s
                                                .arg(QString::fromLatin1(request.method)));
        QJsonArray sets;
        for (const auto &[name, url] : serviceEntitySets())
            sets.append(QJsonObject{{u"name"_s, name}, {u"kind"_s, u"EntitySet"_s}, {u"url"_s, url}});
        const QJsonObject body{{u"@odata.context"_s, QString(root + u"$metadata"_s)}, {u"value"_s, sets}};
        return SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    if (segment == u"$metadata"_s) {
        if (m_metadataXml.isEmpty())
            return error(404, "0x8006088a", u"The sandbox has no $metadata document configured."_s);
        SandboxResponse r = SandboxResponse::xml(200, SandboxDataverseMetadataDocument::render(m_metadataXml, m_store,
            SandboxDataverseQueryOptions::value(request, u"annotations"_s) == u"true"_s));
        r.setHeader("Content-Type", "application/xml");
        r.setHeader("OData-Version", "4.0");
        return r;
    }
    if (segment == u"$batch"_s)
        return SandboxDataverseBatch(*this).execute(request, root, userId);
    if (segment == u"WhoAmI"_s || segment == u"WhoAmI()"_s) {   // an unbound function, called either way
        // The caller is a systemusers row (SandboxDataverse makes the application user one).
        const auto user = m_store.row(u"systemusers"_s, userId);
        const QString unit = user ? user->value(u"_businessunitid_value"_s).toString() : QString();
        const QJsonObject body{{u"@odata.context"_s, QString(root + u"$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse"_s)},
                               {u"BusinessUnitId"_s, unit.isEmpty() ? u"5f1f4b3e-0000-4000-8000-000000000001"_s : unit},
                               {u"UserId"_s, userId},
                               {u"OrganizationId"_s, u"5f1f4b3e-0000-4000-8000-000000000002"_s}};
        return SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    if (SandboxDataverseReferences::isNavigationPath(segment))
        return SandboxDataverseReferences(*this).handle(request, segment, root);
    Target target;
    QString setName = segment;
    const qsizetype open = segment.indexOf(u'(');
    if (open > 0) {
        if (!segment.endsWith(u')'))
            return error(400, "0x80060888", u"Bad Request - Error in query syntax."_s);
        setName = segment.left(open);
        const QString key = segment.mid(open + 1, segment.size() - open - 2);
        const QUuid uuid = QUuid::fromString(key);
        if (!uuid.isNull()) {
            target.id = uuid.toString(QUuid::WithoutBraces);
        } else {
            const auto keyValues = SandboxDataverseQueryOptions::keyValues(key);
            if (!keyValues)
                return error(400, "0x80060888", u"Bad Request - Error in query syntax: '%1'."_s.arg(key.left(100)));
            target.keyValues = *keyValues;
        }
    }
    target.table = m_store.table(setName);
    if (!target.table)
        return error(404, "0x8006088a", u"Resource not found for the segment '%1'."_s.arg(setName.left(100)));
    if (target.byKey()) {
        // Only keys the table declares; Dataverse answers 400 for any other column set.
        QStringList columns;
        for (const auto &kv : target.keyValues)
            columns.append(kv.first);
        if (m_store.alternateKeyFor(setName, columns).isEmpty())
            return error(400, "0x80060888", u"The key '%1' is not a valid alternate key of the entity '%2'. Define an "
                                            "alternate key with these attributes on the table first."_s
                                                .arg(columns.join(u','), target.table->logicalName));
        target.id = m_store.findByKey(setName, target.keyValues);
        if (target.id.isEmpty() && request.method != "PATCH") {
            QStringList pairs;
            for (const auto &[column, value] : target.keyValues)
                pairs.append(column + u'=' + value);
            return error(404, "0x80040217", u"A record with the specified key values does not exist in %1 entity "
                                            "(%2)."_s.arg(target.table->logicalName, pairs.join(u',')));
        }
    }

    const QByteArray &method = request.method;
    if (setName == QLatin1String(SandboxDataverseStore::kPartySet) && (method != "GET" || !target.id.isEmpty())) {
        // Dataverse offers RetrieveMultiple on activityparty and no other message.
        const QString message = method == "GET" ? u"Retrieve"_s : method == "POST" ? u"Create"_s
                              : method == "PATCH" ? u"Update"_s : u"Delete"_s;
        return error(405, "0x80040800", u"The '%1' method does not support entities of type 'activityparty'. Write "
                                        "activity parties through the activity's *_activity_parties property."_s
                                            .arg(message));
    }
    if (method == "GET")
        return target.id.isEmpty() ? getCollection(request, target, root) : getRow(request, target, root);
    if (method == "POST" && target.id.isEmpty() && !target.byKey())
        return create(request, target, root, contentIds);
    if (method == "PATCH" && (!target.id.isEmpty() || target.byKey()))
        return update(request, target, root, contentIds);
    if (method == "DELETE" && !target.id.isEmpty())
        return remove(request, target);
    return error(405, "0x80060888", u"The HTTP method '%1' is not allowed on this resource."_s
                                        .arg(QString::fromLatin1(method)));
}

QString SandboxDataverseApi::contextFor(const QString &root, const SandboxDataverseTable &table,
                                        const QStringList &select)
{
    return root + u"$metadata#"_s + table.entitySet + (select.isEmpty() ? QString() : u'(' + select.join(u',') + u')');
}

QString SandboxDataverseApi::entityUrl(const QString &root, const SandboxDataverseTable &table, const QString &id)
{
    return root + table.entitySet + u'(' + id + u')';
}

QString SandboxDataverseApi::etagOf(const QJsonObject &row)
{
    return u"W/\"%1\""_s.arg(row.value(u"versionnumber"_s).toInteger());
}

std::optional<SandboxResponse> SandboxDataverseApi::checkColumns(const SandboxDataverseTable &table,
                                                                 const QStringList &columns, bool writing) const
{
    for (const QString &column : columns) {
        bool known = true;
        if (m_store.isAlternateKeyColumn(table.entitySet, column))
            continue;   // declaring a key implies its columns exist
        if (m_metadata && m_metadata->entityType(table.logicalName))
            known = m_metadata->property(table.logicalName, column).has_value();
        else
            known = !column.isEmpty() && !column.at(0).isDigit()
                 && std::all_of(column.begin(), column.end(), [](QChar c) { return c.isLetterOrNumber() || c == u'_'; });
        if (!known) {
            const QString type = u"Microsoft.Dynamics.CRM."_s + table.logicalName;
            return error(400, "0x80060888",
                         writing ? u"The property '%1' does not exist on type '%2'. Make sure to only use property "
                                   "names that are defined by the type."_s.arg(column.left(100), type)
                                 : u"Could not find a property named '%1' on type '%2'."_s.arg(column.left(100), type));
        }
    }
    return std::nullopt;
}

QJsonObject SandboxDataverseApi::present(const SandboxDataverseTable &table, const QJsonObject &row,
                                         const QStringList &select) const
{
    QJsonObject out;
    if (select.isEmpty()) {
        for (auto it = row.begin(); it != row.end(); ++it)
            if (!it.key().contains(u'@'))   // annotations the row keeps come only when asked for
                out.insert(it.key(), it.value());
    } else {
        for (const QString &column : select)
            out.insert(column, row.value(column).isUndefined() ? QJsonValue() : row.value(column));
        out.insert(table.primaryId, row.value(table.primaryId));
    }
    m_annotations.annotate(m_store, m_metadata.get(), table, row, &out);
    out.insert(u"@odata.etag"_s, etagOf(row));
    return out;
}

SandboxResponse SandboxDataverseApi::getCollection(const SandboxRequest &request, const Target &target,
                                                   const QString &root)
{
    const SandboxDataverseTable &table = *target.table;
    const Prefer prefer = SandboxDataverseQueryOptions::prefer(request);
    const QStringList select = SandboxDataverseQueryOptions::select(request);
    if (auto bad = checkColumns(table, select, false))
        return *bad;
    if (!SandboxDataverseQueryOptions::value(request, u"$skip"_s).isEmpty())
        return error(400, "0x80060888", u"The query parameter $skip is not supported."_s);
    if (prefer.trackChanges || request.query.hasQueryItem(u"$deltatoken"_s))
        return getTracked(request, target, root, prefer, select);   // refuses $expand
    Expand expand;
    if (auto bad = readExpand(request, table, &expand))
        return *bad;

    const SandboxODataFilter filter = SandboxODataFilter::parse(SandboxDataverseQueryOptions::value(request, u"$filter"_s));
    if (!filter.isValid())
        return error(400, "0x80060888", u"Syntax error in $filter: %1."_s.arg(filter.error()));
    if (auto bad = checkColumns(table, filter.columns(), false))
        return *bad;

    QList<std::pair<QString, bool>> order;   // column, descending
    for (const QString &part : SandboxDataverseQueryOptions::value(request, u"$orderby"_s).split(u',', Qt::SkipEmptyParts)) {
        const QStringList words = part.trimmed().split(u' ', Qt::SkipEmptyParts);
        if (words.isEmpty() || words.size() > 2 || (words.size() == 2 && words[1] != u"asc"_s && words[1] != u"desc"_s))
            return error(400, "0x80060888", u"Syntax error in $orderby: '%1'."_s.arg(part.left(100)));
        if (auto bad = checkColumns(table, {words[0]}, false))
            return *bad;
        order.append({words[0], words.size() == 2 && words[1] == u"desc"_s});
    }
    bool topOk = true;
    const QString topText = SandboxDataverseQueryOptions::value(request, u"$top"_s);
    const int top = topText.isEmpty() ? 0 : topText.toInt(&topOk);
    if (!topOk || top < 0)
        return error(400, "0x80060888", u"Invalid $top value '%1'."_s.arg(topText.left(20)));

    SandboxDataversePaging paging(request, prefer.maxPageSize);
    if (!paging.isValid())
        return error(400, "0x80060888", u"Invalid $skiptoken."_s);
    const bool count = SandboxDataverseQueryOptions::value(request, u"$count"_s) == u"true"_s;
    // Rows come from the index of a column the filter pins (col eq 'x'), else in id order; only
    // $orderby, $top and $count need every match before the page.
    const auto equality = filter.equality();
    const bool whole = !order.isEmpty() || top > 0 || count;
    QList<QJsonObject> rows;
    QList<QJsonObject> page;
    if (equality || whole) {
        for (const QJsonObject &row :
             equality ? m_store.rowsWhere(table.entitySet, equality->first, equality->second)
                      : m_store.rows(table.entitySet)) // ordered by id
            if (filter.matches(row))
                rows.append(row);
    } else { // only the page: read from where the previous one ended
        page = m_store.rowsAfter(table.entitySet, paging.lastId(), paging.pageSize() + 1,
                                 [&filter](const QJsonObject &row) { return filter.matches(row); });
        const bool more = page.size() > paging.pageSize();
        if (more)
            page.removeLast();
        paging.took(page.isEmpty() ? paging.lastId() : page.last().value(table.primaryId).toString(), more);
    }
    if (!order.isEmpty())
        std::stable_sort(rows.begin(), rows.end(), [&order](const QJsonObject &a, const QJsonObject &b) {
            for (const auto &[column, descending] : order) {
                const int c = SandboxDataverseQueryOptions::compare(a.value(column), b.value(column));
                if (c != 0)
                    return descending ? c > 0 : c < 0;
            }
            return false;
        });
    if (top > 0 && rows.size() > top)
        rows.resize(top);

    // Without $orderby pages are keyed on the primary id (stable under inserts and deletes).
    if (equality || whole)
        page = order.isEmpty() ? paging.pageAfterId(rows, table.primaryId) : paging.pageAtOffset(rows);
    QJsonArray values;
    for (const QJsonObject &row : page)
        values.append(withExpand(present(table, row, select), table, row.value(table.primaryId).toString(), expand));
    QJsonObject body{{u"@odata.context"_s, contextFor(root, table, contextColumns(select, expand))}, {u"value"_s, values}};
    if (count)
        body.insert(u"@odata.count"_s, rows.size());
    if (paging.hasMore())
        body.insert(u"@odata.nextLink"_s, paging.nextLink(QString(root + table.entitySet)));
    SandboxResponse r = SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    r.setHeader("OData-Version", "4.0");
    QByteArrayList applied;
    if (prefer.maxPageSize > 0)
        applied.append("odata.maxpagesize=" + QByteArray::number(paging.pageSize()));
    if (m_annotations.requested())
        applied.append(m_annotations.applied());
    if (!applied.isEmpty())
        r.setHeader("Preference-Applied", applied.join(','));
    return r;
}

SandboxResponse SandboxDataverseApi::getTracked(const SandboxRequest &request, const Target &target,
                                                const QString &root, const Prefer &prefer, const QStringList &select)
{
    const SandboxDataverseTable &table = *target.table;
    if (!m_store.changeTracking(table.entitySet))
        return error(400, "0x80040203", u"Entity '%1' is not enabled for change tracking."_s.arg(table.logicalName));
    for (const QString &refused : {u"$filter"_s, u"$orderby"_s, u"$top"_s, u"$expand"_s})
        if (request.query.hasQueryItem(refused))
            return error(400, "0x80060888",
                         u"The query parameter %1 is not supported when change tracking is requested."_s.arg(refused));
    qint64 since = 0;
    if (request.query.hasQueryItem(u"$deltatoken"_s)) {
        bool ok = false;
        since = SandboxDataverseQueryOptions::value(request, u"$deltatoken"_s).section(u'!', 0, 0).toLongLong(&ok);
        if (!ok || since <= 0 || since > m_store.version())
            return error(400, "0x80044352", u"Invalid delta token."_s);
        // "<version>!MM/dd/yyyy HH:mm:ss" (UTC): past ExpireChangeTrackingInDays, or expired through
        // the admin API, Dataverse's ExpiredVersionStamp: the client must sync again from scratch.
        const QString issuedText =
            SandboxDataverseQueryOptions::value(request, u"$deltatoken"_s).section(u'!', 1);
        const QDateTime issued(QDate::fromString(issuedText.left(10), u"MM/dd/yyyy"_s),
                               QTime::fromString(issuedText.mid(11), u"HH:mm:ss"_s), Qt::UTC);
        if (m_store.deltaTokenExpired(since, issued))
            return error(
                400, "0x80044352",
                u"Version stamp associated with the client has expired. Please perform a full sync."_s);
    }
    SandboxDataversePaging paging(request, prefer.maxPageSize);
    if (!paging.isValid())
        return error(400, "0x80060888", u"Invalid $skiptoken."_s);
    const qint64 until = paging.snapshotVersion(m_store.version());

    // The change log in version order: each changed row once (its current version) and, in a
    // delta, the tombstones; the page starts after the previous page's last version.
    QList<SandboxDataverseStore::Change> changes = m_store.changes(
        table.entitySet, qMax(since, paging.lastVersion()), until, paging.pageSize() + 1, since > 0);
    const bool more = changes.size() > paging.pageSize();
    if (more)
        changes.removeLast();
    paging.took(changes.isEmpty() ? QString::number(paging.lastVersion())
                                  : QString::number(changes.last().version),
                more);
    // Within a page, new and updated rows come first (in version order), then the deletes.
    std::stable_partition(changes.begin(), changes.end(),
                          [](const SandboxDataverseStore::Change &c) { return !c.deleted; });
    QJsonArray values;
    for (const SandboxDataverseStore::Change &change : changes) {
        if (change.deleted)
            values.append(QJsonObject{{u"@odata.context"_s, QString(root + u"$metadata#"_s + table.entitySet +
                                                                    u"/$deletedEntity"_s)},
                                      {u"id"_s, change.id},
                                      {u"reason"_s, u"deleted"_s}});
        else if (const auto row = m_store.row(table.entitySet, change.id))
            values.append(present(table, *row, select));
    }
    QJsonObject body{{u"@odata.context"_s, QString(contextFor(root, table, select) + (since > 0 ? u"/$delta"_s : QString()))},
                     {u"value"_s, values}};
    if (paging.hasMore()) {
        body.insert(u"@odata.nextLink"_s, paging.nextLink(QString(root + table.entitySet)));
    } else {
        QString link = root + table.entitySet + u'?';
        if (!select.isEmpty())
            link += u"$select="_s + select.join(u',') + u'&';
        const QString token = QString::number(until) + u'!'
                            + QDateTime::currentDateTimeUtc().toString(u"MM/dd/yyyy HH:mm:ss"_s);
        link += u"$deltatoken="_s + QString::fromLatin1(QUrl::toPercentEncoding(token));
        body.insert(u"@odata.deltaLink"_s, link);
    }
    SandboxResponse r = SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    r.setHeader("OData-Version", "4.0");
    QByteArrayList applied{"odata.track-changes"};
    if (prefer.maxPageSize > 0)
        applied.append("odata.maxpagesize=" + QByteArray::number(paging.pageSize()));
    if (m_annotations.requested())
        applied.append(m_annotations.applied());
    r.setHeader("Preference-Applied", applied.join(','));
    return r;
}

SandboxResponse SandboxDataverseApi::getRow(const SandboxRequest &request, const Target &target, const QString &root)
{
    const QStringList select = SandboxDataverseQueryOptions::select(request);
    if (auto bad = checkColumns(*target.table, select, false))
        return *bad;
    Expand expand;
    if (auto bad = readExpand(request, *target.table, &expand))
        return *bad;
    const auto row = m_store.row(target.table->entitySet, target.id);
    if (!row)
        return error(SandboxDataverseStore::notFound(*target.table, target.id));
    const QByteArray etag = etagOf(*row).toUtf8();
    // Conditional retrieval: the client's copy is current (If-None-Match: null asks for no condition).
    const QByteArray ifNoneMatch = request.header("If-None-Match").trimmed();
    bool current = ifNoneMatch == "*";
    for (const QByteArray &tag : ifNoneMatch.split(','))
        current = current || tag.trimmed() == etag;
    if (current) {
        SandboxResponse notModified;
        notModified.status = 304;
        notModified.setHeader("ETag", etag);
        return notModified;
    }
    QJsonObject body = withExpand(present(*target.table, *row, select), *target.table, target.id, expand);
    body.insert(u"@odata.context"_s,
                QString(contextFor(root, *target.table, contextColumns(select, expand)) + u"/$entity"_s));
    SandboxResponse r = SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    r.setHeader("OData-Version", "4.0");
    r.setHeader("ETag", etagOf(*row).toUtf8());
    if (m_annotations.requested())
        r.setHeader("Preference-Applied", m_annotations.applied());
    return r;
}

namespace {

// Lookup columns that reach more than one table: without $metadata the sandbox still refuses binding
// them by their column name.
// The lookup column ("_regardingobjectid_value") whose name prefixes a navigation property
// ("regardingobjectid_contact_task"), the longest one if several do; `fallback` if none.
QString lookupColumnOf(const QList<DataverseProperty> &properties, const QString &navigation, const QString &fallback)
{
    QString best;
    for (const DataverseProperty &p : properties) {
        if (!p.name.startsWith(u'_') || !p.name.endsWith(u"_value"_s))
            continue;
        const QString lookup = p.name.mid(1, p.name.size() - 7);
        if (navigation.startsWith(lookup + u'_') && lookup.size() > best.size())
            best = lookup;
    }
    return best.isEmpty() ? fallback : u'_' + best + u"_value"_s;
}

const QStringList kMultiTableLookups = {u"parentcustomerid"_s, u"customerid"_s, u"regardingobjectid"_s,
                                        u"partyid"_s, u"objectid"_s};

// What Dataverse answers for "x@odata.bind" when x is no navigation property (web-api-client-errors.md).
SandboxResponse undeclaredProperty(const SandboxDataverseTable &table, const QString &navigation)
{
    return SandboxDataverseApi::error(
        400, "0x80048d19",
        u"Error identified in Payload provided by the user for Entity :'%1', For more information on this error "
        "please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293 ---->  InnerException : "
        "Microsoft.OData.ODataException: An undeclared property '%2' which only has property annotations in the "
        "payload but no property value was found in the payload. In OData, only declared navigation properties and "
        "declared named streams can be represented as properties without values."_s
            .arg(table.entitySet, navigation.left(100)));
}

} // namespace

bool SandboxDataverseApi::readBody(const SandboxRequest &request, const SandboxDataverseTable &table,
                                   const ContentIds *contentIds, QJsonObject *fields, SandboxResponse *failure) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *failure = error(400, "0x80048d19", u"Error identified in Payload provided by the user for Entity :'%1'."_s
                                                .arg(table.entitySet));
        return false;
    }
    const QJsonObject body = doc.object();
    QStringList columns;
    const QString partyNavigation = SandboxDataverseActivityParties::navigationFor(table.logicalName);
    for (auto it = body.begin(); it != body.end(); ++it) {
        const QString key = it.key();
        if (key.startsWith(u"@odata."_s))
            continue;
        if (!partyNavigation.isEmpty() && key == partyNavigation) {   // deep insert / replace: see takeParties
            fields->insert(key, it.value());
            continue;
        }
        if (!key.endsWith(u"@odata.bind"_s)) {
            columns.append(key);
            fields->insert(key, it.value());
            continue;
        }
        // "parentcustomerid_account@odata.bind": "/accounts(GUID)" (or "$1" inside a changeset)
        const QString navigation = key.left(key.size() - 11);
        // The name must be a single-valued navigation property: a multi-table lookup binds through
        // one per target (parentcustomerid_account), never by the column's own name.
        const bool typed = m_metadata && m_metadata->entityType(table.logicalName);
        if (typed ? !m_metadata->navigationProperty(table.logicalName, navigation).has_value()
                  : kMultiTableLookups.contains(navigation)) {
            *failure = undeclaredProperty(table, navigation);
            return false;
        }
        QString reference = it.value().toString();
        if (contentIds && reference.startsWith(u'$') && contentIds->contains(reference.mid(1)))
            reference = contentIds->value(reference.mid(1));
        reference = reference.section(u'/', -1);
        const qsizetype open = reference.indexOf(u'(');
        const SandboxDataverseTable *targetTable = open > 0 ? m_store.table(reference.left(open)) : nullptr;
        const QString id = open > 0 ? reference.mid(open + 1).chopped(1) : QString();
        if (!targetTable || !reference.endsWith(u')') || !m_store.row(targetTable->entitySet, id)) {
            *failure = targetTable ? error(SandboxDataverseStore::notFound(*targetTable, id))
                                   : error(400, "0x80060888", u"Invalid @odata.bind value for '%1'."_s.arg(navigation));
            return false;
        }
        QString foreignKey = u'_' + navigation + u"_value"_s;
        if (typed) {
            const auto nav = m_metadata->navigationProperty(table.logicalName, navigation);
            if (!nav->foreignKey.isEmpty())
                foreignKey = nav->foreignKey;
            else   // no ReferentialConstraint (regardingobjectid_contact_task): the lookup its name starts with
                foreignKey = lookupColumnOf(m_metadata->allProperties(table.logicalName), navigation, foreignKey);
        }
        fields->insert(foreignKey, QUuid::fromString(id).toString(QUuid::WithoutBraces));
        fields->insert(foreignKey + u"@Microsoft.Dynamics.CRM.lookuplogicalname"_s, targetTable->logicalName);
    }
    if (auto bad = checkColumns(table, columns, true)) {
        *failure = *bad;
        return false;
    }
    return true;
}

SandboxResponse SandboxDataverseApi::create(const SandboxRequest &request, const Target &target, const QString &root,
                                            const ContentIds *contentIds)
{
    QJsonObject fields;
    SandboxResponse failure;
    std::optional<QList<QJsonObject>> parties;
    if (!readBody(request, *target.table, contentIds, &fields, &failure)
        || !takeParties(*target.table, contentIds, &fields, &parties, &failure))
        return failure;
    if (const auto bad = SandboxDataverseOwner::checkOwner(*target.table, fields))
        return error(*bad);
    SandboxDataverseOwner::stampCreate(m_store, *target.table, m_caller, &fields);
    SandboxDataverseStore::Transaction transaction(m_store);
    SandboxDataverseError e;
    auto row = m_store.create(target.table->entitySet, fields, &e);
    if (!row)
        return error(e);
    const QString id = row->value(target.table->primaryId).toString();
    if (parties && !applyParties(*target.table, id, *parties, &*row, &e)) {
        transaction.rollback(); // a failed deep insert leaves nothing behind
        return error(e);
    }
    SandboxResponse r;
    if (SandboxDataverseQueryOptions::prefer(request).representation) {
        const QStringList select = SandboxDataverseQueryOptions::select(request);
        QJsonObject body = present(*target.table, *row, select);
        body.insert(u"@odata.context"_s, QString(contextFor(root, *target.table, select) + u"/$entity"_s));
        r = SandboxResponse::json(201, QJsonDocument(body).toJson(QJsonDocument::Compact));
        r.setHeader("Preference-Applied", m_annotations.requested()
                                                ? "return=representation," + m_annotations.applied()
                                                : QByteArray("return=representation"));
        r.setHeader("ETag", etagOf(*row).toUtf8());
    } else {
        r.status = 204;
    }
    r.setHeader("OData-Version", "4.0");
    r.setHeader("OData-EntityId", entityUrl(root, *target.table, id).toUtf8());
    return r;
}

SandboxResponse SandboxDataverseApi::update(const SandboxRequest &request, const Target &target, const QString &root,
                                            const ContentIds *contentIds)
{
    const SandboxDataverseTable &table = *target.table;
    QJsonObject fields;
    SandboxResponse failure;
    std::optional<QList<QJsonObject>> parties;
    if (!readBody(request, table, contentIds, &fields, &failure)
        || !takeParties(table, contentIds, &fields, &parties, &failure))
        return failure;
    const auto existing = target.id.isEmpty() ? std::nullopt : m_store.row(table.entitySet, target.id);
    const QByteArray ifMatch = request.header("If-Match").trimmed();
    const QByteArray ifNoneMatch = request.header("If-None-Match").trimmed();
    if (existing && ifNoneMatch == "*")
        return error(412, "0x80040237", u"A record with matching key values already exists."_s);
    if (!existing && !ifMatch.isEmpty())
        return target.byKey() ? error(404, "0x80040217", u"A record with the specified key values does not exist in "
                                                         "%1 entity."_s.arg(table.logicalName))
                              : error(SandboxDataverseStore::notFound(table, target.id));
    if (existing && !ifMatch.isEmpty() && ifMatch != "*" && ifMatch != etagOf(*existing).toUtf8())
        return error(412, "0x80060882",
                     u"The version of the existing record doesn't match the RowVersion property provided."_s);

    if (const auto bad = SandboxDataverseOwner::checkOwner(table, fields))
        return error(*bad);
    SandboxDataverseStore::Transaction transaction(m_store);
    SandboxDataverseError e;
    std::optional<QJsonObject> row;
    if (existing) {
        SandboxDataverseOwner::stampUpdate(m_store, table, m_caller, &fields);
        row = m_store.update(table.entitySet, target.id, fields, &e);
    } else {   // a plain PATCH to an unknown id or key is an upsert that creates
        if (target.byKey()) {
            for (const auto &[column, value] : target.keyValues)
                fields.insert(column, value);
        } else {
            fields.insert(table.primaryId, target.id);
        }
        SandboxDataverseOwner::stampCreate(m_store, table, m_caller, &fields);
        row = m_store.create(table.entitySet, fields, &e);
    }
    if (!row)
        return error(e);
    if (parties && !applyParties(table, row->value(table.primaryId).toString(), *parties, &*row, &e)) {
        transaction.rollback();
        return error(e);
    }
    SandboxResponse r;
    if (SandboxDataverseQueryOptions::prefer(request).representation) {
        const QStringList select = SandboxDataverseQueryOptions::select(request);
        QJsonObject body = present(table, *row, select);
        body.insert(u"@odata.context"_s, QString(contextFor(root, table, select) + u"/$entity"_s));
        r = SandboxResponse::json(existing ? 200 : 201, QJsonDocument(body).toJson(QJsonDocument::Compact));
        r.setHeader("Preference-Applied", m_annotations.requested()
                                                ? "return=representation," + m_annotations.applied()
                                                : QByteArray("return=representation"));
    } else {
        r.status = 204;
    }
    r.setHeader("OData-Version", "4.0");
    r.setHeader("ETag", etagOf(*row).toUtf8());
    r.setHeader("OData-EntityId", entityUrl(root, table, row->value(table.primaryId).toString()).toUtf8());
    return r;
}

SandboxResponse SandboxDataverseApi::remove(const SandboxRequest &request, const Target &target)
{
    const auto existing = m_store.row(target.table->entitySet, target.id);
    if (!existing)
        return error(SandboxDataverseStore::notFound(*target.table, target.id));
    const QByteArray ifMatch = request.header("If-Match").trimmed();
    if (!ifMatch.isEmpty() && ifMatch != "*" && ifMatch != etagOf(*existing).toUtf8())
        return error(412, "0x80060882",
                     u"The version of the existing record doesn't match the RowVersion property provided."_s);
    SandboxDataverseError e;
    if (!m_store.remove(target.table->entitySet, target.id, &e))
        return error(e);
    SandboxResponse r;
    r.status = 204;
    r.setHeader("OData-Version", "4.0");
    return r;
}

bool SandboxDataverseApi::takeParties(const SandboxDataverseTable &table, const ContentIds *contentIds,
                                      QJsonObject *fields, std::optional<QList<QJsonObject>> *parties,
                                      SandboxResponse *failure) const
{
    const QString navigation = SandboxDataverseActivityParties::navigationFor(table.logicalName);
    if (navigation.isEmpty() || !fields->contains(navigation))
        return true;
    QStringList columns;
    SandboxDataverseError e;
    *parties = SandboxDataverseActivityParties(m_store).read(table, fields->take(navigation), contentIds, &columns, &e);
    if (!*parties) {
        *failure = error(e);
        return false;
    }
    if (auto bad = checkColumns(*m_store.table(QLatin1String(SandboxDataverseStore::kPartySet)), columns, true)) {
        *failure = *bad;
        return false;
    }
    return true;
}

bool SandboxDataverseApi::applyParties(const SandboxDataverseTable &table, const QString &id,
                                       const QList<QJsonObject> &parties, QJsonObject *row, SandboxDataverseError *e)
{
    // A body with the navigation property replaces the activity's whole party set. This mirrors the
    // SDK, where setting an ActivityParty-typed column (requiredattendees, to, ...) to a collection
    // replaces the parties of that column; the sandbox keeps one set per activity.
    if (!m_store.replaceParties(table.entitySet, id, parties, e))
        return false;
    *row = *m_store.row(table.entitySet, id);   // replaceParties gave the activity a new version
    return true;
}

std::optional<SandboxResponse> SandboxDataverseApi::readExpand(const SandboxRequest &request,
                                                               const SandboxDataverseTable &table, Expand *expand) const
{
    SandboxDataverseError e;
    const auto parsed = SandboxDataverseNavigation::parseExpand(
        m_store, table, SandboxDataverseQueryOptions::value(request, u"$expand"_s), &e);
    if (!parsed)
        return error(e);
    for (const auto &item : parsed->navigations)
        if (auto bad = checkColumns(*item.target, item.select, false))
            return bad;
    *expand = *parsed;
    return std::nullopt;
}

QJsonObject SandboxDataverseApi::withExpand(QJsonObject body, const SandboxDataverseTable &table, const QString &id,
                                            const Expand &expand) const
{
    for (const auto &item : expand.navigations) {
        QJsonArray rows;
        for (const QJsonObject &row : SandboxDataverseNavigation::related(m_store, table, id, item.navigation))
            rows.append(present(*item.target, row, item.select));
        body.insert(item.navigation, rows);
    }
    return body;
}

QStringList SandboxDataverseApi::contextColumns(const QStringList &select, const Expand &expand)
{
    QStringList out = select;
    for (const auto &item : expand.navigations)
        out.append(item.navigation + u'(' + item.select.join(u',') + u')');
    return out;
}

} // namespace Liaison
