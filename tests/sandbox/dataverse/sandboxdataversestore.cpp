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

// How $filter's eq compares text (case-insensitive), as an index key; empty for null.
QString foldedText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return {};
    return (value.isString() ? value.toString() : value.toVariant().toString()).toCaseFolded();
}

// An activity table's states (reference/entities/task.md, appointment.md): each with its
// default statuscode and the statuscodes that belong to it. Completed (1) and Canceled (2) rows
// are read-only until an update changes statecode again.
struct ActivityState
{
    int state;
    const char *name; // the StateCode option's invariant name, as in "TaskState.Open"
    int defaultStatus;
    QList<int> statuses;
};
struct ActivityStates
{
    const char *enumName; // "TaskState"
    int createState;      // statecode is not valid on create: a new row starts here
    QList<ActivityState> states;
};

const ActivityStates *activityStates(const QString &logicalName)
{
    static const ActivityStates task{
        "TaskState", 0, {{0, "Open", 2, {2, 3, 4, 7}}, {1, "Completed", 5, {5}}, {2, "Canceled", 6, {6}}}};
    // A created appointment is booked: Scheduled, Busy.
    static const ActivityStates appointment{"AppointmentState",
                                            3,
                                            {{0, "Open", 1, {1, 2}},
                                             {1, "Completed", 3, {3}},
                                             {2, "Canceled", 4, {4}},
                                             {3, "Scheduled", 5, {5, 6}}}};
    static const ActivityStates master{"RecurringAppointmentMasterState", 3, appointment.states};
    if (logicalName == u"task"_s)
        return &task;
    if (logicalName == u"appointment"_s)
        return &appointment;
    if (logicalName == u"recurringappointmentmaster"_s)
        return &master;
    return nullptr;
}

const ActivityState *stateOf(const ActivityStates &states, int state)
{
    for (const ActivityState &s : states.states)
        if (s.state == state)
            return &s;
    return nullptr;
}

// Sets statecode/statuscode on `row` for a create (`before` empty) or an update of `before` by
// `fields`: defaults, a statuscode that belongs to its statecode, closed rows read-only.
bool applyActivityState(const SandboxDataverseTable &table, const QString &id,
                        const std::optional<QJsonObject> &before, const QJsonObject &fields, QJsonObject &row,
                        SandboxDataverseError *error)
{
    const ActivityStates *states = activityStates(table.logicalName);
    if (!states)
        return true;
    const int current =
        before ? before->value(u"statecode"_s).toInt(states->createState) : states->createState;
    if (before && (current == 1 || current == 2) && !fields.contains(u"statecode"_s)) {
        *error = {400, "0x8004022e", u"The object cannot be updated because it is read-only."_s};
        return false;
    }
    int state = current;
    if (before && fields.contains(u"statecode"_s)) {
        const QJsonValue value = fields.value(u"statecode"_s);
        state = value.isDouble() ? value.toInt(-1) : -1;
    }
    const ActivityState *target = stateOf(*states, state);
    if (!target) {
        *error = {400, "0x80048408",
                  u"%1 is not a valid state code on %2 with Id %3."_s.arg(
                      fields.value(u"statecode"_s).toVariant().toString(), table.logicalName, id)};
        return false;
    }
    int status = target->defaultStatus;
    if (fields.contains(u"statuscode"_s)) {
        const QJsonValue value = fields.value(u"statuscode"_s);
        status = value.isDouble() ? value.toInt(-1) : -1;
        if (!target->statuses.contains(status)) {
            *error = {400, "0x80048408",
                      u"%1 is not a valid status code for state code %2.%3 on %4 with Id %5."_s.arg(
                          QString::number(status), QLatin1String(states->enumName),
                          QLatin1String(target->name), table.logicalName, id)};
            return false;
        }
    } else if (before && state == current && before->value(u"statuscode"_s).isDouble()) {
        status = before->value(u"statuscode"_s).toInt(); // unchanged state keeps its status
    }
    row.insert(u"statecode"_s, state);
    row.insert(u"statuscode"_s, status);
    return true;
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
    const auto data = m_data.constFind(entitySet);
    return data == m_data.constEnd() ? QList<QJsonObject>() : data->rows.values();
}

