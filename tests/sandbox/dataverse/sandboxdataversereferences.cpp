#include "sandboxdataversereferences.h"

#include "sandboxdataversenavigation.h"
#include "sandboxdataversequeryoptions.h"
#include "sandboxodatafilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

SandboxResponse notFoundSegment(const QString &segment)
{
    return SandboxDataverseApi::error(404, "0x8006088a",
                                      u"Resource not found for the segment '%1'."_s.arg(segment.left(100)));
}

// "name(GUID)" -> {name, normalized GUID}; the id is empty when there are no parentheses.
std::optional<std::pair<QString, QString>> splitKey(const QString &text)
{
    const qsizetype open = text.indexOf(u'(');
    if (open < 0)
        return std::make_pair(text, QString());
    if (!text.endsWith(u')'))
        return std::nullopt;
    const QUuid uuid = QUuid::fromString(text.mid(open + 1, text.size() - open - 2));
    if (uuid.isNull())
        return std::nullopt;
    return std::make_pair(text.left(open), uuid.toString(QUuid::WithoutBraces));
}

} // namespace

bool SandboxDataverseReferences::isNavigationPath(const QString &segment)
{
    bool quoted = false;
    for (const QChar c : segment) {
        if (c == u'\'')
            quoted = !quoted;   // '' inside a value toggles twice
        else if (c == u'/' && !quoted)
            return true;
    }
    return false;
}

SandboxResponse SandboxDataverseReferences::noContent()
{
    SandboxResponse r;
    r.status = 204;
    r.setHeader("OData-Version", "4.0");
    return r;
}

QString SandboxDataverseReferences::idIn(const QString &reference, const SandboxDataverseTable &table)
{
    const auto key = splitKey(reference.section(u'/', -1));
    return key && key->first == table.entitySet ? key->second : QString();
}

std::optional<SandboxResponse> SandboxDataverseReferences::parse(const QString &segment, Path *path) const
{
    const QStringList parts = segment.split(u'/');
    if (parts.size() < 2 || parts.size() > 3 || (parts.size() == 3 && parts[2] != u"$ref"_s))
        return SandboxDataverseApi::error(400, "0x80060888",
                                          u"Bad Request - Error in query syntax: '%1'."_s.arg(segment.left(200)));
    const auto source = splitKey(parts[0]);
    const auto navigation = splitKey(parts[1]);
    if (!source || !navigation || source->second.isEmpty())
        return SandboxDataverseApi::error(400, "0x80060888",
                                          u"Bad Request - Error in query syntax: '%1'."_s.arg(segment.left(200)));
    SandboxDataverseStore &store = m_api.store();
    path->table = store.table(source->first);
    if (!path->table)
        return notFoundSegment(source->first);
    path->id = source->second;
    path->navigation = navigation->first;
    path->targetId = navigation->second;
    path->ref = parts.size() == 3;
    path->target = SandboxDataverseNavigation::targetOf(store, *path->table, path->navigation);
    if (!path->target)
        return notFoundSegment(path->navigation);
    if (!store.row(path->table->entitySet, path->id))
        return SandboxDataverseApi::error(SandboxDataverseStore::notFound(*path->table, path->id));
    return std::nullopt;
}

SandboxResponse SandboxDataverseReferences::handle(const SandboxRequest &request, const QString &segment,
                                                   const QString &root)
{
    Path path;
    if (auto bad = parse(segment, &path))
        return *bad;
    const QByteArray &method = request.method;
    if (method == "GET")
        return list(request, path, root);
    if (!path.ref || !m_api.store().manyToMany(path.table->entitySet, path.navigation))
        return SandboxDataverseApi::error(405, "0x80060888", u"The HTTP method '%1' is not allowed on this resource."_s
                                                                 .arg(QString::fromLatin1(method)));
    if (method == "POST" && path.targetId.isEmpty())
        return link(request, path);
    if (method == "DELETE")
        return unlink(request, path);
    return SandboxDataverseApi::error(405, "0x80060888", u"The HTTP method '%1' is not allowed on this resource."_s
                                                             .arg(QString::fromLatin1(method)));
}

