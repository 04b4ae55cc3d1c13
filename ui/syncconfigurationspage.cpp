#include "ui/syncconfigurationspage.h"

#include "store/adminstores.h"
#include "ui/displaytext.h"

#include <QHash>

namespace Liaison {

SyncConfigurationsPage::SyncConfigurationsPage(const Database &db, QWidget *parent)
    : TablePage(tr("Sync configurations"),
                tr("What syncs and in which direction for the users assigned to each configuration. "
                   "Inactive configurations sync nobody."),
                {tr("Name"), tr("Active"), tr("Contacts"), tr("Events"), tr("Tasks"), tr("Emails"),
                 tr("Event window"), tr("Users")},
                parent)
    , m_db(db)
{
    setObjectName(QStringLiteral("syncConfigurationsPage"));
    setEmptyMessage(tr("No sync configurations yet"),
                    tr("Create one with <code>liaisonctl config add …</code>, then assign users or security "
                       "profiles to it with <code>liaisonctl assignment add …</code>."));
    reload();
}

void SyncConfigurationsPage::reload()
{
    const auto configurations = ConfigurationStore(m_db).list();
    if (!configurations) {
        showError(tr("sync configurations"), configurations.error());
        return;
    }
    // Counting the users each configuration really applies to is what admins check first.
    QHash<qint64, int> userCounts;
    if (const auto effective = AssignmentStore(m_db).effectiveForAll()) {
        for (const EffectiveAssignment &e : *effective)
            if (e.configurationId)
                ++userCounts[*e.configurationId];
    }

    QList<RowsModel::Row> rows;
    for (const SyncConfiguration &c : *configurations) {
        auto direction = [&c](ObjectType type) {
            return DisplayText::direction(c.objects.value(type).direction);
        };
        RowsModel::Row row;
        row.cells = {c.name,
                     DisplayText::yesNo(c.active),
                     direction(ObjectType::Contacts),
                     direction(ObjectType::Events),
                     direction(ObjectType::Tasks),
                     direction(ObjectType::Emails),
                     DisplayText::eventWindow(c.eventWindow, c.eventWindowDays),
                     QString::number(userCounts.value(c.id))};
        row.tone = c.active ? Tone::Ok : Tone::Warning;
        if (!c.description.isEmpty())
            row.toolTip = c.description;
        rows << row;
    }
    rowsModel()->setToneColumn(Active);
    setRows(rows);
}

} // namespace Liaison
