#include "sandboxewsadmin.h"

#include "sandboxews.h"
#include "sandboxewscalendar.h"
#include "sandboxewsgenerator.h"
#include "sandboxewsitems.h"
#include "sandboxewsstreaming.h"
#include "sandboxewstasks.h"
#include "sandboxhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

SandboxResponse json(int status, const QJsonObject &object)
{
    return SandboxResponse::json(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

SandboxResponse error(int status, const QString &message)
{
    return json(status, {{u"error"_s, message}});
}

} // namespace

SandboxResponse SandboxEwsAdmin::handle(const SandboxRequest &request)
{
    // Split the raw target so percent-encoded ids with '/' stay one segment.
    QByteArray target = request.target;
    QUrlQuery query;
    if (const qsizetype q = target.indexOf('?'); q >= 0) {
        query.setQuery(QString::fromLatin1(target.mid(q + 1)));
        target.truncate(q);
    }
    QStringList parts;
    for (const QByteArray &segment : target.mid(qsizetype(qstrlen(kAdminPath))).split('/')) {
        if (!segment.isEmpty())
            parts << QUrl::fromPercentEncoding(segment);
    }
    const QByteArray &method = request.method;
    QJsonObject body = QJsonDocument::fromJson(request.body).object();
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!body.contains(key))
            body.insert(key, value); // DELETE carries its options in the query
    }
    const QString first = parts.value(0);
    SandboxResponse response = error(404, u"Unknown EWS sandbox admin call."_s);
    if (parts.size() == 1 && first == u"reset"_s && method == "POST") {
        m_ews.reset();
        response = json(200, {});
    } else if (parts.size() == 1 && first == u"save"_s && method == "POST") {
        const Status saved = m_ews.save();
        return saved ? json(200, {}) : error(500, saved.error().message);
    } else if (parts.size() == 1 && first == u"seed"_s && method == "POST") {
        response = seed(body);
    } else if (parts.size() == 1 && first == u"accounts"_s && method == "POST") {
        QStringList allowed;
        for (const QJsonValue &v : body.value(u"impersonate"_s).toArray())
            allowed << v.toString();
        m_ews.addServiceAccount(body.value(u"user"_s).toString(), body.value(u"password"_s).toString(), allowed);
        return json(200, {});
    } else if (parts.size() == 1 && first == u"tokens"_s && method == "POST") {
        return json(200, {{u"token"_s, m_ews.issueToken(body.value(u"account"_s).toString())}});
    } else if (parts.size() == 1 && first == u"faults"_s) {
        if (method == "DELETE") {
            m_ews.m_server->clearFaults();
            m_ews.m_invalidSyncStates = 0;
            m_ews.m_batchCutOff = {};
            m_ews.m_holdMs = m_ews.m_concurrencyCap = 0;
            return json(200, {});
        }
        return method == "POST" ? fault(body) : response;
    } else if (parts == QStringList{u"autodiscover"_s, u"redirect"_s} && method == "POST") {
        const bool isUrl = body.contains(u"redirectUrl"_s);
        m_ews.setAutodiscoverRedirect(body.value(u"domain"_s).toString(),
                                      body.value(isUrl ? u"redirectUrl"_s : u"redirectAddress"_s).toString(), isUrl);
        return json(200, {});
    } else if (parts.size() == 1 && first == u"outbox"_s && method == "GET") {
        return json(200, {{u"value"_s, m_ews.outbox()}});
    } else if (parts.size() == 1 && first == u"stats"_s && method == "GET") {
        return json(200, {{u"mailboxes"_s, m_ews.store().mailboxCount()},
                          {u"items"_s, m_ews.store().itemCount()},
                          {u"subscriptions"_s, m_ews.m_streaming->subscriptionCount()},
                          {u"streams"_s, m_ews.m_streaming->openStreams()},
                          {u"backEnds"_s, m_ews.backEndCount()},
                          {u"pendingFaults"_s, m_ews.m_server->pendingFaults() + m_ews.m_invalidSyncStates +
                                                   m_ews.m_batchCutOff.times}});
    } else if (first == u"mailboxes"_s) {
        response = mailboxCall(method, parts.mid(1), body);
    }
    if (method != "GET" && response.status < 300 && !m_ews.options().dataFolder.isEmpty())
        (void)m_ews.save();
    return response;
}