SandboxResponse SandboxDataverseReferences::list(const SandboxRequest &request, const Path &path, const QString &root)
{
    const SandboxDataverseTable &target = *path.target;
    const QStringList select = path.ref ? QStringList() : SandboxDataverseQueryOptions::select(request);
    if (auto bad = m_api.checkColumns(target, select, false))
        return *bad;
    const SandboxODataFilter filter = SandboxODataFilter::parse(SandboxDataverseQueryOptions::value(request, u"$filter"_s));
    if (!filter.isValid())
        return SandboxDataverseApi::error(400, "0x80060888", u"Syntax error in $filter: %1."_s.arg(filter.error()));
    if (auto bad = m_api.checkColumns(target, filter.columns(), false))
        return *bad;

    QList<QJsonObject> rows;
    for (const QJsonObject &row : SandboxDataverseNavigation::related(m_api.store(), *path.table, path.id, path.navigation))
        if (filter.matches(row)
            && (path.targetId.isEmpty() || row.value(target.primaryId).toString() == path.targetId))
            rows.append(row);
    QJsonObject body;
    if (!path.targetId.isEmpty()) {   // one related row
        if (rows.isEmpty())
            return SandboxDataverseApi::error(SandboxDataverseStore::notFound(target, path.targetId));
        body = m_api.present(target, rows.first(), select);
        body.insert(u"@odata.context"_s, QString(SandboxDataverseApi::contextFor(root, target, select) + u"/$entity"_s));
    } else {
        QJsonArray values;
        for (const QJsonObject &row : rows)
            values.append(path.ref ? QJsonObject{{u"@odata.id"_s, SandboxDataverseApi::entityUrl(
                                                     root, target, row.value(target.primaryId).toString())}}
                                   : m_api.present(target, row, select));
        body.insert(u"@odata.context"_s, path.ref ? QString(root + u"$metadata#Collection($ref)"_s)
                                                  : SandboxDataverseApi::contextFor(root, target, select));
        body.insert(u"value"_s, values);
    }
    SandboxResponse r = SandboxResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    r.setHeader("OData-Version", "4.0");
    return r;
}

SandboxResponse SandboxDataverseReferences::link(const SandboxRequest &request, const Path &path)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString reference = body.value(u"@odata.id"_s).toString();
    const QString targetId = idIn(reference, *path.target);
    if (targetId.isEmpty())
        return SandboxDataverseApi::error(400, "0x80048d19", u"The @odata.id value '%1' does not name a row of %2."_s
                                                                 .arg(reference.left(200), path.target->entitySet));
    SandboxDataverseError e;
    if (!m_api.store().associate(path.navigation, path.table->entitySet, path.id, targetId, &e))
        return SandboxDataverseApi::error(e);
    return noContent();
}

SandboxResponse SandboxDataverseReferences::unlink(const SandboxRequest &request, const Path &path)
{
    QString targetId = path.targetId;
    if (targetId.isEmpty()) {   // .../nav/$ref?$id=<url of the related row>
        const QString reference = SandboxDataverseQueryOptions::value(request, u"$id"_s);
        targetId = idIn(reference, *path.target);
        if (targetId.isEmpty())
            return SandboxDataverseApi::error(400, "0x80060888", u"Disassociating from '%1' needs the related row: "
                                                                 "%1(ID)/$ref or $ref?$id=<its URL>."_s
                                                                     .arg(path.navigation));
    }
    SandboxDataverseError e;
    if (!m_api.store().disassociate(path.navigation, path.table->entitySet, path.id, targetId, &e))
        return SandboxDataverseApi::error(e);
    return noContent();
}

} // namespace Liaison
