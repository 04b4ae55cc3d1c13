#pragma once

#include "ui/statusrows.h"
#include "ui/tablepage.h"

namespace Liaison {

// User status: where each user's sync stands, per object type and direction.
class UserStatusPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { UserColumn, Object, Direction, StatusColumn, LastSync, Items, Message };

    explicit UserStatusPage(QWidget *parent = nullptr);
    void setRows(const QList<UserStatusRow> &rows);
};

} // namespace Liaison
