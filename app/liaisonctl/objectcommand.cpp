#include "objectcommand.h"

#include "secretinput.h"

#include <QFile>
#include <QJsonDocument>
#include <QTextStream>
#include <iostream>

namespace Liaison {

QStringList standardVerbs()
{
    return {QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("set"),
            QStringLiteral("remove")};
}

namespace {

const QString kJson = QStringLiteral("json");
const QString kDb = QStringLiteral("db");
const QString kHelp = QStringLiteral("help");

bool takesReference(const QString &verb)
{
    return verb == QLatin1String("show") || verb == QLatin1String("set") || verb == QLatin1String("remove");
}

QString describeJson(const QJsonValue &value, int indent);

QString describeObject(const QJsonObject &object, int indent)
{
    QString text;
    const QString pad(indent, QLatin1Char(' '));
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isObject())
            text +=
                pad + it.key() + QStringLiteral(":\n") + describeObject(it.value().toObject(), indent + 2);
        else
            text +=
                pad + it.key() + QStringLiteral(": ") + describeJson(it.value(), indent) + QLatin1Char('\n');
    }
    return text;
}

QString describeJson(const QJsonValue &value, int indent)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("-");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case QJsonValue::Double:
        return QString::number(value.toInteger());
    case QJsonValue::String: {
        const QString s = value.toString();
        if (s.contains(QLatin1Char('\n'))) // a PEM: say what it is rather than dump it
            return QStringLiteral("(%1 lines)").arg(s.count(QLatin1Char('\n')));
        return s.isEmpty() ? QStringLiteral("-") : s;
    }
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts << (v.isObject()
                          ? QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
                          : describeJson(v, indent));
        return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
    }
    case QJsonValue::Object:
        return describeObject(value.toObject(), indent + 2);
    }
    return {};
}

} // namespace

QCommandLineOption ObjectCommand::valueOption(const QString &name, const QString &description,
                                              const QString &valueName)
{
    return QCommandLineOption(name, description, valueName);
}

QCommandLineOption ObjectCommand::flagOption(const QString &name, const QString &description)
{
    return QCommandLineOption(name, description);
}

QString ObjectCommand::verbHelp(const QString &verb) const
{
    if (verb == QLatin1String("add"))
        return QStringLiteral("add [options]");
    if (verb == QLatin1String("list"))
        return QStringLiteral("list [--json]");
    if (verb == QLatin1String("show"))
        return QStringLiteral("show %1 [--json]").arg(referenceName());
    if (verb == QLatin1String("set"))
        return QStringLiteral("set %1 [options]").arg(referenceName());
    return QStringLiteral("%1 %2").arg(verb, referenceName());
}

QString ObjectCommand::help() const
{
    QString text;
    QTextStream out(&text);
    out << "liaisonctl " << name() << ": " << summary() << "\n\nUsage:\n";
    for (const QString &verb : standardVerbs())
        out << "  liaisonctl [--db FILE] [--json] " << name() << ' ' << verbHelp(verb) << '\n';
    QStringList seen;
    for (const QString &verb : standardVerbs()) {
        const QList<QCommandLineOption> opts = options(verb);
        if (opts.isEmpty())
            continue;
        out << "\nOptions for " << verb << ":\n";
        for (const QCommandLineOption &o : opts) {
            QString left = QStringLiteral("--") + o.names().constFirst();
            if (!o.valueName().isEmpty())
                left += QLatin1Char(' ') + o.valueName();
            out << "  " << left.leftJustified(34) << ' ' << o.description() << '\n';
        }
    }
    const QStringList values = valueHelp();
    if (!values.isEmpty()) {
        out << "\nAllowed values:\n";
        for (const QString &line : values)
            out << line << '\n';
    }
    out << "\nSecrets are read only with --secret-stdin (piped, or typed without echo); never as an "
           "argument.\n";
    return text;
}

QCommandLineParser &ObjectCommand::parserFor(const QString &verb, QCommandLineParser &parser) const
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(options(verb));
    parser.addOption(QCommandLineOption(kJson, QStringLiteral("machine-readable output")));
    parser.addOption(QCommandLineOption(kDb, QStringLiteral("database file"), QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption({kHelp, QStringLiteral("h")}, QStringLiteral("show help")));
    return parser;
}

