#pragma once

#include "common/result.h"
#include "crm/dataverse/dataversefieldmap.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QVariant>

namespace Liaison {

// Converts one mapped value between its Exchange form (see ExchangeValueKind) and the JSON a
// Dataverse column of a given Edm type takes. Date-times travel as UTC ISO-8601 ("…Z").
class DataverseFieldConverter
{
public:
    // Why `field` cannot be mapped to a column of `edmType` in `direction`; empty when it can.
    // E.g. Text <- Edm.Int32 is fine crm-to-exchange (the choice label is shown) but not the other way.
    static QString incompatibility(const ExchangeFieldInfo &field, const QString &edmType, SyncDirection direction);

    // Exchange value -> the column's JSON. An invalid/null QVariant clears the column (JSON null).
    static Result<QJsonValue> toCrm(const ExchangeFieldInfo &field, const QVariant &value, const QString &edmType);

    // The column `crmField` of `row` -> Exchange value; a null QVariant when the column is null or absent.
    // Lookups and choices read into Text use the formatted value annotation when the row carries it.
    static Result<QVariant> toExchange(const ExchangeFieldInfo &field, const QJsonObject &row, const QString &crmField,
                                       const QString &edmType);

    static QString kindName(ExchangeValueKind kind);
};

} // namespace Liaison
