// Typed results of the write, folder and notification operations, parsed from schema-valid
// response files in data/ (validated here with liaison-ews-validate).

#include "mailbox/ews/ewsfolderrequests.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "mailbox/ews/ewssyncrequests.h"
#include "ewstestsupport.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

using EwsTest::dataPath;
EwsSoapResponse load(const QString &name) { return EwsTest::loadResponse(name); }
EwsRequestContext context() { return EwsTest::impersonationContext(); }

} // namespace

class TestEwsOperations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dataFilesAreSchemaValid()
    {
        QStringList paths;
        for (const QString &f : {u"createitem-response.xml"_s, u"updateitem-conflict.xml"_s,
                                 u"syncfolderhierarchy-response.xml"_s, u"finditem-calendarview.xml"_s,
                                 u"subscribe-response.xml"_s, u"streaming-subscription-expired.xml"_s,
                                 u"findfolder-response.xml"_s}) {
            QVERIFY2(QFile::exists(dataPath(f)), qPrintable(f));
            paths << dataPath(f);
        }
        const QString errors = EwsTest::schemaErrors(paths);
        QVERIFY2(errors.isEmpty(), qPrintable(errors));
    }

    void createItemPartlyFails()
    {
        const auto out = EwsCreateItemRequest::parse(load(u"createitem-response.xml"_s), context());
        QVERIFY(out.ok());
        QCOMPARE(out->size(), 2);
        QVERIFY(out->at(0).ok());
        QCOMPARE(out->at(0).value->id, u"AAMkAGNewContact1AAA="_s);
        QCOMPARE(out->at(0).value->changeKey, u"EQAAABYAAABDnOdVvf2RQ6Hn8dG2n5KKAAAB7Xh1"_s);
        QVERIFY(!out->at(1).ok());
        const Error info = out->at(1).status.describe(context().account, context().impersonatedSmtp);
        QCOMPARE(info.code, Error::Code::Storage);
        QVERIFY(info.message.contains(u"anna.berg@contoso.example"_s));
    }

    void updateItemConflict()
    {
        const auto out = EwsUpdateItemRequest::parse(load(u"updateitem-conflict.xml"_s), context());
        QVERIFY(out.ok());
        QCOMPARE(out->size(), 2);
        QVERIFY(!out->at(0).ok());
        QCOMPARE(out->at(0).status.responseCode, u"ErrorIrresolvableConflict"_s);
        QVERIFY(out->at(0).status.describe().recovery == Error::Recovery::Refetch);
        QVERIFY(out->at(1).ok());
        QCOMPARE(out->at(1).value->changeKey, u"FwAAABYAAAAnew"_s);
        // The same file is not a DeleteItem answer.
        QVERIFY(!EwsDeleteItemRequest::parse(load(u"updateitem-conflict.xml"_s), context()).ok());
    }

    void syncFolderHierarchy()
    {
        const auto page = EwsSyncFolderHierarchyRequest::parse(load(u"syncfolderhierarchy-response.xml"_s), context());
        QVERIFY(page.ok());
        QCOMPARE(page->syncState, u"H4sIAAAAAAAEAGNgYGBkYGBgZGRkAAAAAP//AwBzOCgPEAAAAA=="_s);
        QVERIFY(page->includesLastFolder);
        QCOMPARE(page->changes.size(), 3);
        QCOMPARE(page->changes[0].type, MailboxChange::Type::Created);
        QCOMPARE(page->changes[0].folder.displayName, u"CRM Contacts"_s);
        QCOMPARE(page->changes[0].folder.folderClass, u"IPF.Contact"_s);
        QCOMPARE(page->changes[0].folder.elementName, u"ContactsFolder"_s);
        QCOMPARE(page->changes[0].folder.parentId, u"AAMkADk0FolderRoot="_s);
        QCOMPARE(page->changes[1].type, MailboxChange::Type::Updated);
        QCOMPARE(page->changes[2].type, MailboxChange::Type::Deleted);
        QCOMPARE(page->changes[2].folder.id, u"AAMkADk0FolderGone="_s);
    }

    void findCalendarView()
    {
        const auto events = EwsFindCalendarViewRequest::parse(load(u"finditem-calendarview.xml"_s), context());
        QVERIFY(events.ok());
        QCOMPARE(events->size(), 3);
        QCOMPARE(events->at(0).kind, MailboxEventKind::Occurrence);
        QCOMPARE(events->at(0).start, QDateTime(QDate(2026, 3, 2), QTime(8, 0), QTimeZone::utc()));
        QCOMPARE(events->at(1).kind, MailboxEventKind::Exception);
        QCOMPARE(events->at(1).subject, u"Weekly sync (moved)"_s);
        QCOMPARE(events->at(2).kind, MailboxEventKind::Single);
        QVERIFY(events->at(2).isAllDay);
    }

    void findAndCreateFolder()
    {
        const auto folders = EwsFindFolderRequest::parse(load(u"findfolder-response.xml"_s), context());
        QVERIFY(folders.ok());
        QCOMPARE(folders->size(), 1);
        QCOMPARE(folders->at(0).id, u"AAMkADk0FolderContacts="_s);
        QCOMPARE(folders->at(0).totalCount, 42);
        // A FindFolder answer is not a CreateFolder answer.
        QVERIFY(!EwsCreateFolderRequest::parse(load(u"findfolder-response.xml"_s), context()).ok());
    }

    void subscribe()
    {
        const auto sub = EwsSubscribeRequest::parse(load(u"subscribe-response.xml"_s), context());
        QVERIFY(sub.ok());
        QCOMPARE(sub->subscriptionId, u"JABldXIwMWIzMDEubmFtcHJkMDEucHJvZC5vdXRsb29rLmNvbRAAAAA="_s);
    }

    void streamingSubscriptionExpired()
    {
        const auto ev = EwsGetStreamingEventsRequest::parse(load(u"streaming-subscription-expired.xml"_s), context());
        QVERIFY(ev.ok()); // per-subscription errors are data, not a failed call
        QCOMPARE(ev->connectionStatus, u"Closed"_s);
        QCOMPARE(ev->errorSubscriptionIds,
                 QStringList{u"JABldXIwMWIzMDEubmFtcHJkMDEucHJvZC5vdXRsb29rLmNvbRAAAAA="_s});
        QCOMPARE(ev->statuses.size(), 1);
        QVERIFY(ev->statuses[0].isError());
        QCOMPARE(ev->statuses[0].responseCode, u"ErrorSubscriptionNotFound"_s);
        QVERIFY(ev->notifications.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEwsOperations)
#include "tst_ewsoperations.moc"
