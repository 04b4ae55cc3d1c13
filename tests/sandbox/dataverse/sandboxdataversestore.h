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
        QHash<QString, QSet<std::pair<QString, QString>>> links;   // N:N relationship -> (id1, id2)
        qint64 version = 1000;
    };

    SandboxDataverseStore();

    const SandboxDataverseTable *table(const QString &entitySet) const;
    const SandboxDataverseTable *tableForLogicalName(const QString &logicalName) const;
    QList<SandboxDataverseTable> tables() const { return m_tables; }
    // Serves one more table (before any request: table() pointers stay valid). No-op if known.
    void addTable(const SandboxDataverseTable &table);

    QList<QJsonObject> rows(const QString &entitySet) const;   // ordered by id
    std::optional<QJsonObject> row(const QString &entitySet, const QString &id) const;
    qsizetype rowCount(const QString &entitySet) const;

    // `fields` may carry the primary id; otherwise a new GUID is chosen. Sets createdon/modifiedon,
    // versionnumber and computed columns (fullname). nullopt + *error on failure.
    std::optional<QJsonObject> create(const QString &entitySet, const QJsonObject &fields,
                                      SandboxDataverseError *error);
    std::optional<QJsonObject> update(const QString &entitySet, const QString &id, const QJsonObject &fields,
                                      SandboxDataverseError *error);
    // Deleting an activity deletes its activity parties; deleting a recurringappointmentmaster
    // deletes its instances too (Dataverse cascades both).
    bool remove(const QString &entitySet, const QString &id, SandboxDataverseError *error);

    // --- activities ---------------------------------------------------------------------------
    // Activity rows (key activityid) get activitytypecode = their logical name and instancetypecode
    // (0 not recurring, 1 recurring master, 2 recurring instance). A recurringappointmentmaster is
    // expanded into appointment instances (seriesid = the master's id), see SandboxDataverseRecurrence.
    static constexpr const char *kPartySet = "activityparties";
    // The activity's activityparties rows, ordered by activitypartyid.
    QList<QJsonObject> parties(const QString &activityId) const;
    // Replaces the activity's whole party set with rows made from `parties` (activityparty
    // columns; activitypartyid and _activityid_value are filled in) and bumps the activity's
    // versionnumber/modifiedon so change tracking reports it. A master's instances get copies.
    bool replaceParties(const QString &entitySet, const QString &activityId, const QList<QJsonObject> &parties,
                        SandboxDataverseError *error);

    // --- N:N relationships ----------------------------------------------------------------------
    // Dataverse keeps them in an intersect entity (systemuserroles) that the Web API never serves;
    // both sides see it as a collection-valued navigation property named after the relationship.
    struct ManyToMany
    {
        QString name;          // "systemuserroles_association" (the navigation property on both sides)
        QString intersect;     // "systemuserroles"
        QString entitySet1;    // "systemusers"
        QString column1;       // "systemuserid"
        QString entitySet2;    // "roles"
        QString column2;       // "roleid"
    };
    static constexpr const char *kUserRoles = "systemuserroles_association";
    // The relationship whose navigation property `navigation` is on `entitySet`; nullptr if none.
    const ManyToMany *manyToMany(const QString &entitySet, const QString &navigation) const;
    const ManyToMany *manyToManyByIntersect(const QString &intersect) const;
    QList<ManyToMany> manyToManys() const { return m_manyToMany; }
    // `fromSet`/`fromId` is either side. 404 (notFound) for a missing row; associating twice is
    // Dataverse's duplicate-key refusal; disassociating a pair that is not linked succeeds.
    bool associate(const QString &relationship, const QString &fromSet, const QString &fromId, const QString &toId,
                   SandboxDataverseError *error);
    bool disassociate(const QString &relationship, const QString &fromSet, const QString &fromId, const QString &toId,
                      SandboxDataverseError *error);
    // The ids on the other side, sorted.
    QStringList related(const QString &relationship, const QString &fromSet, const QString &fromId) const;

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

    // The data folder form: {"version":n,"rows":{"contacts":[...]},"deletions":{...},
    // "links":{"systemuserroles":[{"systemuserid":..,"roleid":..}]}}.
    QJsonObject toJson() const;
    void fromJson(const QJsonObject &json);

    static SandboxDataverseError notFound(const SandboxDataverseTable &table, const QString &id);

private:
    // One N:N pair, checked (relationship known, both rows there) and in the relationship's order.
    struct Link
    {
        QString name;
        std::pair<QString, QString> ids;
    };
    std::optional<Link> link(const QString &relationship, const QString &fromSet, const QString &fromId,
                             const QString &toId, SandboxDataverseError *error) const;

    void removeParties(const QString &activityId);
    void removeLinks(const QString &entitySet, const QString &id);   // a deleted row leaves no intersect rows
    void copyParties(const QString &fromActivityId, const QString &toActivityId);
    void expandSeries(const QString &masterId);   // creates the instances of a master
    void removeSeries(const QString &masterId);   // deletes the instances of a master
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
    QList<ManyToMany> m_manyToMany;
    State m_state;
};

} // namespace Liaison
