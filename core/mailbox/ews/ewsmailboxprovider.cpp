#include "mailbox/ews/ewsmailboxprovider.h"

#include "common/logging.h"
#include "mailbox/ews/ewsfolderrequests.h"
#include "mailbox/ews/ewssyncrequests.h"

#include <QSet>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

std::optional<EwsItemKind> kindFromElement(const QString &element)
{
    if (element == u"Contact"_s)
        return EwsItemKind::Contact;
    if (element == u"CalendarItem"_s)
        return EwsItemKind::Event;
    if (element == u"Task"_s)
        return EwsItemKind::Task;
    return std::nullopt;
}

EwsItemKind kindOf(const MailboxItem &item)
{
    switch (item.index()) {
    case 1:
        return EwsItemKind::Event;
    case 2:
        return EwsItemKind::Task;
    default:
        return EwsItemKind::Contact;
    }
}

MailboxItemId idOf(const MailboxItem &item)
{
    return std::visit([](const auto &i) { return i.id; }, item);
}

QString folderElementFor(const MailboxFolderRef &parent)
{
    const QString d = parent.folderId.isEmpty() ? parent.distinguishedId : QString();
    if (d == u"contacts"_s)
        return u"ContactsFolder"_s;
    if (d == u"calendar"_s)
        return u"CalendarFolder"_s;
    if (d == u"tasks"_s)
        return u"TasksFolder"_s;
    return u"Folder"_s;
}

// The first ResponseMessage's code, or empty (used where the code decides the next step).
QString firstCode(const EwsSoapResponse &response)
{
    const auto messages = response.responseMessages();
    return messages.isEmpty() ? QString() : messages.constFirst().first.responseCode;
}

Error cancelledError(const QString &mailbox)
{
    return Error{Error::Code::Network, u"The request for mailbox %1 was cancelled"_s.arg(mailbox), {}};
}

} // namespace

struct EwsMailboxProvider::FetchJob
{
    quint64 generation = 0;
    QList<MailboxItemId> ids;
    QList<std::pair<EwsItemKind, QList<int>>> batches; // indices into ids
    QList<std::optional<Result<MailboxItem>>> results;
    BatchCallback<MailboxItem> done;
};

struct EwsMailboxProvider::CalendarPaging
{
    quint64 generation = 0;
    MailboxFolderRef folder;
    QDateTime cursor;
    QDateTime end;
    QSet<QString> seen;
    QList<MailboxEvent> events;
    int pages = 0;
    Callback<QList<MailboxEvent>> done;
};

EwsMailboxProvider::EwsMailboxProvider(EwsConnection *connection, const QString &mailbox, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_mailbox(mailbox)
{
}

Error EwsMailboxProvider::describe(const EwsStatus &status) const
{
    return status.describe(m_connection ? m_connection->settings().account : QString(), m_mailbox);
}

template<typename T>
void EwsMailboxProvider::later(Callback<T> done, Result<T> value)
{
    // The contract: never call back from inside the call itself.
    QTimer::singleShot(0, this, [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); });
}

template<typename T>
void EwsMailboxProvider::call(const QString &operation, const Result<QByteArray> &body, Callback<T> done,
                              std::function<Result<T>(const EwsSoapResponse &)> parse, bool idempotent)
{
    if (!body) {
        later<T>(std::move(done), body.error());
        return;
    }
    m_connection->post(
        m_mailbox, operation, body.value(),
        [done = std::move(done), parse = std::move(parse)](Result<EwsSoapResponse> response) {
            if (!response) {
                done(response.error());
                return;
            }
            done(parse(response.value()));
        },
        idempotent);
}

void EwsMailboxProvider::syncFolders(const MailboxFolderRef &root, const QString &syncState,
                                     Callback<MailboxFolderChangePage> done)
{
    EwsSyncFolderHierarchyRequest req;
    req.folder = root;
    req.syncState = syncState;
    const EwsRequestContext ctx = context();
    call<MailboxFolderChangePage>(u"SyncFolderHierarchy"_s, req.build(ctx), std::move(done),
                                  [ctx](const EwsSoapResponse &r) { return EwsSyncFolderHierarchyRequest::parse(r, ctx); },
                                  true);
}

