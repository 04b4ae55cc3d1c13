#pragma once

#include "store/database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// Helpers shared by the store tests: a fresh file per test and a raw scalar query.
namespace StoreTest {

inline QVariant scalar(const Liaison::Database &db, const QString &sql)
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

inline std::shared_ptr<Liaison::Database> openOrFail(const QString &file)
{
    auto db = Liaison::Database::open(file);
    if (!db) {
        qWarning("%s", qPrintable(db.error().toString()));
        return {};
    }
    return db.value();
}

} // namespace StoreTest
