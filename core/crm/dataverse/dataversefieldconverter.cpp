#include "crm/dataverse/dataversefieldconverter.h"

#include <QDateTime>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

const QString kString = u"Edm.String"_s;
const QString kInt32 = u"Edm.Int32"_s;
const QString kInt64 = u"Edm.Int64"_s;
const QString kDecimal = u"Edm.Decimal"_s;
const QString kDouble = u"Edm.Double"_s;
const QString kBoolean = u"Edm.Boolean"_s;
const QString kDateTime = u"Edm.DateTimeOffset"_s;
const QString kDate = u"Edm.Date"_s;
const QString kGuid = u"Edm.Guid"_s;

const QString kFormatted = u"@OData.Community.Display.V1.FormattedValue"_s;

bool isNumber(const QString &t)
{
    return t == kInt32 || t == kInt64 || t == kDecimal || t == kDouble;
}

bool isScalar(const QString &t)
{
    return t == kString || isNumber(t) || t == kBoolean || t == kDateTime || t == kDate || t == kGuid;
}

// Column types a kind can be read from (CRM -> Exchange).
bool readable(const ExchangeFieldInfo &f, const QString &t)
{
    switch (f.kind) {
    case ExchangeValueKind::Text: return isScalar(t);   // shown as text (labels for choices and lookups)
    case ExchangeValueKind::DateTime:
    case ExchangeValueKind::Date: return t == kDateTime || t == kDate;
    case ExchangeValueKind::Boolean: return t == kBoolean;
    case ExchangeValueKind::Integer: return isNumber(t);
    case ExchangeValueKind::Enum: return t == kInt32 || t == kString || (t == kBoolean && !f.trueNames.isEmpty());
    }
    return false;
}

// Column types a kind can be written to (Exchange -> CRM).
bool writable(const ExchangeFieldInfo &f, const QString &t)
{
    switch (f.kind) {
    case ExchangeValueKind::Text: return t == kString;
    case ExchangeValueKind::DateTime:
    case ExchangeValueKind::Date: return t == kDateTime || t == kDate;
    case ExchangeValueKind::Boolean: return t == kBoolean;
    case ExchangeValueKind::Integer: return isNumber(t);
    case ExchangeValueKind::Enum: return t == kInt32 || t == kString || (t == kBoolean && !f.trueNames.isEmpty());
    }
    return false;
}

Error conversionError(const ExchangeFieldInfo &f, const QString &what)
{
    return Error::invalid(u"%1: %2"_s.arg(f.name, what));
}

} // namespace

QString DataverseFieldConverter::kindName(ExchangeValueKind kind)
{
    switch (kind) {
    case ExchangeValueKind::Text: return u"text"_s;
    case ExchangeValueKind::DateTime: return u"date-time"_s;
    case ExchangeValueKind::Date: return u"date"_s;
    case ExchangeValueKind::Boolean: return u"yes/no"_s;
    case ExchangeValueKind::Integer: return u"number"_s;
    case ExchangeValueKind::Enum: return u"choice"_s;
    }
    return {};
}

QString DataverseFieldConverter::incompatibility(const ExchangeFieldInfo &f, const QString &edmType,
                                                 SyncDirection direction)
{
    const bool reads = direction == SyncDirection::Both || direction == SyncDirection::CrmToExchange;
    const bool writes = direction == SyncDirection::Both || direction == SyncDirection::ExchangeToCrm;
    if (writes && edmType == kGuid)
        return u"it is a lookup (%1); Liaison does not write lookups from Exchange, so map it crm-to-exchange"_s
            .arg(edmType);
    if (writes && !writable(f, edmType))
        return u"a %1 value cannot be written to a %2 column"_s.arg(kindName(f.kind), edmType);
    if (reads && !readable(f, edmType))
        return u"a %1 column cannot be read into a %2 field"_s.arg(edmType, kindName(f.kind));
    return {};
}

