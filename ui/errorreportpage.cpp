#include "ui/errorreportpage.h"

#include "ui/displaytext.h"

namespace Liaison {

ErrorReportPage::ErrorReportPage(QWidget *parent)
    : TablePage(tr("Error report"),
                tr("Sync failures, newest first, with the user affected and the suggested fix."),
                {tr("Time"), tr("User"), tr("Object"), tr("Error"), tr("Suggested fix")}, parent)
{
    setObjectName(QStringLiteral("errorReportPage"));
    setElasticColumns({ErrorColumn, SuggestedFix});
    rowsModel()->setToneColumn(ErrorColumn);
    setEmptyMessage(tr("No sync has run yet"),
                    tr("Failures appear here with a suggested fix once <code>liaisond</code> has run. "
                       "An empty report after a sync means no errors."));
    setRows(QList<ErrorReportRow>{});
}

void ErrorReportPage::setRows(const QList<ErrorReportRow> &rows)
{
    QList<RowsModel::Row> out;
    for (const ErrorReportRow &r : rows)
        out << RowsModel::Row{{DisplayText::time(r.time), r.user, r.object, r.error, r.suggestedFix},
                              Tone::Error,
                              r.suggestedFix.isEmpty() ? r.error : tr("%1\nFix: %2").arg(r.error, r.suggestedFix)};
    TablePage::setRows(out);
}

} // namespace Liaison
