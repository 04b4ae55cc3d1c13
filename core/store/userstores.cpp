// UserStore and AssignmentStore.
#include "model/validation.h"
#include "store/adminstores.h"
#include "store/database.h"
#include "store/storesql.h"

#include <QSqlQuery>

namespace Liaison {

using StoreSql::exec;
using StoreSql::scalar;

namespace {

QString userNotFound(qint64 id)
{
    return QStringLiteral("no user with id %1").arg(id);
}

Result<QList<User>> queryUsers(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QSqlQuery> q = exec(db,
                               QStringLiteral("SELECT id, crm_user_id, exchange_address, display_name, "
                                              "crm_security_profile, exchange_profile_id FROM users ")
                                   + where,
                               binds);
    if (!q)
        return q.error();
    QList<User> users;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        User u;
        u.id = r.value(0).toLongLong();
        u.crmUserId = r.value(1).toString();
        u.exchangeAddress = r.value(2).toString();
        u.displayName = r.value(3).toString();
        u.crmSecurityProfile = r.value(4).toString();
        if (!r.value(5).isNull())
            u.exchangeProfileId = r.value(5).toLongLong();
        users << u;
    }
    return users;
}

Result<User> oneUser(const QSqlDatabase &db, const QString &where, const QVariantList &binds, const QString &notFound)
{
    Result<QList<User>> users = queryUsers(db, where, binds);
    if (!users)
        return users.error();
    if (users->isEmpty())
        return Error::notFound(notFound, QStringLiteral("list the users to see which exist"));
    return users->constFirst();
}

// Uniqueness and references for a user about to be written (ownId 0 when adding).
Status checkUser(const QSqlDatabase &db, const User &user, qint64 ownId)
{
    if (user.exchangeProfileId) {
        const Result<QVariant> profile =
            scalar(db, QStringLiteral("SELECT id FROM exchange_profiles WHERE id = ?"), {*user.exchangeProfileId});
        if (!profile)
            return profile.error();
        if (!profile->isValid())
            return Error::notFound(QStringLiteral("no Exchange profile with id %1").arg(*user.exchangeProfileId),
                                   QStringLiteral("list the Exchange profiles to see which exist"));
    }
    const Result<QVariant> sameCrmId =
        scalar(db, QStringLiteral("SELECT exchange_address FROM users WHERE crm_user_id = ? AND id <> ?"),
               {user.crmUserId, ownId});
    if (!sameCrmId)
        return sameCrmId.error();
    if (sameCrmId->isValid())
        return Error::duplicate(QStringLiteral("CRM user id '%1' is already used by %2")
                                    .arg(user.crmUserId, sameCrmId->toString()),
                                QStringLiteral("update that user instead of adding another"));
    const Result<QVariant> sameAddress =
        scalar(db, QStringLiteral("SELECT exchange_address FROM users WHERE exchange_address = ? AND id <> ?"),
               {user.exchangeAddress, ownId});
    if (!sameAddress)
        return sameAddress.error();
    if (sameAddress->isValid())
        return Error::duplicate(QStringLiteral("Exchange address '%1' is already used by another user")
                                    .arg(user.exchangeAddress),
                                QStringLiteral("update that user instead of adding another"));
    return {};
}

} // namespace

// ---- UserStore -----------------------------------------------------------------------------

Result<qint64> UserStore::add(const User &user)
{
    if (Status s = Validation::validate(user); !s)
        return s.error();
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        const QSqlDatabase db = m_db.connection();
        if (Status s = checkUser(db, user, 0); !s)
            return s.error();
        const QString now = StoreSql::nowText();
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("INSERT INTO users (crm_user_id, exchange_address, display_name, "
                                                  "crm_security_profile, exchange_profile_id, created_at, updated_at) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                   {user.crmUserId, user.exchangeAddress, user.displayName, user.crmSecurityProfile,
                                    StoreSql::nullIfUnset(user.exchangeProfileId), now, now});
        if (!q)
            return q.error();
        return q.value().lastInsertId().toLongLong();
    });
}

Result<QList<User>> UserStore::list() const
{
    return StoreSql::inReadTransaction<QList<User>>(m_db, [&] {
        return queryUsers(m_db.connection(), QStringLiteral("ORDER BY exchange_address COLLATE NOCASE, id"), {});
    });
}

