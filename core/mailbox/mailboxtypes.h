#pragma once

// Provider-neutral mailbox item types. EWS and (later) Graph both map to and from these;
// the engine never sees SOAP or JSON. Enum values follow the EWS/Graph shared model.

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace Liaison {

// An item id plus the optimistic-concurrency token (EWS ChangeKey, Graph changeKey / @odata.etag).
// Ids are case-sensitive opaque strings (store them in a 512-byte column).
struct MailboxItemId
{
    QString id;
    QString changeKey;
    // > 0: occurrence #instanceIndex (1-based) of the series whose master is `id`, addressed
    // without listing the calendar first (EWS OccurrenceItemId). CRM instances are matched to
    // occurrences this way; the change key is then the master's.
    int instanceIndex = 0;

    static MailboxItemId occurrence(const QString &masterId, int index, const QString &masterChangeKey = {})
    {
        return {masterId, masterChangeKey, index};
    }
    bool isOccurrence() const { return instanceIndex > 0; }
    bool isEmpty() const { return id.isEmpty(); }
    friend bool operator==(const MailboxItemId &, const MailboxItemId &) = default;
};

enum class MailboxSensitivity { Normal, Personal, Private, Confidential };
enum class MailboxDayOfWeek { Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Day, Weekday, WeekendDay };
enum class MailboxWeekIndex { First, Second, Third, Fourth, Last };
enum class MailboxResponseType { Unknown, Organizer, Tentative, Accept, Decline, NoResponseReceived };
enum class MailboxAttendeeRole { Required, Optional, Resource };
enum class MailboxEventKind { Single, Occurrence, Exception, RecurringMaster };
enum class MailboxTaskStatus { NotStarted, InProgress, Completed, WaitingOnOthers, Deferred };

struct MailboxPostalAddress
{
    QString street;
    QString city;
    QString state;
    QString countryOrRegion;
    QString postalCode;

    bool isEmpty() const
    {
        return street.isEmpty() && city.isEmpty() && state.isEmpty() && countryOrRegion.isEmpty()
            && postalCode.isEmpty();
    }
    friend bool operator==(const MailboxPostalAddress &, const MailboxPostalAddress &) = default;
};

struct MailboxContact
{
    MailboxItemId id;
    QString parentFolderId;
    QString crmId;             // our link stamp (extended property), empty when untagged
    QString displayName;
    QString givenName;
    QString middleName;
    QString surname;
    QString fileAs;
    QString companyName;
    QString department;
    QString jobTitle;
    QString notes;             // plain-text body
    QStringList emailAddresses; // slots EmailAddress1..3; an empty string keeps a slot free
    // PhoneNumberKey (BusinessPhone, MobilePhone, HomePhone, BusinessFax, ...) -> number.
    // In an update an empty number means "clear this key".
    QMap<QString, QString> phoneNumbers;
    MailboxPostalAddress businessAddress;
    MailboxPostalAddress homeAddress;
    MailboxPostalAddress otherAddress;
    QDate birthday;
    QStringList categories;
    QDateTime lastModified;    // read-only, server time
};

struct MailboxAttendee
{
    QString name;
    QString email;
    MailboxAttendeeRole role = MailboxAttendeeRole::Required;
    MailboxResponseType response = MailboxResponseType::Unknown;
    friend bool operator==(const MailboxAttendee &, const MailboxAttendee &) = default;
};

// The EWS recurrence model (Graph's patternedRecurrence is the same shape).
struct MailboxRecurrence
{
    enum class Pattern { Daily, Weekly, AbsoluteMonthly, RelativeMonthly, AbsoluteYearly, RelativeYearly };
    enum class Range { NoEnd, EndDate, Numbered };

    Pattern pattern = Pattern::Daily;
    int interval = 1;                          // Daily/Weekly/Monthly only
    QList<MailboxDayOfWeek> daysOfWeek;        // Weekly: many; Relative*: exactly one
    std::optional<MailboxDayOfWeek> firstDayOfWeek; // Weekly only
    MailboxWeekIndex weekIndex = MailboxWeekIndex::First; // Relative* only
    int dayOfMonth = 0;                        // Absolute* only
    int month = 0;                             // Yearly only, 1..12

    Range range = Range::NoEnd;
    QDate startDate;
    QDate endDate;                             // Range::EndDate
    int numberOfOccurrences = 0;               // Range::Numbered

    friend bool operator==(const MailboxRecurrence &, const MailboxRecurrence &) = default;
};

struct MailboxOccurrence
{
    MailboxItemId id;
    QDateTime start;
    QDateTime end;
    QDateTime originalStart;
};

struct MailboxEvent
{
    MailboxItemId id;
    QString parentFolderId;
    QString crmId;
    QString uid;               // iCalendar UID, stable across moves
    QString subject;
    QString body;              // plain text
    QString location;
    QDateTime start;
    QDateTime end;
    bool isAllDay = false;
    QString startTimeZone;     // Windows zone id ("W. Europe Standard Time"); see EwsTimeZone
    QString endTimeZone;
    MailboxSensitivity sensitivity = MailboxSensitivity::Normal;
    QStringList categories;
    MailboxEventKind kind = MailboxEventKind::Single;
    QString organizerName;
    QString organizerEmail;
    QList<MailboxAttendee> attendees;
    std::optional<MailboxRecurrence> recurrence;
    QList<MailboxOccurrence> modifiedOccurrences; // read-only
    QList<QDateTime> deletedOccurrences;          // read-only, original starts
    QDateTime originalStart;   // Occurrence/Exception: where the pattern put it (read-only)
    QDateTime lastModified;
};

struct MailboxTask
{
    MailboxItemId id;
    QString parentFolderId;
    QString crmId;
    QString subject;
    QString body;
    QDateTime startDate;
    QDateTime dueDate;
    QDateTime completeDate;
    MailboxTaskStatus status = MailboxTaskStatus::NotStarted;
    double percentComplete = 0;
    MailboxSensitivity sensitivity = MailboxSensitivity::Normal;
    QStringList categories;
    QDateTime lastModified;
};

using MailboxItem = std::variant<MailboxContact, MailboxEvent, MailboxTask>;

// One entry of an incremental sync page.
struct MailboxChange
{
    enum class Type { Created, Updated, Deleted, ReadFlagChanged };
    Type type = Type::Created;
    MailboxItemId id;          // Deleted/ReadFlagChanged carry no ChangeKey
    QString itemClass;         // element name as sent ("Contact", "CalendarItem", "Task", "Message"...)
    bool isRead = false;       // ReadFlagChanged only
};

struct MailboxChangePage
{
    QList<MailboxChange> changes;
    QString syncState;         // persist after every page
    bool includesLastItem = true; // false: call again with syncState
};

struct MailboxFolder
{
    QString id;
    QString changeKey;
    QString parentId;
    QString displayName;
    QString folderClass;       // "IPF.Contact", "IPF.Appointment", "IPF.Task", ...
    QString elementName;       // "ContactsFolder", "CalendarFolder", ...
    int totalCount = -1;
};

// One entry of an incremental folder-hierarchy sync (folders created, renamed, moved, deleted).
struct MailboxFolderChange
{
    MailboxChange::Type type = MailboxChange::Type::Created; // Created, Updated or Deleted
    MailboxFolder folder;      // Deleted: only the id
};

struct MailboxFolderChangePage
{
    QList<MailboxFolderChange> changes;
    QString syncState;         // persist after every page
    bool includesLastFolder = true;
};

// The fields an update touches. Unlisted fields are left as they are on the server.
enum class MailboxField {
    // shared
    Subject, Body, Categories, Sensitivity, CrmId,
    // contact
    DisplayName, GivenName, MiddleName, Surname, FileAs, CompanyName, Department, JobTitle,
    EmailAddresses, PhoneNumbers, BusinessAddress, HomeAddress, OtherAddress, Birthday,
    // event
    Location, Start, End, IsAllDay, StartTimeZone, EndTimeZone, Attendees, Recurrence,
    // task
    StartDate, DueDate, CompleteDate, TaskStatus, PercentComplete,
};

// Name tables (EWS spells them this way; Graph's are the same words, lower camel case).
QString mailboxSensitivityName(MailboxSensitivity v);
std::optional<MailboxSensitivity> mailboxSensitivityFromName(const QString &name);
QString mailboxDayOfWeekName(MailboxDayOfWeek v);
std::optional<MailboxDayOfWeek> mailboxDayOfWeekFromName(const QString &name);
QString mailboxWeekIndexName(MailboxWeekIndex v);
std::optional<MailboxWeekIndex> mailboxWeekIndexFromName(const QString &name);
QString mailboxResponseTypeName(MailboxResponseType v);
std::optional<MailboxResponseType> mailboxResponseTypeFromName(const QString &name);
QString mailboxEventKindName(MailboxEventKind v);
std::optional<MailboxEventKind> mailboxEventKindFromName(const QString &name);
QString mailboxTaskStatusName(MailboxTaskStatus v);
std::optional<MailboxTaskStatus> mailboxTaskStatusFromName(const QString &name);
QString mailboxRecurrencePatternName(MailboxRecurrence::Pattern v); // "WeeklyRecurrence", ...
QString mailboxMonthName(int month);                                  // 1 -> "January"
int mailboxMonthFromName(const QString &name);                        // 0 if unknown

} // namespace Liaison
