// ExchangeProfileStore, CrmConnectionStore and AuditStore. ConfigurationStore lives in
// configurationstore.cpp, UserStore and AssignmentStore in userstores.cpp.
#include "store/adminstores.h"

#include "model/validation.h"
#include "store/database.h"
#include "store/storesql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace Liaison {

using StoreSql::exec;
using StoreSql::scalar;

namespace {

const QString kProfileColumns = QStringLiteral(
    "id, name, kind, ews_url, autodiscover, auth, tenant_id, client_id, service_account, impersonation, "
    "additional_domains, is_default, pinned_certificate_pem, trace, has_secret");

Result<ExchangeProfile> profileFromRow(const QSqlQuery &q)
{
    ExchangeProfile p;
    p.id = q.value(0).toLongLong();
    p.name = q.value(1).toString();
    const Result<MailboxKind> kind = StoreSql::enumFrom<MailboxKind>(q.value(2), "mailbox kind");
    if (!kind)
        return kind.error();
    p.kind = *kind;
    p.ewsUrl = q.value(3).toString();
    p.autodiscover = q.value(4).toBool();
    const Result<ExchangeAuth> auth = StoreSql::enumFrom<ExchangeAuth>(q.value(5), "Exchange auth");
    if (!auth)
        return auth.error();
    p.auth = *auth;
    p.tenantId = q.value(6).toString();
    p.clientId = q.value(7).toString();
    p.serviceAccount = q.value(8).toString();
    p.impersonation = q.value(9).toBool();
    for (const QJsonValue &domain : QJsonDocument::fromJson(q.value(10).toString().toUtf8()).array())
        p.additionalDomains << domain.toString();
    p.isDefault = q.value(11).toBool();
    p.pinnedCertificatePem = q.value(12).toString().toLatin1();
    p.trace = q.value(13).toBool();
    p.hasSecret = q.value(14).toBool();
    return p;
}

Result<QList<ExchangeProfile>> queryProfiles(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QSqlQuery> q = exec(db, QStringLiteral("SELECT ") + kProfileColumns + QStringLiteral(" FROM exchange_profiles ")
                                       + where,
                               binds);
    if (!q)
        return q.error();
    QList<ExchangeProfile> profiles;
    while (q.value().next()) {
        Result<ExchangeProfile> p = profileFromRow(q.value());
        if (!p)
            return p.error();
        profiles << std::move(p).value();
    }
    return profiles;
}

Result<ExchangeProfile> oneProfile(const QSqlDatabase &db, const QString &where, const QVariantList &binds,
                                   const QString &notFound)
{
    Result<QList<ExchangeProfile>> profiles = queryProfiles(db, where, binds);
    if (!profiles)
        return profiles.error();
    if (profiles->isEmpty())
        return Error::notFound(notFound, QStringLiteral("list the Exchange profiles to see which exist"));
    return profiles->constFirst();
}

QString profileNotFound(qint64 id)
{
    return QStringLiteral("no Exchange profile with id %1").arg(id);
}

// The name is free unless another row (not `ownId`) holds it, compared case-insensitively.
Status requireFreeName(const QSqlDatabase &db, const QString &table, const QString &what, const QString &name,
                       qint64 ownId)
{
    const Result<QVariant> clash = scalar(
        db, QStringLiteral("SELECT id FROM %1 WHERE name = ? AND id <> ?").arg(table), {name, ownId});
    if (!clash)
        return clash.error();
    if (clash->isValid())
        return Error::duplicate(QStringLiteral("%1 name '%2' is already taken").arg(what, name),
                                QStringLiteral("choose another name or update the existing one"));
    return {};
}

Status requireRow(const QSqlDatabase &db, const QString &table, qint64 id, const QString &notFound)
{
    const Result<QVariant> found = scalar(db, QStringLiteral("SELECT id FROM %1 WHERE id = ?").arg(table), {id});
    if (!found)
        return found.error();
    if (!found->isValid())
        return Error::notFound(notFound);
    return {};
}

QVariantList profileValues(const ExchangeProfile &p, bool isDefault)
{
    return {p.name,
            toName(p.kind),
            p.ewsUrl,
            p.autodiscover,
            toName(p.auth),
            p.tenantId,
            p.clientId,
            p.serviceAccount,
            p.impersonation,
            QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(p.additionalDomains)).toJson(QJsonDocument::Compact)),
            isDefault,
            QString::fromLatin1(p.pinnedCertificatePem),
            p.trace};
}

} // namespace

// ---- ExchangeProfileStore ------------------------------------------------------------------

