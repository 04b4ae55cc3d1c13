#pragma once

#include "ui/statusrows.h"
#include "ui/tablepage.h"

namespace Liaison {

// System status: is the setup healthy as a whole (service account, CRM connection, last sync
// activity per object type)?
class SystemStatusPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { Component, StatusColumn, Detail, LastChecked };

    explicit SystemStatusPage(QWidget *parent = nullptr);
    void setRows(const QList<SystemStatusRow> &rows);
};

} // namespace Liaison
