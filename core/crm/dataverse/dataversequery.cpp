#include "crm/dataverse/dataversequery.h"

#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

Error badColumn(const QString &column)
{
    return Error::invalid(u"'%1' is not a valid Dataverse column name"_s.arg(column.left(80)),
                          u"use the column's logical name, e.g. emailaddress1"_s);
}

} // namespace

QString DataverseFilter::stringLiteral(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', u"''"_s);
    return u'\'' + quoted + u'\'';
}

Result<QString> DataverseFilter::literal(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return u"null"_s;
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Double: {
        const double d = value.toDouble();
        if (!qIsFinite(d))
            return Error::invalid(u"a filter value must be a finite number"_s);
        return QString::number(d, 'g', 17);
    }
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces).toLower();
    case QMetaType::QDateTime: {
        const QDateTime dt = value.toDateTime();
        if (!dt.isValid())
            return Error::invalid(u"a filter date is invalid"_s);
        return dt.toUTC().toString(Qt::ISODate);
    }
    case QMetaType::QString:
        return stringLiteral(value.toString());
    default:
        return Error::invalid(u"a filter value of type %1 cannot be written as OData"_s
                                  .arg(QString::fromLatin1(value.typeName())));
    }
}

Result<QString> DataverseFilter::compare(const QString &column, const QString &op, const QVariant &value)
{
    static const QStringList ops = {u"eq"_s, u"ne"_s, u"gt"_s, u"ge"_s, u"lt"_s, u"le"_s};
    if (!DataverseRequest::isIdentifier(column))
        return badColumn(column);
    if (!ops.contains(op))
        return Error::invalid(u"'%1' is not an OData comparison; use one of %2"_s.arg(op.left(20), ops.join(u", ")));
    Result<QString> lit = literal(value);
    if (!lit)
        return lit.error();
    return QString(column + u' ' + op + u' ' + lit.value());
}

Result<QString> DataverseFilter::function(const QString &name, const QString &column, const QString &text)
{
    static const QStringList names = {u"contains"_s, u"startswith"_s, u"endswith"_s};
    if (!names.contains(name))
        return Error::invalid(u"'%1' is not a supported filter function; use one of %2"_s.arg(name.left(20),
                                                                                               names.join(u", ")));
    if (!DataverseRequest::isIdentifier(column))
        return badColumn(column);
    return QString(name + u'(' + column + u',' + stringLiteral(text) + u')');
}

QString DataverseFilter::allOf(const QStringList &expressions)
{
    if (expressions.size() == 1)
        return expressions.first();
    QStringList wrapped;
    for (const QString &e : expressions)
        wrapped.append(u'(' + e + u')');
    return wrapped.join(u" and "_s);
}

QString DataverseFilter::anyOf(const QStringList &expressions)
{
    if (expressions.size() == 1)
        return expressions.first();
    QStringList wrapped;
    for (const QString &e : expressions)
        wrapped.append(u'(' + e + u')');
    return wrapped.join(u" or "_s);
}

Result<QString> DataverseFilter::fromFieldFilter(const FieldFilter &f)
{
    if (f.op == u"eq"_s || f.op == u"ne"_s)
        return compare(f.crmField, f.op, f.value);
    if (f.op == u"contains"_s)
        return function(u"contains"_s, f.crmField, f.value);
    if (f.op == u"not-contains"_s) {
        Result<QString> inner = function(u"contains"_s, f.crmField, f.value);
        if (!inner)
            return inner.error();
        return QString(u"not "_s + inner.value());
    }
    if (f.op == u"empty"_s)
        return compare(f.crmField, u"eq"_s, QVariant());
    if (f.op == u"not-empty"_s)
        return compare(f.crmField, u"ne"_s, QVariant());
    return Error::invalid(u"contact filter on '%1' has unknown operator '%2'"_s.arg(f.crmField, f.op.left(20)),
                          u"use eq, ne, contains, not-contains, empty or not-empty"_s);
}

DataverseQuery::DataverseQuery(const QString &entitySet) : m_entitySet(entitySet) {}

DataverseQuery &DataverseQuery::select(const QStringList &columns)
{
    for (const QString &c : columns)
        if (!DataverseRequest::isIdentifier(c) && m_badName.isEmpty())
            m_badName = c;
    m_select.append(columns);
    return *this;
}