Result<User> UserStore::get(qint64 id) const
{
    return StoreSql::inReadTransaction<User>(m_db, [&] {
        return oneUser(m_db.connection(), QStringLiteral("WHERE id = ?"), {id}, userNotFound(id));
    });
}

Result<User> UserStore::findByAddress(const QString &exchangeAddress) const
{
    return StoreSql::inReadTransaction<User>(m_db, [&] {
        return oneUser(m_db.connection(), QStringLiteral("WHERE exchange_address = ?"), {exchangeAddress},
                       QStringLiteral("no user with Exchange address '%1'").arg(exchangeAddress));
    });
}

Status UserStore::update(const User &user)
{
    if (Status s = Validation::validate(user); !s)
        return s;
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Result<User> existing = oneUser(db, QStringLiteral("WHERE id = ?"), {user.id}, userNotFound(user.id)); !existing)
            return existing.error();
        if (Status s = checkUser(db, user, user.id); !s)
            return s;
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("UPDATE users SET crm_user_id = ?, exchange_address = ?, display_name = ?, "
                                                  "crm_security_profile = ?, exchange_profile_id = ?, updated_at = ? "
                                                  "WHERE id = ?"),
                                   {user.crmUserId, user.exchangeAddress, user.displayName, user.crmSecurityProfile,
                                    StoreSql::nullIfUnset(user.exchangeProfileId), StoreSql::nowText(), user.id});
        if (!q)
            return q.error();
        return {};
    });
}

Status UserStore::remove(qint64 id)
{
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Result<User> existing = oneUser(db, QStringLiteral("WHERE id = ?"), {id}, userNotFound(id)); !existing)
            return existing.error();
        // The foreign key would cascade too; saying it here keeps the rule visible.
        for (const QString &sql : {QStringLiteral("DELETE FROM assignments WHERE user_id = ?"),
                                   QStringLiteral("DELETE FROM users WHERE id = ?")})
            if (Result<QSqlQuery> q = exec(db, sql, {id}); !q)
                return q.error();
        return {};
    });
}

// ---- AssignmentStore -----------------------------------------------------------------------

namespace {

QString assignmentNotFound(qint64 id)
{
    return QStringLiteral("no assignment with id %1").arg(id);
}

Result<QList<Assignment>> queryAssignments(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QSqlQuery> q =
        exec(db, QStringLiteral("SELECT id, configuration_id, target, user_id, security_profile FROM assignments ") + where,
             binds);
    if (!q)
        return q.error();
    QList<Assignment> assignments;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        Assignment a;
        a.id = r.value(0).toLongLong();
        a.configurationId = r.value(1).toLongLong();
        a.target = r.value(2).toString() == QLatin1String("profile") ? Assignment::Target::Profile
                                                                     : Assignment::Target::User;
        if (!r.value(3).isNull())
            a.userId = r.value(3).toLongLong();
        a.securityProfile = r.value(4).toString();
        assignments << a;
    }
    return assignments;
}

Status requireConfiguration(const QSqlDatabase &db, qint64 configurationId)
{
    const Result<QVariant> found =
        scalar(db, QStringLiteral("SELECT id FROM configurations WHERE id = ?"), {configurationId});
    if (!found)
        return found.error();
    if (!found->isValid())
        return Error::notFound(QStringLiteral("no configuration with id %1").arg(configurationId),
                               QStringLiteral("list the configurations to see which exist"));
    return {};
}

// Moves `target` to configurationId: an existing row for the same target elsewhere goes;
// one already in this configuration is kept (assigning twice is a no-op).
Result<qint64> assign(const QSqlDatabase &db, qint64 configurationId, const QString &targetColumn, const QVariant &target)
{
    const Result<QVariant> sameConfig = scalar(
        db, QStringLiteral("SELECT id FROM assignments WHERE %1 = ? AND configuration_id = ?").arg(targetColumn),
        {target, configurationId});
    if (!sameConfig)
        return sameConfig.error();
    if (sameConfig->isValid())
        return sameConfig->toLongLong();
    if (Result<QSqlQuery> q = exec(db, QStringLiteral("DELETE FROM assignments WHERE %1 = ?").arg(targetColumn), {target}); !q)
        return q.error();
    const bool isUser = targetColumn == QLatin1String("user_id");
    Result<QSqlQuery> q = exec(db,
                               QStringLiteral("INSERT INTO assignments (configuration_id, target, user_id, "
                                              "security_profile, created_at) VALUES (?, ?, ?, ?, ?)"),
                               {configurationId, isUser ? QStringLiteral("user") : QStringLiteral("profile"),
                                isUser ? target : QVariant(), isUser ? QVariant() : target, StoreSql::nowText()});
    if (!q)
        return q.error();
    return q.value().lastInsertId().toLongLong();
}

