#include "ui/displaytext.h"

#include <QLocale>

namespace Liaison {

QString DisplayText::mailboxKind(MailboxKind kind)
{
    switch (kind) {
    case MailboxKind::Ews:
        return tr("EWS");
    case MailboxKind::Graph:
        return tr("Microsoft Graph");
    }
    return toName(kind);
}

QString DisplayText::exchangeAuth(ExchangeAuth auth)
{
    switch (auth) {
    case ExchangeAuth::Basic:
        return tr("Basic");
    case ExchangeAuth::Ntlm:
        return tr("NTLM");
    case ExchangeAuth::OAuth2:
        return tr("OAuth 2.0");
    }
    return toName(auth);
}

QString DisplayText::crmKind(CrmKind kind)
{
    switch (kind) {
    case CrmKind::Dataverse:
        return tr("Dynamics 365 / Dataverse");
    case CrmKind::Salesforce:
        return tr("Salesforce");
    }
    return toName(kind);
}

QString DisplayText::objectType(ObjectType type)
{
    switch (type) {
    case ObjectType::Contacts:
        return tr("Contacts");
    case ObjectType::Events:
        return tr("Events");
    case ObjectType::Tasks:
        return tr("Tasks");
    case ObjectType::Emails:
        return tr("Emails");
    }
    return toName(type);
}

QString DisplayText::direction(SyncDirection direction)
{
    switch (direction) {
    case SyncDirection::Both:
        return tr("Both ways");
    case SyncDirection::ExchangeToCrm:
        return tr("Exchange → CRM");
    case SyncDirection::CrmToExchange:
        return tr("CRM → Exchange");
    case SyncDirection::Off:
        return tr("Off");
    }
    return toName(direction);
}

QString DisplayText::eventWindow(EventWindow window, int days)
{
    switch (window) {
    case EventWindow::Today:
        return tr("From today");
    case EventWindow::LastMonth:
        return tr("Since last month");
    case EventWindow::LastNDays:
        // Plain English without a loaded .qm, so no "%n day(s)" plural form.
        return days == 1 ? tr("Last day") : tr("Last %1 days").arg(days);
    }
    return toName(window);
}

QString DisplayText::yesNo(bool value)
{
    return value ? tr("Yes") : tr("No");
}

QString DisplayText::time(const QDateTime &time)
{
    if (!time.isValid())
        return tr("Never");
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace Liaison