SandboxResponse SandboxEwsAdmin::seed(const QJsonObject &body)
{
    QJsonArray smtps;
    qint64 items = 0;
    // Listed mailboxes get stored items; generated ones virtual items (derived on demand, so
    // 1,000 mailboxes x 20,000 items cost memory only for what changes afterwards).
    bool virtualItems = false;
    quint32 seed = 0;
    const auto fill = [&](const QString &smtp, const QString &name, int contacts, int events, int tasks, int messages) {
        m_ews.addMailbox(smtp, name);
        const QString capital = SandboxEwsGenerator::tagFor(smtp);
        // A quarter as many sent messages as received ones, as in a sales rep's mailbox.
        const std::tuple<SandboxEwsKind, QString, int> plan[] = {
            {SandboxEwsKind::Contact, u"contacts"_s, contacts}, {SandboxEwsKind::CalendarItem, u"calendar"_s, events},
            {SandboxEwsKind::Task, u"tasks"_s, tasks},          {SandboxEwsKind::Message, u"inbox"_s, messages},
            {SandboxEwsKind::Message, u"sentitems"_s, messages / 4}};
        for (const auto &[kind, folderName, count] : plan) {
            const SandboxEwsFolder *folder = m_ews.store().resolveFolder(smtp, folderName);
            if (!folder)
                continue;   // defensive: loading gives every mailbox its default folders
            const QString folderId = folder->id;
            if (virtualItems) {
                m_ews.store().generateItems(folderId, kind, quint32(std::max(0, count)), capital, seed);
            } else {
                for (int i = 1; i <= count; ++i)
                    m_ews.store().createItem(folderId, kind, SandboxEwsGenerator::props(kind, quint32(i), capital));
            }
            items += std::max(0, count);
        }
        smtps.append(smtp.toLower());
    };
    for (const QJsonValue &v : body.value(u"mailboxes"_s).toArray()) {
        const QJsonObject m = v.toObject();
        const QString smtp = m.value(u"smtp"_s).toString();
        if (!smtp.contains(u'@'))
            return error(400, u"seed: every mailbox needs an \"smtp\" address"_s);
        fill(smtp, m.value(u"displayName"_s).toString(), m.value(u"contacts"_s).toInt(), m.value(u"events"_s).toInt(),
             m.value(u"tasks"_s).toInt(), m.value(u"messages"_s).toInt());
    }
    if (const QJsonObject g = body.value(u"generate"_s).toObject(); !g.isEmpty()) {
        const int count = g.value(u"mailboxes"_s).toInt();
        const int per = g.value(u"itemsPerMailbox"_s).toInt();
        // Inbox messages come on top of the items (contacts, events, tasks), as many by default.
        const int messages = g.value(u"messagesPerMailbox"_s).toInt(per);
        const QString domain = g.value(u"domain"_s).toString(m_ews.options().domain);
        virtualItems = true;
        seed = quint32(g.value(u"seed"_s).toInteger());
        for (int i = 1; i <= count; ++i) {
            const int contacts = per * 6 / 10;
            const int events = per * 3 / 10;
            fill(u"user%1@%2"_s.arg(i, 4, 10, QChar(u'0')).arg(domain), u"User %1"_s.arg(i), contacts, events,
                 per - contacts - events, messages);
        }
    }
    return json(200, {{u"mailboxes"_s, smtps}, {u"items"_s, items}});
}

