#include "sandboxdataverseannotations.h"

#include "crm/dataverse/dataversemetadata.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

// The primary name column of a table's rows (what a lookup's formatted value shows).
QString primaryName(const QJsonObject &row)
{
    for (const QString &column : {u"fullname"_s, u"name"_s, u"subject"_s, u"lastname"_s})
        if (row.value(column).isString())
            return row.value(column).toString();
    return {};
}

// The single-valued navigation property behind a lookup: the one whose ReferentialConstraint is
// `column` and whose target is `logicalName`, else the one with that constraint (ownerid -> principal).
QString navigationFor(const DataverseMetadata &metadata, const QString &typeName, const QString &column,
                      const QString &logicalName)
{
    QString fallback;
    const DataverseEntityType *type = metadata.entityType(typeName);
    for (int depth = 0; type && depth < 8; ++depth) {
        for (const DataverseNavigationProperty &n : type->navigationProperties) {
            if (n.collection || n.foreignKey != column)
                continue;
            if (n.targetType == logicalName)
                return n.name;
            if (fallback.isEmpty())
                fallback = n.name;
        }
        type = type->baseType.isEmpty() ? nullptr : metadata.entityType(type->baseType);
    }
    return fallback;
}

} // namespace

SandboxDataverseAnnotations::SandboxDataverseAnnotations(const SandboxRequest &request)
{
    for (const SandboxHeader &h : request.headers) {
        if (h.first.compare("Prefer", Qt::CaseInsensitive) != 0)
            continue;
        const QString prefer = QString::fromUtf8(h.second);
        const QString key = u"odata.include-annotations="_s;
        const qsizetype at = prefer.indexOf(key, 0, Qt::CaseInsensitive);
        if (at < 0)
            continue;
        QString value = prefer.mid(at + key.size());
        if (value.startsWith(u'"'))
            value = value.mid(1).section(u'"', 0, 0);
        else
            value = value.section(u',', 0, 0).trimmed();
        m_value = value;
        for (const QString &term : value.split(u',', Qt::SkipEmptyParts))
            m_patterns.append(term.trimmed());
    }
}

bool SandboxDataverseAnnotations::includes(const QString &term) const
{
    for (const QString &p : m_patterns) {
        if (p == u"*"_s || p == term)
            return true;
        if (p.endsWith(u'*') && term.startsWith(p.chopped(1)))
            return true;
    }
    return false;
}

QByteArray SandboxDataverseAnnotations::applied() const
{
    return requested() ? "odata.include-annotations=\"" + m_value.toUtf8() + '"' : QByteArray();
}

QString SandboxDataverseAnnotations::optionLabel(const QString &logicalName, const QString &column, int value)
{
    const bool activity = logicalName == u"task"_s || logicalName == u"appointment"_s ||
                          logicalName == u"email"_s || logicalName == u"recurringappointmentmaster"_s;
    if (column == u"prioritycode"_s && activity) {
        static const QStringList labels = {u"Low"_s, u"Normal"_s, u"High"_s};
        return value >= 0 && value < labels.size() ? labels[value] : QString();
    }
    if (column == u"participationtypemask"_s) {
        static const QStringList labels = {{},
                                           u"Sender"_s,
                                           u"To Recipient"_s,
                                           u"CC Recipient"_s,
                                           u"BCC Recipient"_s,
                                           u"Required attendee"_s,
                                           u"Optional attendee"_s,
                                           u"Organizer"_s,
                                           u"Regarding"_s,
                                           u"Owner"_s,
                                           u"Resource"_s,
                                           u"Customer"_s};
        return value > 0 && value < labels.size() ? labels[value] : QString();
    }
    if (column == u"statecode"_s) {
        if (logicalName == u"task"_s || logicalName == u"email"_s)
            return QStringList{u"Open"_s, u"Completed"_s, u"Canceled"_s}.value(value);
        if (logicalName == u"appointment"_s || logicalName == u"recurringappointmentmaster"_s)
            return QStringList{u"Open"_s, u"Completed"_s, u"Canceled"_s, u"Scheduled"_s}.value(value);
        if (logicalName == u"lead"_s)
            return QStringList{u"Open"_s, u"Qualified"_s, u"Disqualified"_s}.value(value);
        return QStringList{u"Active"_s, u"Inactive"_s}.value(value);
    }
    if (column == u"statuscode"_s) {
        if (logicalName == u"task"_s)
            return QStringList{{},
                               {},
                               u"Not Started"_s,
                               u"In Progress"_s,
                               u"Waiting on someone else"_s,
                               u"Completed"_s,
                               u"Canceled"_s,
                               u"Deferred"_s}
                .value(value);
        if (logicalName == u"appointment"_s || logicalName == u"recurringappointmentmaster"_s)
            return QStringList{{},        u"Free"_s,         u"Tentative"_s, u"Completed"_s, u"Canceled"_s,
                               u"Busy"_s, u"Out of Office"_s}
                .value(value);
        if (logicalName == u"contact"_s || logicalName == u"account"_s)
            return QStringList{{}, u"Active"_s, u"Inactive"_s}.value(value);
    }
    return {};
}

