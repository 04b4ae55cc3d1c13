#include "admin/adminservice.h"

#include "admin/adminjson.h"
#include "common/logging.h"
#include "model/validation.h"

#include <QJsonDocument>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace Liaison {
namespace {

// Looks a reference up as an id first (when it is a number), then by name, so "42" finds
// id 42 but a profile literally named "2024" is still reachable.
template<typename T, typename ById, typename ByName>
Result<T> findByReference(const QString &reference, const QString &what, ById byId, ByName byName)
{
    const QString ref = reference.trimmed();
    if (ref.isEmpty())
        return Error::missing(QStringLiteral("no %1 given").arg(what), QStringLiteral("name it by id or name"));
    bool isNumber = false;
    const qint64 id = ref.toLongLong(&isNumber);
    if (isNumber) {
        Result<T> byIdResult = byId(id);
        if (byIdResult.ok() || byIdResult.error().code != Error::Code::NotFound)
            return byIdResult;
    }
    Result<T> byNameResult = byName(ref);
    if (byNameResult.ok() || byNameResult.error().code != Error::Code::NotFound)
        return byNameResult;
    return Error::notFound(QStringLiteral("no %1 with id or name '%2'").arg(what, ref),
                           QStringLiteral("list them to see the ids and names"));
}

QJsonObject removalDetails(const QString &name)
{
    return QJsonObject{{QStringLiteral("name"), name}};
}

} // namespace

AdminService::AdminService(std::shared_ptr<Database> database, std::unique_ptr<SecretStore> secrets, QString actor)
    : m_database(std::move(database))
    , m_secrets(std::move(secrets))
    , m_actor(std::move(actor))
{
}

