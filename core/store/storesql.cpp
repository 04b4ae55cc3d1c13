#include "store/storesql.h"

#include <QSqlError>

namespace Liaison::StoreSql {

Result<QSqlQuery> exec(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    if (!db.isOpen())
        return Error::storage(QStringLiteral("the store is not open: %1").arg(db.lastError().text()),
                              QStringLiteral("check that the store file exists and is writable"));
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return Error::storage(QStringLiteral("store query failed: %1").arg(query.lastError().text()));
    for (const QVariant &value : binds) {
        // A null QString binds as SQL NULL; our text columns mean "empty" by it. Absent values
        // are passed as an invalid QVariant instead.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QString(QLatin1String("")));
        else
            query.addBindValue(value);
    }
    if (!query.exec())
        return Error::storage(QStringLiteral("store query failed: %1").arg(query.lastError().text()));
    return query;
}

Result<QVariant> scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
{
    Result<QSqlQuery> query = exec(db, sql, binds);
    if (!query)
        return query.error();
    if (!query.value().next())
        return QVariant();
    return query.value().value(0);
}

QString toText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromText(const QVariant &text)
{
    if (text.isNull())
        return {};
    QDateTime time = QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
    return time.toUTC();
}

QString nowText()
{
    return toText(QDateTime::currentDateTimeUtc());
}

QVariant nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant nullIfUnset(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

} // namespace Liaison::StoreSql