void SandboxDataverseAnnotations::annotate(const SandboxDataverseStore &store,
                                           const DataverseMetadata *metadata,
                                           const SandboxDataverseTable &table, const QJsonObject &row,
                                           QJsonObject *out) const
{
    if (!requested())
        return;
    const QString formatted = QString::fromLatin1(kFormatted);
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const QStringList columns = out->keys();
    for (const QString &column : columns) {
        if (column.contains(u'@'))
            continue;
        const QJsonValue value = row.value(column);
        if (value.isNull() || value.isUndefined())
            continue;
        const auto add = [&](const QString &term, const QString &text) {
            if (!text.isEmpty() && includes(term))
                out->insert(column + u'@' + term, text);
        };
        if (column.startsWith(u'_') && column.endsWith(u"_value"_s)) {
            QString logicalName = row.value(column + u'@' + QLatin1String(kLogicalName)).toString();
            if (logicalName.isEmpty() && metadata) { // a row written without a bind: the lookup's one target
                const QString navigation = navigationFor(*metadata, table.logicalName, column, {});
                const auto target = metadata->navigationProperty(table.logicalName, navigation);
                const DataverseEntityType *type = target ? metadata->entityType(target->targetType) : nullptr;
                if (type && !type->isAbstract)
                    logicalName = type->name;
            }
            add(QString::fromLatin1(kLogicalName), logicalName);
            if (metadata)
                add(QString::fromLatin1(kNavigation),
                    navigationFor(*metadata, table.logicalName, column, logicalName));
            if (const SandboxDataverseTable *target = store.tableForLogicalName(logicalName))
                if (const auto related = store.row(target->entitySet, value.toString()))
                    add(formatted, primaryName(*related));
            continue;
        }
        if (!includes(formatted))
            continue;
        const std::optional<DataverseProperty> property =
            metadata ? metadata->property(table.logicalName, column) : std::nullopt;
        const QString type = property ? property->type : QString();
        if (value.isBool()) {
            add(formatted, value.toBool() ? u"Yes"_s : u"No"_s);
        } else if (value.isDouble() && type == u"Edm.Decimal"_s) { // money columns
            add(formatted, english.toCurrencyString(value.toDouble(), u"$"_s, 2));
        } else if (value.isDouble()) {
            add(formatted, optionLabel(table.logicalName, column, value.toInt()));
        } else if (type == u"Edm.DateTimeOffset"_s || column == u"createdon"_s || column == u"modifiedon"_s) {
            const QDateTime when = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
            if (when.isValid())
                add(formatted, english.toString(when.toUTC(), u"M/d/yyyy h:mm AP"_s));
        }
    }
}

} // namespace Liaison
