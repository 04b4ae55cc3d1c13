#pragma once

#include <QJsonObject>

#include "sandboxmessage.h"

namespace Liaison {

class SandboxEws;
struct SandboxEwsMailbox;

// The EWS sandbox's JSON admin API (no auth), under /sandbox/ews/:
//   POST   reset                                  drop mailboxes, items, subscriptions, outbox
//   POST   save                                   write <dataFolder>/ews.json now
//   POST   seed  {"mailboxes":[{"smtp":..,"displayName":..,"contacts":N,"events":N,"tasks":N}]}
//                or {"generate":{"mailboxes":M,"itemsPerMailbox":K,"domain":".."}}
//                                                -> {"mailboxes":[smtp..],"items":n}
//   POST   accounts {"user":..,"password":..,"impersonate":[smtp|"*"]}
//   POST   tokens   {"account":..}                -> {"token":..}
//   GET    mailboxes                              {"value":[{"smtp","displayName"}]}
//   GET    mailboxes/{smtp}/folders
//   {"value":[{"id","displayName","distinguishedId","folderClass","totalCount"}]} POST
//   mailboxes/{smtp}/folders               {"parent":"msgfolderroot"|id,"displayName":..,"element":"Folder"}
//   -> folder
//          (folder changes here also reach streaming subscriptions: Created/Modified/DeletedEvent)
//   PATCH  mailboxes/{smtp}/folders/{folder}      {"displayName":..} -> folder (SyncFolderHierarchy: Update)
//   DELETE mailboxes/{smtp}/folders/{folder}      with subfolders and items (SyncFolderHierarchy: Delete)
//   GET    mailboxes/{smtp}/folders/{folder}/items {"value":[item]}  (folder: "contacts" or an id)
//   POST   mailboxes/{smtp}/folders/{folder}/items {"kind":"Contact","fields":{..}} -> item
//   GET    mailboxes/{smtp}/items/{id}            item
//   PATCH  mailboxes/{smtp}/items/{id}            {"fields":{..}} (null removes a field) -> item;
//          {"IsRead":true|false} alone on a Message marks it read/unread (SyncFolderItems: ReadFlagChange)
//   DELETE mailboxes/{smtp}/items/{id}[?deleteType=MoveToDeletedItems|SoftDelete|HardDelete]
//          as a user deletes it: by default Outlook's Delete, a move to Deleted Items (MovedEvent;
//          SyncFolderItems: Delete here, Create there) -> {"movedTo": new id, "folderId"};
//          SoftDelete moves it to the dumpster, HardDelete removes it (DeletedEvent) -> {}
//   PATCH  mailboxes/{smtp}/items/{masterId}/occurrences/{index} {"fields":{"Start":..,"End":..,"Subject":..,
//          "Location":..}} -> {"id","masterId","changeKey","index","start","end","originalStart"}
//          (occurrence #index, 1-based, becomes an exception of the series, as edited in Outlook)
//   DELETE mailboxes/{smtp}/items/{masterId}/occurrences/{index}  -> {"id","masterId","changeKey","index"}
//   POST   faults {"fault":"serverBusy","backOffMs":N,"times":k} | "invalidSyncState" | "http503"
//          ("retryAfter":s) | "slow" ("delayMs":N) | "drop" | "dropMidBody" | "malformedXml"
//          | "exceededConnectionCount" (EWSMaxConcurrency: SOAP fault ErrorExceededConnectionCount)
//          | "concurrency" {"maxConcurrency":N,"holdMs":M}: every request is held M ms, so they overlap;
//          an account's request past N open ones answers ErrorExceededConnectionCount (until DELETE faults)
//          | "batchCutOff" {"after":n,"code":"ErrorTimeoutExpired"|"ErrorServerBusy","backOffMs":N}: the
//          next batch CreateItem creates its first n items, the rest answer `code` (EWS's time limit)
//   DELETE faults
//   POST   autodiscover/redirect {"domain":..,"redirectAddress":..} or {"domain":..,"redirectUrl":..}
//   GET    outbox                                 {"value":[meeting messages the server "sent"]}: {"type":
//          "MeetingRequest"|"MeetingUpdate"|"MeetingCancellation","mode","mailbox","itemId","subject","recipients"}
//   GET    stats {"mailboxes","items","subscriptions","streams","backEnds","pendingFaults"}
// Item JSON: see SandboxEwsItems::toJson. Ids in paths are percent-encoded (base64 has '/').
// Changes made here behave like a user in Outlook: new ChangeKey, SyncFolderItems and
// streaming notifications see them.
class SandboxEwsAdmin
{
public:
    static constexpr const char *kAdminPath = "/sandbox/ews/";

    explicit SandboxEwsAdmin(SandboxEws &ews) : m_ews(ews) {}
    SandboxResponse handle(const SandboxRequest &request);
    // The seed call's body: {"mailboxes":[..]} and/or {"generate":{..}}.
    SandboxResponse seed(const QJsonObject &body);

private:
    SandboxResponse fault(const QJsonObject &body);
    SandboxResponse mailboxCall(const QByteArray &method, const QStringList &parts, const QJsonObject &body);
    SandboxResponse occurrenceCall(const QByteArray &method, const SandboxEwsMailbox &mb, const QString &masterId,
                                   int index, const QJsonObject &body);

    SandboxEws &m_ews;
};

} // namespace Liaison
