// EwsMailboxProvider writes end to end against SandboxEws: create/update/delete of a
// contact, event and task, a stale ChangeKey conflict, occurrences of a series addressed
// through their master, CalendarView paging, and writes under every form of throttling.
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

    // CRM instances of a series map to occurrences by index: change one, delete another, then
    // read them back from the master, by OccurrenceItemId, and in the calendar view.
    void occurrencesThroughTheirMaster()
    {
        auto p = provider(kAnna);
        const QDateTime first(QDate(2026, 12, 7), QTime(10, 0), Qt::UTC);   // a Monday
        MailboxEvent series;
        series.subject = u"Weekly pipeline review"_s;
        series.start = first;
        series.end = first.addSecs(1800);
        MailboxRecurrence weekly;
        weekly.pattern = MailboxRecurrence::Pattern::Weekly;
        weekly.daysOfWeek = {MailboxDayOfWeek::Monday};
        weekly.range = MailboxRecurrence::Range::Numbered;
        weekly.startDate = first.date();
        weekly.numberOfOccurrences = 5;
        series.recurrence = weekly;
        Slot<MailboxItemId> made;
        p->createItem(MailboxFolderRef::wellKnown(u"calendar"_s), series, made.callback());
        QTRY_VERIFY_WITH_TIMEOUT(made.ready(), 20000);
        QVERIFY2(made.result().ok(), qPrintable(errText(made.result())));
        const MailboxItemId master = made.result().value();

        // Occurrence 2 moves an hour later with its own subject.
        MailboxEvent second;
        second.id = MailboxItemId::occurrence(master.id, 2, master.changeKey);
        second.subject = u"Pipeline review (moved)"_s;
        second.start = first.addDays(7).addSecs(3600);
        second.end = second.start.addSecs(1800);
        Slot<MailboxItemId> moved;
        p->updateItem(second, {MailboxField::Subject, MailboxField::Start, MailboxField::End}, moved.callback());
        QTRY_VERIFY_WITH_TIMEOUT(moved.ready(), 20000);
        QVERIFY2(moved.result().ok(), qPrintable(errText(moved.result())));
        QVERIFY(!moved.result()->id.isEmpty());

        // An occurrence has no recurrence of its own: refused before anything is sent.
        const int before = m_server->requestCount();
        Slot<MailboxItemId> refused;
        p->updateItem(second, {MailboxField::Recurrence}, refused.callback());
        QTRY_VERIFY_WITH_TIMEOUT(refused.ready(), 20000);
        QVERIFY(!refused.result().ok());
        QVERIFY2(refused.result().error().fix.contains(u"master"_s), qPrintable(errText(refused.result())));
        QCOMPARE(m_server->requestCount(), before);

        Slot<void> dropped;
        p->deleteItem(MailboxItemId::occurrence(master.id, 4), true, dropped.callback());
        QTRY_VERIFY_WITH_TIMEOUT(dropped.ready(), 20000);
        QVERIFY2(dropped.result().ok(), qPrintable(errText(dropped.result())));

        // Past the end of the series: a clear NotFound, and the engine re-reads the series.
        Slot<void> beyond;
        p->deleteItem(MailboxItemId::occurrence(master.id, 9), true, beyond.callback());
        QTRY_VERIFY_WITH_TIMEOUT(beyond.ready(), 20000);
        QVERIFY(!beyond.result().ok());
        QCOMPARE(beyond.result().error().code, Error::Code::NotFound);
        QCOMPARE(beyond.result().error().recovery, Error::Recovery::Refetch);

        std::optional<QList<Result<MailboxItem>>> got;
        p->fetchItems({master, MailboxItemId::occurrence(master.id, 3)}, [&](QList<Result<MailboxItem>> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        QVERIFY2(got->at(0).ok(), qPrintable(errText(got->at(0))));
        QVERIFY2(got->at(1).ok(), qPrintable(errText(got->at(1))));
        const MailboxEvent m = std::get<MailboxEvent>(got->at(0).value());
        QCOMPARE(m.kind, MailboxEventKind::RecurringMaster);
        QCOMPARE(m.modifiedOccurrences.size(), 1);
        QCOMPARE(m.modifiedOccurrences.first().start, second.start);
        QCOMPARE(m.modifiedOccurrences.first().originalStart, first.addDays(7));
        QCOMPARE(m.deletedOccurrences, QList<QDateTime>{first.addDays(21)});
        const MailboxEvent third = std::get<MailboxEvent>(got->at(1).value());
        QCOMPARE(third.kind, MailboxEventKind::Occurrence);
        QCOMPARE(third.start, first.addDays(14));
        QCOMPARE(third.uid, m.uid);

        // The view: four left, the moved one an exception at its new time, all with the series' UID.
        Slot<QList<MailboxEvent>> view;
        p->listEvents(MailboxFolderRef::wellKnown(u"calendar"_s), first.addDays(-1), first.addDays(40), view.callback());
        QTRY_VERIFY_WITH_TIMEOUT(view.ready(), 20000);
        QVERIFY2(view.result().ok(), qPrintable(errText(view.result())));
        QCOMPARE(view.result()->size(), 4);
        int exceptions = 0;
        for (const MailboxEvent &e : view.result().value()) {
            QCOMPARE(e.uid, m.uid);
            QVERIFY(e.start != first.addDays(21));
            if (e.kind == MailboxEventKind::Exception) {
                ++exceptions;
                QCOMPARE(e.subject, second.subject);
                QCOMPARE(e.start, second.start);
                QCOMPARE(e.originalStart, first.addDays(7));
            } else {
                QCOMPARE(e.kind, MailboxEventKind::Occurrence);
                QCOMPARE(e.subject, series.subject);
            }
        }
        QCOMPARE(exceptions, 1);
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

    // A batch CreateItem cut off at EWS's time limit after part of it was applied: the first
    // items exist, the rest answer ErrorServerBusy (or ErrorTimeoutExpired). Resending the whole
    // batch would create the first ones twice: the connection hands back the per-item outcomes,
    // and resending only the failed items ends with each contact exactly once.
    void partlyAppliedBatchIsNeverResentWhole()
    {
        for (const QString &code : {u"ErrorServerBusy"_s, u"ErrorTimeoutExpired"_s}) {
            QCOMPARE(admin("POST", u"reset"_s).value(u"_status"_s).toInt(), 200);
            m_ews->addMailbox(kAnna, u"Anna"_s);
            QCOMPARE(admin("POST", u"faults"_s,
                           {{u"fault"_s, u"batchCutOff"_s},
                            {u"after"_s, 2},
                            {u"code"_s, code},
                            {u"backOffMs"_s, 100}})
                         .value(u"_status"_s)
                         .toInt(),
                     200);
            EwsCreateItemRequest req;
            req.folder = MailboxFolderRef::wellKnown(u"contacts"_s);
            for (int i = 0; i < 5; ++i) {
                MailboxContact c;
                c.givenName = u"Batch%1"_s.arg(i);
                c.displayName = c.givenName;
                req.items << c;
            }
            EwsRequestContext ctx;
            ctx.account = kAccount;
            ctx.impersonatedSmtp = kAnna;
            QList<MailboxItem> pending = req.items;
            QList<bool> outcome;
            for (int round = 0; round < 3 && !pending.isEmpty(); ++round) {
                req.items = pending;
                std::optional<Result<EwsSoapResponse>> answer;
                m_conn->post(kAnna, u"CreateItem"_s, *req.build(ctx),
                             [&](Result<EwsSoapResponse> r) { answer = std::move(r); });
                QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000);
                QVERIFY2(answer->ok(), qPrintable(errText(*answer)));
                const auto outcomes = EwsCreateItemRequest::parse(answer->value(), ctx);
                QVERIFY(outcomes);
                QCOMPARE(outcomes->size(), pending.size());
                QList<MailboxItem> failed;
                for (qsizetype i = 0; i < outcomes->size(); ++i) {
                    outcome << outcomes->at(i).ok();
                    if (!outcomes->at(i).ok()) {
                        QCOMPARE(outcomes->at(i).status.responseCode, code);
                        failed << pending.at(i);
                    }
                }
                pending = failed;
            }
            QVERIFY(pending.isEmpty());
            // Two created, three cut off; then those three on their own.
            QCOMPARE(outcome, (QList<bool>{true, true, false, false, false, true, true, true}));
            const QJsonArray stored =
                admin("GET", u"mailboxes/%1/folders/contacts/items"_s.arg(kAnna)).value(u"value"_s).toArray();
            QSet<QString> names;
            for (const QJsonValue &v : stored)
                names.insert(v.toObject().value(u"fields"_s).toObject().value(u"GivenName"_s).toString());
            QCOMPARE(stored.size(), 5);
            QCOMPARE(names.size(), 5);
        }
    }

    // The other throttling forms on the provider's own writes: a single-item CreateItem cut off
    // before its item (nothing applied: resent), ErrorExceededConnectionCount (nothing done:
    // resent after a pause) and HTTP 503 each end with the contact created exactly once.
    void throttledCreatesLandOnce()
    {
        auto p = provider(kAnna);
        const QList<QJsonObject> faults{
            {{u"fault"_s, u"batchCutOff"_s},
             {u"after"_s, 0},
             {u"code"_s, u"ErrorServerBusy"_s},
             {u"backOffMs"_s, 100}},
            {{u"fault"_s, u"exceededConnectionCount"_s}},
            {{u"fault"_s, u"http503"_s}},
            {{u"fault"_s, u"http503"_s}, {u"retryAfter"_s, 1}},
        };
        QSignalSpy busy(m_conn.get(), &EwsConnection::serverBusy);
        int n = 0;
        for (const QJsonObject &fault : faults) {
            QCOMPARE(admin("POST", u"faults"_s, fault).value(u"_status"_s).toInt(), 200);
            MailboxContact c;
            c.givenName = u"Throttled%1"_s.arg(++n);
            c.displayName = c.givenName;
            Slot<MailboxItemId> id;
            p->createItem(MailboxFolderRef::wellKnown(u"contacts"_s), c, id.callback());
            QTRY_VERIFY_WITH_TIMEOUT(id.ready(), 30000);
            QVERIFY2(id.result().ok(),
                     qPrintable(fault.value(u"fault"_s).toString() + u": "_s + errText(id.result())));
            QCOMPARE(admin("GET", u"stats"_s).value(u"pendingFaults"_s).toInt(), 0);
        }
        QCOMPARE(busy.count(), 2); // the cut-off item and the connection count paused the lane
        const QJsonArray stored =
            admin("GET", u"mailboxes/%1/folders/contacts/items"_s.arg(kAnna)).value(u"value"_s).toArray();
        QCOMPARE(stored.size(), faults.size());
    }
};

QTEST_MAIN(TestEwsProviderWrites)
#include "tst_ewsproviderwrites.moc"
