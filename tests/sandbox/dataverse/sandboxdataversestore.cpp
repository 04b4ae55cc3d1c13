#include "sandboxdataversestore.h"

#include "sandboxdataverserecurrence.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

#include <algorithm>
#include <iterator>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

QString nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

QString normalizedId(const QString &id)
{
    const QUuid uuid = QUuid::fromString(id);
    return uuid.isNull() ? QString() : uuid.toString(QUuid::WithoutBraces);
}

// Columns the server owns; a client writing them gets Dataverse's "read-only" refusal.
bool isServerColumn(const QString &column)
{
    return column == u"versionnumber"_s || column == u"createdon"_s || column == u"modifiedon"_s
        || column == u"fullname"_s || column == u"activitytypecode"_s || column.startsWith(u'@');
}

const QString kActivityId = u"activityid"_s;
const QString kMasterSet = u"recurringappointmentmasters"_s;
const QString kAppointmentSet = u"appointments"_s;
// What an instance copies from its master (besides the times Dataverse computes per occurrence).
const QString kRootBusinessUnit = u"5f1f4b3e-0000-4000-8000-000000000001"_s;
const QStringList kSeriesColumns = {u"subject"_s, u"location"_s, u"description"_s, u"isalldayevent"_s,
                                    u"category"_s, u"subcategory"_s, u"prioritycode"_s};

} // namespace

SandboxDataverseStore::SandboxDataverseStore()
{
    m_tables = {
        {u"contacts"_s, u"contact"_s, u"contactid"_s},
        {u"accounts"_s, u"account"_s, u"accountid"_s},
        {u"systemusers"_s, u"systemuser"_s, u"systemuserid"_s},
        {u"leads"_s, u"lead"_s, u"leadid"_s},
        {u"tasks"_s, u"task"_s, u"activityid"_s},
        {u"appointments"_s, u"appointment"_s, u"activityid"_s},
        {u"emails"_s, u"email"_s, u"activityid"_s},
        {u"recurringappointmentmasters"_s, u"recurringappointmentmaster"_s, u"activityid"_s},
        // GET only over the Web API (Dataverse offers RetrieveMultiple and nothing else); rows are
        // written through their activity's *_activity_parties navigation property.
        {QString::fromLatin1(kPartySet), u"activityparty"_s, u"activitypartyid"_s},
        // Security roles; users get them through systemuserroles_association.
        {u"roles"_s, u"role"_s, u"roleid"_s},
    };
    m_manyToMany = {
        {QString::fromLatin1(kUserRoles), u"systemuserroles"_s, u"systemusers"_s, u"systemuserid"_s, u"roles"_s,
         u"roleid"_s},
    };
}

const SandboxDataverseTable *SandboxDataverseStore::table(const QString &entitySet) const
{
    for (const auto &t : m_tables)
        if (t.entitySet == entitySet)
            return &t;
    return nullptr;
}

const SandboxDataverseTable *SandboxDataverseStore::tableForLogicalName(const QString &logicalName) const
{
    for (const auto &t : m_tables)
        if (t.logicalName == logicalName)
            return &t;
    return nullptr;
}

QList<QJsonObject> SandboxDataverseStore::rows(const QString &entitySet) const
{
    return m_state.rows.value(entitySet).values();
}

std::optional<QJsonObject> SandboxDataverseStore::row(const QString &entitySet, const QString &id) const
{
    const auto &table = m_state.rows[entitySet];
    const auto it = table.constFind(normalizedId(id));
    if (it == table.constEnd())
        return std::nullopt;
    return *it;
}

qsizetype SandboxDataverseStore::rowCount(const QString &entitySet) const
{
    return m_state.rows.value(entitySet).size();
}

SandboxDataverseError SandboxDataverseStore::notFound(const SandboxDataverseTable &table, const QString &id)
{
    return {404, "0x80040217", u"%1 With Id = %2 Does Not Exist"_s.arg(table.logicalName, id)};
}

void SandboxDataverseStore::computeColumns(const SandboxDataverseTable &table, QJsonObject &row) const
{
    if (table.logicalName == u"contact"_s || table.logicalName == u"systemuser"_s
        || table.logicalName == u"lead"_s) {
        const QString full = QString(row.value(u"firstname"_s).toString() + u' ' + row.value(u"lastname"_s).toString())
                                 .trimmed();
        row.insert(u"fullname"_s, full.isEmpty() ? QJsonValue() : QJsonValue(full));
    }
}

