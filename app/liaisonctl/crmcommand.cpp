#include "crmcommand.h"

#include "admin/adminjson.h"
#include "model/validation.h"

namespace Liaison {

QList<QCommandLineOption> CrmCommand::options(const QString &verb) const
{
    if (verb != QLatin1String("add") && verb != QLatin1String("set"))
        return {};
    return {
        valueOption(QStringLiteral("name"), QStringLiteral("unique connection name"), QStringLiteral("NAME")),
        valueOption(QStringLiteral("kind"), QStringLiteral("CRM product"), QStringLiteral("KIND")),
        valueOption(QStringLiteral("url"),
                    QStringLiteral("organisation URL, e.g. https://contoso.crm.dynamics.com"),
                    QStringLiteral("URL")),
        valueOption(QStringLiteral("tenant-id"), QStringLiteral("Entra ID tenant (Dataverse)"),
                    QStringLiteral("ID")),
        valueOption(QStringLiteral("client-id"), QStringLiteral("app registration client id"),
                    QStringLiteral("ID")),
        valueOption(
            QStringLiteral("authority"),
            QStringLiteral("Entra sign-in host for sovereign clouds, e.g. https://login.microsoftonline.us; "
                           "'default' clears"),
            QStringLiteral("URL")),
        valueOption(QStringLiteral("pin-cert"),
                    QStringLiteral("trust this PEM certificate too; 'none' clears"), QStringLiteral("FILE")),
        flagOption(QStringLiteral("secret-stdin"), QStringLiteral("read the client secret from stdin")),
    };
}

QStringList CrmCommand::valueHelp() const
{
    return {enumLine<CrmKind>(QStringLiteral("--kind"))};
}

void CrmCommand::apply(const QCommandLineParser &p, CrmConnection &c)
{
    if (p.isSet(QStringLiteral("name")))
        c.name = p.value(QStringLiteral("name"));
    if (p.isSet(QStringLiteral("kind")))
        c.kind = enumValue<CrmKind>(p, QStringLiteral("kind"));
    if (p.isSet(QStringLiteral("url")))
        c.url = p.value(QStringLiteral("url")).trimmed();
    if (p.isSet(QStringLiteral("tenant-id")))
        c.tenantId = p.value(QStringLiteral("tenant-id")).trimmed();
    if (p.isSet(QStringLiteral("client-id")))
        c.clientId = p.value(QStringLiteral("client-id")).trimmed();
    if (p.isSet(QStringLiteral("authority"))) {
        const QString authority = p.value(QStringLiteral("authority")).trimmed();
        c.authority = authority == QLatin1String("default") ? QString() : authority;
    }
    if (p.isSet(QStringLiteral("pin-cert")))
        c.pinnedCertificatePem = pinnedCertificate(p);
}

void CrmCommand::add(const QCommandLineParser &parser)
{
    CrmConnection connection;
    apply(parser, connection);
    check(Validation::validate(connection));
    const std::optional<QByteArray> secret = secretFromStdin(parser, QStringLiteral("CRM client secret"));
    const qint64 id = check(admin().addCrmConnection(connection, secret));
    printChanged(QStringLiteral("added"), id);
}

void CrmCommand::list(const QCommandLineParser &)
{
    const QList<CrmConnection> connections = check(admin().crmConnections());
    if (json()) {
        printJson(AdminJson::toJsonArray(connections));
        return;
    }
    QList<QStringList> rows;
    for (const CrmConnection &c : connections)
        rows << QStringList{QString::number(c.id), c.name, toName(c.kind), c.url,
                            c.hasSecret ? QStringLiteral("stored") : QStringLiteral("none")};
    printTable({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("URL"),
                QStringLiteral("SECRET")},
               rows);
}

void CrmCommand::show(const QString &reference, const QCommandLineParser &)
{
    const QJsonObject object = AdminJson::toJson(check(admin().findCrmConnection(reference)));
    json() ? printJson(object) : printObject(object);
}

void CrmCommand::set(const QString &reference, const QCommandLineParser &parser)
{
    CrmConnection connection = check(admin().findCrmConnection(reference));
    apply(parser, connection);
    check(Validation::validate(connection));
    const std::optional<QByteArray> secret = secretFromStdin(parser, QStringLiteral("CRM client secret"));
    check(admin().updateCrmConnection(connection, secret));
    printChanged(QStringLiteral("updated"), connection.id);
}

void CrmCommand::remove(const QString &reference, const QCommandLineParser &)
{
    const CrmConnection connection = check(admin().findCrmConnection(reference));
    check(admin().removeCrmConnection(connection.id));
    printChanged(QStringLiteral("removed"), connection.id);
}

} // namespace Liaison
