#include "configcommand.h"

#include "admin/adminjson.h"
#include "admin/crmmappingcheck.h"
#include "model/validation.h"

namespace Liaison {
namespace {

QString conflictOption(ObjectType type)
{
    return toName(type) + QStringLiteral("-conflict");
}

const QString kMapFix = QStringLiteral("use OBJECT:EXCHANGEFIELD=CRMFIELD[:DIRECTION], e.g. contacts:GivenName=firstname");

} // namespace

QList<QCommandLineOption> ConfigCommand::options(const QString &verb) const
{
    if (verb != QLatin1String("add") && verb != QLatin1String("set"))
        return {};
    QList<QCommandLineOption> opts{
        valueOption(QStringLiteral("name"), QStringLiteral("unique configuration name"), QStringLiteral("NAME")),
        valueOption(QStringLiteral("active"), QStringLiteral("whether users in it sync"), QStringLiteral("on|off")),
        valueOption(QStringLiteral("description"), QStringLiteral("free text"), QStringLiteral("TEXT")),
    };
    for (ObjectType type : kAllObjectTypes)
        opts << valueOption(toName(type), QStringLiteral("sync direction for %1").arg(toName(type)),
                            QStringLiteral("DIRECTION"));
    for (ObjectType type : kAllObjectTypes)
        opts << valueOption(conflictOption(type), QStringLiteral("who wins a %1 conflict").arg(toName(type)),
                            QStringLiteral("CONFLICT"));
    opts << valueOption(QStringLiteral("map"), QStringLiteral("add or replace a field mapping (repeatable)"),
                        QStringLiteral("OBJECT:EXCHANGEFIELD=CRMFIELD[:DIRECTION]"))
         << valueOption(QStringLiteral("unmap"), QStringLiteral("remove a field mapping (repeatable)"),
                        QStringLiteral("OBJECT:EXCHANGEFIELD"))
         << valueOption(QStringLiteral("contact-ownership"), QStringLiteral("which CRM contacts a user gets"),
                        QStringLiteral("OWNERSHIP"))
         << valueOption(QStringLiteral("contact-filter"), QStringLiteral("only contacts matching (repeatable)"),
                        QStringLiteral("FIELD:OP[:VALUE]"))
         << flagOption(QStringLiteral("clear-contact-filters"), QStringLiteral("drop all contact filters first"))
         << valueOption(QStringLiteral("tie-break"), QStringLiteral("which duplicate contact wins"),
                        QStringLiteral("TIEBREAK"))
         << valueOption(QStringLiteral("event-window"), QStringLiteral("which past events sync"), QStringLiteral("WINDOW"))
         << valueOption(QStringLiteral("event-days"), QStringLiteral("days for last-n-days (1..180)"), QStringLiteral("N"))
         << valueOption(QStringLiteral("private-events"), QStringLiteral("sync events marked private"),
                        QStringLiteral("on|off"))
         << valueOption(QStringLiteral("contacts-folder"), QStringLiteral("Exchange folder for synced contacts"),
                        QStringLiteral("NAME"))
         << valueOption(QStringLiteral("check-crm"),
                        QStringLiteral("refuse mappings this CRM connection's tables cannot take (reads its $metadata)"),
                        QStringLiteral("CRM-CONNECTION"));
    return opts;
}

QStringList ConfigCommand::valueHelp() const
{
    return {
        enumLine<ObjectType>(QStringLiteral("OBJECT")),
        enumLine<SyncDirection>(QStringLiteral("DIRECTION")),
        enumLine<ConflictBehaviour>(QStringLiteral("CONFLICT")),
        enumLine<ContactOwnership>(QStringLiteral("OWNERSHIP")),
        enumLine<ContactTieBreak>(QStringLiteral("TIEBREAK")),
        enumLine<EventWindow>(QStringLiteral("WINDOW")),
        QStringLiteral("  OP: eq | ne | contains | not-contains | empty | not-empty"),
    };
}

void ConfigCommand::applyMapping(const QString &spec, SyncConfiguration &c)
{
    // contacts:PhoneNumbers:BusinessPhone=telephone1:both — the Exchange field may hold ':'.
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const qsizetype equals = spec.indexOf(QLatin1Char('='));
    if (colon < 0 || equals < colon)
        throw CliError::invalid(QStringLiteral("--map '%1' is malformed").arg(spec), kMapFix);
    const ObjectType type = enumFrom<ObjectType>(spec.left(colon), QStringLiteral("--map object"));
    FieldMapping mapping;
    mapping.exchangeField = spec.mid(colon + 1, equals - colon - 1).trimmed();
    QString crm = spec.mid(equals + 1);
    if (const qsizetype dirColon = crm.lastIndexOf(QLatin1Char(':')); dirColon >= 0) {
        mapping.direction = enumFrom<SyncDirection>(crm.mid(dirColon + 1), QStringLiteral("--map direction"));
        crm.truncate(dirColon);
    }
    mapping.crmField = crm.trimmed();
    if (mapping.exchangeField.isEmpty() || mapping.crmField.isEmpty())
        throw CliError::invalid(QStringLiteral("--map '%1' needs both an Exchange and a CRM field").arg(spec), kMapFix);
    QList<FieldMapping> &mappings = c.objects[type].mappings;
    for (FieldMapping &existing : mappings) {
        if (existing.exchangeField == mapping.exchangeField) {
            existing = mapping;
            return;
        }
    }
    mappings.append(mapping);
}

void ConfigCommand::applyUnmapping(const QString &spec, SyncConfiguration &c)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    if (colon < 0)
        throw CliError::invalid(QStringLiteral("--unmap '%1' is malformed").arg(spec),
                                QStringLiteral("use OBJECT:EXCHANGEFIELD, e.g. contacts:GivenName"));
    const ObjectType type = enumFrom<ObjectType>(spec.left(colon), QStringLiteral("--unmap object"));
    const QString field = spec.mid(colon + 1).trimmed();
    QList<FieldMapping> &mappings = c.objects[type].mappings;
    const qsizetype before = mappings.size();
    mappings.removeIf([&](const FieldMapping &m) { return m.exchangeField == field; });
    if (mappings.size() == before)
        throw CliError{ExitNotFound, QStringLiteral("no %1 mapping for Exchange field '%2'").arg(toName(type), field),
                       QStringLiteral("run 'liaisonctl config show' to see the mappings")};
}

