#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include "sandboxews.h"
#include "sandboxewscontext.h"

namespace Liaison {

class SandboxResponder;

// Streaming notifications: Subscribe (StreamingSubscriptionRequest) and GetStreamingEvents,
// a chunked reply of SOAP envelopes: notifications within ~20 ms of a change, a keep-alive
// envelope every keepAliveMs, and ConnectionStatus Closed after ConnectionTimeout.
// A subscription lives on the back end its Subscribe landed on (ctx.backEnd); GetStreamingEvents
// elsewhere does not find it (ErrorSubscriptionNotFound), as on Exchange without affinity.
class SandboxEwsStreaming : public QObject
{
    Q_OBJECT
public:
    SandboxEwsStreaming(SandboxEwsStore &store, const SandboxEwsOptions &options, QObject *parent = nullptr);
    ~SandboxEwsStreaming() override;

    // At most options.maxSubscriptionsPerMailbox per target mailbox (ErrorExceededSubscriptionCount).
    SandboxEwsReply subscribe(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    // Ends a subscription held by this back end; an open stream stops serving it.
    SandboxEwsReply unsubscribe(const SandboxEwsContext &ctx, const EwsXmlNode &op);
    void getStreamingEvents(const SandboxEwsContext &ctx, const EwsXmlNode &op, SandboxResponder *responder);
    // A folder was created, renamed (Modified) or deleted: subscriptions on its parent folder (or on
    // all folders of the mailbox) get the event with t:FolderId; a deleted folder's own subscriptions too.
    void folderChanged(const QString &mailbox, const QString &folderId, const QString &parentId,
                       SandboxEwsStore::Event event);
    // A folder moved (DeleteFolder MoveToDeletedItems): a MovedEvent with its old and new parent,
    // for subscriptions on either parent or on every folder.
    void folderMoved(const QString &mailbox, const QString &folderId, const QString &oldParentId,
                     const QString &newParentId);
    void reset();   // drops every subscription and closes open streams
    int subscriptionCount() const { return int(m_subscriptions.size()); }
    int openStreams() const { return int(m_streams.size()); }

private:
    struct Event
    {
        QString type;
        QString watermark;
        QDateTime timeStamp;
        QString id;                // the item's or, for folder events, the folder's
        QString parentFolderId;
        bool isFolder = false;
        QString oldId; // MovedEvent: the item's id and parent before the move
        QString oldParentFolderId;
    };
    struct Subscription
    {
        QString mailbox;
        int backEnd = 0;
        QSet<QString> folders;     // empty = all folders
        QSet<QString> eventTypes;
        quint64 watermark = 1;
        QString previousWatermark;
        QList<Event> pending;
    };
    struct Stream
    {
        QPointer<SandboxResponder> responder;
        QStringList subscriptions;
        QTimer *keepAlive = nullptr;
        QTimer *timeout = nullptr;
        bool flushQueued = false;
    };

    void onItemChanged(const QString &mailbox, const QString &folderId, const QString &itemId, SandboxEwsStore::Event event);
    void onItemMoved(const QString &mailbox, const QString &oldFolderId, const QString &oldItemId,
                     const QString &newFolderId, const QString &newItemId);
    // The folder's item count changed (an item deleted or moved): ModifiedEvent for the folder.
    void folderModified(const QString &mailbox, const QString &folderId);
    void notify(const QString &mailbox, const Event &event, const QString &selfFolderId);
    void flush(quint64 streamId);
    void closeStream(quint64 streamId, bool writeClosed);
    QString watermark(Subscription &s) const;

    SandboxEwsStore &m_store;
    SandboxEwsOptions m_options;
    QHash<QString, Subscription> m_subscriptions;
    QHash<quint64, Stream> m_streams;
    quint64 m_nextStream = 1;
};

} // namespace Liaison
