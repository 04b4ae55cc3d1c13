#pragma once

#include "common/result.h"
#include "crm/crmconnector.h"
#include "crm/dataverse/dataversejson.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Liaison {

// Which table a reply is about: rows carry neither their logical name nor which column is the key.
struct DataverseEntityInfo
{
    QString entitySet;        // "contacts"
    QString logicalName;      // "contact"
    QString primaryId;        // "contactid"; activities share "activityid"

    // The tables Liaison syncs: contact, appointment, task, email, plus account and systemuser.
    // Empty entitySet if the logical name is not one of them.
    static DataverseEntityInfo forLogicalName(const QString &logicalName);
};

// One page of a collection read.
struct DataverseCollection
{
    QList<CrmRecord> rows;
    QString nextLink;         // follow verbatim for the next page; empty on the last page
    QString deltaLink;        // only on the last page of a change-tracking read
    qint64 count = -1;        // @odata.count when $count=true was asked for
    bool moreRecords = false; // @Microsoft.Dynamics.CRM.morerecords (FetchXML paging)
};

// Reads Dataverse JSON replies (OData v4, odata.metadata=minimal) into CRM-neutral values.
// Every reader enforces DataverseJsonLimits before parsing.
class DataverseReader
{
public:
    static Result<CrmRecord> readEntity(const QByteArray &body, const DataverseEntityInfo &info,
                                        const DataverseJsonLimits &limits = {});
    static Result<DataverseCollection> readCollection(const QByteArray &body, const DataverseEntityInfo &info,
                                                      const DataverseJsonLimits &limits = {});
    // A change-tracking page: rows become upserts, "$deletedEntity" entries become deletes.
    // nextToken is the nextLink (morePages) or else the deltaLink; empty if the reply had neither,
    // which means "keep the token you already have".
    static Result<CrmChangeSet> readDelta(const QByteArray &body, const DataverseEntityInfo &info,
                                          const DataverseJsonLimits &limits = {});
    static Result<CrmIdentity> readWhoAmI(const QByteArray &body);

    // A row object -> CrmRecord; Protocol error if the primary id is missing or not a GUID.
    static Result<CrmRecord> recordFromJson(const QJsonObject &row, const DataverseEntityInfo &info);
    // The id in an OData-EntityId / Location header: ".../contacts(GUID)" -> "guid"; empty if none.
    static QString idFromEntityUrl(const QString &entityUrl);
};

} // namespace Liaison
