#pragma once

#include "model/enums.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace Liaison {

// The words admins read for model values. The CLI keeps the stable names (toName()); the console
// shows these translated labels instead.
class DisplayText
{
    Q_DECLARE_TR_FUNCTIONS(Liaison::DisplayText)

public:
    static QString mailboxKind(MailboxKind kind);
    static QString exchangeAuth(ExchangeAuth auth);
    static QString crmKind(CrmKind kind);
    static QString objectType(ObjectType type);
    static QString direction(SyncDirection direction);
    static QString eventWindow(EventWindow window, int days);
    static QString yesNo(bool value);
    // Local, short; "Never" for an invalid time.
    static QString time(const QDateTime &time);
};

} // namespace Liaison