void EwsMailboxProvider::syncChanges(const MailboxFolderRef &folder, const QString &syncState, int maxChanges,
                                     Callback<MailboxChangePage> done)
{
    EwsSyncFolderItemsRequest req;
    req.folder = folder;
    req.syncState = syncState;
    req.maxChanges = std::clamp(maxChanges, 1, EwsSyncFolderItemsRequest::kMaxChanges);
    const EwsRequestContext ctx = context();
    QPointer<EwsMailboxProvider> self(this);
    call<MailboxChangePage>(u"SyncFolderItems"_s, req.build(ctx), std::move(done),
                            [self, ctx](const EwsSoapResponse &r) {
                                Result<MailboxChangePage> page = EwsSyncFolderItemsRequest::parse(r, ctx);
                                if (page && self) {
                                    // fetchItems needs each id's kind for its property list.
                                    for (const MailboxChange &c : page->changes) {
                                        if (const auto k = kindFromElement(c.itemClass))
                                            self->m_kinds.insert(c.id.id, *k);
                                    }
                                }
                                return page;
                            },
                            true);
}

void EwsMailboxProvider::fetchItems(const QList<MailboxItemId> &ids, BatchCallback<MailboxItem> done)
{
    auto job = std::make_shared<FetchJob>();
    job->generation = m_generation;
    job->ids = ids;
    job->results.resize(ids.size());
    job->done = std::move(done);
    // One GetItem per kind and batch: each kind asks for its own properties.
    QHash<int, QList<int>> open;
    for (int i = 0; i < ids.size(); ++i) {
        const EwsItemKind kind = m_kinds.value(ids.at(i).id, EwsItemKind::Contact);
        QList<int> &batch = open[int(kind)];
        batch << i;
        if (batch.size() >= m_batch) {
            job->batches.append({kind, batch});
            batch.clear();
        }
    }
    for (auto it = open.cbegin(); it != open.cend(); ++it) {
        if (!it.value().isEmpty())
            job->batches.append({EwsItemKind(it.key()), it.value()});
    }
    QTimer::singleShot(0, this, [this, job] { fetchNext(job); });
}

void EwsMailboxProvider::fetchNext(std::shared_ptr<FetchJob> job)
{
    if (job->batches.isEmpty() || job->generation != m_generation || !m_connection) {
        QList<Result<MailboxItem>> out;
        for (const auto &r : job->results)
            out << r.value_or(Result<MailboxItem>(cancelledError(m_mailbox)));
        job->done(out);
        return;
    }
    // Not a structured binding: clang < 16 cannot capture those in the lambdas below.
    const auto batch = job->batches.takeFirst();
    const QList<int> indices = batch.second;
    EwsGetItemRequest req;
    req.kind = batch.first;
    for (int i : indices)
        req.ids << job->ids.at(i);
    const EwsRequestContext ctx = context();
    const Result<QByteArray> body = req.build(ctx);
    const auto failAll = [job, indices](const Error &e) {
        for (int i : indices)
            job->results[i] = Result<MailboxItem>(e);
    };
    if (!body) {
        failAll(body.error());
        QTimer::singleShot(0, this, [this, job] { fetchNext(job); });
        return;
    }
    QPointer<EwsMailboxProvider> self(this);
    m_connection->post(
        m_mailbox, u"GetItem"_s, body.value(),
        [self, job, indices, failAll, ctx](Result<EwsSoapResponse> response) {
            if (!self) {
                return;
            }
            if (!response) {
                failAll(response.error());
            } else if (auto outcomes = EwsGetItemRequest::parse(response.value(), ctx); !outcomes) {
                failAll(outcomes.error());
            } else {
                for (int n = 0; n < indices.size(); ++n) {
                    const int i = indices.at(n);
                    if (n >= outcomes->size()) {
                        job->results[i] = Result<MailboxItem>(
                            Error{Error::Code::Protocol, u"GetItem answered fewer items than asked for"_s, {}});
                    } else if (const auto &o = outcomes->at(n); o.ok()) {
                        job->results[i] = Result<MailboxItem>(*o.value);
                    } else {
                        job->results[i] = Result<MailboxItem>(self->describe(o.status));
                    }
                }
            }
            self->fetchNext(job);
        },
        true);
}

void EwsMailboxProvider::listEvents(const MailboxFolderRef &folder, const QDateTime &start, const QDateTime &end,
                                    Callback<QList<MailboxEvent>> done)
{
    auto paging = std::make_shared<CalendarPaging>();
    paging->generation = m_generation;
    paging->folder = folder;
    paging->cursor = start;
    paging->end = end;
    paging->done = std::move(done);
    QTimer::singleShot(0, this, [this, paging] { calendarPage(paging); });
}

