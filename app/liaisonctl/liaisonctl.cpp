#include "liaisonctl.h"

#include "assignmentcommand.h"
#include "configcommand.h"
#include "crmcommand.h"
#include "profilecommand.h"
#include "usercommand.h"

#include <QTextStream>

#include <iostream>

namespace Liaison {
namespace {

// An option that looks like it carries a secret. Only its name is ever echoed, never a value.
bool isSecretOption(const QString &argument, QString *optionName)
{
    if (!argument.startsWith(QLatin1Char('-')))
        return false;
    QString name = argument;
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    name = name.section(QLatin1Char('='), 0, 0).toLower();
    if (name == QLatin1String("secret-stdin"))
        return false;
    static const QStringList exact{QStringLiteral("pass"), QStringLiteral("pwd"), QStringLiteral("p")};
    static const QStringList parts{QStringLiteral("password"), QStringLiteral("passwd"), QStringLiteral("secret"),
                                   QStringLiteral("token"),    QStringLiteral("api-key"), QStringLiteral("apikey"),
                                   QStringLiteral("passphrase")};
    bool secret = exact.contains(name);
    for (const QString &part : parts)
        secret = secret || name.contains(part);
    if (secret)
        *optionName = QStringLiteral("--") + name;
    return secret;
}

} // namespace

LiaisonCtl::LiaisonCtl()
{
    m_commands.push_back(std::make_unique<ProfileCommand>(m_context));
    m_commands.push_back(std::make_unique<CrmCommand>(m_context));
    m_commands.push_back(std::make_unique<ConfigCommand>(m_context));
    m_commands.push_back(std::make_unique<UserCommand>(m_context));
    m_commands.push_back(std::make_unique<AssignmentCommand>(m_context));
}

LiaisonCtl::~LiaisonCtl() = default;

ObjectCommand *LiaisonCtl::command(const QString &name) const
{
    for (const auto &c : m_commands)
        if (c->name() == name)
            return c.get();
    return nullptr;
}

QString LiaisonCtl::help() const
{
    QString text;
    QTextStream out(&text);
    out << "liaisonctl: administer Liaison (Exchange <-> CRM sync) from scripts\n\n"
           "Usage: liaisonctl [--db FILE] [--json] OBJECT VERB [ID|NAME] [options]\n\n"
           "Objects:\n";
    for (const auto &c : m_commands)
        out << "  " << c->name().leftJustified(12) << c->summary() << '\n';
    out << "\nVerbs: add, list, show, set, remove (show/set/remove take an id or a unique name/address)\n"
           "\nGlobal options:\n"
           "  --db FILE    database file (default: " << m_context.databaseFile() << ")\n"
           "  --json       machine-readable JSON from list (an array) and show (an object)\n"
           "  --help       this help; `liaisonctl OBJECT --help` lists an object's options and values\n"
           "\nSecrets are never accepted as arguments: use --secret-stdin (piped, or typed without echo).\n"
           "\nExit codes:\n"
           "  0  success\n"
           "  1  internal error\n"
           "  2  usage: unknown object, verb or option; a secret given as an argument\n"
           "  3  not found: unknown id, name or address\n"
           "  4  invalid: bad or missing value, duplicate name, conflict, unreadable file\n"
           "  5  keychain: the OS keychain is unreachable or refused\n"
           "  6  storage: the database could not be opened or written\n"
           "Errors are one line on stderr: liaisonctl: <reason>[. Fix: <what to do>]\n";
    return text;
}

int LiaisonCtl::run(const QStringList &arguments)
{
    try {
        return dispatch(arguments);
    } catch (const CliError &error) {
        std::cout << std::flush;
        std::cerr << error.line().toUtf8().constData() << std::endl;
        return error.exitCode;
    }
}

int LiaisonCtl::dispatch(const QStringList &arguments)
{
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--"))
            break;
        if (QString option; isSecretOption(argument, &option))
            throw CliError::usage(QStringLiteral("secrets are never accepted as arguments (%1 refused)").arg(option),
                                  QStringLiteral("pipe the secret into --secret-stdin, or type it at the prompt"));
    }

    qsizetype i = 0;
    for (; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("--json")) {
            m_context.setJson(true);
        } else if (arg == QLatin1String("--db")) {
            if (i + 1 >= arguments.size())
                throw CliError::usage(QStringLiteral("--db needs a file"), QStringLiteral("pass --db FILE"));
            m_context.setDatabaseFile(arguments.at(++i));
        } else if (arg.startsWith(QLatin1String("--db="))) {
            m_context.setDatabaseFile(arg.mid(5));
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h") || arg == QLatin1String("help")) {
            if (i + 1 < arguments.size()) {
                if (ObjectCommand *c = command(arguments.at(i + 1))) {
                    std::cout << c->help().toUtf8().constData() << std::flush;
                    return ExitOk;
                }
                throw CliError::usage(QStringLiteral("unknown object '%1'").arg(arguments.at(i + 1)),
                                      QStringLiteral("use one of: profile, crm, config, user, assignment"));
            }
            std::cout << help().toUtf8().constData() << std::flush;
            return ExitOk;
        } else if (arg.startsWith(QLatin1Char('-'))) {
            throw CliError::usage(QStringLiteral("unknown option '%1'").arg(arg.section(QLatin1Char('='), 0, 0)),
                                  QStringLiteral("run 'liaisonctl help'"));
        } else {
            break;
        }
    }
    if (i >= arguments.size())
        throw CliError::usage(QStringLiteral("no object given"),
                              QStringLiteral("run 'liaisonctl help' (objects: profile, crm, config, user, assignment)"));
    ObjectCommand *c = command(arguments.at(i));
    if (!c)
        throw CliError::usage(QStringLiteral("unknown object '%1'").arg(arguments.at(i)),
                              QStringLiteral("use one of: profile, crm, config, user, assignment"));
    return c->run(arguments.mid(i + 1));
}

} // namespace Liaison
