#pragma once

#include "common/result.h"
#include "model/enums.h"
#include "store/database.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <functional>
#include <optional>

// Internal helpers shared by the store's repositories (not part of the public API).
namespace Liaison::StoreSql {

// Prepares sql, binds the positional values and runs it; any failure becomes an
// Error::Storage carrying the driver's text.
Result<QSqlQuery> exec(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});

// The single value of the first row (or an invalid QVariant when there is no row).
Result<QVariant> scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {});

// Timestamps are ISO 8601 UTC with milliseconds, so they sort as text.
QString toText(const QDateTime &time);
QDateTime fromText(const QVariant &text);
QString nowText();

QVariant nullIfEmpty(const QString &text);
QVariant nullIfUnset(const std::optional<qint64> &value);

// Reads an enum stored by name; an unknown name means a corrupt or newer-format row.
template<typename E>
Result<E> enumFrom(const QVariant &value, const char *column)
{
    const QString name = value.toString();
    if (const std::optional<E> e = fromName<E>(name))
        return *e;
    return Error::storage(QStringLiteral("the store holds an unknown %1 '%2'").arg(QLatin1String(column), name),
                          QStringLiteral("upgrade Liaison or repair the store"));
}

// Runs work in Database::transaction() (or readTransaction() when reading) and hands back its value.
template<typename T>
Result<T> inTransaction(const Database &db, const std::function<Result<T>()> &work, bool write = true)
{
    std::optional<Result<T>> out;
    const auto body = [&]() -> Status {
        out.emplace(work());
        if (!out->ok())
            return out->error();
        return {};
    };
    if (Status s = write ? db.transaction(body) : db.readTransaction(body); !s)
        return s.error();
    return std::move(*out);
}

template<typename T>
Result<T> inReadTransaction(const Database &db, const std::function<Result<T>()> &work)
{
    return inTransaction<T>(db, work, false);
}

} // namespace Liaison::StoreSql