QString AdminService::osUserName()
{
#ifdef Q_OS_UNIX
    if (const passwd *pw = getpwuid(geteuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    for (const char *var : {"USER", "USERNAME", "LOGNAME"}) {
        const QString name = qEnvironmentVariable(var);
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("unknown");
}

Status AdminService::audit(const QString &action, const QString &objectType, qint64 objectId,
                           const QJsonObject &details)
{
    AuditEntry entry;
    entry.actor = m_actor;
    entry.action = action;
    entry.objectType = objectType;
    entry.objectId = objectId;
    entry.details = QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
    Status s = AuditStore(*m_database).record(entry);
    if (!s)
        qCWarning(lcAdmin) << "could not record audit entry for" << action << objectType << objectId;
    else
        qCDebug(lcAdmin).noquote() << m_actor << action << objectType << objectId;
    return s;
}

template<typename Store>
Status AdminService::storeSecret(Store &store, qint64 id, const QString &key, const QByteArray &secret)
{
    if (Status s = m_secrets->write(key, secret); !s)
        return s;
    if (Status s = store.setHasSecret(id, true); !s) {
        (void)m_secrets->remove(key);
        return s;
    }
    return {};
}

// The flows shared by the objects that own a keychain secret (Exchange profiles, CRM
// connections). Each changes nothing when it fails: the keychain is checked before the row is
// touched, and a secret that cannot be written undoes the row change.
template<typename Store, typename T>
Result<qint64> AdminService::addWithSecret(T object, const std::optional<QByteArray> &secret, const QString &objectType)
{
    object.hasSecret = false;   // only a secret actually written makes it true
    if (Status s = Validation::validate(object); !s)
        return s.error();
    if (secret) {
        // Ask the keychain before touching the database, so a missing keychain changes nothing.
        if (Status s = m_secrets->checkAvailable(); !s)
            return s.error();
    }
    Store store(*m_database);
    Result<qint64> added = store.add(object);
    if (!added)
        return added;
    object.id = added.value();
    if (secret) {
        if (Status s = storeSecret(store, object.id, object.secretKey(), *secret); !s) {
            (void)store.remove(object.id);   // undo the row: the add fails as a whole
            return s.error();
        }
        object.hasSecret = true;
    }
    if (Status s = audit(QStringLiteral("add"), objectType, object.id, AdminJson::toJson(object)); !s)
        return s.error();
    return object.id;
}

template<typename Store, typename T>
Status AdminService::updateWithSecret(T object, const std::optional<QByteArray> &secret, const QString &objectType)
{
    Store store(*m_database);
    Result<T> old = store.get(object.id);
    if (!old)
        return old.error();
    object.hasSecret = old->hasSecret;
    if (Status s = Validation::validate(object); !s)
        return s;
    if (secret) {
        if (Status s = m_secrets->checkAvailable(); !s)
            return s;
    }
    if (Status s = store.update(object); !s)
        return s;
    if (secret) {
        if (Status s = storeSecret(store, object.id, object.secretKey(), *secret); !s) {
            (void)store.update(old.value());   // put the row back as it was
            return s;
        }
        object.hasSecret = true;
    }
    QJsonObject details = AdminJson::toJson(object);
    details.insert(QStringLiteral("secretChanged"), secret.has_value());
    return audit(QStringLiteral("set"), objectType, object.id, details);
}

template<typename Store, typename T>
Status AdminService::removeWithSecret(qint64 id, const QString &objectType)
{
    Store store(*m_database);
    Result<T> old = store.get(id);
    if (!old)
        return old.error();
    if (old->hasSecret) {
        if (Status s = m_secrets->checkAvailable(); !s)
            return s;
    }
    if (Status s = store.remove(id); !s)
        return s;
    if (old->hasSecret) {
        if (Status s = m_secrets->remove(old->secretKey()); !s)
            qCWarning(lcAdmin) << objectType << id << "removed but its keychain entry could not be";
    }
    return audit(QStringLiteral("remove"), objectType, id, removalDetails(old->name));
}

// ---- Exchange profiles ------------------------------------------------------------------

Result<QList<ExchangeProfile>> AdminService::profiles() const
{
    return ExchangeProfileStore(*m_database).list();
}

Result<ExchangeProfile> AdminService::findProfile(const QString &reference) const
{
    ExchangeProfileStore store(*m_database);
    return findByReference<ExchangeProfile>(
        reference, QStringLiteral("Exchange profile"), [&](qint64 id) { return store.get(id); },
        [&](const QString &name) { return store.findByName(name); });
}

Result<qint64> AdminService::addProfile(ExchangeProfile profile, const std::optional<QByteArray> &secret)
{
    return addWithSecret<ExchangeProfileStore>(std::move(profile), secret, QStringLiteral("profile"));
}

Status AdminService::updateProfile(ExchangeProfile profile, const std::optional<QByteArray> &secret)
{
    return updateWithSecret<ExchangeProfileStore>(std::move(profile), secret, QStringLiteral("profile"));
}

Status AdminService::removeProfile(qint64 id)
{
    return removeWithSecret<ExchangeProfileStore, ExchangeProfile>(id, QStringLiteral("profile"));
}

// ---- CRM connections --------------------------------------------------------------------

Result<QList<CrmConnection>> AdminService::crmConnections() const
{
    return CrmConnectionStore(*m_database).list();
}

Result<CrmConnection> AdminService::findCrmConnection(const QString &reference) const
{
    CrmConnectionStore store(*m_database);
    return findByReference<CrmConnection>(
        reference, QStringLiteral("CRM connection"), [&](qint64 id) { return store.get(id); },
        [&](const QString &name) { return store.findByName(name); });
}

Result<qint64> AdminService::addCrmConnection(CrmConnection connection, const std::optional<QByteArray> &secret)
{
    return addWithSecret<CrmConnectionStore>(std::move(connection), secret, QStringLiteral("crm"));
}

Status AdminService::updateCrmConnection(CrmConnection connection, const std::optional<QByteArray> &secret)
{
    return updateWithSecret<CrmConnectionStore>(std::move(connection), secret, QStringLiteral("crm"));
}

Status AdminService::removeCrmConnection(qint64 id)
{
    return removeWithSecret<CrmConnectionStore, CrmConnection>(id, QStringLiteral("crm"));
}

// ---- Configurations ---------------------------------------------------------------------

Result<QList<SyncConfiguration>> AdminService::configurations() const
{
    return ConfigurationStore(*m_database).list();
}

Result<SyncConfiguration> AdminService::findConfiguration(const QString &reference) const
{
    ConfigurationStore store(*m_database);
    return findByReference<SyncConfiguration>(
        reference, QStringLiteral("configuration"), [&](qint64 id) { return store.get(id); },
        [&](const QString &name) { return store.findByName(name); });
}

Result<qint64> AdminService::addConfiguration(SyncConfiguration configuration)
{
    if (Status s = Validation::validate(configuration); !s)
        return s.error();
    if (m_configurationCheck)
        if (Status s = m_configurationCheck(configuration); !s)
            return s.error();
    Result<qint64> added = ConfigurationStore(*m_database).add(configuration);
    if (!added)
        return added;
    SyncConfiguration stored = configuration;
    stored.id = added.value();
    if (Status s = audit(QStringLiteral("add"), QStringLiteral("config"), stored.id, AdminJson::toJson(stored)); !s)
        return s.error();
    return stored.id;
}

Status AdminService::updateConfiguration(SyncConfiguration configuration)
{
    if (Status s = Validation::validate(configuration); !s)
        return s;
    if (m_configurationCheck)
        if (Status s = m_configurationCheck(configuration); !s)
            return s;
    if (Status s = ConfigurationStore(*m_database).update(configuration); !s)
        return s;
    return audit(QStringLiteral("set"), QStringLiteral("config"), configuration.id, AdminJson::toJson(configuration));
}

Status AdminService::removeConfiguration(qint64 id)
{
    ConfigurationStore store(*m_database);
    Result<SyncConfiguration> old = store.get(id);
    if (!old)
        return old.error();
    if (Status s = store.remove(id); !s)
        return s;
    return audit(QStringLiteral("remove"), QStringLiteral("config"), id, removalDetails(old->name));
}

// ---- Users ------------------------------------------------------------------------------

Result<QList<User>> AdminService::users() const
{
    return UserStore(*m_database).list();
}

Result<User> AdminService::findUser(const QString &reference) const
{
    UserStore store(*m_database);
    return findByReference<User>(reference, QStringLiteral("user"), [&](qint64 id) { return store.get(id); },
                                 [&](const QString &ref) -> Result<User> {
                                     Result<User> byAddress = store.findByAddress(ref);
                                     if (byAddress.ok() || byAddress.error().code != Error::Code::NotFound)
                                         return byAddress;
                                     Result<QList<User>> all = store.list();
                                     if (!all)
                                         return all.error();
                                     for (const User &u : all.value())
                                         if (u.crmUserId.compare(ref, Qt::CaseInsensitive) == 0)
                                             return u;
                                     return byAddress;
                                 });
}

Result<qint64> AdminService::addUser(User user)
{
    if (Status s = Validation::validate(user); !s)
        return s.error();
    Result<qint64> added = UserStore(*m_database).add(user);
    if (!added)
        return added;
    User stored = user;
    stored.id = added.value();
    if (Status s = audit(QStringLiteral("add"), QStringLiteral("user"), stored.id, AdminJson::toJson(stored)); !s)
        return s.error();
    return stored.id;
}

Status AdminService::updateUser(User user)
{
    if (Status s = Validation::validate(user); !s)
        return s;
    if (Status s = UserStore(*m_database).update(user); !s)
        return s;
    return audit(QStringLiteral("set"), QStringLiteral("user"), user.id, AdminJson::toJson(user));
}

Status AdminService::removeUser(qint64 id)
{
    UserStore store(*m_database);
    Result<User> old = store.get(id);
    if (!old)
        return old.error();
    if (Status s = store.remove(id); !s)
        return s;
    return audit(QStringLiteral("remove"), QStringLiteral("user"), id, removalDetails(old->exchangeAddress));
}

// ---- Assignments ------------------------------------------------------------------------

Result<QList<Assignment>> AdminService::assignments() const
{
    return AssignmentStore(*m_database).list();
}

Result<Assignment> AdminService::assignment(qint64 id) const
{
    return AssignmentStore(*m_database).get(id);
}

Result<qint64> AdminService::assignUser(qint64 configurationId, qint64 userId)
{
    Result<qint64> id = AssignmentStore(*m_database).assignUser(configurationId, userId);
    if (!id)
        return id;
    Assignment a;
    a.id = id.value();
    a.configurationId = configurationId;
    a.target = Assignment::Target::User;
    a.userId = userId;
    if (Status s = audit(QStringLiteral("assign"), QStringLiteral("assignment"), a.id, AdminJson::toJson(a)); !s)
        return s.error();
    return a.id;
}

Result<qint64> AdminService::assignSecurityProfile(qint64 configurationId, const QString &securityProfile)
{
    if (securityProfile.trimmed().isEmpty())
        return Error::missing(QStringLiteral("assignment needs a security profile name"),
                              QStringLiteral("pass --security-profile NAME"));
    Result<qint64> id = AssignmentStore(*m_database).assignProfile(configurationId, securityProfile);
    if (!id)
        return id;
    Assignment a;
    a.id = id.value();
    a.configurationId = configurationId;
    a.target = Assignment::Target::Profile;
    a.securityProfile = securityProfile;
    if (Status s = audit(QStringLiteral("assign"), QStringLiteral("assignment"), a.id, AdminJson::toJson(a)); !s)
        return s.error();
    return a.id;
}

Status AdminService::removeAssignment(qint64 id)
{
    AssignmentStore store(*m_database);
    Result<Assignment> old = store.get(id);
    if (!old)
        return old.error();
    if (Status s = store.remove(id); !s)
        return s;
    return audit(QStringLiteral("remove"), QStringLiteral("assignment"), id, AdminJson::toJson(old.value()));
}

Result<QList<EffectiveAssignment>> AdminService::effectiveAssignments() const
{
    return AssignmentStore(*m_database).effectiveForAll();
}

Result<QList<AuditEntry>> AdminService::auditLog(int limit) const
{
    return AuditStore(*m_database).list(limit);
}

} // namespace Liaison
