#include "mailbox/ews/ewsresponsecode.h"

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

struct Entry
{
    const char16_t *code;
    Error::Code kind;
    const char16_t *message; // %1 = mailbox, %2 = account
    const char16_t *fix;
    Error::Recovery recovery;
};

constexpr auto None = Error::Recovery::None;
constexpr auto Later = Error::Recovery::RetryLater;
constexpr auto Resync = Error::Recovery::ResetSyncState;
constexpr auto Refetch = Error::Recovery::Refetch;

constexpr Entry kEntries[] = {
    {u"ErrorImpersonateUserDenied", Error::Code::Conflict, u"Exchange refused impersonation of %1",
     u"Grant the ApplicationImpersonation role to %2: New-ManagementRoleAssignment -Role "
     u"ApplicationImpersonation "
     u"-User %2 (Exchange Online: grant full_access_as_app with an Application Access Policy or RBAC for "
     u"Apps instead)",
     None},
    {u"ErrorImpersonationDenied", Error::Code::Conflict, u"Exchange refused impersonation of %1",
     u"Grant the ApplicationImpersonation role to %2: New-ManagementRoleAssignment -Role "
     u"ApplicationImpersonation -User %2",
     None},
    {u"ErrorNonExistentMailbox", Error::Code::NotFound,
     u"Mailbox %1 does not exist on this Exchange organization",
     u"Check the user's primary SMTP address in Exchange and correct it in Liaison", None},
    {u"ErrorMailboxMoveInProgress", Error::Code::Network, u"Mailbox %1 is being moved",
     u"Wait until the mailbox move completes; Liaison retries automatically", Later},
    {u"ErrorAccessDenied", Error::Code::Conflict, u"Exchange denied %2 access to mailbox %1",
     u"Give %2 access to the mailbox (Add-MailboxPermission -Identity %1 -User %2 -AccessRights FullAccess) "
     u"or use impersonation",
     None},
    {u"ErrorInvalidSyncStateData", Error::Code::Conflict, u"Exchange rejected the stored sync state for %1",
     u"None needed: Liaison discards the sync state and resynchronizes the folder", Resync},
    {u"ErrorSyncFolderNotFound", Error::Code::NotFound, u"The synchronized folder of %1 no longer exists",
     u"None needed: Liaison discards the sync state; re-select the folder if it was deleted on purpose",
     Resync},
    {u"ErrorServerBusy", Error::Code::Network, u"Exchange is throttling requests for %1",
     u"None needed: Liaison pauses this mailbox for the back-off time; if it persists, relax the EWS "
     u"throttling policy",
     Later},
    {u"ErrorIrresolvableConflict", Error::Code::Conflict,
     u"The item changed in %1 since Liaison last read it",
     u"None needed: Liaison re-reads the item and applies its conflict policy", Refetch},
    {u"ErrorChangeKeyRequiredForWriteOperations", Error::Code::Conflict,
     u"Exchange requires a ChangeKey to write in %1",
     u"None needed: Liaison re-reads the item to get its ChangeKey", Refetch},
    {u"ErrorStaleObject", Error::Code::Conflict, u"The item changed in %1 since Liaison last read it",
     u"None needed: Liaison re-reads the item", Refetch},
    {u"ErrorItemNotFound", Error::Code::NotFound, u"The item no longer exists in %1",
     u"None needed: the item was deleted or moved in Outlook; Liaison picks up the move on the next sync",
     None},
    {u"ErrorFolderNotFound", Error::Code::NotFound, u"The folder does not exist in %1",
     u"Check the folder name in the synchronization configuration", None},
    {u"ErrorInvalidChangeKey", Error::Code::Conflict, u"Exchange rejected the ChangeKey for an item in %1",
     u"None needed: Liaison re-reads the item", Refetch},
    {u"ErrorCalendarViewRangeTooBig", Error::Code::Invalid,
     u"The calendar window for %1 is longer than Exchange allows",
     u"Shorten the calendar synchronization window to at most 2 years", None},
    {u"ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", Error::Code::NotFound,
     u"The series in %1 has no such occurrence (its recurrence ends earlier)",
     u"None needed: the series was shortened in Outlook; Liaison re-reads it and drops the extra CRM instances",
     Refetch},
    {u"ErrorCalendarOccurrenceIsDeletedFromRecurrence", Error::Code::NotFound,
     u"That occurrence of the series in %1 was deleted",
     u"None needed: Liaison re-reads the series and removes the matching CRM instance", Refetch},
    {u"ErrorExceededConnectionCount", Error::Code::Network, u"Too many concurrent EWS connections for %1",
     u"Lower the per-mailbox concurrency in Liaison or raise EWSMaxConcurrency in the throttling policy",
     Later},
    {u"ErrorExceededSubscriptionCount", Error::Code::Network, u"Too many EWS subscriptions for %1",
     u"Reduce the mailboxes per service account or raise EWSMaxSubscriptions in the throttling policy",
     Later},
    {u"ErrorExceededFindCountLimit", Error::Code::Invalid,
     u"The search in %1 asked for more items than allowed", u"None needed: Liaison pages with smaller pages",
     None},
    {u"ErrorTimeoutExpired", Error::Code::Network, u"The Exchange request for %1 timed out",
     u"None needed: Liaison retries with a smaller batch", Later},
    {u"ErrorInternalServerTransientError", Error::Code::Network,
     u"Exchange reported a temporary error for %1", u"None needed: Liaison retries automatically", Later},
    {u"ErrorInternalServerError", Error::Code::Network, u"Exchange reported an internal error for %1",
     u"None needed if it is temporary; otherwise check the Exchange server event log", Later},
    {u"ErrorConnectionFailed", Error::Code::Network, u"Exchange could not reach the mailbox server of %1",
     u"None needed if it is temporary; otherwise check the Exchange mailbox database health", Later},
    {u"ErrorMailboxStoreUnavailable", Error::Code::Network, u"The mailbox database of %1 is unavailable",
     u"Check that the Exchange mailbox database is mounted", Later},
    {u"ErrorSubscriptionNotFound", Error::Code::NotFound, u"The notification subscription for %1 expired",
     u"None needed: Liaison subscribes again (check server affinity headers if this repeats)", Later},
    {u"ErrorInvalidSubscription", Error::Code::NotFound,
     u"The notification subscription for %1 is no longer valid", u"None needed: Liaison subscribes again",
     Later},
    {u"ErrorQuotaExceeded", Error::Code::Storage, u"Mailbox %1 is over its quota",
     u"Free space in the mailbox or raise its quota", None},
    {u"ErrorInvalidServerVersion", Error::Code::Invalid,
     u"Exchange does not support the requested EWS version",
     u"Set the Exchange version of this profile to one the server supports (Exchange2010_SP2 or later)",
     None},
    {u"ErrorSchemaValidation", Error::Code::Protocol, u"Exchange rejected a Liaison request as invalid",
     u"Report this as a Liaison bug and attach the redacted request trace", None},
    {u"ErrorInvalidRequest", Error::Code::Protocol, u"Exchange rejected a Liaison request as invalid",
     u"Report this as a Liaison bug and attach the redacted request trace", None},
};

