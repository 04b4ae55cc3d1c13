#include "store/syncstores.h"

#include "store/database.h"
#include "store/storesql.h"

#include <QSqlQuery>

namespace Liaison {

using StoreSql::exec;
using StoreSql::scalar;

namespace {

constexpr int kMaxItemIdBytes = 512;

const QString kMappingColumns = QStringLiteral(
    "id, mailbox, object_type, exchange_item_id, change_key, crm_id, crm_etag, content_hash, created_at, "
    "updated_at, last_synced_at, last_error, retry_count");

Result<QList<IdMapping>> queryMappings(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QSqlQuery> q = exec(db, QStringLiteral("SELECT ") + kMappingColumns + QStringLiteral(" FROM id_mappings ") + where,
                               binds);
    if (!q)
        return q.error();
    QList<IdMapping> mappings;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        IdMapping m;
        m.id = r.value(0).toLongLong();
        m.mailbox = r.value(1).toString();
        const Result<ObjectType> type = StoreSql::enumFrom<ObjectType>(r.value(2), "object type");
        if (!type)
            return type.error();
        m.objectType = *type;
        m.exchangeItemId = r.value(3).toString();
        m.changeKey = r.value(4).toString();
        m.crmId = r.value(5).toString();
        m.crmEtag = r.value(6).toString();
        m.contentHash = r.value(7).toString();
        m.createdAt = StoreSql::fromText(r.value(8));
        m.updatedAt = StoreSql::fromText(r.value(9));
        m.lastSyncedAt = StoreSql::fromText(r.value(10));
        m.lastError = r.value(11).toString();
        m.retryCount = r.value(12).toInt();
        mappings << m;
    }
    return mappings;
}

Result<std::optional<IdMapping>> firstMapping(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QList<IdMapping>> found = queryMappings(db, where, binds);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return std::optional<IdMapping>();
    return std::optional<IdMapping>(found->constFirst());
}

Result<int> deleteWhere(const Database &database, const QString &sql, const QVariantList &binds)
{
    return StoreSql::inTransaction<int>(database, [&]() -> Result<int> {
        Result<QSqlQuery> q = exec(database.connection(), sql, binds);
        if (!q)
            return q.error();
        return q.value().numRowsAffected();
    });
}

} // namespace

// ---- IdMappingStore ------------------------------------------------------------------------

Result<qint64> IdMappingStore::upsert(const IdMapping &mapping)
{
    if (mapping.mailbox.trimmed().isEmpty())
        return Error::missing(QStringLiteral("an id mapping needs a mailbox"));
    if (mapping.exchangeItemId.isEmpty())
        return Error::missing(QStringLiteral("an id mapping needs an Exchange item id"));
    if (mapping.exchangeItemId.toUtf8().size() > kMaxItemIdBytes)
        return Error::invalid(QStringLiteral("Exchange item id is longer than %1 bytes").arg(kMaxItemIdBytes));
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        const QSqlDatabase db = m_db.connection();
        const QString now = StoreSql::nowText();
        Result<QSqlQuery> q = exec(
            db,
            QStringLiteral("INSERT INTO id_mappings (mailbox, object_type, exchange_item_id, change_key, crm_id, crm_etag, "
                           "content_hash, created_at, updated_at, last_synced_at, last_error, retry_count) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0) "
                           "ON CONFLICT (mailbox, object_type, exchange_item_id) DO UPDATE SET "
                           "change_key = excluded.change_key, crm_id = excluded.crm_id, crm_etag = excluded.crm_etag, "
                           "content_hash = excluded.content_hash, updated_at = excluded.updated_at, "
                           "last_synced_at = excluded.last_synced_at, last_error = '', retry_count = 0"),
            {mapping.mailbox, toName(mapping.objectType), mapping.exchangeItemId, mapping.changeKey,
             StoreSql::nullIfEmpty(mapping.crmId), mapping.crmEtag, mapping.contentHash, now, now, now});
        if (!q)
            return q.error();
        // lastInsertId() is unreliable when the row was updated instead: look it up.
        const Result<QVariant> id = scalar(
            db, QStringLiteral("SELECT id FROM id_mappings WHERE mailbox = ? AND object_type = ? AND exchange_item_id = ?"),
            {mapping.mailbox, toName(mapping.objectType), mapping.exchangeItemId});
        if (!id)
            return id.error();
        return id->toLongLong();
    });
}

