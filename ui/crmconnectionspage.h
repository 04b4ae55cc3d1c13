#pragma once

#include "ui/tablepage.h"

namespace Liaison {

class Database;

// CRM connections: the CRM organisations Liaison signs in to (URL, tenant, client id, the
// sign-in authority for sovereign clouds, a pinned certificate).
class CrmConnectionsPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { Name, Kind, Url, Tenant, ClientId, SignIn, Certificate, Secret };

    explicit CrmConnectionsPage(const Database &db, QWidget *parent = nullptr);
    void reload() override;

private:
    const Database &m_db;
};

} // namespace Liaison
