#include "mailbox/ews/ewsstreaminglistener.h"

#include "common/logging.h"
#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsenvelopesplitter.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "net/httpclient.h"
#include "net/httpreply.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

bool subscriptionGone(const QString &code)
{
    return code == u"ErrorSubscriptionNotFound"_s || code == u"ErrorExpiredSubscription"_s
        || code == u"ErrorInvalidSubscription"_s || code == u"ErrorSubscriptionDelegateAccessNotSupported"_s
        || code == u"ErrorInvalidWatermark"_s || code == u"ErrorReadEventsFailed"_s;
}

} // namespace

EwsStreamingListener::EwsStreamingListener(EwsConnection *connection, const QString &mailbox,
                                           const QList<MailboxFolderRef> &folders, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_mailbox(mailbox)
    , m_folders(folders)
    , m_splitter(std::make_unique<EwsEnvelopeSplitter>())
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (!m_running)
            return;
        if (m_subscriptionId.isEmpty())
            subscribe();
        else
            openStream();
    });
}

EwsStreamingListener::~EwsStreamingListener()
{
    stop();
}

void EwsStreamingListener::start()
{
    if (m_running)
        return;
    m_running = true;
    ++m_generation;
    m_failures = 0;
    subscribe();
}

void EwsStreamingListener::stop()
{
    m_running = false;
    ++m_generation;
    m_retryTimer.stop();
    if (HttpReply *r = m_stream) {
        m_stream = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    unsubscribe();
}

void EwsStreamingListener::unsubscribe()
{
    const QString id = std::exchange(m_subscriptionId, QString());
    if (id.isEmpty() || !m_connection)
        return;
    EwsUnsubscribeRequest req;
    req.subscriptionId = id;
    const EwsRequestContext ctx = m_connection->context(m_mailbox);
    const Result<QByteArray> body = req.build(ctx);
    if (!body)
        return;
    // Nothing waits for the answer (the listener may be gone by then): a subscription that
    // outlives this expires on the server by itself.
    const QString mailbox = m_mailbox;
    m_connection->post(m_mailbox, u"Unsubscribe"_s, body.value(), [ctx, mailbox](Result<EwsSoapResponse> response) {
        const Status s = response ? EwsUnsubscribeRequest::parse(response.value(), ctx) : Status(response.error());
        if (!s)
            qCInfo(lcEws) << "Unsubscribe for" << mailbox << "failed:" << s.error().toString();
    });
}

int EwsStreamingListener::nextDelay()
{
    ++m_failures;
    const qint64 d = qint64(m_baseDelayMs) << std::min(m_failures - 1, 16);
    return int(std::min<qint64>(d, m_maxDelayMs));
}

void EwsStreamingListener::scheduleRetry(bool resubscribe)
{
    if (!m_running)
        return;
    if (resubscribe)
        m_subscriptionId.clear();
    const int delay = m_closedByServer && !resubscribe ? 0 : nextDelay();
    m_closedByServer = false;
    m_retryTimer.start(delay);
}

void EwsStreamingListener::subscribe()
{
    if (!m_connection)
        return;
    EwsSubscribeRequest req;
    req.folders = m_folders;
    const Result<QByteArray> body = req.build(m_connection->context(m_mailbox));
    if (!body) {
        Q_EMIT problem(body.error().toString());
        return;   // a build error will not fix itself: stay stopped
    }
    const quint64 gen = m_generation;
    QPointer<EwsStreamingListener> self(this);
    // Affinity: the server answers with X-BackEndOverrideCookie, replayed from now on.
    m_connection->post(
        m_mailbox, u"Subscribe"_s, body.value(),
        [this, self, gen](Result<EwsSoapResponse> response) {
            if (!self || gen != m_generation || !m_running || !m_connection)
                return;
            Result<EwsSubscription> sub = response ? EwsSubscribeRequest::parse(response.value(),
                                                                                m_connection->context(m_mailbox))
                                                   : Result<EwsSubscription>(response.error());
            if (!sub) {
                qCWarning(lcEws) << "Subscribe failed for" << m_mailbox << sub.error().toString();
                Q_EMIT problem(sub.error().toString());
                m_opened = true;   // whatever happens next is a catch-up
                scheduleRetry(true);
                return;
            }
            m_subscriptionId = sub->subscriptionId;
            Q_EMIT subscribed(m_subscriptionId);
            openStream();
        },
        false, {{QByteArrayLiteral("X-PreferServerAffinity"), QByteArrayLiteral("true")}});
}

void EwsStreamingListener::openStream()
{
    if (!m_connection || !m_running)
        return;
    EwsGetStreamingEventsRequest req;
    req.subscriptionIds = {m_subscriptionId};
    req.connectionTimeoutMinutes = m_timeoutMinutes;
    const Result<QByteArray> body = req.build(m_connection->context(m_mailbox));
    if (!body) {
        Q_EMIT problem(body.error().toString());
        return;
    }
    HttpRequest http = m_connection->makeRequest(m_mailbox, u"GetStreamingEvents"_s, body.value());
    http.streaming = true;
    http.idempotent = true;
    // The server holds the request open up to the connection timeout; allow a margin.
    http.timeoutMs = (std::clamp(m_timeoutMinutes, 1, 30) * 60 + 60) * 1000;
    http.retryPolicy = RetryPolicy{1, 0, 0, 0};   // reconnects are ours, with catch-up
    const quint64 gen = m_generation;
    QPointer<EwsStreamingListener> self(this);
    m_connection->authorize(http, [this, self, gen](Result<HttpRequest> ready) {
        if (!self || gen != m_generation || !m_running || !m_connection)
            return;
        if (!ready) {
            Q_EMIT problem(ready.error().toString());
            scheduleRetry(false);
            return;
        }
        m_splitter->clear();
        m_resubscribe = false;
        m_closedByServer = false;
        m_busy = false;
        HttpReply *reply = m_connection->http()->send(ready.value());
        m_stream = reply;
        connect(reply, &HttpReply::readyRead, this, &EwsStreamingListener::onData);
        connect(reply, &HttpReply::finished, this, &EwsStreamingListener::onStreamFinished);
        if (m_opened) {
            // Whatever happened while we were away is only visible to SyncFolderItems.
            ++m_reconnects;
            Q_EMIT catchUpNeeded();
        }
        m_opened = true;
    });
}

void EwsStreamingListener::onData()
{
    HttpReply *reply = m_stream;
    if (!reply)
        return;
    if (reply->statusCode() == 401 || reply->statusCode() == 403)
        return;   // the whole (non-SOAP) answer is judged when it finishes
    const QList<QByteArray> envelopes = m_splitter->feed(reply->readAvailable());
    for (const QByteArray &e : envelopes)
        handleEnvelope(e);
}

void EwsStreamingListener::handleEnvelope(const QByteArray &envelope)
{
    Result<EwsSoapResponse> parsed = EwsSoapResponse::parse(envelope);
    if (!parsed) {
        Q_EMIT problem(parsed.error().toString());
        return;
    }
    if (const auto &fault = parsed->fault()) {
        const QString code = fault->responseCode.isEmpty() ? fault->faultCode.section(u':', -1) : fault->responseCode;
        if (code == u"ErrorServerBusy"_s && fault->backOffMs > 0) {
            m_connection->http()->pauseLane(EwsConnection::lane(m_mailbox), fault->backOffMs);
            m_busy = true;
        }
        m_resubscribe = m_resubscribe || subscriptionGone(code);
        Q_EMIT problem(parsed->faultError(m_connection->settings().account, m_mailbox).toString());
        return;
    }
    const Result<EwsStreamingEvents> events =
        EwsGetStreamingEventsRequest::parse(parsed.value(), m_connection->context(m_mailbox));
    if (!events) {
        Q_EMIT problem(events.error().toString());
        return;
    }
    for (const EwsStatus &s : events->statuses) {
        if (!s.isError())
            continue;
        if (subscriptionGone(s.responseCode))
            m_resubscribe = true;
        if (s.responseCode == u"ErrorServerBusy"_s && s.backOffMs > 0)
            m_connection->http()->pauseLane(EwsConnection::lane(m_mailbox), s.backOffMs);
        Q_EMIT problem(s.describe(m_connection->settings().account, m_mailbox).toString());
    }
    if (!events->errorSubscriptionIds.isEmpty())
        m_resubscribe = true;
    if (events->connectionStatus == u"Closed"_s)
        m_closedByServer = true;

    QStringList folders;
    for (const EwsNotification &n : events->notifications) {
        for (const EwsNotificationEvent &ev : n.events) {
            if (ev.type == u"StatusEvent"_s)
                continue;   // a heartbeat, nothing changed
            for (const QString &f : {ev.parentFolderId, ev.oldParentFolderId, ev.folderId}) {
                if (!f.isEmpty() && !folders.contains(f))
                    folders << f;
            }
        }
    }
    if (!events->notifications.isEmpty() || events->connectionStatus == u"OK"_s)
        m_failures = 0;   // the stream works
    if (!folders.isEmpty())
        Q_EMIT changed(folders);
    if (m_resubscribe && m_stream)
        m_stream->abort();   // finishes the stream; onStreamFinished resubscribes
}

void EwsStreamingListener::onStreamFinished()
{
    HttpReply *reply = m_stream;
    if (!reply)
        return;
    m_stream = nullptr;
    reply->deleteLater();
    if (!m_running)
        return;
    // Envelopes that were complete when the connection ended still count.
    if (reply->request().streaming && !reply->body().isEmpty() && reply->isHttpSuccess())
        for (const QByteArray &e : m_splitter->feed(reply->readAvailable()))
            handleEnvelope(e);
    if (!reply->isHttpSuccess() && !m_resubscribe) {
        const std::optional<Error> err = m_connection ? m_connection->replyError(*reply, m_mailbox) : std::nullopt;
        if (err)
            Q_EMIT problem(err->toString());
        else if (reply->hasError())
            Q_EMIT problem(reply->error().toString());
        m_closedByServer = false;
    }
    qCInfo(lcEws) << "Streaming connection for" << m_mailbox << "ended;"
                  << (m_resubscribe ? "resubscribing" : "reconnecting");
    scheduleRetry(m_resubscribe);
}

} // namespace Liaison
