#pragma once

#include "clicontext.h"
#include "clierror.h"
#include "model/enums.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Liaison {

// One admin object on the command line (profile, crm, ...): parses `VERB [ref] [options]`
// with a QCommandLineParser per verb and dispatches to the verb. Subclasses supply the
// options and the verbs; failures are thrown as CliError and turned into exit codes above.
class ObjectCommand
{
public:
    explicit ObjectCommand(CliContext &context) : m_context(context) {}
    virtual ~ObjectCommand() = default;
    ObjectCommand(const ObjectCommand &) = delete;
    ObjectCommand &operator=(const ObjectCommand &) = delete;

    virtual QString name() const = 0;      // "profile"
    virtual QString summary() const = 0;   // one line for `liaisonctl help`

    // args: VERB followed by its positional and options.
    int run(const QStringList &args);
    QString help() const;

protected:
    // Options accepted by a verb (besides --json, --db and --help, which every verb takes).
    virtual QList<QCommandLineOption> options(const QString &verb) const = 0;
    // Lines listing allowed enum values, appended to the help.
    virtual QStringList valueHelp() const { return {}; }
    // "ID|NAME" placeholder for show/set/remove.
    virtual QString referenceName() const { return QStringLiteral("ID|NAME"); }
    virtual QString verbHelp(const QString &verb) const;

    virtual void add(const QCommandLineParser &parser) = 0;
    virtual void list(const QCommandLineParser &parser) = 0;
    virtual void show(const QString &reference, const QCommandLineParser &parser) = 0;
    virtual void set(const QString &reference, const QCommandLineParser &parser) = 0;
    virtual void remove(const QString &reference, const QCommandLineParser &parser) = 0;

    AdminService &admin() { return m_context.admin(); }
    bool json() const { return m_context.json(); }

    // Output on stdout.
    void printJson(const QJsonValue &value) const;
    void printText(const QString &text) const;
    void printObject(const QJsonObject &object) const;   // `key: value` lines
    void printTable(const QStringList &header, const QList<QStringList> &rows) const;
    void printChanged(const QString &what, qint64 id) const;   // "added profile 3" (or JSON)

    // Unwrap a Result or throw its error as a CliError.
    template<typename T>
    static T check(Result<T> result)
    {
        if (!result)
            throw CliError::from(result.error());
        return std::move(result).value();
    }
    static void check(const Status &status);

    // Option values, validated; throw CliError::invalid naming the allowed values.
    static bool onOff(const QCommandLineParser &parser, const QString &option);
    static int integer(const QCommandLineParser &parser, const QString &option);
    // --pin-cert FILE|none: the PEM file's bytes, or empty for none.
    static QByteArray pinnedCertificate(const QCommandLineParser &parser);
    template<typename E>
    static E enumValue(const QCommandLineParser &parser, const QString &option)
    {
        return enumFrom<E>(parser.value(option), QStringLiteral("--") + option);
    }
    template<typename E>
    static E enumFrom(const QString &text, const QString &what)
    {
        if (std::optional<E> value = fromName<E>(text.trimmed()))
            return *value;
        throw CliError::invalid(QStringLiteral("'%1' is not a valid value for %2").arg(text, what),
                                QStringLiteral("use one of: %1").arg(allNames<E>().join(QStringLiteral(", "))));
    }
    template<typename E>
    static QString enumLine(const QString &label)
    {
        return QStringLiteral("  %1: %2").arg(label, allNames<E>().join(QStringLiteral(" | ")));
    }
    static QCommandLineOption valueOption(const QString &name, const QString &description,
                                          const QString &valueName = QStringLiteral("VALUE"));
    static QCommandLineOption flagOption(const QString &name, const QString &description);
    static QString onOffText(bool value) { return value ? QStringLiteral("on") : QStringLiteral("off"); }

    // Reads the secret for --secret-stdin, or nullopt when the option is absent.
    std::optional<QByteArray> secretFromStdin(const QCommandLineParser &parser, const QString &what) const;

private:
    QCommandLineParser &parserFor(const QString &verb, QCommandLineParser &parser) const;

    CliContext &m_context;
};

// The verbs every object understands.
QStringList standardVerbs();

} // namespace Liaison