int ObjectCommand::run(const QStringList &args)
{
    if (args.isEmpty())
        throw CliError::usage(QStringLiteral("'%1' needs a verb (add, list, show, set, remove)").arg(name()),
                              QStringLiteral("run 'liaisonctl %1 --help'").arg(name()));
    const QString verb = args.constFirst();
    if (verb == QLatin1String("--help") || verb == QLatin1String("-h") || verb == QLatin1String("help")) {
        printText(help());
        return ExitOk;
    }
    if (!standardVerbs().contains(verb))
        throw CliError::usage(
            QStringLiteral("unknown verb '%1' for %2").arg(verb, name()),
            QStringLiteral("use one of: %1").arg(standardVerbs().join(QStringLiteral(", "))));

    QCommandLineParser parser;
    parserFor(verb, parser);
    // QCommandLineParser treats the first argument as the program name.
    if (!parser.parse(QStringList{QStringLiteral("liaisonctl")} + args.mid(1))) {
        QString why = parser.errorText();
        if (why.endsWith(QLatin1Char('.')))
            why.chop(1);
        throw CliError::usage(QStringLiteral("%1 %2: %3").arg(name(), verb, why),
                              QStringLiteral("run 'liaisonctl %1 --help'").arg(name()));
    }
    if (parser.isSet(kHelp)) {
        printText(help());
        return ExitOk;
    }
    if (parser.isSet(kDb))
        m_context.setDatabaseFile(parser.value(kDb));
    if (parser.isSet(kJson))
        m_context.setJson(true);

    const QStringList positional = parser.positionalArguments();
    const int expected = takesReference(verb) ? 1 : 0;
    if (positional.size() < expected)
        throw CliError::usage(QStringLiteral("%1 %2 needs %3").arg(name(), verb, referenceName()),
                              QStringLiteral("run 'liaisonctl %1 list' to see them").arg(name()));
    if (positional.size() > expected)
        throw CliError::usage(
            QStringLiteral("unexpected argument '%1' for %2 %3").arg(positional.at(expected), name(), verb),
            QStringLiteral("run 'liaisonctl %1 --help'").arg(name()));

    if (verb == QLatin1String("add"))
        add(parser);
    else if (verb == QLatin1String("list"))
        list(parser);
    else if (verb == QLatin1String("show"))
        show(positional.constFirst(), parser);
    else if (verb == QLatin1String("set"))
        set(positional.constFirst(), parser);
    else
        remove(positional.constFirst(), parser);
    return ExitOk;
}

void ObjectCommand::check(const Status &status)
{
    if (!status)
        throw CliError::from(status.error());
}

bool ObjectCommand::onOff(const QCommandLineParser &parser, const QString &option)
{
    const QString v = parser.value(option).trimmed().toLower();
    if (v == QLatin1String("on") || v == QLatin1String("true") || v == QLatin1String("yes"))
        return true;
    if (v == QLatin1String("off") || v == QLatin1String("false") || v == QLatin1String("no"))
        return false;
    throw CliError::invalid(
        QStringLiteral("'%1' is not a valid value for --%2").arg(parser.value(option), option),
        QStringLiteral("use one of: on, off"));
}

QByteArray ObjectCommand::pinnedCertificate(const QCommandLineParser &parser)
{
    const QString file = parser.value(QStringLiteral("pin-cert"));
    if (file == QLatin1String("none"))
        return {};
    QFile pem(file);
    if (!pem.open(QIODevice::ReadOnly))
        throw CliError::invalid(
            QStringLiteral("cannot read certificate file '%1': %2").arg(file, pem.errorString()),
            QStringLiteral("pass a readable PEM file, or --pin-cert none"));
    return pem.readAll();
}

int ObjectCommand::integer(const QCommandLineParser &parser, const QString &option)
{
    bool ok = false;
    const int v = parser.value(option).trimmed().toInt(&ok);
    if (!ok)
        throw CliError::invalid(
            QStringLiteral("'%1' is not a number for --%2").arg(parser.value(option), option));
    return v;
}

std::optional<QByteArray> ObjectCommand::secretFromStdin(const QCommandLineParser &parser,
                                                         const QString &what) const
{
    if (!parser.isSet(QStringLiteral("secret-stdin")))
        return std::nullopt;
    return check(readSecretFromStdin(QStringLiteral("%1: ").arg(what)));
}

void ObjectCommand::printJson(const QJsonValue &value) const
{
    QByteArray bytes;
    if (value.isArray())
        bytes = QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented);
    else
        bytes = QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    std::cout << bytes.constData() << std::flush;
}

void ObjectCommand::printText(const QString &text) const
{
    std::cout << text.toUtf8().constData();
    if (!text.endsWith(QLatin1Char('\n')))
        std::cout << '\n';
    std::cout << std::flush;
}

void ObjectCommand::printObject(const QJsonObject &object) const
{
    printText(describeObject(object, 0));
}

void ObjectCommand::printTable(const QStringList &header, const QList<QStringList> &rows) const
{
    QList<qsizetype> widths;
    for (const QString &h : header)
        widths << h.size();
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    auto format = [&](const QStringList &row) {
        QStringList cells;
        for (qsizetype i = 0; i < row.size(); ++i)
            cells << (i + 1 < row.size() ? row.at(i).leftJustified(widths.value(i)) : row.at(i));
        return cells.join(QStringLiteral("  "));
    };
    QString text = format(header) + QLatin1Char('\n');
    for (const QStringList &row : rows)
        text += format(row) + QLatin1Char('\n');
    if (rows.isEmpty())
        text += QStringLiteral("(none)\n");
    printText(text);
}

void ObjectCommand::printChanged(const QString &what, qint64 id) const
{
    if (json())
        printJson(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("result"), what}});
    else
        printText(QStringLiteral("%1 %2 %3").arg(what, name()).arg(id));
}

} // namespace Liaison
