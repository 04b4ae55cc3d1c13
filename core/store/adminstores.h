#pragma once

#include "common/result.h"
#include "model/assignment.h"
#include "model/crmconnection.h"
#include "model/exchangeprofile.h"
#include "model/syncconfiguration.h"
#include "model/user.h"

#include <QList>

namespace Liaison {

class Database;

// Repositories for the admin model. Each method is one transaction: on error nothing changed.
// add() validates (Validation::validate), enforces uniqueness (Error::Duplicate with the clashing
// name) and returns the new id; get() of an unknown id is Error::NotFound naming the id.

class ExchangeProfileStore
{
public:
    explicit ExchangeProfileStore(const Database &db) : m_db(db) {}
    Result<qint64> add(const ExchangeProfile &profile);   // isDefault=true clears it on the others;
                                                          // the first profile becomes default
    Result<QList<ExchangeProfile>> list() const;          // ordered by name
    Result<ExchangeProfile> get(qint64 id) const;
    Result<ExchangeProfile> findByName(const QString &name) const;
    Result<ExchangeProfile> defaultProfile() const;       // NotFound when there is none
    Status update(const ExchangeProfile &profile);        // same rules as add()
    Status remove(qint64 id);                             // Conflict while users point at it
    Status setHasSecret(qint64 id, bool hasSecret);

private:
    const Database &m_db;
};

class CrmConnectionStore
{
public:
    explicit CrmConnectionStore(const Database &db) : m_db(db) {}
    Result<qint64> add(const CrmConnection &connection);
    Result<QList<CrmConnection>> list() const;
    Result<CrmConnection> get(qint64 id) const;
    Result<CrmConnection> findByName(const QString &name) const;
    Status update(const CrmConnection &connection);
    Status remove(qint64 id);
    Status setHasSecret(qint64 id, bool hasSecret);

private:
    const Database &m_db;
};

class ConfigurationStore
{
public:
    explicit ConfigurationStore(const Database &db) : m_db(db) {}
    Result<qint64> add(const SyncConfiguration &configuration);   // name unique (case-insensitive)
    Result<QList<SyncConfiguration>> list() const;
    Result<SyncConfiguration> get(qint64 id) const;                 // objects holds every ObjectType
    Result<SyncConfiguration> findByName(const QString &name) const;
    Status update(const SyncConfiguration &configuration);
    Status remove(qint64 id);                                       // Conflict while assignments use it

private:
    const Database &m_db;
};

class UserStore
{
public:
    explicit UserStore(const Database &db) : m_db(db) {}
    Result<qint64> add(const User &user);     // crmUserId and exchangeAddress unique; profile id must exist
    Result<QList<User>> list() const;         // ordered by exchange address
    Result<User> get(qint64 id) const;
    Result<User> findByAddress(const QString &exchangeAddress) const;   // case-insensitive
    Status update(const User &user);
    Status remove(qint64 id);                 // also removes the user's individual assignment

private:
    const Database &m_db;
};

class AssignmentStore
{
public:
    explicit AssignmentStore(const Database &db) : m_db(db) {}
    // Assigning a user (or profile) already assigned elsewhere moves it: the old row goes.
    Result<qint64> assignUser(qint64 configurationId, qint64 userId);
    Result<qint64> assignProfile(qint64 configurationId, const QString &securityProfile);
    Result<QList<Assignment>> list() const;
    Result<Assignment> get(qint64 id) const;
    Status remove(qint64 id);

    // Individual assignment first, then the user's security profile, else none.
    Result<EffectiveAssignment> effectiveFor(qint64 userId) const;
    Result<QList<EffectiveAssignment>> effectiveForAll() const;

private:
    const Database &m_db;
};

// Who changed what in the admin model. details is compact JSON and never holds a secret.
struct AuditEntry
{
    qint64 id = 0;
    QString at;            // ISO 8601 UTC
    QString actor;         // OS user running the console or liaisonctl
    QString action;        // "add", "set", "remove", "assign", "set-secret", ...
    QString objectType;    // "profile", "crm", "config", "user", "assignment"
    qint64 objectId = 0;
    QString details;
};

class AuditStore
{
public:
    explicit AuditStore(const Database &db) : m_db(db) {}
    Status record(const AuditEntry &entry);     // `at` filled in when empty
    Result<QList<AuditEntry>> list(int limit = 200) const;   // newest first

private:
    const Database &m_db;
};

} // namespace Liaison