QList<QJsonObject>
SandboxDataverseStore::rowsAfter(const QString &entitySet, const QString &afterId, qsizetype limit,
                                 const std::function<bool(const QJsonObject &)> &accept) const
{
    QList<QJsonObject> out;
    const auto data = m_data.constFind(entitySet);
    if (data == m_data.constEnd())
        return out;
    for (auto it = afterId.isEmpty() ? data->rows.constBegin() : data->rows.upperBound(afterId);
         it != data->rows.constEnd() && out.size() < limit; ++it)
        if (accept(*it))
            out.append(*it);
    return out;
}

QList<QJsonObject> SandboxDataverseStore::rowsWhere(const QString &entitySet, const QString &column,
                                                    const QString &value) const
{
    QList<QJsonObject> out;
    const auto data = m_data.constFind(entitySet);
    if (data == m_data.constEnd())
        return out;
    auto index = data->columns.find(column);
    if (index == data->columns.end()) { // first query on this column: index it once
        index = data->columns.insert(column, {});
        for (auto it = data->rows.constBegin(); it != data->rows.constEnd(); ++it)
            if (const QString text = foldedText(it->value(column)); !text.isEmpty())
                (*index)[text].insert(it.key());
    }
    QStringList ids = index->value(value.toCaseFolded()).values();
    ids.sort();
    for (const QString &id : ids)
        out.append(data->rows.value(id));
    return out;
}

QList<SandboxDataverseStore::Change> SandboxDataverseStore::changes(const QString &entitySet, qint64 since,
                                                                    qint64 until, qsizetype limit,
                                                                    bool withDeletions) const
{
    QList<Change> out;
    const auto data = m_data.constFind(entitySet);
    if (data == m_data.constEnd())
        return out;
    for (auto it = data->changes.upper_bound(since);
         it != data->changes.end() && it->first <= until && out.size() < limit; ++it)
        if (withDeletions || !it->second.deleted)
            out.append(it->second);
    return out;
}

std::optional<QJsonObject> SandboxDataverseStore::row(const QString &entitySet, const QString &id) const
{
    const auto data = m_data.constFind(entitySet);
    if (data == m_data.constEnd())
        return std::nullopt;
    const auto it = data->rows.constFind(normalizedId(id));
    if (it == data->rows.constEnd())
        return std::nullopt;
    return *it;
}

qsizetype SandboxDataverseStore::rowCount(const QString &entitySet) const
{
    const auto data = m_data.constFind(entitySet);
    return data == m_data.constEnd() ? 0 : data->rows.size();
}

// --- writes, indexes and the undo journal -----------------------------------------------------

SandboxDataverseStore::Transaction::Transaction(SandboxDataverseStore &store)
    : m_store(store)
    , m_journal(store.m_journal.size())
    , m_version(store.m_version)
{
    ++m_store.m_transactions;
}

SandboxDataverseStore::Transaction::~Transaction()
{
    if (m_open && --m_store.m_transactions == 0)
        m_store.m_journal.clear();
}

void SandboxDataverseStore::Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    m_store.undoTo(m_journal, m_version);
    if (--m_store.m_transactions == 0)
        m_store.m_journal.clear();
}

void SandboxDataverseStore::undoTo(qsizetype journal, qint64 version)
{
    const int open = m_transactions;
    m_transactions = 0; // undoing writes records nothing
    while (m_journal.size() > journal) {
        const Undo undo = m_journal.takeLast();
        switch (undo.kind) {
        case Undo::Kind::Row:
            put(undo.name, undo.id, undo.before);
            break;
        case Undo::Kind::Tombstone:
            m_data[undo.name].changes.erase(undo.version);
            break;
        case Undo::Kind::Link:
            setLinked(undo.name, undo.link, undo.linked);
            break;
        }
    }
    m_transactions = open;
    m_version = version;
}

QString SandboxDataverseStore::keyText(const AlternateKey &key, const QJsonObject &row)
{
    QString out;
    for (const QString &column : key.columns) {
        const QJsonValue value = row.value(column);
        if (value.isNull() || value.isUndefined())
            return {}; // a key with an empty column is not enforced
        out += value.toVariant().toString() + QChar(0x1f);
    }
    return out;
}

