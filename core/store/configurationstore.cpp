#include "model/validation.h"
#include "store/adminstores.h"
#include "store/database.h"
#include "store/storesql.h"

#include <QSqlQuery>

namespace Liaison {

using StoreSql::exec;
using StoreSql::scalar;

namespace {

QString configNotFound(qint64 id)
{
    return QStringLiteral("no configuration with id %1").arg(id);
}

// The store's own rule on top of Validation: the days column is CHECKed 1..180 whatever the window.
Status validateForStore(const SyncConfiguration &c)
{
    if (Status s = Validation::validate(c); !s)
        return s;
    if (c.eventWindowDays < 1 || c.eventWindowDays > SyncConfiguration::kMaxEventWindowDays)
        return Error::invalid(QStringLiteral("event window of %1 days is outside 1..%2")
                                  .arg(c.eventWindowDays)
                                  .arg(SyncConfiguration::kMaxEventWindowDays),
                              QStringLiteral("choose 1 to %1 days").arg(SyncConfiguration::kMaxEventWindowDays));
    return {};
}

Status requireFreeConfigName(const QSqlDatabase &db, const QString &name, qint64 ownId)
{
    const Result<QVariant> clash =
        scalar(db, QStringLiteral("SELECT id FROM configurations WHERE name = ? AND id <> ?"), {name, ownId});
    if (!clash)
        return clash.error();
    if (clash->isValid())
        return Error::duplicate(QStringLiteral("configuration name '%1' is already taken").arg(name),
                                QStringLiteral("choose another name or update the existing configuration"));
    return {};
}

Status requireConfig(const QSqlDatabase &db, qint64 id)
{
    const Result<QVariant> found = scalar(db, QStringLiteral("SELECT id FROM configurations WHERE id = ?"), {id});
    if (!found)
        return found.error();
    if (!found->isValid())
        return Error::notFound(configNotFound(id), QStringLiteral("list the configurations to see which exist"));
    return {};
}

QVariantList mainValues(const SyncConfiguration &c)
{
    return {c.name,
            c.active,
            c.description,
            toName(c.contactOwnership),
            toName(c.contactTieBreak),
            toName(c.eventWindow),
            c.eventWindowDays,
            c.syncPrivateEvents,
            c.contactsFolderName};
}

// Writes objects (every ObjectType, defaults where missing), mappings and filters; the caller
// has removed any previous children.
Status writeChildren(const QSqlDatabase &db, qint64 id, const SyncConfiguration &c)
{
    const SyncConfiguration defaults = SyncConfiguration::withDefaults(QString());
    for (ObjectType type : kAllObjectTypes) {
        const ObjectSettings settings = c.objects.value(type, defaults.objects.value(type));
        if (Result<QSqlQuery> q = exec(db,
                                       QStringLiteral("INSERT INTO configuration_objects (configuration_id, object_type, "
                                                      "direction, conflict) VALUES (?, ?, ?, ?)"),
                                       {id, toName(type), toName(settings.direction), toName(settings.conflict)});
            !q)
            return q.error();
        int position = 0;
        for (const FieldMapping &m : settings.mappings)
            if (Result<QSqlQuery> q = exec(db,
                                           QStringLiteral("INSERT INTO field_mappings (configuration_id, object_type, "
                                                          "position, exchange_field, crm_field, direction) "
                                                          "VALUES (?, ?, ?, ?, ?, ?)"),
                                           {id, toName(type), position++, m.exchangeField, m.crmField,
                                            toName(m.direction)});
                !q)
                return q.error();
    }
    int position = 0;
    for (const FieldFilter &f : c.contactFilters)
        if (Result<QSqlQuery> q = exec(db,
                                       QStringLiteral("INSERT INTO contact_filters (configuration_id, position, crm_field, "
                                                      "op, value) VALUES (?, ?, ?, ?, ?)"),
                                       {id, position++, f.crmField, f.op, f.value});
            !q)
            return q.error();
    return {};
}

Status readChildren(const QSqlDatabase &db, SyncConfiguration &c)
{
    // Start from defaults so a type missing from the rows still comes back complete.
    c.objects = SyncConfiguration::withDefaults(QString()).objects;
    Result<QSqlQuery> objects = exec(
        db, QStringLiteral("SELECT object_type, direction, conflict FROM configuration_objects WHERE configuration_id = ?"),
        {c.id});
    if (!objects)
        return objects.error();
    while (objects.value().next()) {
        const QSqlQuery &r = objects.value();
        const Result<ObjectType> type = StoreSql::enumFrom<ObjectType>(r.value(0), "object type");
        const Result<SyncDirection> direction = StoreSql::enumFrom<SyncDirection>(r.value(1), "sync direction");
        const Result<ConflictBehaviour> conflict = StoreSql::enumFrom<ConflictBehaviour>(r.value(2), "conflict behaviour");
        if (!type || !direction || !conflict)
            return !type ? type.error() : !direction ? direction.error() : conflict.error();
        c.objects[*type] = ObjectSettings{*direction, *conflict, {}};
    }

    Result<QSqlQuery> mappings = exec(db,
                                      QStringLiteral("SELECT object_type, exchange_field, crm_field, direction "
                                                     "FROM field_mappings WHERE configuration_id = ? ORDER BY position, id"),
                                      {c.id});
    if (!mappings)
        return mappings.error();
    while (mappings.value().next()) {
        const QSqlQuery &r = mappings.value();
        const Result<ObjectType> type = StoreSql::enumFrom<ObjectType>(r.value(0), "object type");
        const Result<SyncDirection> direction = StoreSql::enumFrom<SyncDirection>(r.value(3), "sync direction");
        if (!type || !direction)
            return !type ? type.error() : direction.error();
        c.objects[*type].mappings << FieldMapping{r.value(1).toString(), r.value(2).toString(), *direction};
    }

    Result<QSqlQuery> filters = exec(
        db, QStringLiteral("SELECT crm_field, op, value FROM contact_filters WHERE configuration_id = ? ORDER BY position, id"),
        {c.id});
    if (!filters)
        return filters.error();
    c.contactFilters.clear();
    while (filters.value().next()) {
        const QSqlQuery &r = filters.value();
        c.contactFilters << FieldFilter{r.value(0).toString(), r.value(1).toString(), r.value(2).toString()};
    }
    return {};
}

Result<QList<SyncConfiguration>> queryConfigurations(const QSqlDatabase &db, const QString &where,
                                                     const QVariantList &binds)
{
    Result<QSqlQuery> q = exec(db,
                               QStringLiteral("SELECT id, name, active, description, contact_ownership, contact_tie_break, "
                                              "event_window, event_window_days, sync_private_events, "
                                              "contacts_folder_name FROM configurations ")
                                   + where,
                               binds);
    if (!q)
        return q.error();
    QList<SyncConfiguration> configurations;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        SyncConfiguration c;
        c.id = r.value(0).toLongLong();
        c.name = r.value(1).toString();
        c.active = r.value(2).toBool();
        c.description = r.value(3).toString();
        const Result<ContactOwnership> ownership = StoreSql::enumFrom<ContactOwnership>(r.value(4), "contact ownership");
        const Result<ContactTieBreak> tieBreak = StoreSql::enumFrom<ContactTieBreak>(r.value(5), "contact tie-break");
        const Result<EventWindow> window = StoreSql::enumFrom<EventWindow>(r.value(6), "event window");
        if (!ownership || !tieBreak || !window)
            return !ownership ? ownership.error() : !tieBreak ? tieBreak.error() : window.error();
        c.contactOwnership = *ownership;
        c.contactTieBreak = *tieBreak;
        c.eventWindow = *window;
        c.eventWindowDays = r.value(7).toInt();
        c.syncPrivateEvents = r.value(8).toBool();
        c.contactsFolderName = r.value(9).toString();
        configurations << c;
    }
    // Children after the outer query is done with its rows.
    for (SyncConfiguration &c : configurations)
        if (Status s = readChildren(db, c); !s)
            return s.error();
    return configurations;
}

Result<SyncConfiguration> oneConfiguration(const QSqlDatabase &db, const QString &where, const QVariantList &binds,
                                           const QString &notFound)
{
    Result<QList<SyncConfiguration>> found = queryConfigurations(db, where, binds);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(notFound, QStringLiteral("list the configurations to see which exist"));
    return found->constFirst();
}

} // namespace