Result<qint64> ExchangeProfileStore::add(const ExchangeProfile &profile)
{
    if (Status s = Validation::validate(profile); !s)
        return s.error();
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireFreeName(db, QStringLiteral("exchange_profiles"), QStringLiteral("Exchange profile"),
                                       profile.name, 0);
            !s)
            return s.error();
        const Result<QVariant> count = scalar(db, QStringLiteral("SELECT COUNT(*) FROM exchange_profiles"));
        if (!count)
            return count.error();
        const bool isDefault = profile.isDefault || count->toInt() == 0;
        if (isDefault)
            if (Result<QSqlQuery> q = exec(db, QStringLiteral("UPDATE exchange_profiles SET is_default = 0")); !q)
                return q.error();
        const QString now = StoreSql::nowText();
        QVariantList values = profileValues(profile, isDefault);
        values << profile.hasSecret << now << now;
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("INSERT INTO exchange_profiles (name, kind, ews_url, autodiscover, auth, "
                                                  "tenant_id, client_id, service_account, impersonation, "
                                                  "additional_domains, is_default, pinned_certificate_pem, trace, "
                                                  "has_secret, created_at, updated_at) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                   values);
        if (!q)
            return q.error();
        return q.value().lastInsertId().toLongLong();
    });
}

Result<QList<ExchangeProfile>> ExchangeProfileStore::list() const
{
    return StoreSql::inReadTransaction<QList<ExchangeProfile>>(m_db, [&] {
        return queryProfiles(m_db.connection(), QStringLiteral("ORDER BY name COLLATE NOCASE, id"), {});
    });
}

Result<ExchangeProfile> ExchangeProfileStore::get(qint64 id) const
{
    return StoreSql::inReadTransaction<ExchangeProfile>(m_db, [&] {
        return oneProfile(m_db.connection(), QStringLiteral("WHERE id = ?"), {id}, profileNotFound(id));
    });
}

Result<ExchangeProfile> ExchangeProfileStore::findByName(const QString &name) const
{
    return StoreSql::inReadTransaction<ExchangeProfile>(m_db, [&] {
        return oneProfile(m_db.connection(), QStringLiteral("WHERE name = ?"), {name},
                          QStringLiteral("no Exchange profile named '%1'").arg(name));
    });
}

Result<ExchangeProfile> ExchangeProfileStore::defaultProfile() const
{
    return StoreSql::inReadTransaction<ExchangeProfile>(m_db, [&] {
        return oneProfile(m_db.connection(), QStringLiteral("WHERE is_default = 1"), {},
                          QStringLiteral("there is no default Exchange profile"));
    });
}

Status ExchangeProfileStore::update(const ExchangeProfile &profile)
{
    if (Status s = Validation::validate(profile); !s)
        return s;
    // hasSecret is left as stored: only setHasSecret() changes it, so a stale copy cannot lie.
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireRow(db, QStringLiteral("exchange_profiles"), profile.id, profileNotFound(profile.id)); !s)
            return s;
        if (Status s = requireFreeName(db, QStringLiteral("exchange_profiles"), QStringLiteral("Exchange profile"),
                                       profile.name, profile.id);
            !s)
            return s;
        if (profile.isDefault)
            if (Result<QSqlQuery> q = exec(db, QStringLiteral("UPDATE exchange_profiles SET is_default = 0 WHERE id <> ?"),
                                           {profile.id});
                !q)
                return q.error();
        QVariantList values = profileValues(profile, profile.isDefault);
        values << StoreSql::nowText() << profile.id;
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("UPDATE exchange_profiles SET name = ?, kind = ?, ews_url = ?, "
                                                  "autodiscover = ?, auth = ?, tenant_id = ?, client_id = ?, "
                                                  "service_account = ?, impersonation = ?, additional_domains = ?, "
                                                  "is_default = ?, pinned_certificate_pem = ?, trace = ?, "
                                                  "updated_at = ? WHERE id = ?"),
                                   values);
        if (!q)
            return q.error();
        return {};
    });
}

