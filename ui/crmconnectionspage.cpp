#include "ui/crmconnectionspage.h"

#include "store/adminstores.h"
#include "ui/displaytext.h"

namespace Liaison {

CrmConnectionsPage::CrmConnectionsPage(const Database &db, QWidget *parent)
    : TablePage(tr("CRM connections"),
                tr("The CRM organisations Liaison signs in to with an application (client credentials)."),
                {tr("Name"), tr("Kind"), tr("URL"), tr("Tenant"), tr("Client id"), tr("Secret")}, parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("crmConnectionsPage"));
    setElasticColumns({ClientId, Tenant, Url});
    setEmptyMessage(tr("No CRM connections yet"),
                    tr("Add one with <code>liaisonctl crm add …</code>, then store its client secret in the "
                       "keychain with <code>liaisonctl crm set NAME --secret-stdin</code>."));
    reload();
}

void CrmConnectionsPage::reload()
{
    const auto connections = CrmConnectionStore(m_db).list();
    if (!connections) {
        showError(tr("CRM connections"), connections.error());
        return;
    }
    QList<RowsModel::Row> rows;
    for (const CrmConnection &c : *connections) {
        RowsModel::Row row;
        row.cells = {c.name, DisplayText::crmKind(c.kind), c.url, c.tenantId, c.clientId,
                     c.hasSecret ? tr("Stored") : tr("Missing")};
        row.tone = c.hasSecret ? Tone::Ok : Tone::Warning;
        if (!c.hasSecret)
            row.toolTip = tr("No client secret stored: run liaisonctl crm set %1 --secret-stdin").arg(c.name);
        rows << row;
    }
    rowsModel()->setToneColumn(Secret);
    setRows(rows);
}

} // namespace Liaison