DataverseQuery &DataverseQuery::filter(const QString &expression)
{
    if (!expression.trimmed().isEmpty())
        m_filters.append(expression);
    return *this;
}

DataverseQuery &DataverseQuery::top(int rows)
{
    m_top = rows;
    return *this;
}

DataverseQuery &DataverseQuery::orderBy(const QString &column, bool descending)
{
    if (!DataverseRequest::isIdentifier(column) && m_badName.isEmpty())
        m_badName = column;
    m_orderBy.append(descending ? column + u" desc"_s : column);
    return *this;
}

DataverseQuery &DataverseQuery::expand(const QString &navigationProperty, const QStringList &columns)
{
    QStringList names = columns;
    names.append(navigationProperty);
    for (const QString &c : names)
        if (!DataverseRequest::isIdentifier(c) && m_badName.isEmpty())
            m_badName = c;
    m_expand.append(columns.isEmpty() ? navigationProperty
                                      : navigationProperty + u"($select="_s + columns.join(u',') + u')');
    return *this;
}

DataverseQuery &DataverseQuery::maxPageSize(int rows)
{
    m_maxPageSize = rows;
    return *this;
}

DataverseQuery &DataverseQuery::trackChanges(bool on)
{
    m_trackChanges = on;
    return *this;
}

DataverseQuery &DataverseQuery::count(bool on)
{
    m_count = on;
    return *this;
}

DataverseQuery &DataverseQuery::includeAnnotations(bool on)
{
    m_annotations = on;
    return *this;
}

Result<DataverseRequest> DataverseQuery::request() const
{
    if (!DataverseRequest::isIdentifier(m_entitySet))
        return Error::invalid(u"'%1' is not a valid Dataverse entity set name"_s.arg(m_entitySet.left(80)),
                              u"use the entity set name, e.g. contacts"_s);
    if (!m_badName.isEmpty())
        return badColumn(m_badName);
    if (m_trackChanges) {
        const char *refused = !m_filters.isEmpty() ? "$filter"
                              : !m_orderBy.isEmpty() ? "$orderby"
                              : !m_expand.isEmpty()  ? "$expand"
                              : m_top > 0            ? "$top"
                                                     : nullptr;
        if (refused)
            return Error::invalid(u"Dataverse refuses %1 on a change-tracking query of %2"_s
                                      .arg(QLatin1String(refused), m_entitySet),
                                  u"drop %1 and filter the changed rows locally"_s.arg(QLatin1String(refused)));
    }
    if (m_maxPageSize < 0 || m_maxPageSize > kMaxPageSize)
        return Error::invalid(u"page size %1 is outside 1..%2"_s.arg(m_maxPageSize).arg(kMaxPageSize));
    if (m_top < 0)
        return Error::invalid(u"$top must be positive"_s);

    QStringList options;
    if (!m_select.isEmpty())
        options.append(u"$select="_s + m_select.join(u','));
    if (!m_filters.isEmpty())
        options.append(u"$filter="_s + QString::fromLatin1(DataverseRequest::percentEncode(DataverseFilter::allOf(m_filters))));
    if (!m_orderBy.isEmpty())
        options.append(u"$orderby="_s + QString::fromLatin1(DataverseRequest::percentEncode(m_orderBy.join(u','))));
    if (!m_expand.isEmpty())
        options.append(u"$expand="_s + m_expand.join(u','));
    if (m_top > 0)
        options.append(u"$top="_s + QString::number(m_top));
    if (m_count)
        options.append(u"$count=true"_s);

    DataverseRequest r;
    r.method = "GET";
    r.path = options.isEmpty() ? m_entitySet : m_entitySet + u'?' + options.join(u'&');
    DataverseRequest::addODataHeaders(r);
    QByteArrayList prefer;
    if (m_trackChanges)
        prefer.append("odata.track-changes");
    if (m_maxPageSize > 0)
        prefer.append("odata.maxpagesize=" + QByteArray::number(m_maxPageSize));
    if (m_annotations)
        prefer.append("odata.include-annotations=\"*\"");
    if (!prefer.isEmpty())
        r.setHeader("Prefer", prefer.join(','));
    return r;
}

} // namespace Liaison