Status ExchangeProfileStore::remove(qint64 id)
{
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        const Result<ExchangeProfile> profile = oneProfile(db, QStringLiteral("WHERE id = ?"), {id}, profileNotFound(id));
        if (!profile)
            return profile.error();
        const Result<QVariant> users =
            scalar(db, QStringLiteral("SELECT COUNT(*) FROM users WHERE exchange_profile_id = ?"), {id});
        if (!users)
            return users.error();
        if (users->toInt() > 0)
            return Error::conflict(QStringLiteral("Exchange profile '%1' is used by %2 user(s)")
                                       .arg(profile->name)
                                       .arg(users->toInt()),
                                   QStringLiteral("point those users at another profile first, then remove it"));
        if (profile->isDefault) {
            // Users without a profile use the default: another profile inherits the role, and
            // without one those users would have nowhere to sync from.
            const Result<QVariant> successor = scalar(
                db, QStringLiteral("SELECT id FROM exchange_profiles WHERE id <> ? ORDER BY name COLLATE NOCASE, id LIMIT 1"),
                {id});
            if (!successor)
                return successor.error();
            if (!successor->isValid()) {
                const Result<QVariant> implicit =
                    scalar(db, QStringLiteral("SELECT COUNT(*) FROM users WHERE exchange_profile_id IS NULL"));
                if (!implicit)
                    return implicit.error();
                if (implicit->toInt() > 0)
                    return Error::conflict(QStringLiteral("Exchange profile '%1' is the default used by %2 user(s)")
                                               .arg(profile->name)
                                               .arg(implicit->toInt()),
                                           QStringLiteral("add another Exchange profile or remove those users first"));
            }
            if (Result<QSqlQuery> q = exec(db, QStringLiteral("DELETE FROM exchange_profiles WHERE id = ?"), {id}); !q)
                return q.error();
            if (successor->isValid())
                if (Result<QSqlQuery> q = exec(db, QStringLiteral("UPDATE exchange_profiles SET is_default = 1 WHERE id = ?"),
                                               {*successor});
                    !q)
                    return q.error();
            return {};
        }
        if (Result<QSqlQuery> q = exec(db, QStringLiteral("DELETE FROM exchange_profiles WHERE id = ?"), {id}); !q)
            return q.error();
        return {};
    });
}

Status ExchangeProfileStore::setHasSecret(qint64 id, bool hasSecret)
{
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireRow(db, QStringLiteral("exchange_profiles"), id, profileNotFound(id)); !s)
            return s;
        Result<QSqlQuery> q = exec(db, QStringLiteral("UPDATE exchange_profiles SET has_secret = ?, updated_at = ? WHERE id = ?"),
                                   {hasSecret, StoreSql::nowText(), id});
        if (!q)
            return q.error();
        return {};
    });
}

// ---- CrmConnectionStore --------------------------------------------------------------------

namespace {

QString crmNotFound(qint64 id)
{
    return QStringLiteral("no CRM connection with id %1").arg(id);
}

Result<QList<CrmConnection>> queryConnections(const QSqlDatabase &db, const QString &where, const QVariantList &binds)
{
    Result<QSqlQuery> q = exec(db,
                               QStringLiteral("SELECT id, name, kind, url, tenant_id, client_id, has_secret, "
                                              "authority, pinned_certificate_pem FROM crm_connections ")
                                   + where,
                               binds);
    if (!q)
        return q.error();
    QList<CrmConnection> connections;
    while (q.value().next()) {
        CrmConnection c;
        c.id = q.value().value(0).toLongLong();
        c.name = q.value().value(1).toString();
        const Result<CrmKind> kind = StoreSql::enumFrom<CrmKind>(q.value().value(2), "CRM kind");
        if (!kind)
            return kind.error();
        c.kind = *kind;
        c.url = q.value().value(3).toString();
        c.tenantId = q.value().value(4).toString();
        c.clientId = q.value().value(5).toString();
        c.hasSecret = q.value().value(6).toBool();
        c.authority = q.value().value(7).toString();
        c.pinnedCertificatePem = q.value().value(8).toString().toLatin1();
        connections << c;
    }
    return connections;
}

Result<CrmConnection> oneConnection(const QSqlDatabase &db, const QString &where, const QVariantList &binds,
                                    const QString &notFound)
{
    Result<QList<CrmConnection>> connections = queryConnections(db, where, binds);
    if (!connections)
        return connections.error();
    if (connections->isEmpty())
        return Error::notFound(notFound, QStringLiteral("list the CRM connections to see which exist"));
    return connections->constFirst();
}

} // namespace

Result<qint64> CrmConnectionStore::add(const CrmConnection &connection)
{
    if (Status s = Validation::validate(connection); !s)
        return s.error();
    return StoreSql::inTransaction<qint64>(m_db, [&]() -> Result<qint64> {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireFreeName(db, QStringLiteral("crm_connections"), QStringLiteral("CRM connection"),
                                       connection.name, 0);
            !s)
            return s.error();
        const QString now = StoreSql::nowText();
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("INSERT INTO crm_connections (name, kind, url, tenant_id, client_id, "
                                                  "authority, pinned_certificate_pem, has_secret, created_at, updated_at) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                   {connection.name, toName(connection.kind), connection.url, connection.tenantId,
                                    connection.clientId, connection.authority,
                                    QString::fromLatin1(connection.pinnedCertificatePem), connection.hasSecret, now, now});
        if (!q)
            return q.error();
        return q.value().lastInsertId().toLongLong();
    });
}

