#pragma once

#include "common/result.h"
#include "crm/dataverse/dataverserequest.h"
#include "model/syncconfiguration.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Liaison {

// Builds $filter expressions. Every column name is checked and every value is written as an
// OData literal (strings in single quotes with ' doubled), so user input cannot change the query.
class DataverseFilter
{
public:
    // 'O''Brien' for strings, true/false, numbers, bare GUIDs for QUuid, ISO-8601 UTC for QDateTime, null.
    static Result<QString> literal(const QVariant &value);
    static QString stringLiteral(const QString &text);                     // 'O''Brien'

    // column <op> value; op is eq, ne, gt, ge, lt or le.
    static Result<QString> compare(const QString &column, const QString &op, const QVariant &value);
    // contains(column,'x'), startswith(...), endswith(...)
    static Result<QString> function(const QString &name, const QString &column, const QString &text);
    static QString allOf(const QStringList &expressions);                  // (a) and (b)
    static QString anyOf(const QStringList &expressions);                  // (a) or (b)

    // A configuration's contact filter ("eq", "ne", "contains", "not-contains", "empty", "not-empty").
    static Result<QString> fromFieldFilter(const FieldFilter &filter);
};

// A collection read: GET <entitySet>?$select=…&$filter=… with Prefer headers for paging and tracking.
class DataverseQuery
{
public:
    static constexpr int kMaxPageSize = 5000;   // Dataverse caps odata.maxpagesize at 5000

    explicit DataverseQuery(const QString &entitySet);

    DataverseQuery &select(const QStringList &columns);
    DataverseQuery &filter(const QString &expression);   // from DataverseFilter; ANDed with earlier filters
    DataverseQuery &top(int rows);
    DataverseQuery &orderBy(const QString &column, bool descending = false);
    DataverseQuery &expand(const QString &navigationProperty, const QStringList &columns = {});
    DataverseQuery &maxPageSize(int rows);
    DataverseQuery &trackChanges(bool on = true);
    DataverseQuery &count(bool on = true);
    DataverseQuery &includeAnnotations(bool on = true);  // formatted values, lookup logical names

    // The GET request. Refuses what Dataverse would refuse: $filter/$orderby/$expand/$top with
    // change tracking, page sizes outside 1..5000, names that are not identifiers.
    Result<DataverseRequest> request() const;

private:
    QString m_entitySet;
    QStringList m_select;
    QStringList m_filters;
    int m_top = 0;
    QStringList m_orderBy;
    QStringList m_expand;
    QString m_badName;      // first invalid name passed to a setter, reported by request()
    int m_maxPageSize = 0;
    bool m_trackChanges = false;
    bool m_count = false;
    bool m_annotations = true;
};

} // namespace Liaison
