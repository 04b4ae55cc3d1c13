#include "ui/usersassignmentspage.h"

#include "store/adminstores.h"

#include <QHash>
#include <QLabel>

namespace Liaison {

UsersAssignmentsPage::UsersAssignmentsPage(const Database &db, QWidget *parent)
    : TablePage(tr("Users & assignments"),
                tr("Mailboxes Liaison syncs and the configuration that applies to each. An individual "
                   "assignment wins over one made through the user's security profile."),
                {tr("Address"), tr("Name"), tr("CRM user id"), tr("Security profile"), tr("Exchange profile"),
                 tr("Configuration")},
                parent)
    , m_db(db)
    , m_profileAssignmentsLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("usersAssignmentsPage"));
    setElasticColumns({{CrmUserId, kNarrowest}, ExchangeProfileColumn, SecurityProfile});
    setMiddleElidedColumns({CrmUserId});
    m_profileAssignmentsLabel->setObjectName(QStringLiteral("profileAssignmentsLabel"));
    m_profileAssignmentsLabel->setWordWrap(true);
    m_profileAssignmentsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addFooter(m_profileAssignmentsLabel);
    setEmptyMessage(tr("No users yet"),
                    tr("Add one with <code>liaisonctl user add …</code>, then put it in a sync configuration "
                       "with <code>liaisonctl assignment add …</code>."));
    reload();
}

QString UsersAssignmentsPage::profileAssignmentsText() const
{
    return m_profileAssignmentsLabel->text();
}

void UsersAssignmentsPage::reload()
{
    const auto users = UserStore(m_db).list();
    if (!users) {
        showError(tr("users"), users.error());
        return;
    }
    // Everything else is lookup tables; a failure there degrades a column, not the page.
    QHash<qint64, SyncConfiguration> configurations;
    if (const auto list = ConfigurationStore(m_db).list())
        for (const SyncConfiguration &c : *list)
            configurations.insert(c.id, c);
    QHash<qint64, QString> profileNames;
    QString defaultProfile;
    if (const auto list = ExchangeProfileStore(m_db).list())
        for (const ExchangeProfile &p : *list) {
            profileNames.insert(p.id, p.name);
            if (p.isDefault)
                defaultProfile = p.name;
        }
    QHash<qint64, EffectiveAssignment> effective;
    if (const auto list = AssignmentStore(m_db).effectiveForAll())
        for (const EffectiveAssignment &e : *list)
            effective.insert(e.userId, e);

    QList<RowsModel::Row> rows;
    for (const User &u : *users) {
        RowsModel::Row row;
        const QString exchangeProfile = u.exchangeProfileId
            ? profileNames.value(*u.exchangeProfileId, tr("#%1").arg(*u.exchangeProfileId))
            : (defaultProfile.isEmpty() ? tr("Default (none set)") : tr("Default (%1)").arg(defaultProfile));

        QString configuration;
        const EffectiveAssignment e = effective.value(u.id);
        if (!e.configurationId) {
            configuration = tr("Not assigned");
            row.tone = Tone::Warning;
            row.toolTip = tr("%1 does not sync. Assign it with liaisonctl assignment add …").arg(u.exchangeAddress);
        } else {
            const SyncConfiguration c = configurations.value(*e.configurationId);
            configuration = c.name.isEmpty() ? tr("#%1").arg(*e.configurationId) : c.name;
            if (e.via == Assignment::Target::Profile)
                configuration = tr("%1 (via profile %2)").arg(configuration, u.crmSecurityProfile);
            if (!c.active) {
                configuration = tr("%1 — inactive").arg(configuration);
                row.tone = Tone::Warning;
                row.toolTip = tr("%1 does not sync while its configuration is inactive.").arg(u.exchangeAddress);
            }
        }
        row.cells = {u.exchangeAddress, u.displayName,     u.crmUserId,
                     u.crmSecurityProfile, exchangeProfile, configuration};
        rows << row;
    }
    rowsModel()->setToneColumn(Configuration);
    setRows(rows);

    QStringList profileAssignments;
    if (const auto assignments = AssignmentStore(m_db).list())
        for (const Assignment &a : *assignments)
            if (a.target == Assignment::Target::Profile)
                profileAssignments << tr("%1 → %2").arg(
                    a.securityProfile, configurations.value(a.configurationId).name);
    m_profileAssignmentsLabel->setText(
        profileAssignments.isEmpty()
            ? QString()
            : tr("Security profile assignments: %1").arg(profileAssignments.join(QStringLiteral("; "))));
    m_profileAssignmentsLabel->setVisible(!profileAssignments.isEmpty());
}

} // namespace Liaison
