// Generated mailboxes in the EWS sandbox: their items are virtual (derived on demand), yet
// Liaison's real EWS client (EwsConnection + EwsMailboxProvider over loopback) must see them
// exactly like stored items: paged initial sync, GetItem, writes, incremental sync of later
// edits, CalendarView, persistence. Every SOAP body is validated with ews-validate.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "../../../ews/integration/ewstracecheck.h"
#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsmailboxprovider.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxewstesthttp.h"
#include "sandboxewsgenerator.h"
#include "sandboxhttpserver.h"

using namespace Liaison;
using namespace Qt::StringLiterals;
using Liaison::SandboxEwsTestHttp::enc;

namespace {
const QString kAccount = u"svc-liaison@contoso.test"_s;
const QString kPassword = u"Sandbox-Pass-1"_s;
const QString kUser1 = u"user0001@contoso.test"_s;
const QString kUser2 = u"user0002@contoso.test"_s;

template<typename T>
Result<T> await(const std::function<void(MailboxProvider::Callback<T>)> &call)
{
    std::optional<Result<T>> out;
    call([&out](Result<T> r) { out = std::move(r); });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return out ? std::move(*out) : Result<T>(Error::invalid(u"no answer within 30 s"_s));
}
} // namespace

class TestSandboxEwsGenerated : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxHttpServer> m_server;
    std::unique_ptr<SandboxEws> m_ews;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<EwsConnection> m_conn;
    QString m_trace;

    void start(const QString &dataFolder = {})
    {
        m_conn.reset();
        m_ews.reset();
        m_server = std::make_unique<SandboxHttpServer>();
        SandboxEwsOptions o;
        o.dataFolder = dataFolder;
        m_ews = std::make_unique<SandboxEws>(o);
        m_ews->addServiceAccount(kAccount, kPassword, {u"*"_s});
        QVERIFY(m_ews->install(*m_server));
        QVERIFY(m_server->listen());
        m_conn = std::make_unique<EwsConnection>(
            m_http.get(), SandboxEwsTestHttp::connectionSettings(*m_server, kAccount, kPassword));
    }

    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return SandboxEwsTestHttp::admin(*m_server, method, path, body);
    }

    // Pages through a folder from `state`; returns the changes and leaves the new state.
    QList<MailboxChange> syncAll(EwsMailboxProvider &p, const QString &folder, QString *state, int pageSize,
                                 int *pages = nullptr)
    {
        QList<MailboxChange> out;
        for (int i = 0; i < 10000; ++i) {
            const auto page = await<MailboxChangePage>([&](auto cb) {
                p.syncChanges(MailboxFolderRef::wellKnown(folder), *state, pageSize, cb);
            });
            if (!page)
                qWarning() << page.error().toString();
            if (!page)
                return {};
            out += page->changes;
            *state = page->syncState;
            if (pages)
                ++*pages;
            if (page->includesLastItem)
                break;
        }
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_trace = EwsTraceCheck::traceDir(u"generated-"_s + QString::fromLatin1(QTest::currentTestFunction()));
        m_http = std::make_unique<HttpClient>();
        m_http->setTraceDirectory(m_trace);
        start();
    }

    void cleanup()
    {
        m_conn.reset();
        m_http.reset();
        m_ews.reset();
        m_server.reset();
        if (!QTest::currentTestFailed())
            LIAISON_VALIDATE_TRACE(m_trace);
    }

    void generatedItemsSyncAndReadLikeStoredOnes()
    {
        const QJsonObject seeded = admin("POST", u"seed"_s,
                                         {{u"generate"_s, QJsonObject{{u"mailboxes"_s, 2}, {u"itemsPerMailbox"_s, 50}}}});
        const int seededItems = seeded.value(u"items"_s).toInt();
        QCOMPARE(seededItems, 224);   // 2 x (50 items, as many inbox messages, 12 sent ones)
        QCOMPARE(admin("GET", u"stats"_s).value(u"items"_s).toInt(), seededItems);
        QCOMPARE(m_ews->store().mailbox(kUser1) != nullptr, true);
        const QJsonArray folders = admin("GET", u"mailboxes/%1/folders"_s.arg(kUser1)).value(u"value"_s).toArray();
        int contactsTotal = -1;
        for (const QJsonValue &f : folders) {
            if (f.toObject().value(u"distinguishedId"_s) == u"contacts"_s)
                contactsTotal = f.toObject().value(u"totalCount"_s).toInt();
        }
        QCOMPARE(contactsTotal, 30);

        EwsMailboxProvider p(m_conn.get(), kUser1);
        QString state;
        int pages = 0;
        const QList<MailboxChange> changes = syncAll(p, u"contacts"_s, &state, 7, &pages);
        QCOMPARE(changes.size(), 30);
        QCOMPARE(pages, 5);
        QSet<QString> ids;
        QList<MailboxItemId> toFetch;
        for (const MailboxChange &c : changes) {
            QCOMPARE(c.type, MailboxChange::Type::Created);
            QVERIFY(!c.id.changeKey.isEmpty());
            ids.insert(c.id.id);
            toFetch << c.id;
        }
        QCOMPARE(ids.size(), 30);
        // A second mailbox's generated ids differ (the id names the folder).
        EwsMailboxProvider p2(m_conn.get(), kUser2);
        QString state2;
        for (const MailboxChange &c : syncAll(p2, u"contacts"_s, &state2, 512))
            QVERIFY(!ids.contains(c.id.id));

        const auto items = await<QList<Result<MailboxItem>>>([&](auto cb) { p.fetchItems(toFetch, cb); });
        QVERIFY(items);
        QCOMPARE(items->size(), 30);
        const MailboxContact first = std::get<MailboxContact>(*items->first());
        QCOMPARE(first.id, toFetch.first());
        QCOMPARE(first.displayName, u"User0001 Person 00001"_s);
        QCOMPARE(first.emailAddresses, QStringList{u"user0001.person00001@example.com"_s});
        // Reading stores nothing: the store still holds no item explicitly.
        QCOMPARE(m_ews->store().itemCount(), seededItems);
        // Nothing changed: an incremental sync is empty.
        QCOMPARE(syncAll(p, u"contacts"_s, &state, 512).size(), 0);
        // User2 cannot read user1's generated items through its own impersonation.
        const auto foreign = await<QList<Result<MailboxItem>>>([&](auto cb) { p2.fetchItems({toFetch.first()}, cb); });
        QVERIFY(foreign && !foreign->first().ok());
    }

    void editsOfGeneratedItemsReachIncrementalSync()
    {
        admin("POST", u"seed"_s, {{u"generate"_s, QJsonObject{{u"mailboxes"_s, 1}, {u"itemsPerMailbox"_s, 50}}}});
        const qint64 seededItems = m_ews->store().itemCount();
        EwsMailboxProvider p(m_conn.get(), kUser1);
        QString state;
        const QList<MailboxChange> initial = syncAll(p, u"contacts"_s, &state, 512);
        QCOMPARE(initial.size(), 30);
        const MailboxItemId third = initial.at(2).id;
        const QString fifth = initial.at(4).id.id;

        // Through the client: UpdateItem with the generated item's ChangeKey.
        const auto updated = await<MailboxItemId>([&](auto cb) {
            MailboxContact c;
            c.id = third;
            c.jobTitle = u"CEO"_s;
            p.updateItem(c, {MailboxField::JobTitle}, cb);
        });
        QVERIFY2(updated, qPrintable(updated ? QString() : updated.error().toString()));
        QCOMPARE(updated->id, third.id);
        QVERIFY(updated->changeKey != third.changeKey);
        // A stale ChangeKey now conflicts.
        const auto stale = await<MailboxItemId>([&](auto cb) {
            MailboxContact c;
            c.id = third;
            c.jobTitle = u"CFO"_s;
            p.updateItem(c, {MailboxField::JobTitle}, cb);
        });
        QVERIFY(!stale);
        // Through the admin API: a user deletes one and adds one.
        admin("DELETE", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(fifth)));
        const QJsonObject added = admin("POST", u"mailboxes/%1/folders/contacts/items"_s.arg(kUser1),
                                        {{u"kind"_s, u"Contact"_s}, {u"fields"_s, QJsonObject{{u"GivenName"_s, u"New"_s}}}});
        QVERIFY(!added.value(u"id"_s).toString().isEmpty());
        QCOMPARE(admin("GET", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(third.id))).value(u"fields"_s).toObject()
                     .value(u"JobTitle"_s).toString(), u"CEO"_s);
        QCOMPARE(admin("GET", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(fifth))).value(u"error"_s).toString(),
                 u"no such item"_s);
        QCOMPARE(admin("GET", u"mailboxes/%1/folders/contacts/items"_s.arg(kUser1)).value(u"value"_s).toArray().size(), 30);

        const QList<MailboxChange> delta = syncAll(p, u"contacts"_s, &state, 512);
        QCOMPARE(delta.size(), 3);
        QCOMPARE(delta.at(0).type, MailboxChange::Type::Updated);
        QCOMPARE(delta.at(0).id.id, third.id);
        QCOMPARE(delta.at(1).type, MailboxChange::Type::Deleted);
        QCOMPARE(delta.at(1).id.id, fifth);
        QCOMPARE(delta.at(2).type, MailboxChange::Type::Created);
        QCOMPARE(delta.at(2).id.id, added.value(u"id"_s).toString());
        // One added; the deleted one moved to Deleted Items (Outlook's Delete), so still in the mailbox.
        QCOMPARE(m_ews->store().itemCount(), seededItems + 1);

        // A client starting now sees the current set: 29 generated + the new one, the edit applied.
        QString fresh;
        const QList<MailboxChange> all = syncAll(p, u"contacts"_s, &fresh, 512);
        QSet<QString> ids;
        for (const MailboxChange &c : all) {
            QCOMPARE(c.type, MailboxChange::Type::Created);
            ids.insert(c.id.id);
        }
        QCOMPARE(all.size(), 30);
        QCOMPARE(ids.size(), 30);
        QVERIFY(!ids.contains(fifth));
        QVERIFY(ids.contains(third.id));
    }

    void editsWhileAClientPagesThroughGeneratedItems()
    {
        admin("POST", u"seed"_s, {{u"generate"_s, QJsonObject{{u"mailboxes"_s, 1}, {u"itemsPerMailbox"_s, 50}}}});
        EwsMailboxProvider p(m_conn.get(), kUser1);
        const auto first = await<MailboxChangePage>([&](auto cb) {
            p.syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 10, cb);
        });
        QVERIFY(first && !first->includesLastItem);
        QCOMPARE(first->changes.size(), 10);
        // Delete one already reported and one not yet reported; change one not yet reported.
        const QJsonArray listed = admin("GET", u"mailboxes/%1/folders/contacts/items"_s.arg(kUser1)).value(u"value"_s).toArray();
        QCOMPARE(listed.size(), 30);
        const QString seen = listed.at(1).toObject().value(u"id"_s).toString();
        const QString unseen = listed.at(19).toObject().value(u"id"_s).toString();
        const QString changed = listed.at(24).toObject().value(u"id"_s).toString();
        QCOMPARE(seen, first->changes.at(1).id.id);
        admin("DELETE", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(seen)));
        admin("DELETE", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(unseen)));
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(changed)), {{u"JobTitle"_s, u"CTO"_s}});

        QString state = first->syncState;
        QMap<QString, int> present;
        for (const MailboxChange &c : first->changes)
            present[c.id.id] = 1;
        for (const MailboxChange &c : syncAll(p, u"contacts"_s, &state, 10)) {
            if (c.type == MailboxChange::Type::Deleted)
                present.remove(c.id.id);
            else
                present[c.id.id] = 1;
        }
        // The client ends with exactly the server's items.
        QCOMPARE(present.size(), 28);
        QVERIFY(!present.contains(seen));
        QVERIFY(!present.contains(unseen));
        QVERIFY(present.contains(changed));
    }

    void calendarViewOfGeneratedEventsMatchesStoredOnes()
    {
        admin("POST", u"seed"_s, {{u"generate"_s, QJsonObject{{u"mailboxes"_s, 1}, {u"itemsPerMailbox"_s, 2000}}}});
        EwsMailboxProvider p(m_conn.get(), kUser1);
        const QDateTime from(QDate(2026, 5, 4), QTime(0, 0), QTimeZone::utc());
        const auto window = [&](const QDateTime &start, const QDateTime &end) {
            const auto events = await<QList<MailboxEvent>>([&](auto cb) {
                p.listEvents(MailboxFolderRef::wellKnown(u"calendar"_s), start, end, cb);
            });
            QStringList out;
            for (const MailboxEvent &e : events ? *events : QList<MailboxEvent>{})
                out << e.id.id + u'@' + e.start.toString(Qt::ISODate) + u'/' + e.subject;
            return out;
        };
        const QStringList week = window(from, from.addDays(7));
        const QStringList spring = window(from.addDays(-60), from.addDays(30));
        const QStringList before = window(QDateTime(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc()),
                                          QDateTime(QDate(2026, 3, 1), QTime(0, 0), QTimeZone::utc()));
        QVERIFY(week.size() > 10);
        QVERIFY(spring.size() > week.size());
        QCOMPARE(before.size(), 0);
        // Materialize every generated event: the view must not change.
        SandboxEwsFolder *calendar = m_ews->store().resolveFolder(kUser1, u"calendar"_s);
        QCOMPARE(calendar->generation.count, 600u);
        for (quint32 k = 1; k <= calendar->generation.count; ++k)
            QVERIFY(m_ews->store().item(m_ews->store().generatedId(*calendar, k)));
        QCOMPARE(calendar->items.size(), 600);
        QCOMPARE(window(from, from.addDays(7)), week);
        QCOMPARE(window(from.addDays(-60), from.addDays(30)), spring);
    }

    void yearCalendarViewPagedEqualsOnePage()
    {
        admin("POST", u"seed"_s, {{u"generate"_s, QJsonObject{{u"mailboxes"_s, 1}, {u"itemsPerMailbox"_s, 2000}}}});
        // Touched events take the stored path: a renamed single, a series with one occurrence
        // moved and one deleted, and one event deleted.
        SandboxEwsStore &store = m_ews->store();
        SandboxEwsFolder *calendar = store.resolveFolder(kUser1, u"calendar"_s);
        QCOMPARE(calendar->generation.count, 600u);
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(store.generatedId(*calendar, 101))),
              {{u"Subject"_s, u"Renamed"_s}});
        const QString series = enc(store.generatedId(*calendar, 100));
        const QDateTime seriesStart = SandboxEwsGenerator::eventStart(100);
        const QString moved = admin("PATCH", u"mailboxes/%1/items/%2/occurrences/2"_s.arg(kUser1, series),
                                    {{u"fields"_s, QJsonObject{{u"Start"_s, seriesStart.addDays(8).toString(Qt::ISODate)},
                                                              {u"End"_s, seriesStart.addDays(8).addSecs(1800).toString(Qt::ISODate)}}}})
                                  .value(u"originalStart"_s).toString();
        QCOMPARE(QDateTime::fromString(moved, Qt::ISODate), seriesStart.addDays(7));
        QVERIFY(!admin("DELETE", u"mailboxes/%1/items/%2/occurrences/4"_s.arg(kUser1, series)).contains(u"error"_s));
        QVERIFY(!admin("DELETE", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(store.generatedId(*calendar, 102))))
                     .contains(u"error"_s));

        EwsMailboxProvider p(m_conn.get(), kUser1);
        const QDateTime from(QDate(2026, 3, 1), QTime(0, 0), QTimeZone::utc());
        const auto year = [&](int pageSize) {
            p.setCalendarPageSize(pageSize);
            const auto events = await<QList<MailboxEvent>>([&](auto cb) {
                p.listEvents(MailboxFolderRef::wellKnown(u"calendar"_s), from, from.addDays(365), cb);
            });
            QStringList out;
            for (const MailboxEvent &e : events ? *events : QList<MailboxEvent>{})
                out << e.id.id + u'@' + e.start.toString(Qt::ISODate) + u'-' + e.end.toString(Qt::ISODate) + u'/'
                           + e.subject + u'/' + QString::number(int(e.kind)) + u'/'
                           + e.originalStart.toString(Qt::ISODate);
            return out;
        };
        const QStringList whole = year(100000);
        // 600 events, every 5th a weekly series of 10: 1,618 instances start in the year; one
        // single and one occurrence are deleted.
        QCOMPARE(whole.size(), 1616);
        QCOMPARE(QSet<QString>(whole.begin(), whole.end()).size(), whole.size());
        QVERIFY(whole.filter(u"/Renamed/"_s).size() == 1);
        // The client's own paging (200 a page, the next page from the last start seen): 9 pages.
        const QStringList paged = year(EwsMailboxProvider::kCalendarPage);
        QCOMPARE(paged.size(), whole.size());
        QCOMPARE(paged, whole);
    }

    void generatedInboxMessagesSyncAndReportReadFlagChanges()
    {
        admin("POST", u"seed"_s, {{u"generate"_s, QJsonObject{{u"mailboxes"_s, 1}, {u"itemsPerMailbox"_s, 50},
                                                            {u"messagesPerMailbox"_s, 40}}}});
        SandboxEwsStore &store = m_ews->store();
        SandboxEwsFolder *inbox = store.resolveFolder(kUser1, u"inbox"_s);
        QVERIFY(inbox);
        QCOMPARE(inbox->generation.count, 40u);
        QCOMPARE(inbox->generation.kind, SandboxEwsKind::Message);
        const qint64 total = inbox->itemTotal();
        QVERIFY(total > 0);
        const qint64 stored = store.itemCount();

        EwsMailboxProvider p(m_conn.get(), kUser1);
        QString state;
        const QList<MailboxChange> initial = syncAll(p, u"inbox"_s, &state, 25);
        QCOMPARE(initial.size(), total);
        for (const MailboxChange &c : initial) {
            QCOMPARE(c.type, MailboxChange::Type::Created);
            QCOMPARE(c.itemClass, u"Message"_s);
        }
        QCOMPARE(store.itemCount(), stored);   // syncing materializes nothing

        // The user flips the read flag of two generated messages and renames a third.
        const QString first = initial.at(0).id.id;
        const QString second = initial.at(1).id.id;
        const QString third = initial.at(2).id.id;
        const auto isRead = [&](const QString &id) {
            return admin("GET", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(id))).value(u"fields"_s).toObject()
                       .value(u"IsRead"_s).toString() == u"true"_s;
        };
        const bool firstWas = isRead(first);
        const bool secondWas = isRead(second);
        QCOMPARE(admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(first)), {{u"IsRead"_s, !firstWas}})
                     .value(u"fields"_s).toObject().value(u"IsRead"_s).toString(),
                 !firstWas ? u"true"_s : u"false"_s);
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(second)), {{u"IsRead"_s, !secondWas}});
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(third)), {{u"Subject"_s, u"Edited"_s}});
        const QList<MailboxChange> delta = syncAll(p, u"inbox"_s, &state, 512);
        QCOMPARE(delta.size(), 3);
        QCOMPARE(delta.at(0).type, MailboxChange::Type::ReadFlagChanged);
        QCOMPARE(delta.at(0).id.id, first);
        QCOMPARE(delta.at(0).isRead, !firstWas);
        QCOMPARE(delta.at(1).type, MailboxChange::Type::ReadFlagChanged);
        QCOMPARE(delta.at(1).id.id, second);
        QCOMPARE(delta.at(1).isRead, !secondWas);
        QCOMPARE(delta.at(2).type, MailboxChange::Type::Updated);
        QCOMPARE(delta.at(2).id.id, third);
        // A client starting now sees every message created, no flag changes.
        QString fresh;
        const QList<MailboxChange> all = syncAll(p, u"inbox"_s, &fresh, 512);
        QCOMPARE(all.size(), total);
        for (const MailboxChange &c : all)
            QCOMPARE(c.type, MailboxChange::Type::Created);
    }

    void persistenceKeepsParametersAndEditsOnly()
    {
        QTemporaryDir dir;
        start(dir.path());
        admin("POST", u"seed"_s, {{u"generate"_s, QJsonObject{{u"mailboxes"_s, 3}, {u"itemsPerMailbox"_s, 5000}}}});
        EwsMailboxProvider p(m_conn.get(), kUser1);
        QString state;
        const QList<MailboxChange> tasks = syncAll(p, u"tasks"_s, &state, 512);
        QCOMPARE(tasks.size(), 500);
        admin("PATCH", u"mailboxes/%1/items/%2"_s.arg(kUser1, enc(tasks.at(7).id.id)), {{u"Subject"_s, u"Renamed"_s}});
        const qint64 seededItems = m_ews->store().itemCount();
        QVERIFY(seededItems >= 15000);
        QVERIFY(m_ews->save());
        QFile file(dir.filePath(u"ews.json"_s));
        QVERIFY(file.size() > 0);
        QVERIFY2(file.size() < 64 * 1024, qPrintable(QString::number(file.size())));   // 15,000 items are not in it

        start(dir.path());   // a new sandbox loading the same folder
        QCOMPARE(m_ews->store().itemCount(), seededItems);
        EwsMailboxProvider again(m_conn.get(), kUser1);
        // The old SyncState still works and reports the edit made before the restart.
        const QList<MailboxChange> delta = syncAll(again, u"tasks"_s, &state, 512);
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().type, MailboxChange::Type::Updated);
        QCOMPARE(delta.first().id.id, tasks.at(7).id.id);
        const auto read = await<QList<Result<MailboxItem>>>([&](auto cb) { again.fetchItems({delta.first().id}, cb); });
        QVERIFY(read && read->first().ok());
        QCOMPARE(std::get<MailboxTask>(*read->first()).subject, u"Renamed"_s);
        QString fresh;
        QCOMPARE(syncAll(again, u"tasks"_s, &fresh, 512).size(), 500);
    }
};

QTEST_GUILESS_MAIN(TestSandboxEwsGenerated)
#include "testsandboxewsgenerated.moc"