Result<qint64> ConfigurationStore::add(const SyncConfiguration &configuration)
{
    if (Status s = validateForStore(configuration); !s)
        return s.error();
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireFreeConfigName(db, configuration.name, 0); !s)
            return s.error();
        const QString now = StoreSql::nowText();
        QVariantList values = mainValues(configuration);
        values << now << now;
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("INSERT INTO configurations (name, active, description, contact_ownership, "
                                                  "contact_tie_break, event_window, event_window_days, "
                                                  "sync_private_events, contacts_folder_name, created_at, updated_at) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                   values);
        if (!q)
            return q.error();
        const qint64 id = q.value().lastInsertId().toLongLong();
        if (Status s = writeChildren(db, id, configuration); !s)
            return s.error();
        return id;
    });
}

Result<QList<SyncConfiguration>> ConfigurationStore::list() const
{
    return StoreSql::inReadTransaction<QList<SyncConfiguration>>(m_db, [&] {
        return queryConfigurations(m_db.connection(), QStringLiteral("ORDER BY name COLLATE NOCASE, id"), {});
    });
}

Result<SyncConfiguration> ConfigurationStore::get(qint64 id) const
{
    return StoreSql::inReadTransaction<SyncConfiguration>(m_db, [&] {
        return oneConfiguration(m_db.connection(), QStringLiteral("WHERE id = ?"), {id}, configNotFound(id));
    });
}

