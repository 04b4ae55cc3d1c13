#include "mailbox/ews/ewsnotificationrequests.h"

#include "mailbox/ews/ewsitemreader.h"
#include "mailbox/ews/ewssyncrequests.h"

using namespace Qt::StringLiterals;

namespace Liaison {

Result<QByteArray> EwsSubscribeRequest::build(const EwsRequestContext &context) const
{
    static const QStringList known{u"CopiedEvent"_s, u"CreatedEvent"_s, u"DeletedEvent"_s, u"ModifiedEvent"_s,
                                   u"MovedEvent"_s, u"NewMailEvent"_s, u"FreeBusyChangedEvent"_s};
    if (eventTypes.isEmpty())
        return Error::missing(u"EWS Subscribe needs at least one event type"_s, {});
    for (const QString &t : eventTypes) {
        if (!known.contains(t))
            return Error::invalid(u"Unknown EWS notification event type %1"_s.arg(t), {});
    }
    EwsSoapWriter w(context);
    w.startM(u"Subscribe"_s);
    w.startM(u"StreamingSubscriptionRequest"_s);
    if (folders.isEmpty()) {
        w.attribute(u"SubscribeToAllFolders"_s, u"true"_s);
    } else {
        w.startT(u"FolderIds"_s);
        for (const MailboxFolderRef &f : folders)
            w.folderRef(f);
        w.end();
    }
    w.startT(u"EventTypes"_s);
    for (const QString &t : eventTypes)
        w.textT(u"EventType"_s, t);
    w.end();
    w.end();
    w.end();
    return w.finish();
}

Result<EwsSubscription> EwsSubscribeRequest::parse(const EwsSoapResponse &response, const EwsRequestContext &context)
{
    const EwsXmlNode *msg = nullptr;
    if (Status s = ewsFirstMessageStatus(response, u"Subscribe"_s, context, &msg); !s)
        return s.error();
    EwsSubscription sub{msg->childText(u"SubscriptionId"_s), msg->childText(u"Watermark"_s)};
    if (sub.subscriptionId.isEmpty())
        return Error{Error::Code::Protocol, u"EWS Subscribe answered without a SubscriptionId"_s,
                     u"Check that the server supports streaming notifications (Exchange 2010 SP1 or later)"_s};
    return sub;
}

Result<QByteArray> EwsUnsubscribeRequest::build(const EwsRequestContext &context) const
{
    if (subscriptionId.isEmpty())
        return Error::missing(u"EWS Unsubscribe needs a subscription id"_s, {});
    EwsSoapWriter w(context);
    w.startM(u"Unsubscribe"_s);
    w.textM(u"SubscriptionId"_s, subscriptionId);
    w.end();
    return w.finish();
}

Status EwsUnsubscribeRequest::parse(const EwsSoapResponse &response, const EwsRequestContext &context)
{
    const EwsXmlNode *msg = nullptr;
    return ewsFirstMessageStatus(response, u"Unsubscribe"_s, context, &msg);
}

Result<QByteArray> EwsGetStreamingEventsRequest::build(const EwsRequestContext &context) const
{
    if (subscriptionIds.isEmpty())
        return Error::missing(u"EWS GetStreamingEvents needs a subscription id"_s, {});
    if (subscriptionIds.size() > kMaxSubscriptions)
        return Error::invalid(u"EWS GetStreamingEvents takes at most %1 subscriptions"_s.arg(kMaxSubscriptions),
                              u"Split the mailboxes into affinity groups of at most 200"_s);
    EwsSoapWriter w(context);
    w.startM(u"GetStreamingEvents"_s);
    w.startM(u"SubscriptionIds"_s);
    for (const QString &id : subscriptionIds)
        w.textT(u"SubscriptionId"_s, id);
    w.end();
    w.textM(u"ConnectionTimeout"_s, QString::number(std::clamp(connectionTimeoutMinutes, 1, 30)));
    w.end();
    return w.finish();
}

Result<EwsStreamingEvents> EwsGetStreamingEventsRequest::parse(const EwsSoapResponse &response,
                                                               const EwsRequestContext &context)
{
    const QString mailbox = context.impersonatedSmtp.isEmpty() ? context.mailbox : context.impersonatedSmtp;
    if (Status s = response.expect(u"GetStreamingEvents"_s, context.account, mailbox); !s)
        return s.error();
    EwsStreamingEvents out;
    for (const auto &[status, msg] : response.responseMessages()) {
        out.statuses << status;
        if (const EwsXmlNode *cs = msg->child(u"ConnectionStatus"_s))
            out.connectionStatus = cs->text.trimmed();
        if (const EwsXmlNode *errs = msg->child(u"ErrorSubscriptionIds"_s)) {
            for (const EwsXmlNode *id : errs->childrenNamed(u"SubscriptionId"_s))
                out.errorSubscriptionIds << id->text;
        }
        const EwsXmlNode *notifications = msg->child(u"Notifications"_s);
        if (!notifications)
            continue;
        for (const EwsXmlNode *n : notifications->childrenNamed(u"Notification"_s)) {
            EwsNotification note;
            note.subscriptionId = n->childText(u"SubscriptionId"_s);
            note.previousWatermark = n->childText(u"PreviousWatermark"_s);
            note.moreEvents = n->childText(u"MoreEvents"_s) == u"true"_s;
            for (const EwsXmlNode &e : n->children) {
                if (!e.name.endsWith(u"Event"_s))
                    continue;
                EwsNotificationEvent ev;
                ev.type = e.name;
                ev.watermark = e.childText(u"Watermark"_s);
                ev.timeStamp = EwsItemReader::readDateTime(e.childText(u"TimeStamp"_s));
                ev.itemId = EwsItemReader::readItemId(e.child(u"ItemId"_s));
                if (const EwsXmlNode *f = e.child(u"FolderId"_s))
                    ev.folderId = f->attribute(u"Id"_s);
                if (const EwsXmlNode *p = e.child(u"ParentFolderId"_s))
                    ev.parentFolderId = p->attribute(u"Id"_s);
                ev.oldItemId = EwsItemReader::readItemId(e.child(u"OldItemId"_s));
                if (const EwsXmlNode *op = e.child(u"OldParentFolderId"_s))
                    ev.oldParentFolderId = op->attribute(u"Id"_s);
                note.events << ev;
            }
            out.notifications << note;
        }
    }
    return out;
}

} // namespace Liaison