Result<QList<CrmConnection>> CrmConnectionStore::list() const
{
    return StoreSql::inReadTransaction<QList<CrmConnection>>(m_db, [&] {
        return queryConnections(m_db.connection(), QStringLiteral("ORDER BY name COLLATE NOCASE, id"), {});
    });
}

Result<CrmConnection> CrmConnectionStore::get(qint64 id) const
{
    return StoreSql::inReadTransaction<CrmConnection>(m_db, [&] {
        return oneConnection(m_db.connection(), QStringLiteral("WHERE id = ?"), {id}, crmNotFound(id));
    });
}

Result<CrmConnection> CrmConnectionStore::findByName(const QString &name) const
{
    return StoreSql::inReadTransaction<CrmConnection>(m_db, [&] {
        return oneConnection(m_db.connection(), QStringLiteral("WHERE name = ?"), {name},
                             QStringLiteral("no CRM connection named '%1'").arg(name));
    });
}

Status CrmConnectionStore::update(const CrmConnection &connection)
{
    if (Status s = Validation::validate(connection); !s)
        return s;
    // hasSecret is left as stored; setHasSecret() owns it.
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireRow(db, QStringLiteral("crm_connections"), connection.id, crmNotFound(connection.id)); !s)
            return s;
        if (Status s = requireFreeName(db, QStringLiteral("crm_connections"), QStringLiteral("CRM connection"),
                                       connection.name, connection.id);
            !s)
            return s;
        Result<QSqlQuery> q = exec(db,
                                   QStringLiteral("UPDATE crm_connections SET name = ?, kind = ?, url = ?, tenant_id = ?, "
                                                  "client_id = ?, authority = ?, pinned_certificate_pem = ?, "
                                                  "updated_at = ? WHERE id = ?"),
                                   {connection.name, toName(connection.kind), connection.url, connection.tenantId,
                                    connection.clientId, connection.authority,
                                    QString::fromLatin1(connection.pinnedCertificatePem), StoreSql::nowText(),
                                    connection.id});
        if (!q)
            return q.error();
        return {};
    });
}

Status CrmConnectionStore::remove(qint64 id)
{
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireRow(db, QStringLiteral("crm_connections"), id, crmNotFound(id)); !s)
            return s;
        if (Result<QSqlQuery> q = exec(db, QStringLiteral("DELETE FROM crm_connections WHERE id = ?"), {id}); !q)
            return q.error();
        return {};
    });
}

Status CrmConnectionStore::setHasSecret(qint64 id, bool hasSecret)
{
    return m_db.transaction([&]() -> Status {
        const QSqlDatabase db = m_db.connection();
        if (Status s = requireRow(db, QStringLiteral("crm_connections"), id, crmNotFound(id)); !s)
            return s;
        Result<QSqlQuery> q = exec(db, QStringLiteral("UPDATE crm_connections SET has_secret = ?, updated_at = ? WHERE id = ?"),
                                   {hasSecret, StoreSql::nowText(), id});
        if (!q)
            return q.error();
        return {};
    });
}

// ---- AuditStore ----------------------------------------------------------------------------

Status AuditStore::record(const AuditEntry &entry)
{
    if (entry.action.trimmed().isEmpty())
        return Error::missing(QStringLiteral("an audit entry needs an action"));
    return m_db.transaction([&]() -> Status {
        Result<QSqlQuery> q = exec(m_db.connection(),
                                   QStringLiteral("INSERT INTO audit_log (at, actor, action, object_type, object_id, details) "
                                                  "VALUES (?, ?, ?, ?, ?, ?)"),
                                   {entry.at.isEmpty() ? StoreSql::nowText() : entry.at, entry.actor, entry.action,
                                    entry.objectType, entry.objectId, entry.details});
        if (!q)
            return q.error();
        return {};
    });
}

Result<QList<AuditEntry>> AuditStore::list(int limit) const
{
    return StoreSql::inReadTransaction<QList<AuditEntry>>(m_db, [&]() -> Result<QList<AuditEntry>> {
        Result<QSqlQuery> q = exec(m_db.connection(),
                                   QStringLiteral("SELECT id, at, actor, action, object_type, object_id, details "
                                                  "FROM audit_log ORDER BY id DESC LIMIT ?"),
                                   {limit > 0 ? limit : -1});
        if (!q)
            return q.error();
        QList<AuditEntry> entries;
        while (q.value().next()) {
            const QSqlQuery &r = q.value();
            entries << AuditEntry{r.value(0).toLongLong(), r.value(1).toString(), r.value(2).toString(),
                                  r.value(3).toString(), r.value(4).toString(), r.value(5).toLongLong(),
                                  r.value(6).toString()};
        }
        return entries;
    });
}

} // namespace Liaison
