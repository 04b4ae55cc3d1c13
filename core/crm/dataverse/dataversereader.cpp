#include "crm/dataverse/dataversereader.h"

#include "crm/dataverse/dataverserequest.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

Error protocolError(const QString &message, const QString &fix = {})
{
    return Error{Error::Code::Protocol, message, fix};
}

bool isDeletedEntity(const QJsonObject &row)
{
    return row.value(u"@odata.context"_s).toString().endsWith(u"/$deletedEntity"_s);
}

Result<QJsonArray> valueArray(const QJsonObject &root, const QString &what)
{
    const QJsonValue value = root.value(u"value"_s);
    if (value.isUndefined())
        return QJsonArray();
    if (!value.isArray())
        return protocolError(u"%1: \"value\" is not an array"_s.arg(what));
    return value.toArray();
}

} // namespace

DataverseEntityInfo DataverseEntityInfo::forLogicalName(const QString &logicalName)
{
    static const QList<DataverseEntityInfo> known = {
        {u"contacts"_s, u"contact"_s, u"contactid"_s},
        {u"appointments"_s, u"appointment"_s, u"activityid"_s},
        {u"tasks"_s, u"task"_s, u"activityid"_s},
        {u"emails"_s, u"email"_s, u"activityid"_s},
        {u"recurringappointmentmasters"_s, u"recurringappointmentmaster"_s, u"activityid"_s},
        {u"accounts"_s, u"account"_s, u"accountid"_s},
        {u"leads"_s, u"lead"_s, u"leadid"_s},
        {u"systemusers"_s, u"systemuser"_s, u"systemuserid"_s},
        {u"activityparties"_s, u"activityparty"_s, u"activitypartyid"_s},
    };
    for (const DataverseEntityInfo &info : known)
        if (info.logicalName == logicalName)
            return info;
    return {};
}

Result<CrmRecord> DataverseReader::recordFromJson(const QJsonObject &row, const DataverseEntityInfo &info)
{
    const QString id = DataverseRequest::normalizedGuid(row.value(info.primaryId).toString());
    if (id.isEmpty())
        return protocolError(u"a %1 row has no valid %2"_s.arg(info.logicalName, info.primaryId),
                             u"include %1 in $select"_s.arg(info.primaryId));
    CrmRecord record;
    record.entity = info.logicalName;
    record.id = id;
    record.etag = row.value(u"@odata.etag"_s).toString();
    for (auto it = row.begin(); it != row.end(); ++it)
        if (!it.key().startsWith(u"@odata."_s))
            record.fields.insert(it.key(), it.value());
    const QString modified = row.value(u"modifiedon"_s).toString();
    if (!modified.isEmpty()) {
        record.modifiedOn = QDateTime::fromString(modified, Qt::ISODateWithMs);
        if (!record.modifiedOn.isValid())
            return protocolError(u"%1 %2 has an unreadable modifiedon '%3'"_s.arg(info.logicalName, id, modified.left(40)));
        record.modifiedOn = record.modifiedOn.toUTC();
    }
    return record;
}

Result<CrmRecord> DataverseReader::readEntity(const QByteArray &body, const DataverseEntityInfo &info,
                                              const DataverseJsonLimits &limits)
{
    Result<QJsonDocument> doc = DataverseJson::parseObject(body, u"%1 row"_s.arg(info.logicalName), limits);
    if (!doc)
        return doc.error();
    return recordFromJson(doc->object(), info);
}

Result<DataverseCollection> DataverseReader::readCollection(const QByteArray &body, const DataverseEntityInfo &info,
                                                            const DataverseJsonLimits &limits)
{
    const QString what = u"%1 page"_s.arg(info.entitySet);
    Result<QJsonDocument> doc = DataverseJson::parseObject(body, what, limits);
    if (!doc)
        return doc.error();
    const QJsonObject root = doc->object();
    Result<QJsonArray> rows = valueArray(root, what);
    if (!rows)
        return rows.error();

    DataverseCollection page;
    page.nextLink = root.value(u"@odata.nextLink"_s).toString();
    page.deltaLink = root.value(u"@odata.deltaLink"_s).toString();
    if (root.contains(u"@odata.count"_s))
        page.count = root.value(u"@odata.count"_s).toInteger(-1);
    page.moreRecords = root.value(u"@Microsoft.Dynamics.CRM.morerecords"_s).toBool();
    page.rows.reserve(rows->size());
    for (const QJsonValue &v : rows.value()) {
        if (!v.isObject())
            return protocolError(u"%1: a row is not an object"_s.arg(what));
        Result<CrmRecord> record = recordFromJson(v.toObject(), info);
        if (!record)
            return record.error();
        page.rows.append(record.value());
    }
    return page;
}

Result<CrmChangeSet> DataverseReader::readDelta(const QByteArray &body, const DataverseEntityInfo &info,
                                                const DataverseJsonLimits &limits)
{
    const QString what = u"%1 changes"_s.arg(info.entitySet);
    Result<QJsonDocument> doc = DataverseJson::parseObject(body, what, limits);
    if (!doc)
        return doc.error();
    const QJsonObject root = doc->object();
    Result<QJsonArray> rows = valueArray(root, what);
    if (!rows)
        return rows.error();

    CrmChangeSet changes;
    for (const QJsonValue &v : rows.value()) {
        if (!v.isObject())
            return protocolError(u"%1: an entry is not an object"_s.arg(what));
        const QJsonObject row = v.toObject();
        if (isDeletedEntity(row)) {
            // "reason" is "deleted" for Dataverse; OData also allows "changed" (left the result set).
            // Either way the row is no longer in the synced set.
            const QString id = DataverseRequest::normalizedGuid(row.value(u"id"_s).toString());
            if (id.isEmpty())
                return protocolError(u"%1: a deleted entry has no valid id"_s.arg(what));
            changes.deletes.append({info.logicalName, id});
            continue;
        }
        Result<CrmRecord> record = recordFromJson(row, info);
        if (!record)
            return record.error();
        changes.upserts.append(record.value());
    }
    const QString nextLink = root.value(u"@odata.nextLink"_s).toString();
    changes.morePages = !nextLink.isEmpty();
    changes.nextToken = changes.morePages ? nextLink : root.value(u"@odata.deltaLink"_s).toString();
    return changes;
}

Result<CrmIdentity> DataverseReader::readWhoAmI(const QByteArray &body)
{
    Result<QJsonDocument> doc = DataverseJson::parseObject(body, u"WhoAmI reply"_s);
    if (!doc)
        return doc.error();
    const QJsonObject o = doc->object();
    CrmIdentity identity;
    identity.userId = DataverseRequest::normalizedGuid(o.value(u"UserId"_s).toString());
    identity.businessUnitId = DataverseRequest::normalizedGuid(o.value(u"BusinessUnitId"_s).toString());
    identity.organizationId = DataverseRequest::normalizedGuid(o.value(u"OrganizationId"_s).toString());
    if (identity.userId.isEmpty())
        return protocolError(u"WhoAmI reply has no UserId"_s);
    return identity;
}

QString DataverseReader::idFromEntityUrl(const QString &entityUrl)
{
    static const QRegularExpression re(u"\\(([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\\)\\s*$"_s);
    const QRegularExpressionMatch m = re.match(entityUrl);
    return m.hasMatch() ? m.captured(1).toLower() : QString();
}

} // namespace Liaison
