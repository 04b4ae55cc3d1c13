#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QString>

#include <functional>
#include <optional>

namespace Liaison {

// A person on an activity: the organizer or an attendee of an appointment, the sender or a
// recipient of an email (Dataverse: an activityparty row; Salesforce: EventRelation and the like).
struct CrmActivityParty
{
    enum class Role {
        Sender,             // email From
        To,
        Cc,
        Bcc,
        RequiredAttendee,
        OptionalAttendee,
        Organizer,
        Regarding,
        Owner,
        Resource,
        Customer,
        Other,              // a role this CRM has that Liaison does not sync
    };

    Role role = Role::RequiredAttendee;
    QString entity;         // the party's table: "contact", "systemuser", "account", "lead"; empty if unresolved
    QString id;             // the party's row id; empty if unresolved (address only)
    QString address;        // the email address used

    friend bool operator==(const CrmActivityParty &, const CrmActivityParty &) = default;
};

// One CRM row as the engine sees it, whatever the CRM.
struct CrmRecord
{
    QString entity;          // logical name: "contact", "appointment", "task" (Salesforce: "Contact", ...)
    QString id;              // primary key, lower-case GUID for Dataverse
    QString etag;            // opaque concurrency token (Dataverse: W/"12345"); empty if the CRM sent none
    QJsonObject fields;      // column -> JSON value as the CRM sent it (annotations other than @odata.* kept)
    QDateTime modifiedOn;    // UTC; invalid if the column was not selected
    QList<CrmActivityParty> parties;   // activities with parties (appointment, email): all of them, always read

    friend bool operator==(const CrmRecord &, const CrmRecord &) = default;
};

// A row the CRM reports as gone since the last token.
struct CrmDeletion
{
    QString entity;
    QString id;

    friend bool operator==(const CrmDeletion &, const CrmDeletion &) = default;
};

// One page of changes. Store nextToken only after the page has been applied.
struct CrmChangeSet
{
    QList<CrmRecord> upserts;
    QList<CrmDeletion> deletes;
    QString nextToken;       // opaque; pass it back to fetchChanges()
    bool morePages = false;  // true: nextToken continues this round at once; false: it is the next round's token
};

// What to write. Only the columns in `fields` are sent (Dataverse fires plug-ins and audit per column).
struct CrmWrite
{
    enum class Kind {
        Create,      // new row, id chosen by the CRM (or by `id` when set)
        Update,      // existing row by id; fails if it is gone
        Upsert,      // by id or alternate key: create or update
        Delete,
    };

    Kind kind = Kind::Update;
    QString entity;          // logical name
    QString id;              // primary key (Create: optional)
    QString alternateKey;    // Upsert by alternate key column instead of id, e.g. "new_exchangeid"
    QString alternateValue;
    QJsonObject fields;
    QString ifMatch;         // etag for optimistic concurrency; empty = last writer wins
    // Activities only: nullopt leaves the parties as they are; a list (even empty) replaces them all.
    std::optional<QList<CrmActivityParty>> parties;
};

struct CrmWriteResult
{
    bool ok = false;
    QString id;              // the row's id (for Create: the new id)
    QString etag;            // when the CRM returned one
    Error error;             // when !ok; names the row and the reason
};

// A CRM user: who owns a mailbox's records in the CRM, and whether the account can work there.
struct CrmUser
{
    QString id;
    QString fullName;
    QString email;           // the primary email the CRM matches mailboxes on (Dataverse: internalemailaddress)
    bool disabled = false;
    QStringList roles;       // security role names, sorted

    friend bool operator==(const CrmUser &, const CrmUser &) = default;
};

// Who we are in the CRM, for "test connection" and for owner filters.
struct CrmIdentity
{
    QString userId;
    QString businessUnitId;
    QString organizationId;
};

// The CRM-neutral connector the engine talks to. Dataverse implements it first, Salesforce later.
//
// Contract:
// - Every call is asynchronous: `done` runs exactly once, on the thread that made the call, and never
//   before the call has returned (so callers can rely on their own state being set up).
// - Errors are one-line, actionable, and never contain a token, secret or record contents beyond ids.
// - Transient failures (429/503, timeouts) are retried by the transport; what reaches `done` is final.
// - Columns are CRM logical names; field mapping and type conversion happen above this interface.
class CrmConnector
{
public:
    template<typename T>
    using Callback = std::function<void(Result<T>)>;

    virtual ~CrmConnector();

    // Authenticates and reads the caller's identity.
    virtual void whoAmI(Callback<CrmIdentity> done) = 0;

    // The user whose primary email is `email` (case-insensitive), with their security roles.
    // NotFound if none; Conflict if several users share the address (the CRM cannot tell who owns it).
    virtual void findUser(const QString &email, Callback<CrmUser> done) = 0;

    // Changes to `entity` since `token` (empty: an initial full read). `columns` limits the payload.
    virtual void fetchChanges(const QString &entity, const QStringList &columns, const QString &token,
                              Callback<CrmChangeSet> done) = 0;

    // One row by id; NotFound if it is gone.
    virtual void fetchRecord(const QString &entity, const QString &id, const QStringList &columns,
                             Callback<CrmRecord> done) = 0;

    // Writes rows. With `atomic`, all succeed or none (one Dataverse changeset); otherwise each row
    // succeeds or fails alone and the result list has one entry per write, in order.
    virtual void write(const QList<CrmWrite> &writes, bool atomic, Callback<QList<CrmWriteResult>> done) = 0;

    // Stops whatever is in flight; pending callbacks then receive an Error (cancelled).
    virtual void abort() = 0;

protected:
    CrmConnector() = default;
    CrmConnector(const CrmConnector &) = delete;
    CrmConnector &operator=(const CrmConnector &) = delete;
};

} // namespace Liaison
