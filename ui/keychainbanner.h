#pragma once

#include "common/result.h"

#include <QFrame>

class QLabel;

namespace Liaison {

// A warning strip across the top of the console while the OS keychain is unreachable: without it
// no password or client secret can be stored or read, so sync cannot sign in.
class KeychainBanner : public QFrame
{
    Q_OBJECT

public:
    explicit KeychainBanner(QWidget *parent = nullptr);

    // Hidden when status is ok; otherwise shows its message and fix.
    void setStatus(const Status &status);
    QString message() const;   // plain text of what is shown

private:
    QLabel *m_iconLabel;
    QLabel *m_textLabel;
};

} // namespace Liaison