Result<std::optional<IdMapping>> IdMappingStore::findByExchangeId(const QString &mailbox, ObjectType type,
                                                                  const QString &exchangeItemId) const
{
    return StoreSql::inReadTransaction<std::optional<IdMapping>>(m_db, [&] {
        return firstMapping(m_db.connection(),
                            QStringLiteral("WHERE mailbox = ? AND object_type = ? AND exchange_item_id = ?"),
                            {mailbox, toName(type), exchangeItemId});
    });
}

Result<QList<IdMapping>> IdMappingStore::findByCrmId(ObjectType type, const QString &crmId) const
{
    return StoreSql::inReadTransaction<QList<IdMapping>>(m_db, [&] {
        return queryMappings(m_db.connection(), QStringLiteral("WHERE object_type = ? AND crm_id = ? ORDER BY id"),
                             {toName(type), crmId});
    });
}

Result<std::optional<IdMapping>> IdMappingStore::findByCrmId(const QString &mailbox, ObjectType type,
                                                             const QString &crmId) const
{
    return StoreSql::inReadTransaction<std::optional<IdMapping>>(m_db, [&] {
        return firstMapping(m_db.connection(),
                            QStringLiteral("WHERE object_type = ? AND crm_id = ? AND mailbox = ? ORDER BY id"),
                            {toName(type), crmId, mailbox});
    });
}

Result<QList<IdMapping>> IdMappingStore::listForMailbox(const QString &mailbox, std::optional<ObjectType> type) const
{
    return StoreSql::inReadTransaction<QList<IdMapping>>(m_db, [&] {
        if (type)
            return queryMappings(m_db.connection(), QStringLiteral("WHERE mailbox = ? AND object_type = ? ORDER BY id"),
                                 {mailbox, toName(*type)});
        return queryMappings(m_db.connection(), QStringLiteral("WHERE mailbox = ? ORDER BY id"), {mailbox});
    });
}

Status IdMappingStore::remove(qint64 id)
{
    const Result<int> removed = deleteWhere(m_db, QStringLiteral("DELETE FROM id_mappings WHERE id = ?"), {id});
    if (!removed)
        return removed.error();
    if (removed.value() == 0)
        return Error::notFound(QStringLiteral("no id mapping with id %1").arg(id));
    return {};
}

Result<int> IdMappingStore::recordFailure(qint64 id, const Error &error)
{
    return StoreSql::inTransaction<int>(m_db, [&]() -> Result<int> {
        const QSqlDatabase db = m_db.connection();
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("UPDATE id_mappings SET last_error = ?, retry_count = retry_count + 1, "
                                                  "updated_at = ? WHERE id = ?"),
                                   {error.toString(), StoreSql::nowText(), id});
        if (!q)
            return q.error();
        if (q.value().numRowsAffected() == 0)
            return Error::notFound(QStringLiteral("no id mapping with id %1").arg(id));
        const Result<QVariant> count = scalar(db, QStringLiteral("SELECT retry_count FROM id_mappings WHERE id = ?"), {id});
        if (!count)
            return count.error();
        return count->toInt();
    });
}

Result<int> IdMappingStore::removeAllForMailbox(const QString &mailbox)
{
    return deleteWhere(m_db, QStringLiteral("DELETE FROM id_mappings WHERE mailbox = ?"), {mailbox});
}

// ---- SyncStateStore ------------------------------------------------------------------------

