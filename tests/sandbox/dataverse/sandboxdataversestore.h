#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
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
// tracking can report them. Every operation costs the same whatever a table's size: rows are
// kept by id, each table has a change log ordered by version (a row's current version, or a
// tombstone), alternate keys and queried columns have hash indexes kept up to date on every
// write, and an open Transaction records undo entries instead of copying the tables.
// Not thread-safe: use it on the server's thread.
class SandboxDataverseStore
{
public:
    struct Deletion
    {
        QString id;
        qint64 version = 0;
    };
    // One entry of a table's change log.
    struct Change
    {
        qint64 version = 0;
        QString id;
        bool deleted = false; // a tombstone
    };

    // All or nothing: writes made while a Transaction is open are undone by rollback() (a failed
    // deep insert, a failed $batch changeset). Nested transactions roll back to their own start.
    class Transaction
    {
    public:
        explicit Transaction(SandboxDataverseStore &store);
        ~Transaction(); // keeps the writes unless rolled back
        void rollback();
        Transaction(const Transaction &) = delete;
        Transaction &operator=(const Transaction &) = delete;

    private:
        SandboxDataverseStore &m_store;
        qsizetype m_journal = 0;
        qint64 m_version = 0;
        bool m_open = true;
    };

    SandboxDataverseStore();

    const SandboxDataverseTable *table(const QString &entitySet) const;
    const SandboxDataverseTable *tableForLogicalName(const QString &logicalName) const;
    QList<SandboxDataverseTable> tables() const { return m_tables; }
    // Serves one more table (before any request: table() pointers stay valid). No-op if known.
    void addTable(const SandboxDataverseTable &table);

    QList<QJsonObject> rows(const QString &entitySet) const;   // ordered by id
    // Up to `limit` rows after `afterId` (empty: from the first) in id order that `accept` takes.
    QList<QJsonObject> rowsAfter(const QString &entitySet, const QString &afterId, qsizetype limit,
                                 const std::function<bool(const QJsonObject &)> &accept) const;
    // The rows whose `column` equals `value` as $filter's eq compares text (case-insensitive),
    // ordered by id. The column's index is built on first use and kept up to date by every write.
    QList<QJsonObject> rowsWhere(const QString &entitySet, const QString &column, const QString &value) const;
    // The change log: up to `limit` entries with since < version <= until, in version order;
    // tombstones only with `withDeletions`.
    QList<Change> changes(const QString &entitySet, qint64 since, qint64 until, qsizetype limit,
                          bool withDeletions) const;
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

    qint64 version() const { return m_version; } // the newest versionnumber handed out

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

    void reset(); // drops rows and tombstones; the version keeps rising so old tokens stay ordered

    // --- change tracking's retention --------------------------------------------------------------
    // Delta tokens expire after ExpireChangeTrackingInDays (Dataverse's default: 7), and when the
    // admin API says so: every token handed out so far, or those issued before a time.
    void expireDeltaTokens();
    void expireDeltaTokensIssuedBefore(const QDateTime &time);
    void setChangeTrackingRetentionDays(int days) { m_retentionDays = days; }
    // A token for changes after version `since`, issued at `issued` (UTC; invalid: unknown).
    bool deltaTokenExpired(qint64 since, const QDateTime &issued) const;

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

    struct TableData
    {
        QMap<QString, QJsonObject> rows;  // id -> row, ordered by id
        std::map<qint64, Change> changes; // version -> the row it is the version of, or a tombstone
        QHash<QString, QHash<QString, QString>> keys; // alternate key name -> key values -> id
        // Queried column -> case-folded value -> ids; built lazily by rowsWhere().
        mutable QHash<QString, QHash<QString, QSet<QString>>> columns;
    };
    // One undo entry of the open transactions' journal.
    struct Undo
    {
        enum class Kind { Row, Tombstone, Link } kind = Kind::Row;
        QString name; // entity set, or relationship
        QString id;
        std::optional<QJsonObject> before; // Row: the row before the write (none: it did not exist)
        qint64 version = 0;                // Tombstone: its version
        std::pair<QString, QString> link;  // Link: the pair, and whether it was there before
        bool linked = false;
    };
    // Every row write goes through here: rows, change log and indexes stay in step.
    void put(const QString &entitySet, const QString &id, const std::optional<QJsonObject> &row);
    void addTombstone(const QString &entitySet, const QString &id, qint64 version);
    void setLinked(const QString &relationship, const std::pair<QString, QString> &ids, bool linked);
    void index(TableData &data, const QString &entitySet, const QString &id, const QJsonObject &row,
               bool add) const;
    static QString keyText(const AlternateKey &key, const QJsonObject &row); // empty: a key column is empty
    void undoTo(qsizetype journal, qint64 version);

    QHash<QString, TableData> m_data;                          // entity set -> rows and indexes
    QHash<QString, QSet<std::pair<QString, QString>>> m_links; // N:N relationship -> (id1, id2)
    qint64 m_version = 1000;
    int m_transactions = 0;
    qint64 m_expiredThrough = 0; // tokens for changes after a version up to this one have expired
    QDateTime m_expiredBefore;   // tokens issued before this have expired
    int m_retentionDays = 7;
    QList<Undo> m_journal;
};

} // namespace Liaison
