#pragma once

#include "ui/tablepage.h"

namespace Liaison {

class Database;

// Exchange profiles: how Liaison reaches each Exchange organisation (EWS URL or Autodiscover,
// authentication, the impersonating service account).
class ExchangeProfilesPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { Name, Kind, Server, Authentication, ServiceAccount, Impersonation, Default, Secret };

    explicit ExchangeProfilesPage(const Database &db, QWidget *parent = nullptr);
    void reload() override;

private:
    const Database &m_db;
};

} // namespace Liaison