// One query for one user or all: the individual row wins over the security-profile row.
Result<QList<EffectiveAssignment>> queryEffective(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QSqlQuery> q = exec(db,
                               QStringLiteral("SELECT u.id, ua.configuration_id, pa.configuration_id FROM users u "
                                              "LEFT JOIN assignments ua ON ua.user_id = u.id "
                                              "LEFT JOIN assignments pa ON pa.security_profile = u.crm_security_profile "
                                              "AND u.crm_security_profile <> '' ")
                                   + where,
                               binds);
    if (!q)
        return q.error();
    QList<EffectiveAssignment> result;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        EffectiveAssignment e;
        e.userId = r.value(0).toLongLong();
        if (!r.value(1).isNull()) {
            e.configurationId = r.value(1).toLongLong();
            e.via = Assignment::Target::User;
        } else if (!r.value(2).isNull()) {
            e.configurationId = r.value(2).toLongLong();
            e.via = Assignment::Target::Profile;
        }
        result << e;
    }
    return result;
}

} // namespace

Result<qint64> AssignmentStore::assignUser(qint64 configurationId, qint64 userId)
{
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireConfiguration(db, configurationId); !s)
            return s.error();
        if (Result<User> user = oneUser(db, QStringLiteral("WHERE id = ?"), {userId}, userNotFound(userId)); !user)
            return user.error();
        return assign(db, configurationId, QStringLiteral("user_id"), userId);
    });
}

Result<qint64> AssignmentStore::assignProfile(qint64 configurationId, const QString &securityProfile)
{
    const QString profile = securityProfile.trimmed();
    if (profile.isEmpty())
        return Error::missing(QStringLiteral("a profile assignment needs a CRM security profile name"),
                              QStringLiteral("pass the security profile (role) name"));
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireConfiguration(db, configurationId); !s)
            return s.error();
        return assign(db, configurationId, QStringLiteral("security_profile"), profile);
    });
}

Result<QList<Assignment>> AssignmentStore::list() const
{
    return StoreSql::inReadTransaction<QList<Assignment>>(
        m_db, [&] { return queryAssignments(m_db.connection(), QStringLiteral("ORDER BY id"), {}); });
}

Result<Assignment> AssignmentStore::get(qint64 id) const
{
    return StoreSql::inReadTransaction<Assignment>(m_db, [&]() -> Result<Assignment> {
        Result<QList<Assignment>> found = queryAssignments(m_db.connection(), QStringLiteral("WHERE id = ?"), {id});
        if (!found)
            return found.error();
        if (found->isEmpty())
            return Error::notFound(assignmentNotFound(id), QStringLiteral("list the assignments to see which exist"));
        return found->constFirst();
    });
}

Status AssignmentStore::remove(qint64 id)
{
    return m_db.transaction([&]() -> Status {
        Result<QSqlQuery> q = exec(m_db.connection(), QStringLiteral("DELETE FROM assignments WHERE id = ?"), {id});
        if (!q)
            return q.error();
        if (q.value().numRowsAffected() == 0)
            return Error::notFound(assignmentNotFound(id), QStringLiteral("list the assignments to see which exist"));
        return {};
    });
}

Result<EffectiveAssignment> AssignmentStore::effectiveFor(qint64 userId) const
{
    return StoreSql::inReadTransaction<EffectiveAssignment>(m_db, [&]() -> Result<EffectiveAssignment> {
        Result<QList<EffectiveAssignment>> found =
            queryEffective(m_db.connection(), QStringLiteral("WHERE u.id = ?"), {userId});
        if (!found)
            return found.error();
        if (found->isEmpty())
            return Error::notFound(userNotFound(userId), QStringLiteral("list the users to see which exist"));
        return found->constFirst();
    });
}

Result<QList<EffectiveAssignment>> AssignmentStore::effectiveForAll() const
{
    return StoreSql::inReadTransaction<QList<EffectiveAssignment>>(m_db, [&] {
        return queryEffective(m_db.connection(), QStringLiteral("ORDER BY u.exchange_address COLLATE NOCASE, u.id"), {});
    });
}

} // namespace Liaison
