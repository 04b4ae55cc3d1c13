#include "ui/systemstatuspage.h"

#include "ui/displaytext.h"

namespace Liaison {

SystemStatusPage::SystemStatusPage(QWidget *parent)
    : TablePage(tr("System status"),
                tr("Whether Liaison can reach Exchange and the CRM, and when each kind of item last synced."),
                {tr("Component"), tr("Status"), tr("Detail"), tr("Last checked")}, parent)
{
    setObjectName(QStringLiteral("systemStatusPage"));
    setElasticColumns({Detail});
    rowsModel()->setToneColumn(StatusColumn);
    setEmptyMessage(tr("No sync has run yet"),
                    tr("Status appears here after the sync service <code>liaisond</code> completes its first "
                       "cycle. Check the setup pages first: a profile, a CRM connection, a configuration "
                       "and assigned users."));
    setRows(QList<SystemStatusRow>{});
}

void SystemStatusPage::setRows(const QList<SystemStatusRow> &rows)
{
    QList<RowsModel::Row> out;
    for (const SystemStatusRow &r : rows)
        out << RowsModel::Row{{r.component, r.status, r.detail, DisplayText::time(r.lastChecked)}, r.tone, {}};
    TablePage::setRows(out);
}

} // namespace Liaison
