#include "ui/exchangeprofilespage.h"

#include "store/adminstores.h"
#include "ui/displaytext.h"

namespace Liaison {

ExchangeProfilesPage::ExchangeProfilesPage(const Database &db, QWidget *parent)
    : TablePage(tr("Exchange profiles"),
                tr("How Liaison reaches each Exchange organisation. Users without a profile of their own "
                   "use the default profile."),
                {tr("Name"), tr("Kind"), tr("Server"), tr("Authentication"), tr("Service account"),
                 tr("Impersonation"), tr("Default"), tr("Secret")},
                parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("exchangeProfilesPage"));
    setElasticColumns({Server, ServiceAccount});
    setEmptyMessage(tr("No Exchange profiles yet"),
                    tr("Add one with <code>liaisonctl profile add …</code>, then store its password in the "
                       "keychain with <code>liaisonctl profile set NAME --secret-stdin</code>."));
    reload();
}

void ExchangeProfilesPage::reload()
{
    const auto profiles = ExchangeProfileStore(m_db).list();
    if (!profiles) {
        showError(tr("Exchange profiles"), profiles.error());
        return;
    }
    QList<RowsModel::Row> rows;
    for (const ExchangeProfile &p : *profiles) {
        QString server;
        if (p.kind == MailboxKind::Graph)
            server = tr("Microsoft Graph");
        else if (!p.ewsUrl.isEmpty())
            server = p.ewsUrl;
        else
            server = tr("Autodiscover");
        RowsModel::Row row;
        row.cells = {p.name,
                     DisplayText::mailboxKind(p.kind),
                     server,
                     DisplayText::exchangeAuth(p.auth),
                     p.serviceAccount,
                     DisplayText::yesNo(p.impersonation),
                     p.isDefault ? tr("Default") : QString(),
                     p.hasSecret ? tr("Stored") : tr("Missing")};
        row.tone = p.hasSecret ? Tone::Ok : Tone::Warning;
        if (!p.hasSecret)
            row.toolTip = tr("No secret stored for this profile: run liaisonctl profile set %1 --secret-stdin").arg(p.name);
        rows << row;
    }
    rowsModel()->setToneColumn(Secret);
    setRows(rows);
}

} // namespace Liaison
