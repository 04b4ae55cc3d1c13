#include "ui/emptystatewidget.h"

#include <QLabel>
#include <QStyle>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace Liaison {

EmptyStateWidget::EmptyStateWidget(QWidget *parent)
    : QWidget(parent)
    , m_iconLabel(new QLabel(this))
    , m_titleLabel(new QLabel(this))
    , m_hintLabel(new QLabel(this))
{
    m_iconLabel->setObjectName(QStringLiteral("emptyStateIconLabel"));
    m_titleLabel->setObjectName(QStringLiteral("emptyStateTitleLabel"));
    m_hintLabel->setObjectName(QStringLiteral("emptyStateHintLabel"));

    m_iconLabel->setAlignment(Qt::AlignCenter);
    m_titleLabel->setAlignment(Qt::AlignCenter);
    m_titleLabel->setWordWrap(true);
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_titleLabel->setFont(titleFont);

    m_hintLabel->setAlignment(Qt::AlignCenter);
    m_hintLabel->setWordWrap(true);
    m_hintLabel->setTextFormat(Qt::RichText);
    // Admins copy the suggested command straight into a terminal.
    m_hintLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A fixed reading width: a word-wrapped label centred by alignment alone collapses to one word.
    m_hintLabel->setFixedWidth(520);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_iconLabel);
    layout->addSpacing(8);
    layout->addWidget(m_titleLabel);
    auto *hintRow = new QHBoxLayout;
    hintRow->addStretch(1);
    hintRow->addWidget(m_hintLabel);
    hintRow->addStretch(1);
    layout->addLayout(hintRow);
    layout->addStretch(3);
}

void EmptyStateWidget::setMessage(const QString &title, const QString &hint, Kind kind)
{
    const auto icon = kind == Kind::Error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxInformation;
    m_iconLabel->setPixmap(style()->standardIcon(icon).pixmap(48, 48));
    m_titleLabel->setText(title);
    m_hintLabel->setText(hint);
    m_hintLabel->setVisible(!hint.isEmpty());
}

QString EmptyStateWidget::title() const
{
    return m_titleLabel->text();
}

QString EmptyStateWidget::hint() const
{
    return QTextDocumentFragment::fromHtml(m_hintLabel->text()).toPlainText();
}

} // namespace Liaison
