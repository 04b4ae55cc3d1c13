#include "model/validation.h"

#include <QRegularExpression>
#include <QUrl>

namespace Liaison::Validation {
namespace {

bool isHttpsOrHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

Status validatePinnedCertificate(const QByteArray &pem)
{
    if (!pem.isEmpty() && !pem.contains("-----BEGIN CERTIFICATE-----"))
        return Error::invalid(QStringLiteral("pinned certificate is not a PEM certificate"),
                              QStringLiteral("export the server certificate as PEM (Base-64 encoded X.509)"));
    return {};
}

bool isEmailAddress(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"));
    return re.match(text).hasMatch();
}

bool isDomain(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$)"));
    return re.match(text).hasMatch();
}

Status requireName(const QString &name, const QString &what)
{
    if (name.trimmed().isEmpty())
        return Error::missing(QStringLiteral("%1 needs a name").arg(what), QStringLiteral("pass --name"));
    if (name.size() > 200)
        return Error::invalid(QStringLiteral("%1 name is longer than 200 characters").arg(what));
    return {};
}

} // namespace

Status validate(const ExchangeProfile &p)
{
    if (Status s = requireName(p.name, QStringLiteral("Exchange profile")); !s)
        return s;
    if (!p.ewsUrl.isEmpty() && !isHttpsOrHttpUrl(p.ewsUrl))
        return Error::invalid(QStringLiteral("EWS URL '%1' is not an http(s) URL").arg(p.ewsUrl),
                              QStringLiteral("use https://mail.example.com/EWS/Exchange.asmx"));
    if (p.kind == MailboxKind::Ews && p.ewsUrl.isEmpty() && !p.autodiscover)
        return Error::missing(QStringLiteral("EWS profile needs an EWS URL or Autodiscover"),
                              QStringLiteral("pass --ews-url URL or --autodiscover on"));
    if (p.kind == MailboxKind::Graph && p.auth != ExchangeAuth::OAuth2)
        return Error::invalid(QStringLiteral("Microsoft Graph profiles authenticate with OAuth2 only"),
                              QStringLiteral("pass --auth oauth2 with --tenant-id and --client-id"));
    if (p.auth == ExchangeAuth::OAuth2) {
        if (p.tenantId.trimmed().isEmpty())
            return Error::missing(QStringLiteral("OAuth2 needs a tenant id"),
                                  QStringLiteral("pass --tenant-id"));
        if (p.clientId.trimmed().isEmpty())
            return Error::missing(QStringLiteral("OAuth2 needs a client id"),
                                  QStringLiteral("pass --client-id"));
    } else if (p.serviceAccount.trimmed().isEmpty()) {
        return Error::missing(QStringLiteral("%1 authentication needs a service account").arg(toName(p.auth)),
                              QStringLiteral("pass --service-account user@example.com"));
    }
    for (const QString &domain : p.additionalDomains)
        if (!isDomain(domain))
            return Error::invalid(QStringLiteral("'%1' is not an email domain").arg(domain),
                                  QStringLiteral("use a domain such as contoso.com"));
    return validatePinnedCertificate(p.pinnedCertificatePem);
}

Status validate(const CrmConnection &c)
{
    if (Status s = requireName(c.name, QStringLiteral("CRM connection")); !s)
        return s;
    if (c.url.isEmpty())
        return Error::missing(QStringLiteral("CRM connection needs a URL"),
                              QStringLiteral("pass --url https://contoso.crm.dynamics.com"));
    if (!isHttpsOrHttpUrl(c.url))
        return Error::invalid(QStringLiteral("CRM URL '%1' is not an http(s) URL").arg(c.url));
    if (c.tenantId.trimmed().isEmpty() && c.kind == CrmKind::Dataverse)
        return Error::missing(QStringLiteral("Dataverse connection needs a tenant id"),
                              QStringLiteral("pass --tenant-id"));
    if (c.clientId.trimmed().isEmpty())
        return Error::missing(QStringLiteral("CRM connection needs a client id"),
                              QStringLiteral("pass --client-id"));
    if (!c.authority.isEmpty()) {
        // Only the sign-in host: the tenant and /oauth2/v2.0/token are added by Liaison.
        const QUrl authority(c.authority, QUrl::StrictMode);
        if (!authority.isValid() || authority.scheme() != QLatin1String("https") ||
            authority.host().isEmpty() ||
            (!authority.path().isEmpty() && authority.path() != QLatin1String("/")) || authority.hasQuery())
            return Error::invalid(
                QStringLiteral("authority '%1' is not an https sign-in host").arg(c.authority.left(200)),
                QStringLiteral("pass --authority https://login.microsoftonline.us (only the host)"));
    }
    return validatePinnedCertificate(c.pinnedCertificatePem);
}

Status validate(const SyncConfiguration &c)
{
    if (Status s = requireName(c.name, QStringLiteral("Configuration")); !s)
        return s;
    if (c.eventWindow == EventWindow::LastNDays &&
        (c.eventWindowDays < 1 || c.eventWindowDays > SyncConfiguration::kMaxEventWindowDays))
        return Error::invalid(
            QStringLiteral("event window of %1 days is outside 1..%2")
                .arg(c.eventWindowDays)
                .arg(SyncConfiguration::kMaxEventWindowDays),
            QStringLiteral("choose at most %1 days").arg(SyncConfiguration::kMaxEventWindowDays));
    if (c.contactsFolderName.trimmed().isEmpty())
        return Error::missing(QStringLiteral("contacts sync folder needs a name"));
    static const QRegularExpression badFolderChars(QStringLiteral(R"([\\/])"));
    if (c.contactsFolderName.contains(badFolderChars) || c.contactsFolderName.size() > 255)
        return Error::invalid(
            QStringLiteral("contacts folder name '%1' may not contain / or \\ or exceed 255 characters")
                .arg(c.contactsFolderName));
    static const QStringList filterOps{QStringLiteral("eq"),       QStringLiteral("ne"),
                                       QStringLiteral("contains"), QStringLiteral("not-contains"),
                                       QStringLiteral("empty"),    QStringLiteral("not-empty")};
    for (const FieldFilter &f : c.contactFilters) {
        if (f.crmField.trimmed().isEmpty())
            return Error::missing(QStringLiteral("contact filter needs a CRM field"));
        if (!filterOps.contains(f.op))
            return Error::invalid(QStringLiteral("contact filter operator '%1' is not one of %2")
                                      .arg(f.op, filterOps.join(QStringLiteral(", "))));
    }
    for (auto it = c.objects.cbegin(); it != c.objects.cend(); ++it) {
        for (const FieldMapping &m : it->mappings)
            if (m.exchangeField.trimmed().isEmpty() || m.crmField.trimmed().isEmpty())
                return Error::missing(
                    QStringLiteral("a %1 field mapping needs both an Exchange and a CRM field")
                        .arg(toName(it.key())));
    }
    return {};
}

Status validate(const User &u)
{
    if (u.crmUserId.trimmed().isEmpty())
        return Error::missing(QStringLiteral("user needs a CRM user id"),
                              QStringLiteral("pass --crm-user-id"));
    if (u.exchangeAddress.trimmed().isEmpty())
        return Error::missing(QStringLiteral("user needs an Exchange address"),
                              QStringLiteral("pass --email"));
    if (!isEmailAddress(u.exchangeAddress))
        return Error::invalid(QStringLiteral("'%1' is not an email address").arg(u.exchangeAddress));
    return {};
}

} // namespace Liaison::Validation
