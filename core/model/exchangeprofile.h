#pragma once

#include "model/enums.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Liaison {

// How Liaison reaches an Exchange organisation: EWS for on-premises, Microsoft Graph for Exchange Online.
// The password or client secret is never here: it lives in the OS keychain under secretKey().
struct ExchangeProfile
{
    qint64 id = 0;
    QString name;                      // unique, what admins pick in lists
    MailboxKind kind = MailboxKind::Ews;
    QString ewsUrl;                    // https://mail.contoso.com/EWS/Exchange.asmx; empty => Autodiscover
    bool autodiscover = true;          // ignored when ewsUrl is set (a manual URL overrides Autodiscover)
    ExchangeAuth auth = ExchangeAuth::Basic;
    QString tenantId;                  // OAuth2 only
    QString clientId;                  // OAuth2 only
    QString serviceAccount;            // user name (Basic/NTLM) or the account impersonating mailboxes
    bool impersonation = true;
    QStringList additionalDomains;     // extra SMTP domains served by this organisation
    bool isDefault = false;            // at most one profile is the default
    QByteArray pinnedCertificatePem;   // trusted in addition to the system CAs; empty => none
    bool trace = false;                // write redacted protocol traces for this profile
    bool hasSecret = false;            // a secret is stored in the keychain for this profile

    // The keychain key of this profile's secret: liaison/exchange-profile/<id>.
    QString secretKey() const { return QStringLiteral("liaison/exchange-profile/%1").arg(id); }
};

} // namespace Liaison
