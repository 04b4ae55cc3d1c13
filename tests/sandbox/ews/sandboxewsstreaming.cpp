#include "sandboxewsstreaming.h"

#include <algorithm>

#include "sandboxresponder.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

QByteArray statusEnvelope(const QString &status)
{
    SandboxEwsXml x;
    x.start(u"m:GetStreamingEventsResponse"_s).start(u"m:ResponseMessages"_s);
    sandboxEwsSuccessMessage(x, u"GetStreamingEventsResponseMessage"_s);
    x.element(u"m:ConnectionStatus"_s, status);
    return SandboxEwsXml::envelope(x.finish());
}

} // namespace

SandboxEwsStreaming::SandboxEwsStreaming(SandboxEwsStore &store, const SandboxEwsOptions &options, QObject *parent)
    : QObject(parent), m_store(store), m_options(options)
{
    connect(&m_store, &SandboxEwsStore::itemChanged, this, &SandboxEwsStreaming::onItemChanged);
    connect(&m_store, &SandboxEwsStore::itemMoved, this, &SandboxEwsStreaming::onItemMoved);
}

SandboxEwsStreaming::~SandboxEwsStreaming()
{
    reset();
}

void SandboxEwsStreaming::reset()
{
    const QList<quint64> ids = m_streams.keys();
    for (quint64 id : ids)
        closeStream(id, true);
    m_subscriptions.clear();
}

QString SandboxEwsStreaming::watermark(Subscription &s) const
{
    return QString::fromLatin1(QByteArray("AQAAAE" + QByteArray::number(s.watermark++)).toBase64());
}

SandboxEwsReply SandboxEwsStreaming::subscribe(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    SandboxEwsXml x;
    x.start(u"m:SubscribeResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *request = op.child(u"StreamingSubscriptionRequest"_s);
    if (!request) {
        sandboxEwsErrorMessage(x, u"SubscribeResponseMessage"_s, u"ErrorInvalidSubscriptionRequest"_s,
                               u"The sandbox supports streaming subscriptions only."_s);
        return SandboxEwsReply::ok(x.finish());
    }
    // EWSMaxSubscriptions is charged to the target mailbox, whoever subscribes.
    const auto held = std::count_if(m_subscriptions.cbegin(), m_subscriptions.cend(),
                                    [&ctx](const Subscription &s) { return s.mailbox == ctx.mailbox; });
    if (held >= m_options.maxSubscriptionsPerMailbox) {
        sandboxEwsErrorMessage(x, u"SubscribeResponseMessage"_s, u"ErrorExceededSubscriptionCount"_s,
                               u"You have exceeded the available subscriptions for your account. Remove unnecessary "
                               "subscriptions and try your request again."_s);
        return SandboxEwsReply::ok(x.finish());
    }
    Subscription s;
    s.mailbox = ctx.mailbox;
    s.backEnd = ctx.backEnd;
    if (const EwsXmlNode *folders = request->child(u"FolderIds"_s)) {
        for (const EwsXmlNode &ref : folders->children) {
            QString code;
            SandboxEwsFolder *f = ctx.folder(ref, &code);
            if (!f) {
                sandboxEwsErrorMessage(x, u"SubscribeResponseMessage"_s, code, {});
                return SandboxEwsReply::ok(x.finish());
            }
            s.folders.insert(f->id);
            s.mailbox = f->mailbox;
        }
    } else if (!ctx.store->mailbox(ctx.mailbox)) {
        sandboxEwsErrorMessage(x, u"SubscribeResponseMessage"_s, u"ErrorNonExistentMailbox"_s, {});
        return SandboxEwsReply::ok(x.finish());
    }
    if (const EwsXmlNode *types = request->child(u"EventTypes"_s)) {
        for (const EwsXmlNode *t : types->childrenNamed(u"EventType"_s))
            s.eventTypes.insert(t->text.trimmed());
    }
    s.previousWatermark = watermark(s);
    const QString id = QString::fromLatin1(QByteArray(QUuid::createUuid().toRfc4122() + "sandbox").toBase64());
    m_subscriptions.insert(id, s);
    sandboxEwsSuccessMessage(x, u"SubscribeResponseMessage"_s);
    x.element(u"m:SubscriptionId"_s, id);
    return SandboxEwsReply::ok(x.finish());
}

SandboxEwsReply SandboxEwsStreaming::unsubscribe(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    SandboxEwsXml x;
    x.start(u"m:UnsubscribeResponse"_s).start(u"m:ResponseMessages"_s);
    const QString id = op.childText(u"SubscriptionId"_s).trimmed();
    const auto it = m_subscriptions.find(id);
    // As for GetStreamingEvents, only the back end holding it knows the subscription.
    if (it == m_subscriptions.end() || it->backEnd != ctx.backEnd || !ctx.mayAccess(it->mailbox)) {
        sandboxEwsErrorMessage(x, u"UnsubscribeResponseMessage"_s, u"ErrorSubscriptionNotFound"_s,
                               u"The specified subscription was not found."_s);
        return SandboxEwsReply::ok(x.finish());
    }
    m_subscriptions.erase(it);
    for (auto stream = m_streams.begin(); stream != m_streams.end(); ++stream)
        stream->subscriptions.removeAll(id);
    sandboxEwsSuccessMessage(x, u"UnsubscribeResponseMessage"_s);
    x.end();
    return SandboxEwsReply::ok(x.finish());
}

void SandboxEwsStreaming::getStreamingEvents(const SandboxEwsContext &ctx, const EwsXmlNode &op, SandboxResponder *responder)
{
    QStringList ids;
    QStringList unknown;
    if (const EwsXmlNode *list = op.child(u"SubscriptionIds"_s)) {
        for (const EwsXmlNode *node : list->childrenNamed(u"SubscriptionId"_s)) {
            const QString id = node->text.trimmed();
            // Only the back end holding the subscription knows it.
            const auto it = m_subscriptions.constFind(id);
            (it != m_subscriptions.constEnd() && it->backEnd == ctx.backEnd ? ids : unknown) << id;
        }
    }
    if (!unknown.isEmpty() || ids.isEmpty()) {
        SandboxEwsXml x;
        x.start(u"m:GetStreamingEventsResponse"_s).start(u"m:ResponseMessages"_s);
        sandboxEwsErrorMessage(x, u"GetStreamingEventsResponseMessage"_s, u"ErrorSubscriptionNotFound"_s,
                               u"The specified subscription was not found."_s);
        x.start(u"m:ErrorSubscriptionIds"_s);
        for (const QString &id : unknown)
            x.element(u"t:SubscriptionId"_s, id);
        x.end();
        SandboxResponse r;
        r.setHeader("Content-Type", "text/xml; charset=utf-8");
        r.body = SandboxEwsXml::envelope(x.finish());
        return responder->respond(r);
    }
    // One stream per subscription: a new GetStreamingEvents closes the older one.
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
        for (const QString &id : ids) {
            if (it->subscriptions.contains(id)) {
                QTimer::singleShot(0, this, [this, key = it.key()] { closeStream(key, true); });
                break;
            }
        }
    }
    const int minutes = std::clamp(op.childText(u"ConnectionTimeout"_s).trimmed().toInt(), 1, 30);
    const quint64 streamId = m_nextStream++;
    Stream stream;
    stream.responder = responder;
    stream.subscriptions = ids;
    stream.keepAlive = new QTimer(this);
    stream.keepAlive->setInterval(m_options.keepAliveMs);
    connect(stream.keepAlive, &QTimer::timeout, this, [this, streamId] {
        const auto it = m_streams.constFind(streamId);
        if (it != m_streams.constEnd() && it->responder && it->responder->isOpen())
            it->responder->writeChunk(statusEnvelope(u"OK"_s));
    });
    stream.timeout = new QTimer(this);
    stream.timeout->setSingleShot(true);
    stream.timeout->setInterval(minutes * m_options.streamingMinuteMs);
    connect(stream.timeout, &QTimer::timeout, this, [this, streamId] { closeStream(streamId, true); });
    connect(responder, &SandboxResponder::closed, this, [this, streamId] { closeStream(streamId, false); });
    responder->writeHead(200, {{"Content-Type", "text/xml; charset=utf-8"}});
    stream.keepAlive->start();
    stream.timeout->start();
    m_streams.insert(streamId, stream);
    flush(streamId);
}

