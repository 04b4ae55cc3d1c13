#include "ui/crmconnectionspage.h"

#include "store/adminstores.h"
#include "ui/displaytext.h"

#include <QUrl>

namespace Liaison {

CrmConnectionsPage::CrmConnectionsPage(const Database &db, QWidget *parent)
    : TablePage(tr("CRM connections"),
                tr("The CRM organisations Liaison signs in to with an application (client credentials)."),
                {tr("Name"), tr("Kind"), tr("URL"), tr("Tenant"), tr("Client id"), tr("Sign-in"), tr("Certificate"),
                 tr("Secret")},
                parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("crmConnectionsPage"));
    // GUIDs give way first; they elide in the middle, so both ends still tell them apart.
    setElasticColumns({{ClientId, kNarrowest}, {Tenant, kNarrowest}, {SignIn}, {Url}});
    setMiddleElidedColumns({ClientId, Tenant});
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
        // The global cloud is the usual case; a sovereign cloud shows the host it signs in at.
        const QString signIn = c.authority.isEmpty() ? tr("Entra ID (global)") : QUrl(c.authority).host();
        const QString certificate = c.pinnedCertificatePem.isEmpty() ? tr("System CAs") : tr("Pinned");
        row.cells = {c.name, DisplayText::crmKind(c.kind), c.url, c.tenantId, c.clientId, signIn, certificate,
                     c.hasSecret ? tr("Stored") : tr("Missing")};
        row.tone = c.hasSecret ? Tone::Ok : Tone::Warning;
        if (!c.hasSecret)
            row.toolTip = tr("No client secret stored: run liaisonctl crm set %1 --secret-stdin").arg(c.name);
        else if (!c.pinnedCertificatePem.isEmpty())
            row.toolTip = tr("The pinned certificate is trusted in addition to the system CAs; remove it with "
                             "liaisonctl crm set %1 --pin-cert none")
                              .arg(c.name);
        rows << row;
    }
    rowsModel()->setToneColumn(Secret);
    setRows(rows);
}

} // namespace Liaison