void SandboxDataverseStore::index(TableData &data, const QString &entitySet, const QString &id,
                                  const QJsonObject &row, bool add) const
{
    const qint64 version = row.value(u"versionnumber"_s).toInteger();
    if (add)
        data.changes[version] = Change{version, id, false};
    else if (const auto it = data.changes.find(version); it != data.changes.end() && it->second.id == id)
        data.changes.erase(it);
    for (const AlternateKey &key : m_keys.value(entitySet)) {
        const QString text = keyText(key, row);
        if (text.isEmpty())
            continue;
        auto &ids = data.keys[key.name];
        if (add)
            ids.insert(text, id);
        else if (ids.value(text) == id)
            ids.remove(text);
    }
    for (auto it = data.columns.begin(); it != data.columns.end(); ++it) {
        const QString text = foldedText(row.value(it.key()));
        if (text.isEmpty())
            continue;
        if (add) {
            (*it)[text].insert(id);
        } else if (auto ids = it->find(text); ids != it->end()) {
            ids->remove(id);
            if (ids->isEmpty())
                it->erase(ids);
        }
    }
}

void SandboxDataverseStore::put(const QString &entitySet, const QString &id,
                                const std::optional<QJsonObject> &row)
{
    TableData &data = m_data[entitySet];
    const auto existing = data.rows.find(id);
    std::optional<QJsonObject> before;
    if (existing != data.rows.end()) {
        before = *existing;
        index(data, entitySet, id, *before, false);
        if (row)
            *existing = *row;
        else
            data.rows.erase(existing);
    } else if (row) {
        data.rows.insert(id, *row);
    }
    if (row)
        index(data, entitySet, id, *row, true);
    if (m_transactions > 0)
        m_journal.append({Undo::Kind::Row, entitySet, id, before, 0, {}, false});
}

void SandboxDataverseStore::addTombstone(const QString &entitySet, const QString &id, qint64 version)
{
    m_data[entitySet].changes[version] = Change{version, id, true};
    if (m_transactions > 0)
        m_journal.append({Undo::Kind::Tombstone, entitySet, id, std::nullopt, version, {}, false});
}

void SandboxDataverseStore::setLinked(const QString &relationship, const std::pair<QString, QString> &ids,
                                      bool linked)
{
    auto &links = m_links[relationship];
    const bool was = links.contains(ids);
    if (was == linked)
        return;
    if (linked)
        links.insert(ids);
    else
        links.remove(ids);
    if (m_transactions > 0)
        m_journal.append({Undo::Kind::Link, relationship, {}, std::nullopt, 0, ids, was});
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
        if (row(entitySet, id)) {
            *error = {412, "0x80040237", u"A record with matching key values already exists."_s};
            return std::nullopt;
        }
        // Every activity is also an ActivityPointer row: its id is unique across activity tables.
        for (const SandboxDataverseTable &other : m_tables) {
            if (t->primaryId == kActivityId && other.primaryId == kActivityId &&
                other.entitySet != entitySet && row(other.entitySet, id)) {
                *error = {412, "0x80040237", u"Cannot insert duplicate key."_s};
                return std::nullopt;
            }
        }
    } else {
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    QJsonObject row;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (!isServerColumn(it.key()))
            row.insert(it.key(), it.value());
    row.insert(t->primaryId, id);
    if (keyTaken(entitySet, row, id, error) || !applyActivityState(*t, id, std::nullopt, fields, row, error))
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
    row.insert(u"versionnumber"_s, ++m_version);
    computeColumns(*t, row);
    put(entitySet, id, row);
    if (entitySet == kMasterSet)
        expandSeries(id);
    return row;
}