SandboxResponse SandboxEwsAdmin::fault(const QJsonObject &body)
{
    const QString kind = body.value(u"fault"_s).toString();
    const int times = std::max(1, body.value(u"times"_s).toInt(1));
    const QString prefix = body.value(u"path"_s).toString(u"/EWS/"_s);
    SandboxHttpServer &server = *m_ews.m_server;
    if (kind == u"serverBusy"_s) {
        server.injectFault(SandboxFault::respond(SandboxEws::serverBusy(body.value(u"backOffMs"_s).toInteger(30000))), prefix, times);
    } else if (kind == u"invalidSyncState"_s) {
        m_ews.failNextSyncStates(times);
    } else if (kind == u"http503"_s) {
        SandboxResponse r = SandboxResponse::text(503, "Service Unavailable\n");
        if (body.contains(u"retryAfter"_s))
            r.setHeader("Retry-After", QByteArray::number(body.value(u"retryAfter"_s).toInt()));
        server.injectFault(SandboxFault::respond(r), prefix, times);
    } else if (kind == u"exceededConnectionCount"_s) {
        server.injectFault(SandboxFault::respond(SandboxEws::exceededConnectionCount()), prefix, times);
    } else if (kind == u"concurrency"_s) {
        m_ews.m_concurrencyCap = std::max(0, body.value(u"maxConcurrency"_s).toInt());
        m_ews.m_holdMs = std::max(0, body.value(u"holdMs"_s).toInt());
    } else if (kind == u"batchCutOff"_s) {
        m_ews.m_batchCutOff = {times, std::max(0, body.value(u"after"_s).toInt()),
                               body.value(u"code"_s).toString(u"ErrorTimeoutExpired"_s),
                               body.value(u"code"_s).toString() == u"ErrorServerBusy"_s
                                   ? body.value(u"backOffMs"_s).toInteger(1000)
                                   : -1};
    } else if (kind == u"slow"_s) {
        server.injectFault(SandboxFault::delay(body.value(u"delayMs"_s).toInt(2000)), prefix, times);
    } else if (kind == u"drop"_s) {
        server.injectFault(SandboxFault::drop(), prefix, times);
    } else if (kind == u"dropMidBody"_s) {
        server.injectFault(SandboxFault::dropMidBody(), prefix, times);
    } else if (kind == u"malformedXml"_s) {
        server.injectFault(SandboxFault::respond(SandboxResponse::xml(
                               200, "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas."
                                    "xmlsoap.org/soap/envelope/\"><s:Body><m:GetItemResponse")),
                           prefix, times);
    } else {
        return error(
            400,
            u"unknown fault \"%1\": use serverBusy, invalidSyncState, http503, "
            "exceededConnectionCount, concurrency, batchCutOff, slow, drop, dropMidBody or malformedXml"_s
                .arg(kind));
    }
    return json(200, {});
}

