#pragma once

#include "ui/tablepage.h"

namespace Liaison {

class Database;

// CRM connections: the CRM organisations Liaison signs in to (URL, tenant, client id).
class CrmConnectionsPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { Name, Kind, Url, Tenant, ClientId, Secret };

    explicit CrmConnectionsPage(const Database &db, QWidget *parent = nullptr);
    void reload() override;

private:
    const Database &m_db;
};

} // namespace Liaison