void ConfigCommand::applyFilter(const QString &spec, SyncConfiguration &c)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    if (parts.size() < 2)
        throw CliError::invalid(QStringLiteral("--contact-filter '%1' is malformed").arg(spec),
                                QStringLiteral("use FIELD:OP[:VALUE], e.g. statecode:eq:0"));
    FieldFilter filter;
    filter.crmField = parts.at(0).trimmed();
    filter.op = parts.at(1).trimmed().toLower();
    filter.value = parts.mid(2).join(QLatin1Char(':'));
    c.contactFilters.append(filter);
}

void ConfigCommand::apply(const QCommandLineParser &p, SyncConfiguration &c)
{
    if (p.isSet(QStringLiteral("name")))
        c.name = p.value(QStringLiteral("name"));
    if (p.isSet(QStringLiteral("active")))
        c.active = onOff(p, QStringLiteral("active"));
    if (p.isSet(QStringLiteral("description")))
        c.description = p.value(QStringLiteral("description"));
    for (ObjectType type : kAllObjectTypes) {
        if (p.isSet(toName(type)))
            c.objects[type].direction = enumValue<SyncDirection>(p, toName(type));
        if (p.isSet(conflictOption(type)))
            c.objects[type].conflict = enumValue<ConflictBehaviour>(p, conflictOption(type));
    }
    for (const QString &spec : p.values(QStringLiteral("unmap")))
        applyUnmapping(spec, c);
    for (const QString &spec : p.values(QStringLiteral("map")))
        applyMapping(spec, c);
    if (p.isSet(QStringLiteral("contact-ownership")))
        c.contactOwnership = enumValue<ContactOwnership>(p, QStringLiteral("contact-ownership"));
    if (p.isSet(QStringLiteral("clear-contact-filters")))
        c.contactFilters.clear();
    for (const QString &spec : p.values(QStringLiteral("contact-filter")))
        applyFilter(spec, c);
    if (p.isSet(QStringLiteral("tie-break")))
        c.contactTieBreak = enumValue<ContactTieBreak>(p, QStringLiteral("tie-break"));
    if (p.isSet(QStringLiteral("event-window")))
        c.eventWindow = enumValue<EventWindow>(p, QStringLiteral("event-window"));
    if (p.isSet(QStringLiteral("event-days")))
        c.eventWindowDays = integer(p, QStringLiteral("event-days"));
    if (p.isSet(QStringLiteral("private-events")))
        c.syncPrivateEvents = onOff(p, QStringLiteral("private-events"));
    if (p.isSet(QStringLiteral("contacts-folder")))
        c.contactsFolderName = p.value(QStringLiteral("contacts-folder"));
}

