#include "ui/tablepage.h"

#include "ui/emptystatewidget.h"

#include <QHeaderView>
#include <QResizeEvent>
#include <QScrollBar>
#include <QStyledItemDelegate>

#include <algorithm>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace Liaison {

TablePage::TablePage(const QString &title, const QString &description, const QStringList &headers,
                     QWidget *parent)
    : QWidget(parent)
    , m_titleLabel(new QLabel(title, this))
    , m_descriptionLabel(new QLabel(description, this))
    , m_stack(new QStackedWidget(this))
    , m_tableView(new QTableView(m_stack))
    , m_model(new RowsModel(headers, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_emptyState(new EmptyStateWidget(m_stack))
{
    m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
    m_descriptionLabel->setObjectName(QStringLiteral("descriptionLabel"));
    m_stack->setObjectName(QStringLiteral("contentStackedWidget"));
    m_tableView->setObjectName(QStringLiteral("tableView"));
    m_emptyState->setObjectName(QStringLiteral("emptyStateWidget"));

    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);
    m_descriptionLabel->setWordWrap(true);
    QPalette muted = m_descriptionLabel->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_descriptionLabel->setPalette(muted);

    // Sorting happens in the proxy so the source keeps the store's order until a header is clicked.
    m_proxy->setSourceModel(m_model);
    m_tableView->setModel(m_proxy);
    m_tableView->setSortingEnabled(true);
    m_tableView->sortByColumn(-1, Qt::AscendingOrder);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setWordWrap(false);
    m_tableView->setShowGrid(false);
    m_tableView->verticalHeader()->setVisible(false);
    m_tableView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_tableView->horizontalHeader()->setHighlightSections(false);

    m_stack->addWidget(m_tableView);
    m_stack->addWidget(m_emptyState);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 16);
    layout->setSpacing(6);
    layout->addWidget(m_titleLabel);
    layout->addWidget(m_descriptionLabel);
    layout->addSpacing(10);
    layout->addWidget(m_stack, 1);

    m_stack->setCurrentWidget(m_emptyState);

    // Rows that overflow the height bring in the vertical scroll bar after setRows() returns;
    // the columns are fitted again to the narrower viewport once it shows (or hides).
    connect(m_tableView->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            [this] { QMetaObject::invokeMethod(this, &TablePage::fitColumns, Qt::QueuedConnection); });
}

QString TablePage::title() const
{
    return m_titleLabel->text();
}

bool TablePage::showsEmptyState() const
{
    return m_stack->currentWidget() == m_emptyState;
}

void TablePage::setRows(const QList<RowsModel::Row> &rows)
{
    m_model->setRows(rows);
    if (rows.isEmpty()) {
        m_emptyState->setMessage(m_emptyTitle, m_emptyHint);
        m_stack->setCurrentWidget(m_emptyState);
        return;
    }
    m_stack->setCurrentWidget(m_tableView);
    m_tableView->resizeColumnsToContents();
    m_contentWidths.clear();
    for (int c = 0; c < m_model->columnCount(); ++c)
        m_contentWidths << m_tableView->columnWidth(c);
    fitColumns();
}

void TablePage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

// Every column stays on screen: when the contents are wider than the view, the widest columns
// (GUIDs, URLs, messages) give way first and elide; the tooltip keeps the full text.
void TablePage::fitColumns()
{
    const int columns = int(m_contentWidths.size());
    if (columns == 0 || m_model->rowCount() == 0)
        return;
    constexpr int kPadding = 18;
    constexpr int kMaxColumn = 420;
    QList<int> wanted(columns);
    for (int c = 0; c < columns; ++c)
        wanted[c] = qMin(m_contentWidths[c] + kPadding, kMaxColumn);

    // From the stack, not the viewport: a table that was hidden behind the empty state has not
    // been laid out yet.
    int available = m_stack->width() - 2 * m_tableView->frameWidth();
    if (m_tableView->verticalScrollBar()->isVisible())
        available -= m_tableView->verticalScrollBar()->width();
    int total = 0;
    for (int w : wanted)
        total += w;
    // Elastic columns give way in the order the page listed them, each down to its own minimum.
    // Only after that do all columns share the width that is left.
    for (const ElasticColumn &e : std::as_const(m_elasticColumns)) {
        if (total <= available)
            break;
        if (e.column < 0 || e.column >= columns)
            continue;
        const int give = qMin(total - available, wanted[e.column] - e.minimumWidth);
        if (give > 0) {
            wanted[e.column] -= give;
            total -= give;
        }
    }
    if (total > available && available > 0) {
        // Find the cap c with sum(min(wanted, c)) == available.
        QList<int> sorted = wanted;
        std::sort(sorted.begin(), sorted.end());
        int remaining = available;
        int cap = available;
        for (int i = 0; i < columns; ++i) {
            const int share = remaining / (columns - i);
            if (sorted[i] > share) {
                cap = share;
                break;
            }
            remaining -= sorted[i];
        }
        for (int &w : wanted)
            w = qMin(w, qMax(cap, 60));
    }
    // The last column takes whatever is left. Not QHeaderView's stretchLastSection: it keeps
    // the last section at 100 px or more and so pushes a fitted table past the viewport.
    int others = 0;
    for (int c = 0; c < columns - 1; ++c) {
        m_tableView->setColumnWidth(c, wanted[c]);
        others += wanted[c];
    }
    m_tableView->setColumnWidth(columns - 1, qMax(wanted[columns - 1], available - others));
}

namespace {
class MiddleElidingDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideMiddle;
    }
};
} // namespace

void TablePage::setMiddleElidedColumns(const QList<int> &columns)
{
    auto *delegate = new MiddleElidingDelegate(m_tableView);
    for (int c : columns)
        m_tableView->setItemDelegateForColumn(c, delegate);
}

void TablePage::setEmptyMessage(const QString &title, const QString &hint)
{
    m_emptyTitle = title;
    m_emptyHint = hint;
    if (showsEmptyState())
        m_emptyState->setMessage(m_emptyTitle, m_emptyHint);
}

void TablePage::showError(const QString &what, const Error &error)
{
    m_model->setRows({});
    const QString fix = error.fix.isEmpty() ? QString() : tr("Fix: %1").arg(error.fix.toHtmlEscaped());
    m_emptyState->setMessage(tr("Could not read %1: %2").arg(what, error.message), fix,
                             EmptyStateWidget::Kind::Error);
    m_stack->setCurrentWidget(m_emptyState);
}

void TablePage::addFooter(QWidget *widget)
{
    layout()->addWidget(widget);
}

} // namespace Liaison
