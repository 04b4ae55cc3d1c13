#pragma once

#include "common/error.h"
#include "ui/rowsmodel.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace Liaison {

class EmptyStateWidget;

// The shape every console page shares: a title, one line on what the page is for, and either a
// read-only table or an empty state saying what to do next. Subclasses only produce rows.
class TablePage : public QWidget
{
    Q_OBJECT

public:
    QString title() const;
    QTableView *tableView() const { return m_tableView; }
    RowsModel *rowsModel() const { return m_model; }
    EmptyStateWidget *emptyState() const { return m_emptyState; }
    bool showsEmptyState() const;

    // Re-reads the page's data. Pages fed from outside (status pages) keep what they were given.
    virtual void reload() {}

protected:
    void resizeEvent(QResizeEvent *event) override;

    TablePage(const QString &title, const QString &description, const QStringList &headers, QWidget *parent);

    // Shows rows, or the empty state when there are none.
    void setRows(const QList<RowsModel::Row> &rows);
    void setEmptyMessage(const QString &title, const QString &hint);
    // A read failure replaces the table: the admin sees the one-line error and its fix.
    void showError(const QString &what, const Error &error);
    // Extra content under the table, e.g. a summary line.
    void addFooter(QWidget *widget);
    // Columns that give up width first when the table is too wide (ids, URLs, long messages),
    // the first listed first, each down to its minimum width before the next one gives way.
    static constexpr int kReadable = 110;
    static constexpr int kNarrowest = 72;   // still shows "2f6…a27"
    struct ElasticColumn
    {
        ElasticColumn(int c, int minimum = kReadable) : column(c), minimumWidth(minimum) {}
        int column;
        int minimumWidth;
    };
    void setElasticColumns(const QList<ElasticColumn> &columns) { m_elasticColumns = columns; }
    // Columns whose text elides in the middle (ids) rather than at the end.
    void setMiddleElidedColumns(const QList<int> &columns);

private:
    void fitColumns();

    QLabel *m_titleLabel;
    QLabel *m_descriptionLabel;
    QStackedWidget *m_stack;
    QTableView *m_tableView;
    RowsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    EmptyStateWidget *m_emptyState;
    QList<ElasticColumn> m_elasticColumns;
    QList<int> m_contentWidths;   // measured once per setRows(), reused on resize
    QString m_emptyTitle;
    QString m_emptyHint;
};

} // namespace Liaison
