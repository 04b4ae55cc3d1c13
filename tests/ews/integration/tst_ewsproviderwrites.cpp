// EwsMailboxProvider writes end to end against SandboxEws: create/update/delete of a
// contact, event and task, a stale ChangeKey conflict, and CalendarView paging.
#include "ewsprovidertestfixture.h"

using namespace Liaison;
using namespace Liaison::EwsProviderTest;
using namespace Qt::StringLiterals;

class TestEwsProviderWrites : public Fixture
{
    Q_OBJECT

private Q_SLOTS:
    void createUpdateDeleteAndStaleChangeKey()
    {
        auto p = provider(kAnna);
        MailboxContact contact;
        contact.givenName = u"Jo"_s;
        contact.surname = u"March"_s;
        contact.displayName = u"Jo March"_s;
        contact.emailAddresses = {u"jo@example.org"_s};
        contact.crmId = u"c0ffee00-0000-4000-8000-000000000001"_s;
        MailboxEvent event;
        event.subject = u"Review"_s;
        event.start = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC);
        event.end = event.start.addSecs(3600);
        MailboxTask task;
        task.subject = u"Call back"_s;
        task.dueDate = QDateTime(QDate(2026, 12, 2), QTime(0, 0), Qt::UTC);

        const QList<std::pair<QString, MailboxItem>> items{
            {u"contacts"_s, contact}, {u"calendar"_s, event}, {u"tasks"_s, task}};
        QList<MailboxItemId> created;
        for (const auto &[folder, item] : items) {
            Slot<MailboxItemId> id;
            p->createItem(MailboxFolderRef::wellKnown(folder), item, id.callback());
            QTRY_VERIFY_WITH_TIMEOUT(id.ready(), 20000);
            QVERIFY2(id.result().ok(), qPrintable(errText(id.result())));
            QVERIFY(!id.result()->id.isEmpty() && !id.result()->changeKey.isEmpty());
            created << id.result().value();
        }

        std::optional<QList<Result<MailboxItem>>> got;
        p->fetchItems(created, [&](QList<Result<MailboxItem>> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        QCOMPARE(got->size(), 3);
        for (const auto &r : *got)
            QVERIFY2(r.ok(), qPrintable(errText(r)));
        const MailboxContact read = std::get<MailboxContact>(got->at(0).value());
        QCOMPARE(read.crmId, contact.crmId);
        QCOMPARE(read.emailAddresses.value(0), u"jo@example.org"_s);
        QCOMPARE(std::get<MailboxEvent>(got->at(1).value()).subject, u"Review"_s);
        QCOMPARE(std::get<MailboxTask>(got->at(2).value()).subject, u"Call back"_s);

        // Update with the current ChangeKey, then again with the stale one.
        MailboxContact changed = read;
        changed.jobTitle = u"Writer"_s;
        Slot<MailboxItemId> upd;
        p->updateItem(changed, {MailboxField::JobTitle}, upd.callback());
        QTRY_VERIFY_WITH_TIMEOUT(upd.ready(), 20000);
        QVERIFY2(upd.result().ok(), qPrintable(errText(upd.result())));
        QVERIFY(upd.result()->changeKey != read.id.changeKey);

        changed.jobTitle = u"Novelist"_s;
        Slot<MailboxItemId> stale;
        p->updateItem(changed, {MailboxField::JobTitle}, stale.callback());
        QTRY_VERIFY_WITH_TIMEOUT(stale.ready(), 20000);
        QVERIFY(!stale.result().ok());
        QCOMPARE(stale.result().error().code, Error::Code::Conflict);
        QCOMPARE(stale.result().error().recovery, Error::Recovery::Refetch);

        for (const MailboxItemId &id : created) {
            Slot<void> del;
            p->deleteItem(id, false, del.callback());
            QTRY_VERIFY_WITH_TIMEOUT(del.ready(), 20000);
            QVERIFY2(del.result().ok(), qPrintable(errText(del.result())));
        }
        got.reset();
        p->fetchItems({created.first()}, [&](QList<Result<MailboxItem>> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        QVERIFY(!got->at(0).ok());
        QCOMPARE(got->at(0).error().code, Error::Code::NotFound);
    }

    void listEventsPagesThroughTheView()
    {
        auto p = provider(kAnna);
        const QDateTime base(QDate(2026, 12, 7), QTime(8, 0), Qt::UTC);
        // Seeded through the admin API (like a user in Outlook), so the trace stays short.
        for (int i = 0; i < 7; ++i) {
            const QDateTime start = base.addDays(i);
            const QJsonObject made = admin("POST", u"mailboxes/%1/folders/calendar/items"_s.arg(kAnna),
                                           {{u"kind"_s, u"CalendarItem"_s},
                                            {u"fields"_s, QJsonObject{{u"Subject"_s, u"Meeting %1"_s.arg(i)},
                                                                     {u"Start"_s, start.toString(Qt::ISODate)},
                                                                     {u"End"_s, start.addSecs(1800).toString(Qt::ISODate)}}}});
            QCOMPARE(made.value(u"_status"_s).toInt(), 201);
        }
        p->setCalendarPageSize(3);
        const int before = m_server->requestCount();
        Slot<QList<MailboxEvent>> events;
        p->listEvents(MailboxFolderRef::wellKnown(u"calendar"_s), base.addDays(-1), base.addDays(30), events.callback());
        QTRY_VERIFY_WITH_TIMEOUT(events.ready(), 20000);
        QVERIFY2(events.result().ok(), qPrintable(errText(events.result())));
        QCOMPARE(events.result()->size(), 7);
        QSet<QString> subjects;
        for (const MailboxEvent &e : events.result().value())
            subjects.insert(e.subject);
        QCOMPARE(subjects.size(), 7);
        QVERIFY(m_server->requestCount() - before >= 3);   // paged, not one big answer
    }
};

QTEST_MAIN(TestEwsProviderWrites)
#include "tst_ewsproviderwrites.moc"
