#pragma once

#include "sandboxdataversestore.h"
#include "sandboxmessage.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Liaison {

class DataverseMetadata;

// Prefer: odata.include-annotations (compose-http-requests-handle-errors.md, query-data-web-api.md):
// "*" or a comma-separated list of terms, each possibly ending in "*". Rows carry annotations only
// when asked: lookups (_x_value) get Microsoft.Dynamics.CRM.lookuplogicalname and
// .associatednavigationproperty and the related row's name as OData.Community.Display.V1.FormattedValue;
// option sets get their label, booleans Yes/No, money and dates a formatted string.
class SandboxDataverseAnnotations
{
public:
    static constexpr const char *kLogicalName = "Microsoft.Dynamics.CRM.lookuplogicalname";
    static constexpr const char *kNavigation = "Microsoft.Dynamics.CRM.associatednavigationproperty";
    static constexpr const char *kFormatted = "OData.Community.Display.V1.FormattedValue";

    SandboxDataverseAnnotations() = default;
    explicit SandboxDataverseAnnotations(const SandboxRequest &request);

    bool requested() const { return !m_value.isEmpty(); }
    bool includes(const QString &term) const;
    // What Preference-Applied echoes: odata.include-annotations="<as requested>"; empty if none.
    QByteArray applied() const;

    // Adds the requested annotations for the columns `out` holds, from the stored `row`.
    void annotate(const SandboxDataverseStore &store, const DataverseMetadata *metadata,
                  const SandboxDataverseTable &table, const QJsonObject &row, QJsonObject *out) const;

    // The label of an option set value the sandbox knows; empty if none.
    static QString optionLabel(const QString &logicalName, const QString &column, int value);

private:
    QString m_value;        // the requested value without quotes
    QStringList m_patterns; // its comma-separated terms
};

} // namespace Liaison