std::optional<QJsonObject> SandboxDataverseStore::create(const QString &entitySet, const QJsonObject &fields,
                                                         SandboxDataverseError *error)
{
    const SandboxDataverseTable *t = table(entitySet);
    if (!t) {
        *error = {404, "0x8006088a", u"Resource not found for the segment '%1'."_s.arg(entitySet)};
        return std::nullopt;
    }
    QString id = fields.value(t->primaryId).toString();
    if (!id.isEmpty()) {
        id = normalizedId(id);
        if (id.isEmpty()) {
            *error = {400, "0x80048d19", u"Invalid value for the %1 column."_s.arg(t->primaryId)};
            return std::nullopt;
        }
        if (m_state.rows[entitySet].contains(id)) {
            *error = {412, "0x80040237", u"A record with matching key values already exists."_s};
            return std::nullopt;
        }
    } else {
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    QJsonObject row;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (!isServerColumn(it.key()))
            row.insert(it.key(), it.value());
    row.insert(t->primaryId, id);
    if (keyTaken(entitySet, row, id, error))
        return std::nullopt;
    if (t->primaryId == kActivityId) {
        row.insert(u"activitytypecode"_s, t->logicalName);
        if (entitySet == kMasterSet)
            row.insert(u"instancetypecode"_s, 1);
        else if (!row.value(u"instancetypecode"_s).isDouble())
            row.insert(u"instancetypecode"_s, 0);
    }
    if (entitySet != QLatin1String(kPartySet)) {   // activityparty has no createdon/modifiedon
        const QString now = nowText();
        row.insert(u"createdon"_s, now);
        row.insert(u"modifiedon"_s, now);
    }
    if (t->logicalName == u"role"_s && !row.contains(u"_businessunitid_value"_s))
        row.insert(u"_businessunitid_value"_s, kRootBusinessUnit);   // the BU WhoAmI names
    row.insert(u"versionnumber"_s, ++m_state.version);
    computeColumns(*t, row);
    m_state.rows[entitySet].insert(id, row);
    if (entitySet == kMasterSet)
        expandSeries(id);
    return row;
}

std::optional<QJsonObject> SandboxDataverseStore::update(const QString &entitySet, const QString &id,
                                                         const QJsonObject &fields, SandboxDataverseError *error)
{
    const SandboxDataverseTable *t = table(entitySet);
    auto &rows = m_state.rows[entitySet];
    const auto it = rows.find(normalizedId(id));
    if (!t || it == rows.end()) {
        *error = t ? notFound(*t, id) : SandboxDataverseError{404, "0x8006088a", u"Resource not found."_s};
        return std::nullopt;
    }
    QJsonObject row = *it;
    for (auto f = fields.begin(); f != fields.end(); ++f)
        if (!isServerColumn(f.key()) && f.key() != t->primaryId)
            row.insert(f.key(), f.value());
    if (keyTaken(entitySet, row, it.key(), error))
        return std::nullopt;
    row.insert(u"modifiedon"_s, nowText());
    row.insert(u"versionnumber"_s, ++m_state.version);
    computeColumns(*t, row);
    *it = row;
    if (entitySet == kMasterSet) {
        const QString masterId = it.key();
        bool pattern = false;
        QJsonObject copied;
        for (auto f = fields.begin(); f != fields.end(); ++f) {
            pattern = pattern || SandboxDataverseRecurrence::patternColumns().contains(f.key());
            if (kSeriesColumns.contains(f.key()))
                copied.insert(f.key(), f.value());
        }
        if (pattern) {   // a new pattern regenerates the instances, as Dataverse does
            removeSeries(masterId);
            expandSeries(masterId);
        } else if (!copied.isEmpty()) {
            for (const QJsonObject &instance : this->rows(kAppointmentSet))
                if (instance.value(u"seriesid"_s).toString() == masterId)
                    update(kAppointmentSet, instance.value(kActivityId).toString(), copied, error);
        }
    }
    return row;
}

bool SandboxDataverseStore::remove(const QString &entitySet, const QString &id, SandboxDataverseError *error)
{
    const SandboxDataverseTable *t = table(entitySet);
    const QString key = normalizedId(id);
    if (!t || !m_state.rows[entitySet].remove(key)) {
        *error = t ? notFound(*t, id) : SandboxDataverseError{404, "0x8006088a", u"Resource not found."_s};
        return false;
    }
    m_state.deletions[entitySet].append({key, ++m_state.version});
    removeLinks(entitySet, key);
    if (t->primaryId == kActivityId) {
        if (entitySet == kMasterSet)
            removeSeries(key);
        removeParties(key);
    }
    return true;
}

QList<QJsonObject> SandboxDataverseStore::parties(const QString &activityId) const
{
    const QString key = normalizedId(activityId);
    QList<QJsonObject> out;
    if (key.isEmpty())
        return out;
    for (const QJsonObject &party : m_state.rows.value(QLatin1String(kPartySet)))
        if (party.value(u"_activityid_value"_s).toString() == key)
            out.append(party);
    return out;
}

bool SandboxDataverseStore::replaceParties(const QString &entitySet, const QString &activityId,
                                           const QList<QJsonObject> &parties, SandboxDataverseError *error)
{
    const SandboxDataverseTable *t = table(entitySet);
    const QString key = normalizedId(activityId);
    if (!t || t->primaryId != kActivityId || !row(entitySet, key)) {
        *error = t ? notFound(*t, activityId) : SandboxDataverseError{404, "0x8006088a", u"Resource not found."_s};
        return false;
    }
    removeParties(key);
    for (QJsonObject party : parties) {
        party.remove(u"activitypartyid"_s);
        party.insert(u"_activityid_value"_s, key);
        party.insert(u"_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s, t->logicalName);
        if (!party.value(u"ispartydeleted"_s).isBool())
            party.insert(u"ispartydeleted"_s, false);
        if (!create(QLatin1String(kPartySet), party, error))
            return false;
    }
    if (entitySet == kMasterSet) {
        for (const QJsonObject &instance : rows(kAppointmentSet)) {
            if (instance.value(u"seriesid"_s).toString() != key)
                continue;
            const QString instanceId = instance.value(kActivityId).toString();
            removeParties(instanceId);
            copyParties(key, instanceId);
            if (!update(kAppointmentSet, instanceId, {}, error))
                return false;
        }
    }
    return update(entitySet, key, {}, error).has_value();   // the activity changed: new version
}

void SandboxDataverseStore::removeParties(const QString &activityId)
{
    SandboxDataverseError ignored;
    for (const QJsonObject &party : parties(activityId))
        remove(QLatin1String(kPartySet), party.value(u"activitypartyid"_s).toString(), &ignored);
}

void SandboxDataverseStore::copyParties(const QString &fromActivityId, const QString &toActivityId)
{
    SandboxDataverseError ignored;
    for (QJsonObject party : parties(fromActivityId)) {
        party.remove(u"activitypartyid"_s);
        party.insert(u"_activityid_value"_s, toActivityId);
        party.insert(u"_activityid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s, u"appointment"_s);
        (void)create(QLatin1String(kPartySet), party, &ignored);
    }
}

void SandboxDataverseStore::expandSeries(const QString &masterId)
{
    const auto master = row(kMasterSet, masterId);
    if (!master)
        return;
    SandboxDataverseError ignored;
    for (const SandboxDataverseRecurrence::Occurrence &o : SandboxDataverseRecurrence::occurrences(*master)) {
        QJsonObject fields{{u"seriesid"_s, masterId},
                           {u"instancetypecode"_s, 2},
                           {u"scheduledstart"_s, o.start.toString(Qt::ISODate)},
                           {u"scheduledend"_s, o.end.toString(Qt::ISODate)},
                           {u"originalstartdate"_s, o.start.toString(Qt::ISODate)},
                           {u"scheduleddurationminutes"_s, int(o.start.secsTo(o.end) / 60)}};
        for (const QString &column : kSeriesColumns)
            if (master->contains(column))
                fields.insert(column, master->value(column));
        if (const auto instance = create(kAppointmentSet, fields, &ignored))
            copyParties(masterId, instance->value(kActivityId).toString());
    }
}

void SandboxDataverseStore::removeSeries(const QString &masterId)
{
    SandboxDataverseError ignored;
    for (const QJsonObject &instance : rows(kAppointmentSet))
        if (instance.value(u"seriesid"_s).toString() == masterId)
            remove(kAppointmentSet, instance.value(kActivityId).toString(), &ignored);
}

void SandboxDataverseStore::addAlternateKey(const QString &entitySet, const QString &name, const QStringList &columns)
{
    m_keys[entitySet].append({name, columns});
}

QString SandboxDataverseStore::alternateKeyFor(const QString &entitySet, const QStringList &columns) const
{
    QStringList wanted = columns;
    wanted.sort();
    for (const AlternateKey &key : m_keys.value(entitySet)) {
        QStringList have = key.columns;
        have.sort();
        if (have == wanted)
            return key.name;
    }
    return {};
}

bool SandboxDataverseStore::isAlternateKeyColumn(const QString &entitySet, const QString &column) const
{
    for (const AlternateKey &key : m_keys.value(entitySet))
        if (key.columns.contains(column))
            return true;
    return false;
}

QString SandboxDataverseStore::findByKey(const QString &entitySet,
                                         const QList<std::pair<QString, QString>> &keyValues) const
{
    const SandboxDataverseTable *t = table(entitySet);
    if (!t || keyValues.isEmpty())
        return {};
    for (const QJsonObject &row : m_state.rows.value(entitySet)) {
        bool all = true;
        for (const auto &[column, value] : keyValues)
            all = all && row.value(column).toVariant().toString() == value;
        if (all)
            return row.value(t->primaryId).toString();
    }
    return {};
}

bool SandboxDataverseStore::keyTaken(const QString &entitySet, const QJsonObject &row, const QString &exceptId,
                                     SandboxDataverseError *error) const
{
    for (const AlternateKey &key : m_keys.value(entitySet)) {
        QList<std::pair<QString, QString>> values;
        for (const QString &column : key.columns) {
            if (row.value(column).isNull() || row.value(column).isUndefined())
                break;
            values.append({column, row.value(column).toVariant().toString()});
        }
        if (values.size() != key.columns.size())
            continue;   // a key with an empty column is not enforced
        const QString other = findByKey(entitySet, values);
        if (!other.isEmpty() && other != exceptId) {
            *error = {412, "0x80060892", u"A record that has the attribute values %1 already exists. The entity key "
                                         "%2 requires that this set of attributes contains unique values."_s
                                             .arg(key.columns.join(u", "_s), key.name)};
            return true;
        }
    }
    return false;
}

const SandboxDataverseStore::ManyToMany *SandboxDataverseStore::manyToMany(const QString &entitySet,
                                                                         const QString &navigation) const
{
    for (const ManyToMany &m : m_manyToMany)
        if (m.name == navigation && (m.entitySet1 == entitySet || m.entitySet2 == entitySet))
            return &m;
    return nullptr;
}

const SandboxDataverseStore::ManyToMany *SandboxDataverseStore::manyToManyByIntersect(const QString &intersect) const
{
    for (const ManyToMany &m : m_manyToMany)
        if (m.intersect == intersect)
            return &m;
    return nullptr;
}

std::optional<SandboxDataverseStore::Link> SandboxDataverseStore::link(const QString &relationship, const QString &fromSet,
                                                                     const QString &fromId, const QString &toId,
                                                                     SandboxDataverseError *error) const
{
    const ManyToMany *m = manyToMany(fromSet, relationship);
    if (!m) {
        *error = {400, "0x80060888", u"'%1' is not a relationship of %2."_s.arg(relationship, fromSet)};
        return std::nullopt;
    }
    // Stored in the relationship's own order (entity set 1, entity set 2), whichever side asks.
    const bool forward = m->entitySet1 == fromSet;
    const QString id1 = normalizedId(forward ? fromId : toId);
    const QString id2 = normalizedId(forward ? toId : fromId);
    if (!row(m->entitySet1, id1)) {
        *error = notFound(*table(m->entitySet1), forward ? fromId : toId);
        return std::nullopt;
    }
    if (!row(m->entitySet2, id2)) {
        *error = notFound(*table(m->entitySet2), forward ? toId : fromId);
        return std::nullopt;
    }
    return Link{m->name, {id1, id2}};
}

bool SandboxDataverseStore::associate(const QString &relationship, const QString &fromSet, const QString &fromId,
                                      const QString &toId, SandboxDataverseError *error)
{
    const std::optional<Link> l = link(relationship, fromSet, fromId, toId, error);
    if (!l)
        return false;
    auto &links = m_state.links[l->name];
    if (links.contains(l->ids)) {
        *error = {412, "0x80040237", u"Cannot insert duplicate key."_s};
        return false;
    }
    links.insert(l->ids);
    return true;
}

bool SandboxDataverseStore::disassociate(const QString &relationship, const QString &fromSet, const QString &fromId,
                                         const QString &toId, SandboxDataverseError *error)
{
    const std::optional<Link> l = link(relationship, fromSet, fromId, toId, error);
    if (!l)
        return false;
    m_state.links[l->name].remove(l->ids);
    return true;
}

QStringList SandboxDataverseStore::related(const QString &relationship, const QString &fromSet,
                                           const QString &fromId) const
{
    QStringList out;
    const ManyToMany *m = manyToMany(fromSet, relationship);
    if (!m)
        return out;
    const bool forward = m->entitySet1 == fromSet;
    const QString key = normalizedId(fromId);
    for (const auto &[id1, id2] : m_state.links.value(m->name))
        if ((forward ? id1 : id2) == key)
            out.append(forward ? id2 : id1);
    out.sort();
    return out;
}

void SandboxDataverseStore::removeLinks(const QString &entitySet, const QString &id)
{
    for (const ManyToMany &m : m_manyToMany) {
        if (m.entitySet1 != entitySet && m.entitySet2 != entitySet)
            continue;
        auto &links = m_state.links[m.name];
        for (auto it = links.begin(); it != links.end();)
            it = ((m.entitySet1 == entitySet && it->first == id) || (m.entitySet2 == entitySet && it->second == id))
                   ? links.erase(it) : std::next(it);
    }
}

void SandboxDataverseStore::setChangeTracking(const QString &entitySet, bool enabled)
{
    if (enabled)
        m_untracked.remove(entitySet);
    else
        m_untracked.insert(entitySet);
}

void SandboxDataverseStore::reset()
{
    m_state.rows.clear();
    m_state.deletions.clear();
    m_state.links.clear();
}

QJsonObject SandboxDataverseStore::toJson() const
{
    QJsonObject rows;
    QJsonObject deletions;
    for (const auto &t : m_tables) {
        QJsonArray list;
        for (const QJsonObject &row : m_state.rows.value(t.entitySet))
            list.append(row);
        rows.insert(t.entitySet, list);
        QJsonArray gone;
        for (const Deletion &d : m_state.deletions.value(t.entitySet))
            gone.append(QJsonObject{{u"id"_s, d.id}, {u"version"_s, d.version}});
        deletions.insert(t.entitySet, gone);
    }
    QJsonObject links;
    for (const ManyToMany &m : m_manyToMany) {
        QList<std::pair<QString, QString>> pairs = m_state.links.value(m.name).values();
        std::sort(pairs.begin(), pairs.end());
        QJsonArray list;
        for (const auto &[id1, id2] : pairs)
            list.append(QJsonObject{{m.column1, id1}, {m.column2, id2}});
        links.insert(m.intersect, list);
    }
    return {{u"version"_s, m_state.version}, {u"rows"_s, rows}, {u"deletions"_s, deletions}, {u"links"_s, links}};
}

void SandboxDataverseStore::fromJson(const QJsonObject &json)
{
    State state;
    state.version = json.value(u"version"_s).toInteger(1000);
    const QJsonObject rows = json.value(u"rows"_s).toObject();
    const QJsonObject deletions = json.value(u"deletions"_s).toObject();
    for (const auto &t : m_tables) {
        for (const QJsonValue &v : rows.value(t.entitySet).toArray()) {
            const QJsonObject row = v.toObject();
            const QString id = normalizedId(row.value(t.primaryId).toString());
            if (!id.isEmpty())
                state.rows[t.entitySet].insert(id, row);
        }
        for (const QJsonValue &v : deletions.value(t.entitySet).toArray())
            state.deletions[t.entitySet].append(
                {v.toObject().value(u"id"_s).toString(), v.toObject().value(u"version"_s).toInteger()});
    }
    const QJsonObject links = json.value(u"links"_s).toObject();
    for (const ManyToMany &m : m_manyToMany)
        for (const QJsonValue &v : links.value(m.intersect).toArray()) {
            const QString id1 = normalizedId(v.toObject().value(m.column1).toString());
            const QString id2 = normalizedId(v.toObject().value(m.column2).toString());
            if (!id1.isEmpty() && !id2.isEmpty())
                state.links[m.name].insert({id1, id2});
        }
    m_state = state;
}

void SandboxDataverseStore::addTable(const SandboxDataverseTable &table)
{
    if (!this->table(table.entitySet))
        m_tables.append(table);
}

} // namespace Liaison