std::optional<QJsonObject> SandboxDataverseStore::update(const QString &entitySet, const QString &id,
                                                         const QJsonObject &fields, SandboxDataverseError *error)
{
    const SandboxDataverseTable *t = table(entitySet);
    const QString key = normalizedId(id);
    const std::optional<QJsonObject> existing = t ? this->row(entitySet, key) : std::nullopt;
    if (!existing) {
        *error = t ? notFound(*t, id) : SandboxDataverseError{404, "0x8006088a", u"Resource not found."_s};
        return std::nullopt;
    }
    QJsonObject row = *existing;
    for (auto f = fields.begin(); f != fields.end(); ++f)
        if (!isServerColumn(f.key()) && f.key() != t->primaryId)
            row.insert(f.key(), f.value());
    if (keyTaken(entitySet, row, key, error) || !applyActivityState(*t, key, existing, fields, row, error))
        return std::nullopt;
    row.insert(u"modifiedon"_s, nowText());
    row.insert(u"versionnumber"_s, ++m_version);
    computeColumns(*t, row);
    put(entitySet, key, row);
    if (entitySet == kMasterSet) {
        const QString masterId = key;
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
            for (const QJsonObject &instance : rowsWhere(kAppointmentSet, u"seriesid"_s, masterId))
                update(kAppointmentSet, instance.value(kActivityId).toString(), copied, error);
        }
    }
    return row;
}

