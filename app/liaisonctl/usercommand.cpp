#include "usercommand.h"

#include "admin/adminjson.h"
#include "model/validation.h"

namespace Liaison {

QList<QCommandLineOption> UserCommand::options(const QString &verb) const
{
    if (verb != QLatin1String("add") && verb != QLatin1String("set"))
        return {};
    return {
        valueOption(QStringLiteral("crm-user-id"), QStringLiteral("the CRM's user id (systemuserid)"),
                    QStringLiteral("ID")),
        valueOption(QStringLiteral("email"), QStringLiteral("primary SMTP address of the mailbox"),
                    QStringLiteral("ADDRESS")),
        valueOption(QStringLiteral("name"), QStringLiteral("display name"), QStringLiteral("NAME")),
        valueOption(QStringLiteral("security-profile"), QStringLiteral("CRM security profile / role"),
                    QStringLiteral("NAME")),
        valueOption(QStringLiteral("exchange-profile"), QStringLiteral("Exchange profile; 'default' uses the default"),
                    QStringLiteral("ID|NAME|default")),
    };
}

void UserCommand::apply(const QCommandLineParser &p, User &u)
{
    if (p.isSet(QStringLiteral("crm-user-id")))
        u.crmUserId = p.value(QStringLiteral("crm-user-id")).trimmed();
    if (p.isSet(QStringLiteral("email")))
        u.exchangeAddress = p.value(QStringLiteral("email")).trimmed();
    if (p.isSet(QStringLiteral("name")))
        u.displayName = p.value(QStringLiteral("name"));
    if (p.isSet(QStringLiteral("security-profile")))
        u.crmSecurityProfile = p.value(QStringLiteral("security-profile")).trimmed();
    if (p.isSet(QStringLiteral("exchange-profile"))) {
        const QString ref = p.value(QStringLiteral("exchange-profile"));
        if (ref.compare(QLatin1String("default"), Qt::CaseInsensitive) == 0)
            u.exchangeProfileId.reset();
        else
            u.exchangeProfileId = check(admin().findProfile(ref)).id;
    }
}

void UserCommand::add(const QCommandLineParser &parser)
{
    User user;
    apply(parser, user);
    const qint64 id = check(admin().addUser(user));
    printChanged(QStringLiteral("added"), id);
}

void UserCommand::list(const QCommandLineParser &)
{
    const QList<User> users = check(admin().users());
    if (json()) {
        printJson(AdminJson::toJsonArray(users));
        return;
    }
    QList<QStringList> rows;
    for (const User &u : users)
        rows << QStringList{QString::number(u.id), u.exchangeAddress, u.displayName, u.crmUserId,
                            u.crmSecurityProfile,
                            u.exchangeProfileId ? QString::number(*u.exchangeProfileId) : QStringLiteral("default")};
    printTable({QStringLiteral("ID"), QStringLiteral("EMAIL"), QStringLiteral("NAME"), QStringLiteral("CRM USER ID"),
                QStringLiteral("SECURITY PROFILE"), QStringLiteral("EXCHANGE PROFILE")},
               rows);
}

void UserCommand::show(const QString &reference, const QCommandLineParser &)
{
    const QJsonObject object = AdminJson::toJson(check(admin().findUser(reference)));
    json() ? printJson(object) : printObject(object);
}

void UserCommand::set(const QString &reference, const QCommandLineParser &parser)
{
    User user = check(admin().findUser(reference));
    apply(parser, user);
    check(admin().updateUser(user));
    printChanged(QStringLiteral("updated"), user.id);
}

void UserCommand::remove(const QString &reference, const QCommandLineParser &)
{
    const User user = check(admin().findUser(reference));
    check(admin().removeUser(user.id));
    printChanged(QStringLiteral("removed"), user.id);
}

} // namespace Liaison
