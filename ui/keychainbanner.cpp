#include "ui/keychainbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTextDocumentFragment>

namespace Liaison {

KeychainBanner::KeychainBanner(QWidget *parent)
    : QFrame(parent)
    , m_iconLabel(new QLabel(this))
    , m_textLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("keychainBanner"));
    m_iconLabel->setObjectName(QStringLiteral("keychainBannerIconLabel"));
    m_textLabel->setObjectName(QStringLiteral("keychainBannerTextLabel"));

    // Amber, like other "needs attention but not broken yet" bars; colours fixed so it reads the
    // same in light and dark themes.
    setAutoFillBackground(true);
    setFrameShape(QFrame::NoFrame);
    setStyleSheet(QStringLiteral("#keychainBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
                                 "#keychainBanner QLabel { color: #3d2e00; }"));

    m_iconLabel->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_iconLabel->setAlignment(Qt::AlignTop);
    m_textLabel->setWordWrap(true);
    m_textLabel->setTextFormat(Qt::RichText);
    m_textLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 10, 16, 10);
    layout->setSpacing(12);
    layout->addWidget(m_iconLabel);
    layout->addWidget(m_textLabel, 1);

    setVisible(false);
}

void KeychainBanner::setStatus(const Status &status)
{
    if (status.ok()) {
        m_textLabel->clear();
        setVisible(false);
        return;
    }
    const Error &error = status.error();
    QString html = tr("<b>Keychain unavailable:</b> %1").arg(error.message.toHtmlEscaped());
    html += QStringLiteral("<br>");
    html += error.fix.isEmpty()
        ? tr("Passwords and client secrets cannot be stored or read until the OS keychain is reachable.")
        : tr("<b>Fix:</b> %1").arg(error.fix.toHtmlEscaped());
    m_textLabel->setText(html);
    setVisible(true);
}

QString KeychainBanner::message() const
{
    return QTextDocumentFragment::fromHtml(m_textLabel->text()).toPlainText();
}

} // namespace Liaison