bool SandboxDataverseStore::remove(const QString &entitySet, const QString &id, SandboxDataverseError *error)
{
    const SandboxDataverseTable *t = table(entitySet);
    const QString key = normalizedId(id);
    if (!t || !row(entitySet, key)) {
        *error = t ? notFound(*t, id) : SandboxDataverseError{404, "0x8006088a", u"Resource not found."_s};
        return false;
    }
    put(entitySet, key, std::nullopt);
    addTombstone(entitySet, key, ++m_version);
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
    return rowsWhere(QLatin1String(kPartySet), u"_activityid_value"_s, key);
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
        for (const QJsonObject &instance : rowsWhere(kAppointmentSet, u"seriesid"_s, key)) {
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
    for (const QJsonObject &instance : rowsWhere(kAppointmentSet, u"seriesid"_s, masterId))
        remove(kAppointmentSet, instance.value(kActivityId).toString(), &ignored);
}

void SandboxDataverseStore::addAlternateKey(const QString &entitySet, const QString &name, const QStringList &columns)
{
    const AlternateKey key{name, columns};
    m_keys[entitySet].append(key);
    const auto data = m_data.find(entitySet);
    if (data == m_data.end())
        return;
    for (auto it = data->rows.constBegin(); it != data->rows.constEnd(); ++it)
        if (const QString text = keyText(key, *it); !text.isEmpty())
            data->keys[name].insert(text, it.key());
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
    QStringList columns;
    QJsonObject values;
    for (const auto &[column, value] : keyValues) {
        columns.append(column);
        values.insert(column, value);
    }
    const QString name = alternateKeyFor(entitySet, columns);
    for (const AlternateKey &key : m_keys.value(entitySet)) {
        if (key.name != name)
            continue;
        const auto data = m_data.constFind(entitySet); // a declared key: its index
        return data == m_data.constEnd() ? QString() : data->keys.value(name).value(keyText(key, values));
    }
    for (const QJsonObject &row : rows(entitySet)) {
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
    const auto data = m_data.constFind(entitySet);
    if (data == m_data.constEnd())
        return false;
    for (const AlternateKey &key : m_keys.value(entitySet)) {
        const QString text = keyText(key, row);
        if (text.isEmpty())
            continue;   // a key with an empty column is not enforced
        const QString other = data->keys.value(key.name).value(text);
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
    if (m_links.value(l->name).contains(l->ids)) {
        *error = {412, "0x80040237", u"Cannot insert duplicate key."_s};
        return false;
    }
    setLinked(l->name, l->ids, true);
    return true;
}

bool SandboxDataverseStore::disassociate(const QString &relationship, const QString &fromSet, const QString &fromId,
                                         const QString &toId, SandboxDataverseError *error)
{
    const std::optional<Link> l = link(relationship, fromSet, fromId, toId, error);
    if (!l)
        return false;
    setLinked(l->name, l->ids, false);
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
    for (const auto &[id1, id2] : m_links.value(m->name))
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
        QList<std::pair<QString, QString>> gone;
        for (const auto &pair : m_links.value(m.name))
            if ((m.entitySet1 == entitySet && pair.first == id) ||
                (m.entitySet2 == entitySet && pair.second == id))
                gone.append(pair);
        for (const auto &pair : gone)
            setLinked(m.name, pair, false);
    }
}

void SandboxDataverseStore::setChangeTracking(const QString &entitySet, bool enabled)
{
    if (enabled)
        m_untracked.remove(entitySet);
    else
        m_untracked.insert(entitySet);
}

void SandboxDataverseStore::expireDeltaTokens()
{
    m_expiredThrough = m_version;
    ++m_version; // tokens handed out from now on start after it
}

void SandboxDataverseStore::expireDeltaTokensIssuedBefore(const QDateTime &time)
{
    if (!m_expiredBefore.isValid() || time > m_expiredBefore)
        m_expiredBefore = time;
}

bool SandboxDataverseStore::deltaTokenExpired(qint64 since, const QDateTime &issued) const
{
    if (since <= m_expiredThrough)
        return true;
    if (!issued.isValid())
        return false;
    return (m_expiredBefore.isValid() && issued < m_expiredBefore) ||
           issued < QDateTime::currentDateTimeUtc().addDays(-m_retentionDays);
}

void SandboxDataverseStore::reset()
{
    m_data.clear();
    m_links.clear();
    m_journal.clear();
}

QJsonObject SandboxDataverseStore::toJson() const
{
    QJsonObject rows;
    QJsonObject deletions;
    for (const auto &t : m_tables) {
        QJsonArray list;
        for (const QJsonObject &row : this->rows(t.entitySet))
            list.append(row);
        rows.insert(t.entitySet, list);
        QJsonArray gone;
        if (const auto data = m_data.constFind(t.entitySet); data != m_data.constEnd())
            for (const auto &[version, change] : data->changes)
                if (change.deleted)
                    gone.append(QJsonObject{{u"id"_s, change.id}, {u"version"_s, version}});
        deletions.insert(t.entitySet, gone);
    }
    QJsonObject links;
    for (const ManyToMany &m : m_manyToMany) {
        QList<std::pair<QString, QString>> pairs = m_links.value(m.name).values();
        std::sort(pairs.begin(), pairs.end());
        QJsonArray list;
        for (const auto &[id1, id2] : pairs)
            list.append(QJsonObject{{m.column1, id1}, {m.column2, id2}});
        links.insert(m.intersect, list);
    }
    return {{u"version"_s, m_version}, {u"rows"_s, rows}, {u"deletions"_s, deletions}, {u"links"_s, links}};
}

void SandboxDataverseStore::fromJson(const QJsonObject &json)
{
    reset();
    m_version = json.value(u"version"_s).toInteger(1000);
    const QJsonObject rows = json.value(u"rows"_s).toObject();
    const QJsonObject deletions = json.value(u"deletions"_s).toObject();
    for (const auto &t : m_tables) {
        for (const QJsonValue &v : rows.value(t.entitySet).toArray()) {
            const QJsonObject row = v.toObject();
            const QString id = normalizedId(row.value(t.primaryId).toString());
            if (!id.isEmpty())
                put(t.entitySet, id, row);
        }
        for (const QJsonValue &v : deletions.value(t.entitySet).toArray())
            addTombstone(t.entitySet, v.toObject().value(u"id"_s).toString(),
                         v.toObject().value(u"version"_s).toInteger());
    }
    const QJsonObject links = json.value(u"links"_s).toObject();
    for (const ManyToMany &m : m_manyToMany)
        for (const QJsonValue &v : links.value(m.intersect).toArray()) {
            const QString id1 = normalizedId(v.toObject().value(m.column1).toString());
            const QString id2 = normalizedId(v.toObject().value(m.column2).toString());
            if (!id1.isEmpty() && !id2.isEmpty())
                setLinked(m.name, {id1, id2}, true);
        }
}

void SandboxDataverseStore::addTable(const SandboxDataverseTable &table)
{
    if (!this->table(table.entitySet))
        m_tables.append(table);
}

} // namespace Liaison
