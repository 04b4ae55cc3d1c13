#pragma once

#include "ui/statusrows.h"
#include "ui/tablepage.h"

namespace Liaison {

// Error report: every sync failure, whom it hit and how to fix it.
class ErrorReportPage : public TablePage
{
    Q_OBJECT

public:
    enum Column { Time, UserColumn, Object, ErrorColumn, SuggestedFix };

    explicit ErrorReportPage(QWidget *parent = nullptr);
    void setRows(const QList<ErrorReportRow> &rows);
};

} // namespace Liaison