Result<QJsonValue> DataverseFieldConverter::toCrm(const ExchangeFieldInfo &f, const QVariant &value,
                                                  const QString &edmType)
{
    if (!writable(f, edmType))
        return conversionError(f, incompatibility(f, edmType, SyncDirection::ExchangeToCrm));
    if (!value.isValid() || value.isNull())
        return QJsonValue(QJsonValue::Null);

    switch (f.kind) {
    case ExchangeValueKind::Text:
        return QJsonValue(value.toString());
    case ExchangeValueKind::DateTime:
    case ExchangeValueKind::Date: {
        QDateTime dt = value.toDateTime();
        if (value.typeId() == QMetaType::QDate)
            dt = QDateTime(value.toDate(), QTime(0, 0), QTimeZone::utc());
        if (!dt.isValid())
            return conversionError(f, u"'%1' is not a date"_s.arg(value.toString().left(40)));
        if (edmType == kDate)
            return QJsonValue(dt.date().toString(Qt::ISODate));
        return QJsonValue(dt.toUTC().toString(Qt::ISODate));
    }
    case ExchangeValueKind::Boolean:
        return QJsonValue(value.toBool());
    case ExchangeValueKind::Integer: {
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if (!ok)
            return conversionError(f, u"'%1' is not a whole number"_s.arg(value.toString().left(40)));
        if (edmType == kInt32 && (n < INT32_MIN || n > INT32_MAX))
            return conversionError(f, u"%1 does not fit a whole-number column"_s.arg(n));
        return QJsonValue(n);
    }
    case ExchangeValueKind::Enum: {
        const QString name = value.toString();
        if (edmType == kString)
            return QJsonValue(name);
        if (edmType == kBoolean)
            return QJsonValue(f.trueNames.contains(name, Qt::CaseInsensitive));
        for (const ExchangeEnumValue &e : f.enumValues)
            if (e.name.compare(name, Qt::CaseInsensitive) == 0)
                return QJsonValue(e.crmValue);
        return conversionError(f, u"'%1' is not one of its values"_s.arg(name.left(40)));
    }
    }
    return conversionError(f, u"unsupported kind"_s);
}

Result<QVariant> DataverseFieldConverter::toExchange(const ExchangeFieldInfo &f, const QJsonObject &row,
                                                     const QString &crmField, const QString &edmType)
{
    if (!readable(f, edmType))
        return conversionError(f, incompatibility(f, edmType, SyncDirection::CrmToExchange));
    const QJsonValue v = row.value(crmField);
    if (v.isUndefined() || v.isNull())
        return QVariant();

    switch (f.kind) {
    case ExchangeValueKind::Text: {
        // Choices and lookups read as their label when the reply carries one.
        const QJsonValue formatted = row.value(crmField + kFormatted);
        if ((edmType == kGuid || edmType == kInt32 || edmType == kBoolean) && formatted.isString())
            return QVariant(formatted.toString());
        if (v.isString())
            return QVariant(v.toString());
        if (v.isBool())
            return QVariant(v.toBool() ? u"true"_s : u"false"_s);
        if (v.isDouble())
            return QVariant(QString::number(v.toDouble(), 'g', 15));
        return conversionError(f, u"column %1 holds no scalar value"_s.arg(crmField));
    }
    case ExchangeValueKind::DateTime:
    case ExchangeValueKind::Date: {
        const QString text = v.toString();
        if (edmType == kDate || text.size() == 10) {
            const QDate d = QDate::fromString(text, Qt::ISODate);
            if (!d.isValid())
                return conversionError(f, u"column %1 holds '%2', not a date"_s.arg(crmField, text.left(40)));
            if (f.kind == ExchangeValueKind::Date)
                return QVariant(d);
            return QVariant(QDateTime(d, QTime(0, 0), QTimeZone::utc()));
        }
        const QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!dt.isValid())
            return conversionError(f, u"column %1 holds '%2', not a date-time"_s.arg(crmField, text.left(40)));
        if (f.kind == ExchangeValueKind::Date)
            return QVariant(dt.toUTC().date());
        return QVariant(dt.toUTC());
    }
    case ExchangeValueKind::Boolean:
        if (!v.isBool())
            return conversionError(f, u"column %1 is not true/false"_s.arg(crmField));
        return QVariant(v.toBool());
    case ExchangeValueKind::Integer:
        if (!v.isDouble())
            return conversionError(f, u"column %1 is not a number"_s.arg(crmField));
        return QVariant(static_cast<qint64>(std::llround(v.toDouble())));
    case ExchangeValueKind::Enum: {
        if (edmType == kString)
            return QVariant(v.toString());
        if (edmType == kBoolean) {
            if (!v.isBool())
                return conversionError(f, u"column %1 is not true/false"_s.arg(crmField));
            return QVariant(v.toBool() ? f.trueNames.first() : f.enumValues.first().name);
        }
        if (!v.isDouble())
            return conversionError(f, u"column %1 is not a choice value"_s.arg(crmField));
        const int n = v.toInt();
        for (const ExchangeEnumValue &e : f.enumValues)
            if (e.crmValue == n && e.fromCrm)
                return QVariant(e.name);
        return conversionError(f, u"choice value %1 of %2 has no Exchange equivalent"_s.arg(n).arg(crmField));
    }
    }
    return conversionError(f, u"unsupported kind"_s);
}

} // namespace Liaison
