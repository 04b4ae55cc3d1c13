#include "sandboxdataverseactivityparties.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

SandboxDataverseError badPayload(const QString &message)
{
    return {400, "0x80048d19", message};
}

// The logical names a party may point at in the sandbox, with the column its address comes from.
QString emailColumnOf(const QString &logicalName)
{
    if (logicalName == u"systemuser"_s)
        return u"internalemailaddress"_s;
    if (logicalName == u"contact"_s || logicalName == u"account"_s || logicalName == u"lead"_s)
        return u"emailaddress1"_s;
    return {};
}

} // namespace

QString SandboxDataverseActivityParties::navigationFor(const QString &logicalName)
{
    if (logicalName == u"appointment"_s || logicalName == u"email"_s || logicalName == u"recurringappointmentmaster"_s)
        return logicalName + u"_activity_parties"_s;
    return {};
}

QList<int> SandboxDataverseActivityParties::allowedMasks(const QString &logicalName)
{
    if (logicalName == u"email"_s)
        return {1, 2, 3, 4};   // from, to, cc, bcc
    if (logicalName == u"appointment"_s || logicalName == u"recurringappointmentmaster"_s)
        return {5, 6, 7, 9};   // required, optional, organizer, owner
    return {};
}

std::optional<QList<QJsonObject>> SandboxDataverseActivityParties::read(const SandboxDataverseTable &activity,
                                                                        const QJsonValue &value,
                                                                        const QHash<QString, QString> *contentIds,
                                                                        QStringList *columns,
                                                                        SandboxDataverseError *error) const
{
    const QString navigation = navigationFor(activity.logicalName);
    if (!value.isArray()) {
        *error = badPayload(u"The navigation property '%1' expects a collection of activityparty entities."_s
                                .arg(navigation));
        return std::nullopt;
    }
    const QList<int> masks = allowedMasks(activity.logicalName);
    QList<QJsonObject> out;
    for (const QJsonValue &entry : value.toArray()) {
        if (!entry.isObject()) {
            *error = badPayload(u"Each entry of '%1' must be an activityparty object."_s.arg(navigation));
            return std::nullopt;
        }
        const QJsonObject body = entry.toObject();
        QJsonObject party;
        QString boundLogicalName;
        QJsonObject boundRow;
        for (auto it = body.begin(); it != body.end(); ++it) {
            const QString key = it.key();
            if (key.startsWith(u"@odata."_s))
                continue;
            if (!key.endsWith(u"@odata.bind"_s)) {
                columns->append(key);
                party.insert(key, it.value());
                continue;
            }
            // "partyid_contact@odata.bind": "/contacts(GUID)" (or "$n" inside a changeset)
            const QString nav = key.chopped(11);
            const QString targetName = nav.startsWith(u"partyid_"_s) ? nav.mid(8) : QString();
            const SandboxDataverseTable *target = m_store.tableForLogicalName(targetName);
            if (!target || emailColumnOf(targetName).isEmpty() || !boundLogicalName.isEmpty()) {
                *error = {400, "0x80060888", u"An undeclared property '%1' which only has property annotations in the "
                                             "payload but no property value was found."_s.arg(nav.left(100))};
                return std::nullopt;
            }
            QString reference = it.value().toString();
            if (contentIds && reference.startsWith(u'$') && contentIds->contains(reference.mid(1)))
                reference = contentIds->value(reference.mid(1));
            reference = reference.section(u'/', -1);
            const qsizetype open = reference.indexOf(u'(');
            const QString id = QUuid::fromString(open > 0 ? reference.mid(open + 1).chopped(1) : QString())
                                   .toString(QUuid::WithoutBraces);
            if (open <= 0 || !reference.endsWith(u')') || reference.left(open) != target->entitySet
                || QUuid::fromString(id).isNull()) {
                *error = {400, "0x80060888", u"Invalid @odata.bind value for '%1'."_s.arg(nav)};
                return std::nullopt;
            }
            const auto row = m_store.row(target->entitySet, id);
            if (!row) {
                *error = SandboxDataverseStore::notFound(*target, id);
                return std::nullopt;
            }
            boundLogicalName = targetName;
            boundRow = *row;
            party.insert(u"_partyid_value"_s, id);
            party.insert(u"_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s, targetName);
        }
        const QJsonValue mask = party.value(u"participationtypemask"_s);
        if (!mask.isDouble() || !masks.contains(mask.toInt())) {
            QStringList allowed;
            for (int m : masks)
                allowed.append(QString::number(m));
            *error = {400, "0x80040203",
                      u"The participationtypemask value %1 is not valid for an activity party of %2. Use one of: %3."_s
                          .arg(mask.isUndefined() ? u"(missing)"_s : mask.toVariant().toString(), activity.logicalName,
                               allowed.join(u", "_s))};
            return std::nullopt;
        }
        if (boundLogicalName.isEmpty()) {
            if (party.value(u"addressused"_s).toString().isEmpty()) {
                *error = badPayload(u"An activity party needs a partyid_<table>@odata.bind or an addressused value."_s);
                return std::nullopt;
            }
            party.insert(u"_partyid_value"_s, QJsonValue());
        } else if (party.value(u"addressused"_s).toString().isEmpty()) {
            const QJsonValue address = boundRow.value(emailColumnOf(boundLogicalName));
            party.insert(u"addressused"_s, address.isString() ? address : QJsonValue());
        }
        out.append(party);
    }
    return out;
}

} // namespace Liaison