namespace {

QString eventName(SandboxEwsStore::Event event)
{
    static const QString names[] = {u"CreatedEvent"_s, u"ModifiedEvent"_s, u"DeletedEvent"_s};
    return names[int(event)];
}

} // namespace

void SandboxEwsStreaming::onItemChanged(const QString &mailbox, const QString &folderId, const QString &itemId,
                                        SandboxEwsStore::Event event)
{
    notify(mailbox, {eventName(event), {}, QDateTime::currentDateTimeUtc(), itemId, folderId, false, {}, {}},
           {});
    // A hard delete: DeletedEvent for the item, ModifiedEvent for its folder (deletion events doc).
    if (event == SandboxEwsStore::Event::Deleted)
        folderModified(mailbox, folderId);
}

void SandboxEwsStreaming::onItemMoved(const QString &mailbox, const QString &oldFolderId,
                                      const QString &oldItemId, const QString &newFolderId,
                                      const QString &newItemId)
{
    // Exchange 2013+ per folder: MovedEvent with old and new ids and parents, ModifiedEvent for
    // the old folder and for the new one, unless that is the dumpster (a soft delete).
    notify(mailbox,
           {u"MovedEvent"_s,
            {},
            QDateTime::currentDateTimeUtc(),
            newItemId,
            newFolderId,
            false,
            oldItemId,
            oldFolderId},
           {});
    folderModified(mailbox, oldFolderId);
    const SandboxEwsMailbox *mb = m_store.mailbox(mailbox);
    if (!mb || mb->distinguished.value(u"recoverableitemsdeletions"_s) != newFolderId)
        folderModified(mailbox, newFolderId);
}

