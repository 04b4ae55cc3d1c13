#pragma once

#include "common/result.h"
#include "model/enums.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Liaison {

class Database;

// Repositories for what the sync engine remembers between runs. Each method is one
// transaction. "Not there" is a normal answer for lookups (std::nullopt), not an error.

// One Exchange item paired with one CRM record, per mailbox and object type.
// exchangeItemId is case-sensitive and at most 512 bytes (UTF-8).
struct IdMapping
{
    qint64 id = 0;
    QString mailbox;                 // primary SMTP address, compared case-insensitively
    ObjectType objectType = ObjectType::Contacts;
    QString exchangeItemId;
    QString changeKey;
    QString crmId;                   // empty => not created in the CRM yet
    QString crmEtag;
    QString contentHash;             // hash of the last synced field values, to skip no-op updates
    QDateTime createdAt;             // set by the store
    QDateTime updatedAt;             // set by the store
    QDateTime lastSyncedAt;          // set by upsert()
    QString lastError;               // set by recordFailure(), cleared by upsert()
    int retryCount = 0;              // incremented by recordFailure(), reset by upsert()
};

class IdMappingStore
{
public:
    explicit IdMappingStore(const Database &db) : m_db(db) {}

    // Inserts or updates the row keyed by (mailbox, objectType, exchangeItemId) with the
    // mapping's changeKey, crmId, crmEtag and contentHash; marks it synced now and clears the
    // failure state. Returns the row id.
    Result<qint64> upsert(const IdMapping &mapping);
    Result<std::optional<IdMapping>> findByExchangeId(const QString &mailbox, ObjectType type,
                                                      const QString &exchangeItemId) const;
    // A CRM record can be mapped in several mailboxes (e.g. a contact synced to many users).
    Result<QList<IdMapping>> findByCrmId(ObjectType type, const QString &crmId) const;
    Result<std::optional<IdMapping>> findByCrmId(const QString &mailbox, ObjectType type, const QString &crmId) const;
    Result<QList<IdMapping>> listForMailbox(const QString &mailbox, std::optional<ObjectType> type = {}) const;
    Status remove(qint64 id);                                    // NotFound for an unknown id
    Result<int> recordFailure(qint64 id, const Error &error);    // returns the new retry count
    Result<int> removeAllForMailbox(const QString &mailbox);     // returns how many rows went

private:
    const Database &m_db;
};

// Opaque sync cursors (EWS SyncState, Graph deltaLink, Dataverse delta token) per mailbox,
// folder and kind. folderId may be empty for mailbox-wide cursors such as the hierarchy.
struct SyncStateKind
{
    static QString ewsItems() { return QStringLiteral("ews-items"); }
    static QString ewsHierarchy() { return QStringLiteral("ews-hierarchy"); }
    static QString graphDelta() { return QStringLiteral("graph-delta"); }
    static QString dataverseDelta() { return QStringLiteral("dataverse-delta"); }
};

class SyncStateStore
{
public:
    explicit SyncStateStore(const Database &db) : m_db(db) {}

    Result<std::optional<QString>> get(const QString &mailbox, const QString &folderId, const QString &kind) const;
    Status put(const QString &mailbox, const QString &folderId, const QString &kind, const QString &state);
    Status remove(const QString &mailbox, const QString &folderId, const QString &kind);
    Result<int> clear(const QString &mailbox);   // "reset sync": forget every cursor of the mailbox

private:
    const Database &m_db;
};

// The latest outcome per user, object type and direction, for the console and `liaisonctl status`.
struct SyncStatusRow
{
    qint64 userId = 0;
    ObjectType objectType = ObjectType::Contacts;
    SyncDirection direction = SyncDirection::ExchangeToCrm;
    QString state;                  // "ok", "running", "error", "disabled", ...
    QString message;
    QDateTime lastSuccessAt;        // invalid => never
    QDateTime lastAttemptAt;        // invalid => never
    qint64 itemsSynced = 0;
};

class StatusStore
{
public:
    explicit StatusStore(const Database &db) : m_db(db) {}

    Status set(const SyncStatusRow &row);   // inserts or replaces the (user, type, direction) row
    Result<QList<SyncStatusRow>> list() const;                       // by user id, type, direction
    Result<QList<SyncStatusRow>> listForUser(qint64 userId) const;

private:
    const Database &m_db;
};

// One failure the admin should see, with the fix we suggest.
struct ErrorLogEntry
{
    qint64 id = 0;
    QDateTime at;                           // filled with now when invalid
    std::optional<qint64> userId;           // none for failures not tied to a user
    QString mailbox;
    std::optional<ObjectType> objectType;
    QString code;                           // Error::codeName() or a protocol code
    QString message;
    QString suggestedFix;

    static ErrorLogEntry fromError(const Error &error, std::optional<qint64> userId = {}, const QString &mailbox = {},
                                   std::optional<ObjectType> objectType = {});
};

class ErrorLogStore
{
public:
    explicit ErrorLogStore(const Database &db) : m_db(db) {}

    Result<qint64> append(const ErrorLogEntry &entry);
    // Newest first; limit <= 0 means all.
    Result<QList<ErrorLogEntry>> list(int limit = 200, std::optional<qint64> userId = {},
                                      std::optional<ObjectType> objectType = {}) const;
    Result<int> pruneOlderThan(const QDateTime &cutoff);   // returns how many entries went

private:
    const Database &m_db;
};

} // namespace Liaison
