#include "ui/rowsmodel.h"

#include <QColor>
#include <QFont>

namespace Liaison {

namespace {

QColor toneColour(Tone tone)
{
    switch (tone) {
    case Tone::Ok:
        return QColor(0x1b, 0x7f, 0x3b);
    case Tone::Warning:
        return QColor(0x9a, 0x5b, 0x00);
    case Tone::Error:
        return QColor(0xb3, 0x26, 0x1e);
    case Tone::Neutral:
        break;
    }
    return {};
}

} // namespace

RowsModel::RowsModel(const QStringList &headers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_headers(headers)
{
}

void RowsModel::setRows(const QList<Row> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int RowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant RowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_headers.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const bool toned = index.column() == m_toneColumn && row.tone != Tone::Neutral;
    switch (role) {
    case Qt::DisplayRole:
        return index.column() < row.cells.size() ? row.cells.at(index.column()) : QString();
    case Qt::ToolTipRole:
        if (!row.toolTip.isEmpty())
            return row.toolTip;
        return index.column() < row.cells.size() ? row.cells.at(index.column()) : QString();
    case Qt::ForegroundRole:
        if (toned)
            return toneColour(row.tone);
        return {};
    case Qt::FontRole:
        if (toned && row.tone != Tone::Ok) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant RowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_headers.size())
        return m_headers.at(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace Liaison