void ConfigCommand::installCrmCheck(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("check-crm")))
        return;
    CrmMetadataSource source;
    source.connection = check(admin().findCrmConnection(parser.value(QStringLiteral("check-crm"))));
    if (!source.connection.hasSecret)
        throw CliError::invalid(QStringLiteral("CRM connection '%1' has no client secret, so its $metadata cannot be read")
                                    .arg(source.connection.name),
                                QStringLiteral("set it with liaisonctl crm set %1 --secret-stdin").arg(source.connection.name));
    source.secret = check(admin().secrets().read(source.connection.secretKey()));
    admin().setConfigurationCheck(CrmMappingCheck::checker(source));
}

void ConfigCommand::add(const QCommandLineParser &parser)
{
    SyncConfiguration configuration = SyncConfiguration::withDefaults(QString());
    apply(parser, configuration);
    installCrmCheck(parser);
    const qint64 id = check(admin().addConfiguration(configuration));
    printChanged(QStringLiteral("added"), id);
}

void ConfigCommand::list(const QCommandLineParser &)
{
    const QList<SyncConfiguration> configurations = check(admin().configurations());
    if (json()) {
        printJson(AdminJson::toJsonArray(configurations));
        return;
    }
    QList<QStringList> rows;
    for (const SyncConfiguration &c : configurations) {
        QStringList directions;
        for (auto it = c.objects.cbegin(); it != c.objects.cend(); ++it)
            directions << toName(it.key()) + QLatin1Char('=') + toName(it->direction);
        rows << QStringList{QString::number(c.id), c.name, onOffText(c.active), directions.join(QLatin1Char(' '))};
    }
    printTable({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("ACTIVE"), QStringLiteral("DIRECTIONS")},
               rows);
}

void ConfigCommand::show(const QString &reference, const QCommandLineParser &)
{
    const QJsonObject object = AdminJson::toJson(check(admin().findConfiguration(reference)));
    json() ? printJson(object) : printObject(object);
}

void ConfigCommand::set(const QString &reference, const QCommandLineParser &parser)
{
    SyncConfiguration configuration = check(admin().findConfiguration(reference));
    apply(parser, configuration);
    installCrmCheck(parser);
    check(admin().updateConfiguration(configuration));
    printChanged(QStringLiteral("updated"), configuration.id);
}

void ConfigCommand::remove(const QString &reference, const QCommandLineParser &)
{
    const SyncConfiguration configuration = check(admin().findConfiguration(reference));
    check(admin().removeConfiguration(configuration.id));
    printChanged(QStringLiteral("removed"), configuration.id);
}

} // namespace Liaison
