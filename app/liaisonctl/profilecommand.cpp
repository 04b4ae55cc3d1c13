#include "profilecommand.h"

#include "admin/adminjson.h"
#include "model/validation.h"


namespace Liaison {

QList<QCommandLineOption> ProfileCommand::options(const QString &verb) const
{
    if (verb != QLatin1String("add") && verb != QLatin1String("set"))
        return {};
    return {
        valueOption(QStringLiteral("name"), QStringLiteral("unique profile name"), QStringLiteral("NAME")),
        valueOption(QStringLiteral("kind"), QStringLiteral("ews (on-premises) or graph (Exchange Online)"),
                    QStringLiteral("KIND")),
        valueOption(QStringLiteral("ews-url"), QStringLiteral("EWS endpoint; empty uses Autodiscover"),
                    QStringLiteral("URL")),
        valueOption(QStringLiteral("autodiscover"), QStringLiteral("find the EWS URL by Autodiscover"),
                    QStringLiteral("on|off")),
        valueOption(QStringLiteral("auth"), QStringLiteral("authentication"), QStringLiteral("AUTH")),
        valueOption(QStringLiteral("tenant-id"), QStringLiteral("Entra ID tenant (OAuth2)"), QStringLiteral("ID")),
        valueOption(QStringLiteral("client-id"), QStringLiteral("app registration client id (OAuth2)"),
                    QStringLiteral("ID")),
        valueOption(QStringLiteral("service-account"), QStringLiteral("service/impersonating account"),
                    QStringLiteral("USER")),
        valueOption(QStringLiteral("impersonation"), QStringLiteral("impersonate user mailboxes"),
                    QStringLiteral("on|off")),
        valueOption(QStringLiteral("domains"), QStringLiteral("additional SMTP domains, comma separated"),
                    QStringLiteral("a.com,b.com")),
        flagOption(QStringLiteral("default"), QStringLiteral("make this the default profile")),
        valueOption(QStringLiteral("pin-cert"), QStringLiteral("trust this PEM certificate too; 'none' clears"),
                    QStringLiteral("FILE.pem|none")),
        valueOption(QStringLiteral("trace"), QStringLiteral("write redacted protocol traces"), QStringLiteral("on|off")),
        flagOption(QStringLiteral("secret-stdin"), QStringLiteral("read the password/client secret from stdin")),
    };
}

QStringList ProfileCommand::valueHelp() const
{
    return {enumLine<MailboxKind>(QStringLiteral("--kind")), enumLine<ExchangeAuth>(QStringLiteral("--auth"))};
}

void ProfileCommand::apply(const QCommandLineParser &p, ExchangeProfile &profile)
{
    if (p.isSet(QStringLiteral("name")))
        profile.name = p.value(QStringLiteral("name"));
    if (p.isSet(QStringLiteral("kind"))) {
        profile.kind = enumValue<MailboxKind>(p, QStringLiteral("kind"));
        if (profile.kind == MailboxKind::Graph && !p.isSet(QStringLiteral("auth")))
            profile.auth = ExchangeAuth::OAuth2;   // Graph knows no other
    }
    if (p.isSet(QStringLiteral("ews-url")))
        profile.ewsUrl = p.value(QStringLiteral("ews-url")).trimmed();
    if (p.isSet(QStringLiteral("autodiscover")))
        profile.autodiscover = onOff(p, QStringLiteral("autodiscover"));
    if (p.isSet(QStringLiteral("auth")))
        profile.auth = enumValue<ExchangeAuth>(p, QStringLiteral("auth"));
    if (p.isSet(QStringLiteral("tenant-id")))
        profile.tenantId = p.value(QStringLiteral("tenant-id")).trimmed();
    if (p.isSet(QStringLiteral("client-id")))
        profile.clientId = p.value(QStringLiteral("client-id")).trimmed();
    if (p.isSet(QStringLiteral("service-account")))
        profile.serviceAccount = p.value(QStringLiteral("service-account")).trimmed();
    if (p.isSet(QStringLiteral("impersonation")))
        profile.impersonation = onOff(p, QStringLiteral("impersonation"));
    if (p.isSet(QStringLiteral("domains"))) {
        QStringList domains;
        for (const QString &d : p.value(QStringLiteral("domains")).split(QLatin1Char(','), Qt::SkipEmptyParts))
            domains << d.trimmed().toLower();
        profile.additionalDomains = domains;
    }
    if (p.isSet(QStringLiteral("default")))
        profile.isDefault = true;
    if (p.isSet(QStringLiteral("pin-cert")))
        profile.pinnedCertificatePem = pinnedCertificate(p);
    if (p.isSet(QStringLiteral("trace")))
        profile.trace = onOff(p, QStringLiteral("trace"));
}

void ProfileCommand::add(const QCommandLineParser &parser)
{
    ExchangeProfile profile;
    apply(parser, profile);
    check(Validation::validate(profile));   // before asking for a secret
    const std::optional<QByteArray> secret = secretFromStdin(parser, QStringLiteral("Exchange password or client secret"));
    const qint64 id = check(admin().addProfile(profile, secret));
    printChanged(QStringLiteral("added"), id);
}

void ProfileCommand::list(const QCommandLineParser &)
{
    const QList<ExchangeProfile> profiles = check(admin().profiles());
    if (json()) {
        printJson(AdminJson::toJsonArray(profiles));
        return;
    }
    QList<QStringList> rows;
    for (const ExchangeProfile &p : profiles)
        rows << QStringList{QString::number(p.id), p.name, toName(p.kind), toName(p.auth),
                            p.ewsUrl.isEmpty() ? QStringLiteral("(autodiscover)") : p.ewsUrl,
                            p.isDefault ? QStringLiteral("yes") : QString(),
                            p.hasSecret ? QStringLiteral("stored") : QStringLiteral("none")};
    printTable({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("AUTH"),
                QStringLiteral("EWS URL"), QStringLiteral("DEFAULT"), QStringLiteral("SECRET")},
               rows);
}

void ProfileCommand::show(const QString &reference, const QCommandLineParser &)
{
    const QJsonObject object = AdminJson::toJson(check(admin().findProfile(reference)));
    json() ? printJson(object) : printObject(object);
}

void ProfileCommand::set(const QString &reference, const QCommandLineParser &parser)
{
    ExchangeProfile profile = check(admin().findProfile(reference));
    apply(parser, profile);
    check(Validation::validate(profile));
    const std::optional<QByteArray> secret = secretFromStdin(parser, QStringLiteral("Exchange password or client secret"));
    check(admin().updateProfile(profile, secret));
    printChanged(QStringLiteral("updated"), profile.id);
}

void ProfileCommand::remove(const QString &reference, const QCommandLineParser &)
{
    const ExchangeProfile profile = check(admin().findProfile(reference));
    check(admin().removeProfile(profile.id));
    printChanged(QStringLiteral("removed"), profile.id);
}

} // namespace Liaison
