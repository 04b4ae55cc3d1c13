#pragma once

// Autodiscover: SOAP GetUserSettings (Exchange 2010+, preferred) and the POX fallback.
// Only the protocol bytes; the URL order and redirects belong to the transport task.

#include "common/result.h"
#include "mailbox/ews/ewsxmlnode.h"

#include <QMap>
#include <QStringList>

namespace Liaison {

struct EwsUserSettings
{
    QString errorCode;         // per-user ErrorCode: NoError, RedirectAddress, RedirectUrl, InvalidUser, ...
    QString errorMessage;
    QString redirectTarget;    // RedirectAddress: an SMTP address; RedirectUrl: an autodiscover URL
    QMap<QString, QString> settings; // Name -> Value ("ExternalEwsUrl", "InternalEwsUrl", "GroupingInformation", ...)

    QString externalEwsUrl() const { return settings.value(QStringLiteral("ExternalEwsUrl")); }
    QString internalEwsUrl() const { return settings.value(QStringLiteral("InternalEwsUrl")); }
    // External first: Liaison usually runs outside the Exchange site.
    QString ewsUrl() const { return externalEwsUrl().isEmpty() ? internalEwsUrl() : externalEwsUrl(); }
};

class EwsGetUserSettingsRequest
{
public:
    QString mailbox;           // SMTP address to discover
    QString url;               // the autodiscover.svc URL this goes to (wsa:To)
    QString requestedServerVersion = QStringLiteral("Exchange2013");
    QStringList settings{QStringLiteral("ExternalEwsUrl"), QStringLiteral("InternalEwsUrl"),
                         QStringLiteral("GroupingInformation"), QStringLiteral("UserDisplayName")};

    Result<QByteArray> build() const;
    // A response-level error (ErrorCode other than NoError, or a SOAP fault) is an Error;
    // a per-user redirect is a value with errorCode RedirectAddress/RedirectUrl.
    static Result<EwsUserSettings> parse(const QByteArray &xml);
};

struct EwsPoxResult
{
    QString action;            // "settings", "redirectAddr" or "redirectUrl"
    QString redirectAddress;   // Action redirectAddr
    QString redirectUrl;       // Action redirectUrl
    QString internalEwsUrl;    // Protocol Type EXCH
    QString externalEwsUrl;    // Protocol Type EXPR
    QString ewsUrl() const { return externalEwsUrl.isEmpty() ? internalEwsUrl : externalEwsUrl; }
};

class EwsPoxAutodiscoverRequest
{
public:
    QString emailAddress;

    Result<QByteArray> build() const;
    static Result<EwsPoxResult> parse(const QByteArray &xml);
};

} // namespace Liaison
