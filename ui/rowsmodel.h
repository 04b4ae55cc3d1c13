#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace Liaison {

// How a status cell reads at a glance: colour and weight, never the only signal (the text says it too).
enum class Tone { Neutral, Ok, Warning, Error };

// A read-only table of display strings. Pages turn store rows into these, so every page shares
// one model and feeding a page (e.g. from the sync stores later) is a plain list of rows.
class RowsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    struct Row
    {
        QStringList cells;
        Tone tone = Tone::Neutral;   // applied to toneColumn()
        QString toolTip;             // whole-row hint, e.g. why a user does not sync
    };

    explicit RowsModel(const QStringList &headers, QObject *parent = nullptr);

    void setRows(const QList<Row> &rows);
    const QList<Row> &rows() const { return m_rows; }

    // The column whose text is coloured by each row's tone; -1 for none.
    void setToneColumn(int column) { m_toneColumn = column; }
    int toneColumn() const { return m_toneColumn; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_headers;
    QList<Row> m_rows;
    int m_toneColumn = -1;
};

} // namespace Liaison
