#pragma once

// Streaming notifications: Subscribe (StreamingSubscriptionRequest) and GetStreamingEvents.
// A GetStreamingEvents reply is a sequence of envelopes on one chunked HTTP response; the
// transport splits them and parses each with EwsSoapResponse + parse() below.

#include "mailbox/ews/ewssoapresponse.h"
#include "mailbox/ews/ewssoapwriter.h"

namespace Liaison {

struct EwsSubscription
{
    QString subscriptionId;
    QString watermark;
};

struct EwsNotificationEvent
{
    QString type;              // CreatedEvent, DeletedEvent, ModifiedEvent, MovedEvent, CopiedEvent, NewMailEvent, StatusEvent, FreeBusyChangedEvent
    QString watermark;
    QDateTime timeStamp;
    MailboxItemId itemId;      // no ChangeKey in practice: call SyncFolderItems for one
    QString folderId;          // when the event is about a folder
    QString parentFolderId;
    MailboxItemId oldItemId;   // Moved/Copied
    QString oldParentFolderId;
};

struct EwsNotification
{
    QString subscriptionId;
    QString previousWatermark;
    bool moreEvents = false;
    QList<EwsNotificationEvent> events;
};

struct EwsStreamingEvents
{
    QList<EwsNotification> notifications;
    QStringList errorSubscriptionIds;
    QString connectionStatus;  // "OK" or "Closed" (re-issue GetStreamingEvents)
    QList<EwsStatus> statuses; // per ResponseMessage; e.g. ErrorSubscriptionNotFound
};

class EwsSubscribeRequest
{
public:
    QList<MailboxFolderRef> folders; // empty = SubscribeToAllFolders
    QStringList eventTypes{QStringLiteral("CreatedEvent"), QStringLiteral("DeletedEvent"),
                           QStringLiteral("ModifiedEvent"), QStringLiteral("MovedEvent"),
                           QStringLiteral("CopiedEvent")};

    Result<QByteArray> build(const EwsRequestContext &context) const;
    static Result<EwsSubscription> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

// Ends a subscription so it stops counting against EWSMaxSubscriptions (20 per mailbox in
// Exchange Online); must reach the back end that holds it (the affinity cookie).
class EwsUnsubscribeRequest
{
public:
    QString subscriptionId;

    Result<QByteArray> build(const EwsRequestContext &context) const;
    static Status parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

class EwsGetStreamingEventsRequest
{
public:
    static constexpr int kMaxSubscriptions = 200;

    QStringList subscriptionIds;
    int connectionTimeoutMinutes = 30; // clamped to 1..30

    Result<QByteArray> build(const EwsRequestContext &context) const;
    // A per-subscription error (ResponseClass=Error) is kept in statuses, not turned into an Error.
    static Result<EwsStreamingEvents> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

} // namespace Liaison