Result<SyncConfiguration> ConfigurationStore::findByName(const QString &name) const
{
    return StoreSql::inReadTransaction<SyncConfiguration>(m_db, [&] {
        return oneConfiguration(m_db.connection(), QStringLiteral("WHERE name = ?"), {name},
                                QStringLiteral("no configuration named '%1'").arg(name));
    });
}

Status ConfigurationStore::update(const SyncConfiguration &configuration)
{
    if (Status s = validateForStore(configuration); !s)
        return s;
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireConfig(db, configuration.id); !s)
            return s;
        if (Status s = requireFreeConfigName(db, configuration.name, configuration.id); !s)
            return s;
        QVariantList values = mainValues(configuration);
        values << StoreSql::nowText() << configuration.id;
        if (Result<QSqlQuery> q = exec(db,
                                       QStringLiteral("UPDATE configurations SET name = ?, active = ?, description = ?, "
                                                      "contact_ownership = ?, contact_tie_break = ?, event_window = ?, "
                                                      "event_window_days = ?, sync_private_events = ?, "
                                                      "contacts_folder_name = ?, updated_at = ? WHERE id = ?"),
                                       values);
            !q)
            return q.error();
        // Children are replaced wholesale (mappings go with their object rows by cascade).
        for (const QString &sql : {QStringLiteral("DELETE FROM configuration_objects WHERE configuration_id = ?"),
                                   QStringLiteral("DELETE FROM contact_filters WHERE configuration_id = ?")})
            if (Result<QSqlQuery> q = exec(db, sql, {configuration.id}); !q)
                return q.error();
        return writeChildren(db, configuration.id, configuration);
    });
}

Status ConfigurationStore::remove(qint64 id)
{
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        const Result<SyncConfiguration> configuration =
            oneConfiguration(db, QStringLiteral("WHERE id = ?"), {id}, configNotFound(id));
        if (!configuration)
            return configuration.error();
        const Result<QVariant> uses =
            scalar(db, QStringLiteral("SELECT COUNT(*) FROM assignments WHERE configuration_id = ?"), {id});
        if (!uses)
            return uses.error();
        if (uses->toInt() > 0)
            return Error::conflict(QStringLiteral("configuration '%1' has %2 assignment(s)")
                                       .arg(configuration->name)
                                       .arg(uses->toInt()),
                                   QStringLiteral("remove or move its assignments first, then remove it"));
        if (Result<QSqlQuery> q = exec(db, QStringLiteral("DELETE FROM configurations WHERE id = ?"), {id}); !q)
            return q.error();
        return {};
    });
}

} // namespace Liaison
