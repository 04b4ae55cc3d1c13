#include "assignmentcommand.h"

#include "admin/adminjson.h"

#include <QHash>

namespace Liaison {

QList<QCommandLineOption> AssignmentCommand::options(const QString &verb) const
{
    const QCommandLineOption config = valueOption(QStringLiteral("config"), QStringLiteral("the configuration"),
                                                  QStringLiteral("ID|NAME"));
    if (verb == QLatin1String("add"))
        return {config,
                valueOption(QStringLiteral("user"), QStringLiteral("assign one user"), QStringLiteral("ID|EMAIL")),
                valueOption(QStringLiteral("security-profile"),
                            QStringLiteral("assign every user with this CRM security profile"), QStringLiteral("NAME"))};
    if (verb == QLatin1String("set"))
        return {config};
    if (verb == QLatin1String("list"))
        return {flagOption(QStringLiteral("effective"),
                           QStringLiteral("each user's effective configuration and why"))};
    return {};
}

QString AssignmentCommand::verbHelp(const QString &verb) const
{
    if (verb == QLatin1String("add"))
        return QStringLiteral("add --config ID|NAME (--user ID|EMAIL | --security-profile NAME)");
    if (verb == QLatin1String("list"))
        return QStringLiteral("list [--effective] [--json]");
    if (verb == QLatin1String("set"))
        return QStringLiteral("set ID --config ID|NAME   (moves the assignment to another configuration)");
    return ObjectCommand::verbHelp(verb);
}

Assignment AssignmentCommand::find(const QString &reference)
{
    bool isNumber = false;
    const qint64 id = reference.trimmed().toLongLong(&isNumber);
    if (!isNumber)
        throw CliError{ExitNotFound, QStringLiteral("no assignment '%1': assignments are named by id").arg(reference),
                       QStringLiteral("run 'liaisonctl assignment list' to see the ids")};
    return check(admin().assignment(id));
}

qint64 AssignmentCommand::assign(qint64 configurationId, const Assignment &target)
{
    if (target.target == Assignment::Target::User)
        return check(admin().assignUser(configurationId, target.userId.value_or(0)));
    return check(admin().assignSecurityProfile(configurationId, target.securityProfile));
}

void AssignmentCommand::add(const QCommandLineParser &parser)
{
    const bool byUser = parser.isSet(QStringLiteral("user"));
    const bool byProfile = parser.isSet(QStringLiteral("security-profile"));
    if (!parser.isSet(QStringLiteral("config")))
        throw CliError::invalid(QStringLiteral("assignment needs a configuration"), QStringLiteral("pass --config ID|NAME"));
    if (byUser == byProfile)
        throw CliError::usage(QStringLiteral("assignment add needs exactly one of --user or --security-profile"),
                              QStringLiteral("pass --user ID|EMAIL or --security-profile NAME"));
    const SyncConfiguration configuration = check(admin().findConfiguration(parser.value(QStringLiteral("config"))));
    Assignment target;
    if (byUser) {
        target.userId = check(admin().findUser(parser.value(QStringLiteral("user")))).id;
    } else {
        target.target = Assignment::Target::Profile;
        target.securityProfile = parser.value(QStringLiteral("security-profile")).trimmed();
    }
    printChanged(QStringLiteral("added"), assign(configuration.id, target));
}

void AssignmentCommand::list(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("effective"))) {
        listEffective();
        return;
    }
    const QList<Assignment> assignments = check(admin().assignments());
    if (json()) {
        printJson(AdminJson::toJsonArray(assignments));
        return;
    }
    QHash<qint64, QString> configNames;
    for (const SyncConfiguration &c : check(admin().configurations()))
        configNames.insert(c.id, c.name);
    QHash<qint64, QString> addresses;
    for (const User &u : check(admin().users()))
        addresses.insert(u.id, u.exchangeAddress);
    QList<QStringList> rows;
    for (const Assignment &a : assignments) {
        const QString target = a.target == Assignment::Target::User
                                   ? QStringLiteral("user ") + addresses.value(a.userId.value_or(0))
                                   : QStringLiteral("security-profile ") + a.securityProfile;
        rows << QStringList{QString::number(a.id), configNames.value(a.configurationId), target};
    }
    printTable({QStringLiteral("ID"), QStringLiteral("CONFIGURATION"), QStringLiteral("TARGET")}, rows);
}

void AssignmentCommand::listEffective()
{
    QHash<qint64, QString> configNames;
    for (const SyncConfiguration &c : check(admin().configurations()))
        configNames.insert(c.id, c.name);
    QHash<qint64, User> users;
    for (const User &u : check(admin().users()))
        users.insert(u.id, u);
    const QList<EffectiveAssignment> effective = check(admin().effectiveAssignments());

    QJsonArray array;
    QList<QStringList> rows;
    for (const EffectiveAssignment &e : effective) {
        const User user = users.value(e.userId);
        QString reason;
        if (!e.via)
            reason = QStringLiteral("not assigned: does not sync");
        else if (*e.via == Assignment::Target::User)
            reason = QStringLiteral("assigned individually");
        else
            reason = QStringLiteral("through security profile '%1'").arg(user.crmSecurityProfile);
        const QString config = e.configurationId ? configNames.value(*e.configurationId) : QString();
        QJsonObject object = AdminJson::toJson(e);
        object.insert(QStringLiteral("exchangeAddress"), user.exchangeAddress);
        object.insert(QStringLiteral("configuration"), e.configurationId ? QJsonValue(config) : QJsonValue());
        object.insert(QStringLiteral("reason"), reason);
        array.append(object);
        rows << QStringList{user.exchangeAddress, config.isEmpty() ? QStringLiteral("-") : config, reason};
    }
    if (json())
        printJson(array);
    else
        printTable({QStringLiteral("USER"), QStringLiteral("CONFIGURATION"), QStringLiteral("WHY")}, rows);
}

void AssignmentCommand::show(const QString &reference, const QCommandLineParser &)
{
    const QJsonObject object = AdminJson::toJson(find(reference));
    json() ? printJson(object) : printObject(object);
}

void AssignmentCommand::set(const QString &reference, const QCommandLineParser &parser)
{
    const Assignment existing = find(reference);
    if (!parser.isSet(QStringLiteral("config")))
        throw CliError::invalid(QStringLiteral("nothing to change"), QStringLiteral("pass --config ID|NAME"));
    const SyncConfiguration configuration = check(admin().findConfiguration(parser.value(QStringLiteral("config"))));
    // Assigning the same target again moves it; the row may get a new id.
    printChanged(QStringLiteral("updated"), assign(configuration.id, existing));
}

void AssignmentCommand::remove(const QString &reference, const QCommandLineParser &)
{
    const Assignment assignment = find(reference);
    check(admin().removeAssignment(assignment.id));
    printChanged(QStringLiteral("removed"), assignment.id);
}

} // namespace Liaison
