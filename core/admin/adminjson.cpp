#include "admin/adminjson.h"

#include <QJsonValue>

namespace Liaison::AdminJson {
namespace {

QJsonValue optionalId(const std::optional<qint64> &id)
{
    return id ? QJsonValue(*id) : QJsonValue(QJsonValue::Null);
}

} // namespace

QString targetName(Assignment::Target target)
{
    return target == Assignment::Target::User ? QStringLiteral("user") : QStringLiteral("security-profile");
}

QJsonObject toJson(const ExchangeProfile &p)
{
    // The pinned certificate is public (it is what the server presents), so it is shown.
    return QJsonObject{
        {QStringLiteral("id"), p.id},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("kind"), toName(p.kind)},
        {QStringLiteral("ewsUrl"), p.ewsUrl},
        {QStringLiteral("autodiscover"), p.autodiscover},
        {QStringLiteral("auth"), toName(p.auth)},
        {QStringLiteral("tenantId"), p.tenantId},
        {QStringLiteral("clientId"), p.clientId},
        {QStringLiteral("serviceAccount"), p.serviceAccount},
        {QStringLiteral("impersonation"), p.impersonation},
        {QStringLiteral("additionalDomains"), QJsonArray::fromStringList(p.additionalDomains)},
        {QStringLiteral("isDefault"), p.isDefault},
        {QStringLiteral("pinnedCertificatePem"), QString::fromLatin1(p.pinnedCertificatePem)},
        {QStringLiteral("trace"), p.trace},
        {QStringLiteral("hasSecret"), p.hasSecret},
    };
}

QJsonObject toJson(const CrmConnection &c)
{
    return QJsonObject{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("name"), c.name},
        {QStringLiteral("kind"), toName(c.kind)},
        {QStringLiteral("url"), c.url},
        {QStringLiteral("tenantId"), c.tenantId},
        {QStringLiteral("clientId"), c.clientId},
        {QStringLiteral("authority"), c.authority},
        {QStringLiteral("pinnedCertificatePem"), QString::fromLatin1(c.pinnedCertificatePem)},
        {QStringLiteral("hasSecret"), c.hasSecret},
    };
}

QJsonObject toJson(const FieldMapping &m)
{
    return QJsonObject{
        {QStringLiteral("exchangeField"), m.exchangeField},
        {QStringLiteral("crmField"), m.crmField},
        {QStringLiteral("direction"), toName(m.direction)},
    };
}

QJsonObject toJson(const FieldFilter &f)
{
    return QJsonObject{
        {QStringLiteral("crmField"), f.crmField},
        {QStringLiteral("op"), f.op},
        {QStringLiteral("value"), f.value},
    };
}

QJsonObject toJson(const ObjectSettings &s)
{
    return QJsonObject{
        {QStringLiteral("direction"), toName(s.direction)},
        {QStringLiteral("conflict"), toName(s.conflict)},
        {QStringLiteral("mappings"), toJsonArray(s.mappings)},
    };
}

QJsonObject toJson(const SyncConfiguration &c)
{
    QJsonObject objects;
    for (auto it = c.objects.cbegin(); it != c.objects.cend(); ++it)
        objects.insert(toName(it.key()), toJson(it.value()));
    return QJsonObject{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("name"), c.name},
        {QStringLiteral("active"), c.active},
        {QStringLiteral("description"), c.description},
        {QStringLiteral("objects"), objects},
        {QStringLiteral("contactOwnership"), toName(c.contactOwnership)},
        {QStringLiteral("contactFilters"), toJsonArray(c.contactFilters)},
        {QStringLiteral("contactTieBreak"), toName(c.contactTieBreak)},
        {QStringLiteral("eventWindow"), toName(c.eventWindow)},
        {QStringLiteral("eventWindowDays"), c.eventWindowDays},
        {QStringLiteral("syncPrivateEvents"), c.syncPrivateEvents},
        {QStringLiteral("contactsFolderName"), c.contactsFolderName},
    };
}

QJsonObject toJson(const User &u)
{
    return QJsonObject{
        {QStringLiteral("id"), u.id},
        {QStringLiteral("crmUserId"), u.crmUserId},
        {QStringLiteral("exchangeAddress"), u.exchangeAddress},
        {QStringLiteral("displayName"), u.displayName},
        {QStringLiteral("securityProfile"), u.crmSecurityProfile},
        {QStringLiteral("exchangeProfileId"), optionalId(u.exchangeProfileId)},
    };
}

QJsonObject toJson(const Assignment &a)
{
    return QJsonObject{
        {QStringLiteral("id"), a.id},
        {QStringLiteral("configurationId"), a.configurationId},
        {QStringLiteral("target"), targetName(a.target)},
        {QStringLiteral("userId"), optionalId(a.userId)},
        {QStringLiteral("securityProfile"),
         a.target == Assignment::Target::Profile ? QJsonValue(a.securityProfile) : QJsonValue(QJsonValue::Null)},
    };
}

QJsonObject toJson(const EffectiveAssignment &e)
{
    return QJsonObject{
        {QStringLiteral("userId"), e.userId},
        {QStringLiteral("configurationId"), optionalId(e.configurationId)},
        {QStringLiteral("via"), e.via ? QJsonValue(targetName(*e.via)) : QJsonValue(QJsonValue::Null)},
    };
}

QJsonObject toJson(const AuditEntry &e)
{
    return QJsonObject{
        {QStringLiteral("id"), e.id},
        {QStringLiteral("at"), e.at},
        {QStringLiteral("actor"), e.actor},
        {QStringLiteral("action"), e.action},
        {QStringLiteral("objectType"), e.objectType},
        {QStringLiteral("objectId"), e.objectId},
        {QStringLiteral("details"), e.details},
    };
}

} // namespace Liaison::AdminJson