SandboxResponse SandboxEwsAdmin::mailboxCall(const QByteArray &method, const QStringList &parts, const QJsonObject &body)
{
    SandboxEwsStore &store = m_ews.store();
    if (parts.isEmpty() && method == "GET") {
        QJsonArray list;
        for (const QString &smtp : store.mailboxes())
            list.append(QJsonObject{{u"smtp"_s, smtp}, {u"displayName"_s, store.mailbox(smtp)->displayName}});
        return json(200, {{u"value"_s, list}});
    }
    SandboxEwsMailbox *mb = parts.isEmpty() ? nullptr : store.mailbox(parts[0]);
    if (!mb)
        return error(404, u"no such mailbox"_s);
    const auto folderJson = [](const SandboxEwsFolder &f) {
        return QJsonObject{{u"id"_s, f.id}, {u"parentId"_s, f.parentId}, {u"displayName"_s, f.displayName},
                           {u"distinguishedId"_s, f.distinguishedId}, {u"folderClass"_s, f.folderClass},
                           {u"changeKey"_s, f.changeKey()}, {u"totalCount"_s, qint64(f.itemTotal())}};
    };
    if (parts.size() == 2 && parts[1] == u"folders"_s && method == "POST") {
        const SandboxEwsFolder *parent = store.resolveFolder(mb->smtp, body.value(u"parent"_s).toString(u"msgfolderroot"_s));
        const QString name = body.value(u"displayName"_s).toString().trimmed();
        if (!parent || name.isEmpty())
            return error(400, u"folders: needs an existing \"parent\" and a \"displayName\""_s);
        const SandboxEwsFolder *created = store.createFolder(parent->id, name, body.value(u"element"_s).toString(u"Folder"_s));
        m_ews.m_streaming->folderChanged(mb->smtp, created->id, created->parentId, SandboxEwsStore::Event::Created);
        return json(201, folderJson(*created));
    }
    if (parts.size() == 3 && parts[1] == u"folders"_s && (method == "PATCH" || method == "DELETE")) {
        SandboxEwsFolder *f = store.resolveFolder(mb->smtp, parts[2]);
        if (!f)
            return error(404, u"no such folder"_s);
        if (method == "DELETE") {
            // The subtree (id, parent) before it goes: each folder gets its DeletedEvent.
            QList<std::pair<QString, QString>> doomed{{f->id, f->parentId}};
            for (qsizetype i = 0; i < doomed.size(); ++i) {
                for (const SandboxEwsFolder *child : store.childFolders(doomed.at(i).first))
                    doomed.append({child->id, child->parentId});
            }
            if (!store.deleteFolder(f->id))
                return error(400, u"ErrorDeleteDistinguishedFolder: a default folder cannot be deleted"_s);
            for (const auto &[id, parentId] : doomed)
                m_ews.m_streaming->folderChanged(mb->smtp, id, parentId, SandboxEwsStore::Event::Deleted);
            return json(200, {});
        }
        const QString name = body.value(u"displayName"_s).toString().trimmed();
        if (name.isEmpty() || !store.renameFolder(f->id, name))
            return error(400, u"folders: rename needs a \"displayName\" (the root cannot be renamed)"_s);
        m_ews.m_streaming->folderChanged(mb->smtp, f->id, f->parentId, SandboxEwsStore::Event::Modified);
        return json(200, folderJson(*f));
    }
    if (parts.size() == 2 && parts[1] == u"folders"_s && method == "GET") {
        QJsonArray list;
        for (const QString &id : mb->folders) {
            const SandboxEwsFolder *f = store.folder(id);
            list.append(QJsonObject{{u"id"_s, f->id}, {u"parentId"_s, f->parentId}, {u"displayName"_s, f->displayName},
                                    {u"distinguishedId"_s, f->distinguishedId}, {u"folderClass"_s, f->folderClass},
                                    {u"totalCount"_s, qint64(f->itemTotal())}});
        }
        return json(200, {{u"value"_s, list}});
    }
    if (parts.size() == 4 && parts[1] == u"folders"_s && parts[3] == u"items"_s) {
        SandboxEwsFolder *f = store.resolveFolder(mb->smtp, parts[2]);
        if (!f)
            return error(404, u"no such folder"_s);
        if (method == "GET") {
            QJsonArray list;
            store.forEachItem(*f, [&list](const SandboxEwsItem &i) { list.append(SandboxEwsItems::toJson(i)); });
            return json(200, {{u"value"_s, list}});
        }
        if (method == "POST") {
            const auto kind = sandboxEwsKindFromElement(body.value(u"kind"_s).toString(u"Contact"_s));
            if (!kind)
                return error(400, u"kind must be Contact, CalendarItem, Task or Message"_s);
            QMap<QString, QByteArray> props =
                SandboxEwsItems::propsFromJson(body.value(u"fields"_s).toObject());
            if (*kind == SandboxEwsKind::Task) {
                SandboxEwsTasks::applyCompletion({}, props, props.keys());
                props.removeIf([](QMap<QString, QByteArray>::iterator p) { return p.value().isNull(); });
            }
            return json(201, SandboxEwsItems::toJson(store.createItem(f->id, *kind, props)));
        }
    }
    if (parts.size() == 5 && parts[1] == u"items"_s && parts[3] == u"occurrences"_s)
        return occurrenceCall(method, *mb, parts[2], parts[4].toInt(), body);
    if (parts.size() == 3 && parts[1] == u"items"_s) {
        const std::optional<SandboxEwsItem> item = store.peek(parts[2]);
        if (!item || store.folder(item->folderId)->mailbox != mb->smtp)
            return error(404, u"no such item"_s);
        if (method == "GET")
            return json(200, SandboxEwsItems::toJson(*item));
        if (method == "PATCH") {
            const QJsonObject fields = body.contains(u"fields"_s) ? body.value(u"fields"_s).toObject() : body;
            QMap<QString, QByteArray> delta = SandboxEwsItems::propsFromJson(fields);
            if (item->kind == SandboxEwsKind::Task)
                SandboxEwsTasks::applyCompletion(item->props, delta, delta.keys());
            return json(200, SandboxEwsItems::toJson(*store.updateItem(item->id, delta)));
        }
        if (method == "DELETE") {
            // A user's Delete in Outlook moves the item to Deleted Items; ?deleteType=HardDelete
            // (Shift+Delete, or a purge) removes it, SoftDelete moves it to the dumpster.
            const QString type = body.value(u"deleteType"_s).toString(u"MoveToDeletedItems"_s);
            const std::optional<SandboxEwsStore::DeleteMode> mode =
                type == u"MoveToDeletedItems"_s
                    ? std::optional(SandboxEwsStore::DeleteMode::MoveToDeletedItems)
                : type == u"SoftDelete"_s ? std::optional(SandboxEwsStore::DeleteMode::Soft)
                : type == u"HardDelete"_s ? std::optional(SandboxEwsStore::DeleteMode::Hard)
                                          : std::nullopt;
            if (!mode)
                return error(
                    400, u"deleteType must be MoveToDeletedItems (the default), SoftDelete or HardDelete"_s);
            const std::optional<QString> movedTo = store.removeItem(item->id, *mode);
            QJsonObject out;
            if (movedTo && !movedTo->isEmpty()) {
                out.insert(u"movedTo"_s, *movedTo);
                out.insert(u"folderId"_s, store.peek(*movedTo, false)->folderId);
            }
            return json(200, out);
        }
    }
    return error(404, u"Unknown EWS sandbox admin call."_s);
}