void EwsMailboxProvider::calendarPage(std::shared_ptr<CalendarPaging> paging)
{
    if (paging->generation != m_generation || !m_connection) {
        paging->done(cancelledError(m_mailbox));
        return;
    }
    EwsFindCalendarViewRequest req;
    req.folder = paging->folder;
    req.start = paging->cursor;
    req.end = paging->end;
    req.maxEntries = m_calendarPage;
    const EwsRequestContext ctx = context();
    const Result<QByteArray> body = req.build(ctx);
    if (!body) {
        paging->done(body.error());
        return;
    }
    QPointer<EwsMailboxProvider> self(this);
    m_connection->post(
        m_mailbox, u"FindItem"_s, body.value(),
        [self, paging, ctx](Result<EwsSoapResponse> response) {
            if (!self)
                return;
            if (!response) {
                paging->done(response.error());
                return;
            }
            Result<QList<MailboxEvent>> events = EwsFindCalendarViewRequest::parse(response.value(), ctx);
            if (!events) {
                paging->done(events.error());
                return;
            }
            bool includesLast = true;
            for (const auto &[status, node] : response->responseMessages()) {
                if (const EwsXmlNode *root = node->child(u"RootFolder"_s))
                    includesLast = includesLast && root->attribute(u"IncludesLastItemInRange"_s) != u"false"_s;
            }
            QDateTime lastStart;
            for (const MailboxEvent &e : events.value()) {
                // Items overlapping the moved window start come again: keep the first copy.
                if (paging->seen.contains(e.id.id))
                    continue;
                paging->seen.insert(e.id.id);
                // The view is a summary (no body, attendees or recurrence): fetchItems reads the
                // rest, and must ask for an event's properties.
                self->m_kinds.insert(e.id.id, EwsItemKind::Event);
                paging->events << e;
                if (!lastStart.isValid() || e.start > lastStart)
                    lastStart = e.start;
            }
            ++paging->pages;
            if (includesLast || events->isEmpty() || paging->pages >= 1000) {
                paging->done(paging->events);
                return;
            }
            // CalendarView has no offset: the next page starts at the last start seen.
            if (!lastStart.isValid() || lastStart <= paging->cursor) {
                qCWarning(lcEws) << "CalendarView page of" << self->m_mailbox
                                 << "made no progress; skipping one second";
                paging->cursor = paging->cursor.addSecs(1);
            } else {
                paging->cursor = lastStart;
            }
            self->calendarPage(paging);
        },
        true);
}

void EwsMailboxProvider::findFolder(const MailboxFolderRef &parent, const QString &displayName,
                                    std::function<void(Result<QList<MailboxFolder>>)> done)
{
    EwsFindFolderRequest req;
    req.parent = parent;
    req.displayName = displayName;
    const EwsRequestContext ctx = context();
    call<QList<MailboxFolder>>(u"FindFolder"_s, req.build(ctx), std::move(done),
                               [ctx](const EwsSoapResponse &r) { return EwsFindFolderRequest::parse(r, ctx); }, true);
}

void EwsMailboxProvider::createFolder(const MailboxFolderRef &parent, const QString &displayName,
                                      Callback<MailboxFolder> done)
{
    EwsCreateFolderRequest req;
    req.parent = parent;
    req.displayName = displayName;
    req.folderElement = folderElementFor(parent);
    const EwsRequestContext ctx = context();
    const Result<QByteArray> body = req.build(ctx);
    if (!body) {
        later<MailboxFolder>(std::move(done), body.error());
        return;
    }
    QPointer<EwsMailboxProvider> self(this);
    m_connection->post(m_mailbox, u"CreateFolder"_s, body.value(),
                       [self, parent, displayName, done, ctx](Result<EwsSoapResponse> response) {
                           if (!response) {
                               done(response.error());
                               return;
                           }
                           if (firstCode(response.value()) == u"ErrorFolderExists"_s && self) {
                               // Someone created it since our FindFolder: use theirs.
                               self->findFolder(parent, displayName,
                                                [done, displayName](Result<QList<MailboxFolder>> found) {
                                                    if (!found)
                                                        done(found.error());
                                                    else if (found->isEmpty())
                                                        done(Error::conflict(u"Folder \"%1\" exists but cannot be found"_s.arg(displayName),
                                                                             u"Check the permissions of the service account on the parent folder"_s));
                                                    else
                                                        done(found->constFirst());
                                                });
                               return;
                           }
                           done(EwsCreateFolderRequest::parse(response.value(), ctx));
                       });
}

