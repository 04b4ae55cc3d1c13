#pragma once

// Streaming notifications for one mailbox: Subscribe, then a hanging GetStreamingEvents that
// is re-issued whenever it ends. Notifications only say "something changed in folder X";
// the engine then runs SyncFolderItems. Because events can be missed while disconnected,
// every reconnect or resubscribe emits catchUpNeeded() so the engine syncs anyway.

#include "common/error.h"
#include "mailbox/mailboxprovider.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace Liaison {

class EwsConnection;
class EwsEnvelopeSplitter;
class HttpReply;

class EwsStreamingListener : public QObject
{
    Q_OBJECT
public:
    EwsStreamingListener(EwsConnection *connection, const QString &mailbox, const QList<MailboxFolderRef> &folders,
                         QObject *parent = nullptr);
    ~EwsStreamingListener() override;

    // 1..30 minutes: the server closes the stream after this (ConnectionStatus Closed).
    void setConnectionTimeoutMinutes(int minutes) { m_timeoutMinutes = minutes; }
    // Reconnect delay after a failure: base * 2^(failures-1), capped.
    void setReconnectDelay(int baseMs, int maxMs) { m_baseDelayMs = baseMs; m_maxDelayMs = maxMs; }

    void start();
    // Stops streaming and ends the subscription on the server (best effort), so restarts never
    // pile up subscriptions against the mailbox's EWSMaxSubscriptions.
    void stop();
    bool isRunning() const { return m_running; }
    bool isStreaming() const { return !m_stream.isNull(); }
    QString subscriptionId() const { return m_subscriptionId; }
    QString mailbox() const { return m_mailbox; }
    int reconnectCount() const { return m_reconnects; }

Q_SIGNALS:
    void subscribed(const QString &subscriptionId);
    // Server folder ids with new, changed, moved or deleted items.
    void changed(const QStringList &folderIds);
    // The stream was re-established (or resubscribed): run SyncFolderItems for every folder.
    void catchUpNeeded();
    // A failure that will be retried; `message` is Error::toString().
    void problem(const QString &message);

private:
    void subscribe();
    void unsubscribe();
    void openStream();
    void onData();
    void onStreamFinished();
    void handleEnvelope(const QByteArray &envelope);
    void scheduleRetry(bool resubscribe);
    int nextDelay();

    QPointer<EwsConnection> m_connection;
    QString m_mailbox;
    QList<MailboxFolderRef> m_folders;
    QString m_subscriptionId;
    QPointer<HttpReply> m_stream;
    std::unique_ptr<EwsEnvelopeSplitter> m_splitter;
    QTimer m_retryTimer;
    int m_timeoutMinutes = 30;
    int m_baseDelayMs = 1000;
    int m_maxDelayMs = 60000;
    int m_failures = 0;
    int m_reconnects = 0;
    bool m_running = false;
    bool m_opened = false;         // a stream was opened before: the next one is a reconnect
    bool m_resubscribe = false;    // the subscription is gone (ErrorSubscriptionNotFound ...)
    bool m_closedByServer = false; // ConnectionStatus Closed: reconnect at once
    bool m_busy = false;
    quint64 m_generation = 0;      // ignores callbacks of a stopped run
};

} // namespace Liaison
