#include "sandboxdataversestore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

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
        || column == u"fullname"_s || column.startsWith(u'@');
}

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
    const QString now = nowText();
    row.insert(u"createdon"_s, now);
    row.insert(u"modifiedon"_s, now);
    row.insert(u"versionnumber"_s, ++m_state.version);
    computeColumns(*t, row);
    m_state.rows[entitySet].insert(id, row);
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
    return true;
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
    return {{u"version"_s, m_state.version}, {u"rows"_s, rows}, {u"deletions"_s, deletions}};
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
    m_state = state;
}

} // namespace Liaison