Result<std::optional<QString>> SyncStateStore::get(const QString &mailbox, const QString &folderId,
                                                   const QString &kind) const
{
    return StoreSql::inReadTransaction<std::optional<QString>>(m_db, [&]() -> Result<std::optional<QString>> {
        const Result<QVariant> state = scalar(
            m_db.connection(),
            QStringLiteral("SELECT state FROM sync_states WHERE mailbox = ? AND folder_id = ? AND kind = ?"),
            {mailbox, folderId, kind});
        if (!state)
            return state.error();
        if (!state->isValid())
            return std::optional<QString>();
        return std::optional<QString>(state->toString());
    });
}

Status SyncStateStore::put(const QString &mailbox, const QString &folderId, const QString &kind, const QString &state)
{
    if (mailbox.trimmed().isEmpty() || kind.trimmed().isEmpty())
        return Error::missing(QStringLiteral("a sync state needs a mailbox and a kind"));
    return m_db.transaction([&]() -> Status {
        Result<QSqlQuery> q = exec(m_db.connection(),
                                   QStringLiteral("INSERT INTO sync_states (mailbox, folder_id, kind, state, updated_at) "
                                                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (mailbox, folder_id, kind) "
                                                  "DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"),
                                   {mailbox, folderId, kind, state, StoreSql::nowText()});
        if (!q)
            return q.error();
        return {};
    });
}

Status SyncStateStore::remove(const QString &mailbox, const QString &folderId, const QString &kind)
{
    const Result<int> removed = deleteWhere(
        m_db, QStringLiteral("DELETE FROM sync_states WHERE mailbox = ? AND folder_id = ? AND kind = ?"),
        {mailbox, folderId, kind});
    if (!removed)
        return removed.error();
    return {};
}

Result<int> SyncStateStore::clear(const QString &mailbox)
{
    return deleteWhere(m_db, QStringLiteral("DELETE FROM sync_states WHERE mailbox = ?"), {mailbox});
}

// ---- StatusStore ---------------------------------------------------------------------------

namespace {

Result<QList<SyncStatusRow>> queryStatus(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QSqlQuery> q = exec(db,
                               QStringLiteral("SELECT user_id, object_type, direction, state, message, last_success_at, "
                                              "last_attempt_at, items_synced FROM sync_status ")
                                   + where + QStringLiteral(" ORDER BY user_id, object_type, direction"),
                               binds);
    if (!q)
        return q.error();
    QList<SyncStatusRow> rows;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        const Result<ObjectType> type = StoreSql::enumFrom<ObjectType>(r.value(1), "object type");
        const Result<SyncDirection> direction = StoreSql::enumFrom<SyncDirection>(r.value(2), "sync direction");
        if (!type || !direction)
            return !type ? type.error() : direction.error();
        rows << SyncStatusRow{r.value(0).toLongLong(),
                              *type,
                              *direction,
                              r.value(3).toString(),
                              r.value(4).toString(),
                              StoreSql::fromText(r.value(5)),
                              StoreSql::fromText(r.value(6)),
                              r.value(7).toLongLong()};
    }
    return rows;
}

QVariant timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(StoreSql::toText(time)) : QVariant();
}

} // namespace

Status StatusStore::set(const SyncStatusRow &row)
{
    return m_db.transaction([&]() -> Status {
        Result<QSqlQuery> q = exec(m_db.connection(),
                                   QStringLiteral("INSERT OR REPLACE INTO sync_status (user_id, object_type, direction, "
                                                  "state, message, last_success_at, last_attempt_at, items_synced) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                   {row.userId, toName(row.objectType), toName(row.direction), row.state, row.message,
                                    timeOrNull(row.lastSuccessAt), timeOrNull(row.lastAttemptAt), row.itemsSynced});
        if (!q)
            return Error::storage(q.error().message,
                                  QStringLiteral("check that user %1 still exists").arg(row.userId));
        return {};
    });
}

