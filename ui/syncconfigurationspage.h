#pragma once

#include "ui/tablepage.h"

namespace Liaison {

class Database;

// Sync configurations: what syncs, which way, and for how many users.
class SyncConfigurationsPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { Name, Active, Contacts, Events, Tasks, Emails, EventWindowColumn, Users };

    explicit SyncConfigurationsPage(const Database &db, QWidget *parent = nullptr);
    void reload() override;

private:
    const Database &m_db;
};

} // namespace Liaison
