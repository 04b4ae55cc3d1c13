#pragma once

#include "ui/tablepage.h"

class QLabel;

namespace Liaison {

class Database;

// Users & assignments: every synced mailbox and the configuration that applies to it, including
// whether it comes from an individual assignment or the user's CRM security profile.
class UsersAssignmentsPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { Address, Name, CrmUserId, SecurityProfile, ExchangeProfileColumn, Configuration };

    explicit UsersAssignmentsPage(const Database &db, QWidget *parent = nullptr);
    void reload() override;

    // "Security profile assignments: Sales → Europe; …", or empty when there are none.
    QString profileAssignmentsText() const;

private:
    const Database &m_db;
    QLabel *m_profileAssignmentsLabel;
};

} // namespace Liaison