Result<QList<SyncStatusRow>> StatusStore::list() const
{
    return StoreSql::inReadTransaction<QList<SyncStatusRow>>(m_db, [&] {
        return queryStatus(m_db.connection(), QString(), {});
    });
}

Result<QList<SyncStatusRow>> StatusStore::listForUser(qint64 userId) const
{
    return StoreSql::inReadTransaction<QList<SyncStatusRow>>(m_db, [&] {
        return queryStatus(m_db.connection(), QStringLiteral("WHERE user_id = ?"), {userId});
    });
}

// ---- ErrorLogStore -------------------------------------------------------------------------

ErrorLogEntry ErrorLogEntry::fromError(const Error &error, std::optional<qint64> userId, const QString &mailbox,
                                       std::optional<ObjectType> objectType)
{
    ErrorLogEntry entry;
    entry.userId = userId;
    entry.mailbox = mailbox;
    entry.objectType = objectType;
    entry.code = Error::codeName(error.code);
    entry.message = error.message;
    entry.suggestedFix = error.fix;
    return entry;
}

Result<qint64> ErrorLogStore::append(const ErrorLogEntry &entry)
{
    if (entry.message.trimmed().isEmpty())
        return Error::missing(QStringLiteral("an error log entry needs a message"));
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        Result<QSqlQuery> q = exec(
            m_db.connection(),
            QStringLiteral("INSERT INTO error_log (at, user_id, mailbox, object_type, code, message, suggested_fix) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {entry.at.isValid() ? StoreSql::toText(entry.at) : StoreSql::nowText(), StoreSql::nullIfUnset(entry.userId),
             entry.mailbox, entry.objectType ? QVariant(toName(*entry.objectType)) : QVariant(), entry.code,
             entry.message, entry.suggestedFix});
        if (!q)
            return q.error();
        return q.value().lastInsertId().toLongLong();
    });
}

Result<QList<ErrorLogEntry>> ErrorLogStore::list(int limit, std::optional<qint64> userId,
                                                 std::optional<ObjectType> objectType) const
{
    QString where = QStringLiteral("WHERE 1 = 1");
    QVariantList binds;
    if (userId) {
        where += QStringLiteral(" AND user_id = ?");
        binds << *userId;
    }
    if (objectType) {
        where += QStringLiteral(" AND object_type = ?");
        binds << toName(*objectType);
    }
    binds << (limit > 0 ? limit : -1);
    return StoreSql::inReadTransaction<QList<ErrorLogEntry>>(m_db, [&]() -> Result<QList<ErrorLogEntry>> {
        Result<QSqlQuery> q = exec(m_db.connection(),
                                   QStringLiteral("SELECT id, at, user_id, mailbox, object_type, code, message, "
                                                  "suggested_fix FROM error_log ")
                                       + where + QStringLiteral(" ORDER BY at DESC, id DESC LIMIT ?"),
                                   binds);
        if (!q)
            return q.error();
        QList<ErrorLogEntry> entries;
        while (q.value().next()) {
            const QSqlQuery &r = q.value();
            ErrorLogEntry e;
            e.id = r.value(0).toLongLong();
            e.at = StoreSql::fromText(r.value(1));
            if (!r.value(2).isNull())
                e.userId = r.value(2).toLongLong();
            e.mailbox = r.value(3).toString();
            if (!r.value(4).isNull()) {
                const Result<ObjectType> type = StoreSql::enumFrom<ObjectType>(r.value(4), "object type");
                if (!type)
                    return type.error();
                e.objectType = *type;
            }
            e.code = r.value(5).toString();
            e.message = r.value(6).toString();
            e.suggestedFix = r.value(7).toString();
            entries << e;
        }
        return entries;
    });
}

Result<int> ErrorLogStore::pruneOlderThan(const QDateTime &cutoff)
{
    return deleteWhere(m_db, QStringLiteral("DELETE FROM error_log WHERE at < ?"), {StoreSql::toText(cutoff)});
}

} // namespace Liaison
