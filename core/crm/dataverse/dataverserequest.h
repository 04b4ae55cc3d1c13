#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <utility>

namespace Liaison {

// One Dataverse Web API call as plain data: the network layer sends it, tests inspect it.
// Factories validate ids and names so that nothing a user typed ends up unescaped in a URL.
struct DataverseRequest
{
    enum class UpsertMode {
        CreateOrUpdate,   // plain PATCH: creates the row if the key is unknown
        CreateOnly,       // If-None-Match: *  -> 412 if the row exists
        UpdateOnly,       // If-Match: *       -> 404 if the row is gone
    };

    QByteArray method;                                   // GET, POST, PATCH, DELETE
    QString path;                                        // relative to the API root and percent-encoded,
                                                         // e.g. "contacts(…)?$select=firstname"; or an absolute
                                                         // https URL (a nextLink / deltaLink)
    QList<std::pair<QByteArray, QByteArray>> headers;    // in send order
    QByteArray body;                                     // JSON, form data, or empty
    bool sensitiveBody = false;                          // true: never log or trace the body (token requests)

    // The full URL; apiRoot is e.g. https://contoso.crm.dynamics.com/api/data/v9.2/
    QUrl url(const QUrl &apiRoot) const;
    QByteArray header(const QByteArray &name) const;     // case-insensitive; empty if absent
    void setHeader(const QByteArray &name, const QByteArray &value);   // replaces any earlier value

    // --- the API root -----------------------------------------------------------------------------
    static constexpr const char *kApiPath = "/api/data/v9.2/";
    // "https://contoso.crm.dynamics.com" (with or without a path) -> https://contoso.crm.dynamics.com/api/data/v9.2/
    static Result<QUrl> apiRoot(const QString &organizationUrl);

    // --- paths ------------------------------------------------------------------------------------
    // "contacts(00000000-…)"; Invalid if `id` is not a GUID or the set name is not an identifier.
    static Result<QString> entityPath(const QString &entitySet, const QString &id);
    // "contacts(new_extid='O''Brien')" (values quoted, percent-encoded); one or more key columns.
    static Result<QString> alternateKeyPath(const QString &entitySet,
                                            const QList<std::pair<QString, QString>> &keyValues);
    // "/contacts(GUID)" for "lookup@odata.bind" values.
    static Result<QString> bindReference(const QString &entitySet, const QString &id);

    // --- operations -------------------------------------------------------------------------------
    static Result<DataverseRequest> retrieve(const QString &entitySet, const QString &id, const QStringList &columns);
    // POST; with returnRepresentation the reply carries the row (201) instead of only OData-EntityId (204).
    static Result<DataverseRequest> create(const QString &entitySet, const QJsonObject &body,
                                           bool returnRepresentation = false);
    // PATCH by id that never creates: If-Match is the etag, or * when no etag is given.
    static Result<DataverseRequest> update(const QString &entitySet, const QString &id, const QJsonObject &body,
                                           const QString &etag = {});
    // PATCH to `keyPath` (entityPath or alternateKeyPath) with the mode's precondition header.
    static DataverseRequest upsert(const QString &keyPath, const QJsonObject &body, UpsertMode mode);
    static Result<DataverseRequest> remove(const QString &entitySet, const QString &id, const QString &etag = {});
    static DataverseRequest whoAmI();
    // GET an @odata.nextLink / @odata.deltaLink verbatim. Refused unless it points into apiRoot,
    // so a tampered link can never send our token to another host.
    static Result<DataverseRequest> followLink(const QString &link, const QUrl &apiRoot, int maxPageSize,
                                               bool trackChanges);

    // --- shared helpers -------------------------------------------------------------------------
    static bool isIdentifier(const QString &name);       // [A-Za-z_][A-Za-z0-9_]{0,127}
    static bool isGuid(const QString &id);
    static QString normalizedGuid(const QString &id);    // lower case, no braces; empty if not a GUID
    static QByteArray percentEncode(const QString &queryValue);   // keeps $ ' ( ) , / : readable
    static void addODataHeaders(DataverseRequest &request);      // OData-MaxVersion, OData-Version, Accept
};

} // namespace Liaison
