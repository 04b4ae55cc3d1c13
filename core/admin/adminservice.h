#pragma once

#include "common/result.h"
#include "secrets/secretstore.h"
#include "store/adminstores.h"
#include "store/database.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace Liaison {

// The one place where admin changes happen, for liaisonctl and the console alike. Each change
// validates, writes through the stores, stores or removes the keychain secret, and records an
// AuditEntry (never holding a secret). A failed change leaves the database and keychain as
// they were. Lookups by "reference" take an id or a unique name (users: address or CRM id).
class AdminService
{
public:
    AdminService(std::shared_ptr<Database> database, std::unique_ptr<SecretStore> secrets,
                 QString actor = osUserName());

    AdminService(const AdminService &) = delete;
    AdminService &operator=(const AdminService &) = delete;

    // The OS account running this process, recorded as the audit actor.
    static QString osUserName();

    const Database &database() const { return *m_database; }
    SecretStore &secrets() { return *m_secrets; }

    // Exchange profiles. A secret given here goes to the keychain under secretKey().
    Result<QList<ExchangeProfile>> profiles() const;
    Result<ExchangeProfile> findProfile(const QString &reference) const;
    Result<qint64> addProfile(ExchangeProfile profile, const std::optional<QByteArray> &secret = std::nullopt);
    Status updateProfile(ExchangeProfile profile, const std::optional<QByteArray> &secret = std::nullopt);
    Status removeProfile(qint64 id);   // also removes its keychain secret

    // CRM connections.
    Result<QList<CrmConnection>> crmConnections() const;
    Result<CrmConnection> findCrmConnection(const QString &reference) const;
    Result<qint64> addCrmConnection(CrmConnection connection, const std::optional<QByteArray> &secret = std::nullopt);
    Status updateCrmConnection(CrmConnection connection, const std::optional<QByteArray> &secret = std::nullopt);
    Status removeCrmConnection(qint64 id);

    // Sync configurations. The check (e.g. CrmMappingCheck::checker) runs after the model's own
    // validation and before anything is written; its error refuses the save.
    void setConfigurationCheck(std::function<Status(const SyncConfiguration &)> check) { m_configurationCheck = std::move(check); }
    Result<QList<SyncConfiguration>> configurations() const;
    Result<SyncConfiguration> findConfiguration(const QString &reference) const;
    Result<qint64> addConfiguration(SyncConfiguration configuration);
    Status updateConfiguration(SyncConfiguration configuration);
    Status removeConfiguration(qint64 id);

    // Users: reference is an id, an Exchange address or a CRM user id.
    Result<QList<User>> users() const;
    Result<User> findUser(const QString &reference) const;
    Result<qint64> addUser(User user);
    Status updateUser(User user);
    Status removeUser(qint64 id);

    // Assignments. Assigning a user or profile already assigned elsewhere moves it.
    Result<QList<Assignment>> assignments() const;
    Result<Assignment> assignment(qint64 id) const;
    Result<qint64> assignUser(qint64 configurationId, qint64 userId);
    Result<qint64> assignSecurityProfile(qint64 configurationId, const QString &securityProfile);
    Status removeAssignment(qint64 id);
    Result<QList<EffectiveAssignment>> effectiveAssignments() const;

    Result<QList<AuditEntry>> auditLog(int limit = 200) const;

private:
    Status audit(const QString &action, const QString &objectType, qint64 objectId, const QJsonObject &details);
    // Stores secret under key and flips hasSecret; undoes the keychain write if the flag fails.
    template<typename Store>
    Status storeSecret(Store &store, qint64 id, const QString &key, const QByteArray &secret);
    template<typename Store, typename T>
    Result<qint64> addWithSecret(T object, const std::optional<QByteArray> &secret, const QString &objectType);
    template<typename Store, typename T>
    Status updateWithSecret(T object, const std::optional<QByteArray> &secret, const QString &objectType);
    template<typename Store, typename T>
    Status removeWithSecret(qint64 id, const QString &objectType);

    std::shared_ptr<Database> m_database;
    std::unique_ptr<SecretStore> m_secrets;
    QString m_actor;
    std::function<Status(const SyncConfiguration &)> m_configurationCheck;
};

} // namespace Liaison