void EwsMailboxProvider::ensureFolder(const MailboxFolderRef &parent, const QString &displayName,
                                      Callback<MailboxFolder> done)
{
    QPointer<EwsMailboxProvider> self(this);
    findFolder(parent, displayName, [self, parent, displayName, done](Result<QList<MailboxFolder>> found) {
        if (!found) {
            done(found.error());
            return;
        }
        if (!found->isEmpty()) {
            done(found->constFirst());
            return;
        }
        if (!self) {
            done(cancelledError({}));
            return;
        }
        self->createFolder(parent, displayName, done);
    });
}

void EwsMailboxProvider::createItem(const MailboxFolderRef &folder, const MailboxItem &item, Callback<MailboxItemId> done)
{
    EwsCreateItemRequest req;
    req.folder = folder;
    req.items = {item};
    const EwsRequestContext ctx = context();
    const EwsItemKind kind = kindOf(item);
    QPointer<EwsMailboxProvider> self(this);
    call<MailboxItemId>(u"CreateItem"_s, req.build(ctx), std::move(done),
                        [self, ctx, kind](const EwsSoapResponse &r) -> Result<MailboxItemId> {
                            auto outcomes = EwsCreateItemRequest::parse(r, ctx);
                            if (!outcomes)
                                return outcomes.error();
                            if (outcomes->isEmpty())
                                return Error{Error::Code::Protocol, u"CreateItem answered no ResponseMessage"_s, {}};
                            const auto &o = outcomes->constFirst();
                            if (!o.ok())
                                return self ? self->describe(o.status) : o.status.describe();
                            if (self && !o.value->id.isEmpty())
                                self->m_kinds.insert(o.value->id, kind);
                            return *o.value;
                        },
                        false);
}

void EwsMailboxProvider::updateItem(const MailboxItem &item, const QList<MailboxField> &fields,
                                    Callback<MailboxItemId> done)
{
    EwsUpdateItemRequest req;
    req.changes = {{item, fields}};
    req.conflictResolution = EwsUpdateItemRequest::ConflictResolution::NeverOverwrite;
    const EwsRequestContext ctx = context();
    const MailboxItemId original = idOf(item);
    QPointer<EwsMailboxProvider> self(this);
    call<MailboxItemId>(u"UpdateItem"_s, req.build(ctx), std::move(done),
                        [self, ctx, original](const EwsSoapResponse &r) -> Result<MailboxItemId> {
                            auto outcomes = EwsUpdateItemRequest::parse(r, ctx);
                            if (!outcomes)
                                return outcomes.error();
                            if (outcomes->isEmpty())
                                return Error{Error::Code::Protocol, u"UpdateItem answered no ResponseMessage"_s, {}};
                            const auto &o = outcomes->constFirst();
                            if (!o.ok())
                                return self ? self->describe(o.status) : o.status.describe();
                            // Some servers echo no id: the id stays, the ChangeKey is unknown.
                            return o.value->id.isEmpty() ? MailboxItemId{original.id, {}} : *o.value;
                        },
                        false);
}

void EwsMailboxProvider::deleteItem(const MailboxItemId &id, bool moveToTrash, Callback<void> done)
{
    EwsDeleteItemRequest req;
    req.ids = {id};
    req.deleteType = moveToTrash ? EwsDeleteItemRequest::DeleteType::MoveToDeletedItems
                                 : EwsDeleteItemRequest::DeleteType::HardDelete;
    const EwsRequestContext ctx = context();
    const Result<QByteArray> body = req.build(ctx);
    if (!body) {
        QTimer::singleShot(0, this, [done, e = body.error()] { done(e); });
        return;
    }
    QPointer<EwsMailboxProvider> self(this);
    m_connection->post(m_mailbox, u"DeleteItem"_s, body.value(), [self, done, ctx](Result<EwsSoapResponse> response) {
        if (!response) {
            done(response.error());
            return;
        }
        const auto statuses = EwsDeleteItemRequest::parse(response.value(), ctx);
        if (!statuses) {
            done(statuses.error());
            return;
        }
        if (statuses->isEmpty()) {
            done(Error{Error::Code::Protocol, u"DeleteItem answered no ResponseMessage"_s, {}});
            return;
        }
        const EwsStatus &s = statuses->constFirst();
        // Already gone is what we wanted (a retry after a lost answer, or a user deleted it).
        if (s.isError() && s.responseCode != u"ErrorItemNotFound"_s) {
            done(self ? self->describe(s) : s.describe());
            return;
        }
        done({});
    });
}

void EwsMailboxProvider::cancelAll()
{
    ++m_generation;
    if (m_connection)
        m_connection->cancelAllFor(m_mailbox);
}

} // namespace Liaison
