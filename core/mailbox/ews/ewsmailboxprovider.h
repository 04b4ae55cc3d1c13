#pragma once

// MailboxProvider over EWS for one mailbox: each call builds its request(s) with the
// protocol layer, sends them through EwsConnection (which absorbs throttling) and turns
// EWS response codes into Errors with the admin fix (EwsResponseCode::describe).

#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/mailboxprovider.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace Liaison {

class EwsMailboxProvider : public QObject, public MailboxProvider
{
    Q_OBJECT
public:
    static constexpr int kGetItemBatch = 50;
    static constexpr int kCalendarPage = 200;

    EwsMailboxProvider(EwsConnection *connection, const QString &mailbox, QObject *parent = nullptr);

    QString providerName() const override { return QStringLiteral("ews"); }
    QString mailbox() const override { return m_mailbox; }

    void syncFolders(const MailboxFolderRef &root, const QString &syncState,
                     Callback<MailboxFolderChangePage> done) override;
    void syncChanges(const MailboxFolderRef &folder, const QString &syncState, int maxChanges,
                     Callback<MailboxChangePage> done) override;
    void fetchItems(const QList<MailboxItemId> &ids, BatchCallback<MailboxItem> done) override;
    void listEvents(const MailboxFolderRef &folder, const QDateTime &start, const QDateTime &end,
                    Callback<QList<MailboxEvent>> done) override;
    void ensureFolder(const MailboxFolderRef &parent, const QString &displayName, Callback<MailboxFolder> done) override;
    void createItem(const MailboxFolderRef &folder, const MailboxItem &item, Callback<MailboxItemId> done) override;
    void updateItem(const MailboxItem &item, const QList<MailboxField> &fields, Callback<MailboxItemId> done) override;
    void deleteItem(const MailboxItemId &id, bool moveToTrash, Callback<void> done) override;
    void cancelAll() override;

    // Items per GetItem request (1..100).
    void setGetItemBatchSize(int n) { m_batch = std::clamp(n, 1, 100); }
    // Entries per CalendarView page.
    void setCalendarPageSize(int n) { m_calendarPage = std::max(1, n); }
    // The kind fetchItems uses for an id it has not seen in syncChanges/createItem.
    void rememberKind(const QString &itemId, EwsItemKind kind) { m_kinds.insert(itemId, kind); }

    // The Error of one failed ResponseMessage; its recovery says resync, re-read or retry later.
    Error describe(const EwsStatus &status) const;

private:
    struct CalendarPaging;
    struct FetchJob;

    EwsRequestContext context() const { return m_connection->context(m_mailbox); }
    // Runs `parse` on a successful envelope, or forwards the error.
    template<typename T>
    void call(const QString &operation, const Result<QByteArray> &body, Callback<T> done,
              std::function<Result<T>(const EwsSoapResponse &)> parse, bool idempotent);
    template<typename T>
    void later(Callback<T> done, Result<T> value);

    void fetchNext(std::shared_ptr<FetchJob> job);
    void calendarPage(std::shared_ptr<CalendarPaging> paging);
    void findFolder(const MailboxFolderRef &parent, const QString &displayName,
                    std::function<void(Result<QList<MailboxFolder>>)> done);
    void createFolder(const MailboxFolderRef &parent, const QString &displayName, Callback<MailboxFolder> done);

    QPointer<EwsConnection> m_connection;
    QString m_mailbox;
    QHash<QString, EwsItemKind> m_kinds;
    int m_batch = kGetItemBatch;
    int m_calendarPage = kCalendarPage;
    quint64 m_generation = 0;   // bumped by cancelAll: multi-request jobs stop
};

} // namespace Liaison