SandboxResponse SandboxEwsAdmin::occurrenceCall(const QByteArray &method, const SandboxEwsMailbox &mb,
                                                const QString &masterId, int index, const QJsonObject &body)
{
    SandboxEwsStore &store = m_ews.store();
    const std::optional<SandboxEwsItem> master = store.peek(masterId);
    if (!master || store.folder(master->folderId)->mailbox != mb.smtp || !master->props.contains(u"Recurrence"_s))
        return error(404, u"no such recurring master"_s);
    QString code;
    const SandboxEwsItem *series = nullptr;
    if (method == "PATCH") {
        const QJsonObject fields = body.contains(u"fields"_s) ? body.value(u"fields"_s).toObject() : body;
        series = SandboxEwsCalendar::modifyOccurrence(store, masterId, index, SandboxEwsItems::propsFromJson(fields), &code);
    } else if (method == "DELETE") {
        series = SandboxEwsCalendar::deleteOccurrence(store, masterId, index, &code);
    } else {
        return error(404, u"Unknown EWS sandbox admin call."_s);
    }
    if (!series)
        return error(400, u"occurrence %1: %2"_s.arg(index).arg(code));
    QJsonObject out{{u"masterId"_s, series->id}, {u"changeKey"_s, series->changeKey()}, {u"index"_s, index},
                    {u"id"_s, SandboxEwsCalendar::occurrenceId(series->id, index)}};
    if (method == "PATCH") {
        const auto span = SandboxEwsCalendar::originalSpan(*series, index);
        if (const auto occ = span ? SandboxEwsCalendar::instance(*series, index, *span) : std::nullopt) {
            out.insert(u"start"_s, occ->start);
            out.insert(u"end"_s, occ->end);
            out.insert(u"originalStart"_s, SandboxEwsCalendar::formatTime(span->start));
        }
    }
    return json(200, out);
}

} // namespace Liaison
