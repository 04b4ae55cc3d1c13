#pragma once

#include "model/assignment.h"
#include "model/crmconnection.h"
#include "model/exchangeprofile.h"
#include "model/syncconfiguration.h"
#include "model/user.h"
#include "store/adminstores.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

// The JSON form of every admin object, in one place so liaisonctl, the console and the audit
// log agree. Keys are camelCase, enums use their stable names (model/enums.h). A secret is
// never part of it: only "hasSecret": true/false.
namespace Liaison::AdminJson {

QJsonObject toJson(const ExchangeProfile &profile);
QJsonObject toJson(const CrmConnection &connection);
QJsonObject toJson(const FieldMapping &mapping);
QJsonObject toJson(const FieldFilter &filter);
QJsonObject toJson(const ObjectSettings &settings);
QJsonObject toJson(const SyncConfiguration &configuration);
QJsonObject toJson(const User &user);
QJsonObject toJson(const Assignment &assignment);
QJsonObject toJson(const EffectiveAssignment &effective);
QJsonObject toJson(const AuditEntry &entry);

// "user" or "security-profile": how assignments name their target.
QString targetName(Assignment::Target target);

template<typename T>
QJsonArray toJsonArray(const QList<T> &values)
{
    QJsonArray array;
    for (const T &value : values)
        array.append(toJson(value));
    return array;
}

} // namespace Liaison::AdminJson
