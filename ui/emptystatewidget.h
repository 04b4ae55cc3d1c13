#pragma once

#include <QWidget>

class QLabel;

namespace Liaison {

// What a page shows instead of an empty table: what is missing and the next step to take.
class EmptyStateWidget : public QWidget
{
    Q_OBJECT

public:
    enum class Kind { Info, Error };

    explicit EmptyStateWidget(QWidget *parent = nullptr);

    // hint is rich text so commands can be set in <code>; callers escape user data.
    void setMessage(const QString &title, const QString &hint, Kind kind = Kind::Info);
    QString title() const;
    QString hint() const;   // as plain text

private:
    QLabel *m_iconLabel;
    QLabel *m_titleLabel;
    QLabel *m_hintLabel;
};

} // namespace Liaison