void SandboxEwsStreaming::folderModified(const QString &mailbox, const QString &folderId)
{
    const SandboxEwsFolder *f = m_store.folder(folderId);
    if (f)
        notify(mailbox,
               {u"ModifiedEvent"_s, {}, QDateTime::currentDateTimeUtc(), f->id, f->parentId, true, {}, {}},
               f->id);
}

void SandboxEwsStreaming::folderChanged(const QString &mailbox, const QString &folderId, const QString &parentId,
                                        SandboxEwsStore::Event event)
{
    // A subscription on the folder itself sees it change or go too.
    notify(mailbox, {eventName(event), {}, QDateTime::currentDateTimeUtc(), folderId, parentId, true, {}, {}},
           event == SandboxEwsStore::Event::Created ? QString() : folderId);
}

void SandboxEwsStreaming::folderMoved(const QString &mailbox, const QString &folderId, const QString &oldParentId,
                                      const QString &newParentId)
{
    // A folder keeps its id when it moves: OldFolderId is the same.
    notify(mailbox,
           {u"MovedEvent"_s, {}, QDateTime::currentDateTimeUtc(), folderId, newParentId, true, folderId, oldParentId},
           folderId);
}

// Queues the event for the mailbox's subscriptions watching its parent folder (or every folder, or
// `selfFolderId`) and the event type, then schedules a flush of their open streams.
void SandboxEwsStreaming::notify(const QString &mailbox, const Event &event, const QString &selfFolderId)
{
    for (auto it = m_subscriptions.begin(); it != m_subscriptions.end(); ++it) {
        Subscription &s = *it;
        const bool watched =
            s.folders.isEmpty() || s.folders.contains(event.parentFolderId) ||
            (!event.oldParentFolderId.isEmpty() && s.folders.contains(event.oldParentFolderId)) ||
            (!selfFolderId.isEmpty() && s.folders.contains(selfFolderId));
        if (s.mailbox != mailbox || !watched || (!s.eventTypes.isEmpty() && !s.eventTypes.contains(event.type)))
            continue;
        Event e = event;
        e.watermark = watermark(s);
        s.pending.append(e);
        for (auto st = m_streams.begin(); st != m_streams.end(); ++st) {
            if (!st->subscriptions.contains(it.key()) || st->flushQueued)
                continue;
            st->flushQueued = true;
            // A short delay batches the events of one change burst into one envelope.
            QTimer::singleShot(20, this, [this, key = st.key()] { flush(key); });
        }
    }
}

void SandboxEwsStreaming::flush(quint64 streamId)
{
    auto st = m_streams.find(streamId);
    if (st == m_streams.end())
        return;
    st->flushQueued = false;
    if (!st->responder || !st->responder->isOpen())
        return closeStream(streamId, false);
    SandboxEwsXml x;
    bool any = false;
    for (const QString &id : st->subscriptions) {
        Subscription &s = m_subscriptions[id];
        if (s.pending.isEmpty())
            continue;
        if (!any) {
            x.start(u"m:GetStreamingEventsResponse"_s).start(u"m:ResponseMessages"_s);
            sandboxEwsSuccessMessage(x, u"GetStreamingEventsResponseMessage"_s);
            x.start(u"m:Notifications"_s);
            any = true;
        }
        x.start(u"t:Notification"_s);
        x.element(u"t:SubscriptionId"_s, id);
        x.element(u"t:PreviousWatermark"_s, s.previousWatermark);
        x.element(u"t:MoreEvents"_s, u"false"_s);
        for (const Event &e : s.pending) {
            x.start(u"t:"_s + e.type);
            x.element(u"t:Watermark"_s, e.watermark);
            x.element(u"t:TimeStamp"_s, e.timeStamp.toString(Qt::ISODate));
            x.start(e.isFolder ? u"t:FolderId"_s : u"t:ItemId"_s).attr(u"Id"_s, e.id).end();
            x.start(u"t:ParentFolderId"_s).attr(u"Id"_s, e.parentFolderId).end();
            if (!e.oldId.isEmpty()) {
                x.start(e.isFolder ? u"t:OldFolderId"_s : u"t:OldItemId"_s).attr(u"Id"_s, e.oldId).end();
                x.start(u"t:OldParentFolderId"_s).attr(u"Id"_s, e.oldParentFolderId).end();
            }
            x.end();
            s.previousWatermark = e.watermark;
        }
        s.pending.clear();
        x.end();
    }
    if (any)
        st->responder->writeChunk(SandboxEwsXml::envelope(x.finish()));
}

void SandboxEwsStreaming::closeStream(quint64 streamId, bool writeClosed)
{
    const auto it = m_streams.find(streamId);
    if (it == m_streams.end())
        return;
    Stream stream = *it;
    m_streams.erase(it);
    delete stream.keepAlive;
    delete stream.timeout;
    if (writeClosed && stream.responder && stream.responder->isOpen()) {
        stream.responder->writeChunk(statusEnvelope(u"Closed"_s));
        stream.responder->finish();
    }
}

} // namespace Liaison
