#include "crm/dataverse/dataverserequest.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

Error badName(const QString &what, const QString &name)
{
    return Error::invalid(u"'%1' is not a valid Dataverse %2 name"_s.arg(name.left(80), what),
                          u"use the logical name: letters, digits and '_' only"_s);
}

Error badId(const QString &entitySet, const QString &id)
{
    return Error::invalid(u"'%1' is not a GUID, so it cannot identify a row in %2"_s.arg(id.left(80), entitySet),
                          u"pass the row id as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"_s);
}

QByteArray jsonBody(const QJsonObject &body)
{
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

QUrl DataverseRequest::url(const QUrl &apiRoot) const
{
    const QUrl relative = QUrl::fromEncoded(path.toUtf8(), QUrl::StrictMode);
    return relative.isRelative() ? apiRoot.resolved(relative) : relative;
}

QByteArray DataverseRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

void DataverseRequest::setHeader(const QByteArray &name, const QByteArray &value)
{
    headers.removeIf([&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
    headers.append({name, value});
}

Result<QUrl> DataverseRequest::apiRoot(const QString &organizationUrl)
{
    const QUrl url(organizationUrl.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.scheme() != u"https"_s)
        return Error::invalid(u"'%1' is not an https organization URL"_s.arg(organizationUrl.left(200)),
                              u"use the environment URL, e.g. https://contoso.crm.dynamics.com"_s);
    QUrl root;
    root.setScheme(url.scheme());
    root.setHost(url.host());
    if (url.port() != -1)
        root.setPort(url.port());
    root.setPath(QString::fromLatin1(kApiPath));
    return root;
}

bool DataverseRequest::isIdentifier(const QString &name)
{
    static const QRegularExpression re(u"^[A-Za-z_][A-Za-z0-9_]{0,127}$"_s);
    return re.match(name).hasMatch();
}

bool DataverseRequest::isGuid(const QString &id)
{
    return !normalizedGuid(id).isEmpty();
}

QString DataverseRequest::normalizedGuid(const QString &id)
{
    const QUuid uuid = QUuid::fromString(id.trimmed());
    if (uuid.isNull() && id.trimmed() != u"00000000-0000-0000-0000-000000000000"_s)
        return {};
    return uuid.toString(QUuid::WithoutBraces).toLower();
}

QByteArray DataverseRequest::percentEncode(const QString &queryValue)
{
    // Everything that could end a parameter or change its meaning (& = # + % space) is encoded.
    return QUrl::toPercentEncoding(queryValue, "$'(),/:@*");
}

void DataverseRequest::addODataHeaders(DataverseRequest &request)
{
    request.setHeader("OData-MaxVersion", "4.0");
    request.setHeader("OData-Version", "4.0");
    request.setHeader("Accept", "application/json");
}

Result<QString> DataverseRequest::entityPath(const QString &entitySet, const QString &id)
{
    if (!isIdentifier(entitySet))
        return badName(u"entity set"_s, entitySet);
    const QString guid = normalizedGuid(id);
    if (guid.isEmpty())
        return badId(entitySet, id);
    return QString(entitySet + u'(' + guid + u')');
}

Result<QString> DataverseRequest::alternateKeyPath(const QString &entitySet,
                                                   const QList<std::pair<QString, QString>> &keyValues)
{
    if (!isIdentifier(entitySet))
        return badName(u"entity set"_s, entitySet);
    if (keyValues.isEmpty())
        return Error::missing(u"an alternate key for %1 needs at least one column"_s.arg(entitySet));
    QStringList parts;
    for (const auto &[column, value] : keyValues) {
        if (!isIdentifier(column))
            return badName(u"key column"_s, column);
        QString quoted = value;
        quoted.replace(u'\'', u"''"_s);
        // '/' and '?' stay encoded here: inside the key segment they would split the path.
        parts.append(column + u"='"_s + QString::fromLatin1(QUrl::toPercentEncoding(quoted, "'")) + u'\'');
    }
    return QString(entitySet + u'(' + parts.join(u',') + u')');
}

Result<QString> DataverseRequest::bindReference(const QString &entitySet, const QString &id)
{
    Result<QString> path = entityPath(entitySet, id);
    if (!path)
        return path.error();
    return QString(u'/' + path.value());
}

Result<DataverseRequest> DataverseRequest::retrieve(const QString &entitySet, const QString &id,
                                                    const QStringList &columns)
{
    Result<QString> path = entityPath(entitySet, id);
    if (!path)
        return path.error();
    for (const QString &c : columns)
        if (!isIdentifier(c))
            return badName(u"column"_s, c);
    DataverseRequest r;
    r.method = "GET";
    r.path = path.value();
    if (!columns.isEmpty())
        r.path += u"?$select="_s + columns.join(u',');
    addODataHeaders(r);
    r.setHeader("Prefer", "odata.include-annotations=\"*\"");
    return r;
}

Result<DataverseRequest> DataverseRequest::create(const QString &entitySet, const QJsonObject &body,
                                                  bool returnRepresentation)
{
    if (!isIdentifier(entitySet))
        return badName(u"entity set"_s, entitySet);
    DataverseRequest r;
    r.method = "POST";
    r.path = entitySet;
    addODataHeaders(r);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    if (returnRepresentation)
        r.setHeader("Prefer", "return=representation");
    r.body = jsonBody(body);
    return r;
}

Result<DataverseRequest> DataverseRequest::update(const QString &entitySet, const QString &id,
                                                  const QJsonObject &body, const QString &etag)
{
    Result<QString> path = entityPath(entitySet, id);
    if (!path)
        return path.error();
    DataverseRequest r = upsert(path.value(), body, UpsertMode::UpdateOnly);
    if (!etag.isEmpty())
        r.setHeader("If-Match", etag.toUtf8());
    return r;
}

DataverseRequest DataverseRequest::upsert(const QString &keyPath, const QJsonObject &body, UpsertMode mode)
{
    DataverseRequest r;
    r.method = "PATCH";
    r.path = keyPath;
    addODataHeaders(r);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    if (mode == UpsertMode::CreateOnly)
        r.setHeader("If-None-Match", "*");
    else if (mode == UpsertMode::UpdateOnly)
        r.setHeader("If-Match", "*");
    r.body = jsonBody(body);
    return r;
}

Result<DataverseRequest> DataverseRequest::remove(const QString &entitySet, const QString &id, const QString &etag)
{
    Result<QString> path = entityPath(entitySet, id);
    if (!path)
        return path.error();
    DataverseRequest r;
    r.method = "DELETE";
    r.path = path.value();
    addODataHeaders(r);
    if (!etag.isEmpty())
        r.setHeader("If-Match", etag.toUtf8());
    return r;
}

DataverseRequest DataverseRequest::whoAmI()
{
    DataverseRequest r;
    r.method = "GET";
    r.path = u"WhoAmI"_s;
    addODataHeaders(r);
    return r;
}

Result<DataverseRequest> DataverseRequest::followLink(const QString &link, const QUrl &apiRoot, int maxPageSize,
                                                      bool trackChanges)
{
    const QUrl url = QUrl::fromEncoded(link.toUtf8(), QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.scheme() != apiRoot.scheme() || url.host() != apiRoot.host()
        || url.port() != apiRoot.port() || !url.path().startsWith(apiRoot.path()))
        return Error{Error::Code::Protocol,
                     u"the paging or delta link does not point into %1"_s.arg(apiRoot.toString()),
                     u"discard the stored token and run a full sync"_s};
    DataverseRequest r;
    r.method = "GET";
    r.path = link;
    addODataHeaders(r);
    QByteArrayList prefer;
    if (trackChanges)
        prefer.append("odata.track-changes");
    if (maxPageSize > 0)
        prefer.append("odata.maxpagesize=" + QByteArray::number(maxPageSize));
    prefer.append("odata.include-annotations=\"*\"");
    r.setHeader("Prefer", prefer.join(','));
    return r;
}

} // namespace Liaison
