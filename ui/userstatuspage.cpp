#include "ui/userstatuspage.h"

#include "ui/displaytext.h"

namespace Liaison {

UserStatusPage::UserStatusPage(QWidget *parent)
    : TablePage(tr("User status"),
                tr("Where each user's sync stands, per item type and direction."),
                {tr("User"), tr("Object"), tr("Direction"), tr("Status"), tr("Last sync"), tr("Items"),
                 tr("Message")},
                parent)
{
    setObjectName(QStringLiteral("userStatusPage"));
    setElasticColumns({Message});
    rowsModel()->setToneColumn(StatusColumn);
    setEmptyMessage(tr("No sync has run yet"),
                    tr("Each assigned user gets a row per item type once <code>liaisond</code> has synced "
                       "their mailbox."));
    setRows(QList<UserStatusRow>{});
}

void UserStatusPage::setRows(const QList<UserStatusRow> &rows)
{
    QList<RowsModel::Row> out;
    for (const UserStatusRow &r : rows)
        out << RowsModel::Row{{r.user, r.object, r.direction, r.status, DisplayText::time(r.lastSync),
                               QString::number(r.items), r.message},
                              r.tone,
                              r.message};
    TablePage::setRows(out);
}

} // namespace Liaison