// Not QString::arg: with several args it fills the lowest placeholders, so a text using
// only %2 would get the mailbox.
QString fill(const char16_t *text, const QString &who, const QString &account)
{
    QString s = QString::fromUtf16(text);
    s.replace(u"%1"_s, who);
    s.replace(u"%2"_s, account);
    return s;
}

} // namespace

Error EwsResponseCode::describe(const QString &responseCode, const QString &messageText, const QString &account,
                               const QString &mailbox)
{
    const QString who = mailbox.isEmpty() ? u"the mailbox"_s : mailbox;
    // Errors are one line: server texts can carry line breaks and are capped.
    const QString text = messageText.simplified().left(300);
    const QString acct = account.isEmpty() ? u"<service account>"_s : account;
    for (const Entry &e : kEntries) {
        if (responseCode != QStringView(e.code))
            continue;
        QString message = fill(e.message, who, acct) + u" ("_s + responseCode + u')';
        if (!text.isEmpty())
            message += u": "_s + text;
        return Error{e.kind, message, fill(e.fix, who, acct), e.recovery};
    }
    QString message =
        u"Exchange returned %1 for %2"_s.arg(responseCode.isEmpty() ? u"an error"_s : responseCode, who);
    if (!text.isEmpty())
        message += u": "_s + text;
    return Error{Error::Code::Protocol, message,
                 u"Look up %1 in the EWS ResponseCode reference; if it persists, report it with the request trace"_s
                     .arg(responseCode)};
}

bool EwsResponseCode::isTransient(const QString &responseCode)
{
    return describe(responseCode).recovery == Error::Recovery::RetryLater;
}

} // namespace Liaison
