#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QStringList>
#include <QString>

#include <optional>
#include <utility>

namespace Liaison {

// A table the sandbox serves.
struct SandboxDataverseTable
{
    QString entitySet;     // "contacts"
    QString logicalName;   // "contact"
    QString primaryId;     // "contactid"
};

// What a failed operation answers: HTTP status plus Dataverse's hex code and message.
struct SandboxDataverseError
{
    int status = 0;
    QByteArray code;       // "0x80040217"
    QString message;
};

// The sandbox's rows, in memory. Every write takes the next value of one rising version
// counter (Dataverse's versionnumber, shown as the etag); deletes leave tombstones so change
// tracking can report them. Not thread-safe: use it on the server's thread.
class SandboxDataverseStore
{
public:
    struct Deletion
    {
        QString id;
        qint64 version = 0;
    };
    // Everything, copied cheaply (implicit sharing): $batch changesets restore it to roll back.
    struct State
    {
        QHash<QString, QMap<QString, QJsonObject>> rows;   // entity set -> id -> row
        QHash<QString, QList<Deletion>> deletions;
        qint64 version = 1000;
    };

    SandboxDataverseStore();

    const SandboxDataverseTable *table(const QString &entitySet) const;
    const SandboxDataverseTable *tableForLogicalName(const QString &logicalName) const;
    QList<SandboxDataverseTable> tables() const { return m_tables; }

    QList<QJsonObject> rows(const QString &entitySet) const;   // ordered by id
    std::optional<QJsonObject> row(const QString &entitySet, const QString &id) const;
    qsizetype rowCount(const QString &entitySet) const;

    // `fields` may carry the primary id; otherwise a new GUID is chosen. Sets createdon/modifiedon,
    // versionnumber and computed columns (fullname). nullopt + *error on failure.
    std::optional<QJsonObject> create(const QString &entitySet, const QJsonObject &fields,
                                      SandboxDataverseError *error);
    std::optional<QJsonObject> update(const QString &entitySet, const QString &id, const QJsonObject &fields,
                                      SandboxDataverseError *error);
    bool remove(const QString &entitySet, const QString &id, SandboxDataverseError *error);

    qint64 version() const { return m_state.version; }   // the newest versionnumber handed out
    QList<Deletion> deletions(const QString &entitySet) const { return m_state.deletions.value(entitySet); }

    // Alternate keys (Dataverse "keys" on a table): rows can be addressed as
    // contacts(new_exchangeid='x'). Declared per table; the key's columns become writable columns.
    void addAlternateKey(const QString &entitySet, const QString &name, const QStringList &columns);
    // The declared key whose columns are exactly `columns` (any order); empty name if none.
    QString alternateKeyFor(const QString &entitySet, const QStringList &columns) const;
    bool isAlternateKeyColumn(const QString &entitySet, const QString &column) const;
    // The id of the row whose key columns hold these values; empty if none.
    QString findByKey(const QString &entitySet, const QList<std::pair<QString, QString>> &keyValues) const;

    // Tables with change tracking off refuse Prefer: odata.track-changes (default: on).
    void setChangeTracking(const QString &entitySet, bool enabled);
    bool changeTracking(const QString &entitySet) const { return !m_untracked.contains(entitySet); }

    void reset();   // drops rows and tombstones; the version keeps rising so old tokens stay ordered
    State snapshot() const { return m_state; }
    void restore(const State &state) { m_state = state; }

    // The data folder form: {"version":n,"rows":{"contacts":[...]},"deletions":{...}}.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject &json);

    static SandboxDataverseError notFound(const SandboxDataverseTable &table, const QString &id);

private:
    void computeColumns(const SandboxDataverseTable &table, QJsonObject &row) const;
    // Dataverse refuses a second row with the same alternate key values.
    bool keyTaken(const QString &entitySet, const QJsonObject &row, const QString &exceptId,
                  SandboxDataverseError *error) const;

    struct AlternateKey
    {
        QString name;
        QStringList columns;
    };
    QHash<QString, QList<AlternateKey>> m_keys;   // entity set -> keys
    QSet<QString> m_untracked;

    QList<SandboxDataverseTable> m_tables;
    State m_state;
};

} // namespace Liaison
