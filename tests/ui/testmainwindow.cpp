#include "store/adminstores.h"
#include "store/database.h"
#include "store/syncstores.h"
#include "ui/crmconnectionspage.h"
#include "ui/emptystatewidget.h"
#include "ui/errorreportpage.h"
#include "ui/exchangeprofilespage.h"
#include "ui/keychainbanner.h"
#include "ui/mainwindow.h"
#include "ui/syncconfigurationspage.h"
#include "ui/systemstatuspage.h"
#include "ui/usersassignmentspage.h"
#include "ui/userstatuspage.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QStatusBar>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Liaison;
using Page = MainWindow::Page;

namespace {

// Screenshot file names, indexed by Page.
const char *const kPageFiles[] = {"exchange-profiles", "crm-connections", "sync-configurations",
                                  "users-assignments", "system-status",   "user-status",
                                  "error-report"};

QString screenshotDir()
{
    return QStringLiteral(LIAISON_TEST_OUTPUT_DIR "/screenshots");
}

template<typename T>
T check(Result<T> result)
{
    if (!result)
        qFatal("seeding failed: %s", qPrintable(result.error().toString()));
    return std::move(result).value();
}

} // namespace

// Drives the real console window over a real SQLite file, the way an admin would: click a page in
// the navigation list, read the table.
class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    qint64 m_salesId = 0;

    std::shared_ptr<Database> openDb(const QString &name)
    {
        return check(Database::open(m_dir.filePath(name)));
    }

    void seed(const Database &db)
    {
        ExchangeProfile onPrem;
        onPrem.name = QStringLiteral("Contoso on-premises");
        onPrem.ewsUrl = QStringLiteral("https://mail.contoso.com/EWS/Exchange.asmx");
        onPrem.autodiscover = false;
        onPrem.auth = ExchangeAuth::Ntlm;
        onPrem.serviceAccount = QStringLiteral("CONTOSO\\svc-liaison");
        onPrem.isDefault = true;
        const qint64 onPremId = check(ExchangeProfileStore(db).add(onPrem));
        QVERIFY(ExchangeProfileStore(db).setHasSecret(onPremId, true).ok());

        ExchangeProfile branch;
        branch.name = QStringLiteral("Fabrikam branch");
        branch.auth = ExchangeAuth::Basic;
        branch.serviceAccount = QStringLiteral("svcacct@fabrikam.com");
        branch.impersonation = false;
        const qint64 branchId = check(ExchangeProfileStore(db).add(branch));

        CrmConnection crm;
        crm.name = QStringLiteral("Contoso CRM");
        crm.url = QStringLiteral("https://contoso.crm.dynamics.com");
        crm.tenantId = QStringLiteral("2f6c7b1e-0000-4000-8000-000000000001");
        crm.clientId = QStringLiteral("8a1d2c3b-0000-4000-8000-000000000002");
        check(CrmConnectionStore(db).add(crm));
        CrmConnection gov = crm;   // a sovereign cloud behind a TLS-inspecting proxy
        gov.name = QStringLiteral("Contoso Gov");
        gov.url = QStringLiteral("https://contoso.crm9.dynamics.com");
        gov.authority = QStringLiteral("https://login.microsoftonline.us");
        gov.pinnedCertificatePem = QByteArrayLiteral("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        check(CrmConnectionStore(db).add(gov));

        SyncConfiguration sales = SyncConfiguration::withDefaults(QStringLiteral("Sales Europe"));
        sales.description = QStringLiteral("Sync settings for sales reps in Europe");
        sales.objects[ObjectType::Tasks].direction = SyncDirection::Off;
        sales.eventWindowDays = 60;
        m_salesId = check(ConfigurationStore(db).add(sales));

        SyncConfiguration support = SyncConfiguration::withDefaults(QStringLiteral("Support"));
        support.active = false;
        support.eventWindow = EventWindow::Today;
        const qint64 supportId = check(ConfigurationStore(db).add(support));

        User celia;
        celia.crmUserId = QStringLiteral("0b1e0000-0000-4000-8000-0000000000c1");
        celia.exchangeAddress = QStringLiteral("celia.kung@contoso.com");
        celia.displayName = QStringLiteral("Celia Kung");
        celia.crmSecurityProfile = QStringLiteral("Salesperson");
        const qint64 celiaId = check(UserStore(db).add(celia));

        User johannes;
        johannes.crmUserId = QStringLiteral("0b1e0000-0000-4000-8000-0000000000c2");
        johannes.exchangeAddress = QStringLiteral("johannes.kienzle@contoso.com");
        johannes.displayName = QStringLiteral("Johannes Kienzle");
        johannes.crmSecurityProfile = QStringLiteral("Salesperson");
        johannes.exchangeProfileId = branchId;
        check(UserStore(db).add(johannes));

        User gordon;
        gordon.crmUserId = QStringLiteral("0b1e0000-0000-4000-8000-0000000000c3");
        gordon.exchangeAddress = QStringLiteral("gordon.nodrog@contoso.com");
        gordon.displayName = QStringLiteral("Gordon Nodrog");
        gordon.crmSecurityProfile = QStringLiteral("Marketing");
        check(UserStore(db).add(gordon));

        // Celia individually; Johannes through his security profile; Gordon nowhere.
        check(AssignmentStore(db).assignUser(m_salesId, celiaId));
        check(AssignmentStore(db).assignProfile(supportId, QStringLiteral("Salesperson")));
    }

    static void clickPage(MainWindow &window, Page page)
    {
        auto *list = window.findChild<QListWidget *>(QStringLiteral("navigationList"));
        QVERIFY(list);
        const QString title = window.page(page)->title();
        const auto items = list->findItems(title, Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        const QRect rect = list->visualItemRect(items.first());
        QVERIFY(!rect.isEmpty());
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        QTRY_COMPARE(int(window.currentPage()), int(page));
        QVERIFY(window.page(page)->isVisible());
    }

    // Every column on screen: no part of the table hides behind a horizontal scroll bar.
    static bool fitsTheViewport(const QTableView *view)
    {
        return view->horizontalHeader()->length() <= view->viewport()->width();
    }

    static QStringList rowWith(const QTableView *view, const QString &firstCell)
    {
        const QAbstractItemModel *model = view->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data().toString() == firstCell) {
                QStringList cells;
                for (int column = 0; column < model->columnCount(); ++column)
                    cells << model->index(row, column).data().toString();
                return cells;
            }
        }
        return {};
    }

    static QStringList headers(const QTableView *view)
    {
        QStringList out;
        for (int column = 0; column < view->model()->columnCount(); ++column)
            out << view->model()->headerData(column, Qt::Horizontal).toString();
        return out;
    }

    static void save(QWidget *widget, const QString &name)
    {
        QVERIFY(QDir().mkpath(screenshotDir()));
        const QString file = screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png");
        QVERIFY2(widget->grab().save(file), qPrintable(file));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(screenshotDir()));
    }

    void seededStoreShowsEveryPage()
    {
        auto db = openDb(QStringLiteral("seeded.db"));
        seed(*db);
        if (QTest::currentTestFailed())
            return;

        MainWindow window(db, Status{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QStringLiteral("Liaison — seeded.db"));
        QCOMPARE(window.size(), QSize(1100, 700));
        auto *pathLabel = window.statusBar()->findChild<QLabel *>(QStringLiteral("databasePathLabel"));
        QVERIFY(pathLabel);
        QVERIFY2(pathLabel->text().contains(QDir::toNativeSeparators(db->file())), qPrintable(pathLabel->text()));
        QVERIFY(window.findChild<KeychainBanner *>()->isHidden());

        // Exchange profiles.
        clickPage(window, Page::ExchangeProfiles);
        const QTableView *profiles = window.page(Page::ExchangeProfiles)->tableView();
        QVERIFY(!window.page(Page::ExchangeProfiles)->showsEmptyState());
        QCOMPARE(headers(profiles).mid(0, 7),
                 (QStringList{QStringLiteral("Name"), QStringLiteral("Kind"), QStringLiteral("Server"),
                              QStringLiteral("Authentication"), QStringLiteral("Service account"),
                              QStringLiteral("Impersonation"), QStringLiteral("Default")}));
        QCOMPARE(profiles->model()->rowCount(), 2);
        const QStringList onPrem = rowWith(profiles, QStringLiteral("Contoso on-premises"));
        QCOMPARE(onPrem.value(ExchangeProfilesPage::Server), QStringLiteral("https://mail.contoso.com/EWS/Exchange.asmx"));
        QCOMPARE(onPrem.value(ExchangeProfilesPage::Authentication), QStringLiteral("NTLM"));
        QCOMPARE(onPrem.value(ExchangeProfilesPage::ServiceAccount), QStringLiteral("CONTOSO\\svc-liaison"));
        QCOMPARE(onPrem.value(ExchangeProfilesPage::Impersonation), QStringLiteral("Yes"));
        QCOMPARE(onPrem.value(ExchangeProfilesPage::Default), QStringLiteral("Default"));
        QCOMPARE(onPrem.value(ExchangeProfilesPage::Secret), QStringLiteral("Stored"));
        const QStringList branch = rowWith(profiles, QStringLiteral("Fabrikam branch"));
        QCOMPARE(branch.value(ExchangeProfilesPage::Kind), QStringLiteral("EWS"));
        QCOMPARE(branch.value(ExchangeProfilesPage::Server), QStringLiteral("Autodiscover"));
        QCOMPARE(branch.value(ExchangeProfilesPage::Impersonation), QStringLiteral("No"));
        QCOMPARE(branch.value(ExchangeProfilesPage::Default), QString());
        QCOMPARE(branch.value(ExchangeProfilesPage::Secret), QStringLiteral("Missing"));
        save(window.page(Page::ExchangeProfiles), QString::fromLatin1(kPageFiles[int(Page::ExchangeProfiles)]));

        // CRM connections.
        clickPage(window, Page::CrmConnections);
        const QTableView *crm = window.page(Page::CrmConnections)->tableView();
        QCOMPARE(crm->model()->rowCount(), 2);
        const QStringList contoso = rowWith(crm, QStringLiteral("Contoso CRM"));
        QCOMPARE(contoso.value(CrmConnectionsPage::Url), QStringLiteral("https://contoso.crm.dynamics.com"));
        QCOMPARE(contoso.value(CrmConnectionsPage::SignIn), QStringLiteral("Entra ID (global)"));
        QCOMPARE(contoso.value(CrmConnectionsPage::Certificate), QStringLiteral("System CAs"));
        const QStringList government = rowWith(crm, QStringLiteral("Contoso Gov"));
        QCOMPARE(government.value(CrmConnectionsPage::SignIn), QStringLiteral("login.microsoftonline.us"));
        QCOMPARE(government.value(CrmConnectionsPage::Certificate), QStringLiteral("Pinned"));
        save(window.page(Page::CrmConnections), QString::fromLatin1(kPageFiles[int(Page::CrmConnections)]));

        // Sync configurations.
        clickPage(window, Page::SyncConfigurations);
        const QTableView *configs = window.page(Page::SyncConfigurations)->tableView();
        QCOMPARE(configs->model()->rowCount(), 2);
        const QStringList sales = rowWith(configs, QStringLiteral("Sales Europe"));
        QCOMPARE(sales.value(SyncConfigurationsPage::Active), QStringLiteral("Yes"));
        QCOMPARE(sales.value(SyncConfigurationsPage::Contacts), QStringLiteral("Both ways"));
        QCOMPARE(sales.value(SyncConfigurationsPage::Tasks), QStringLiteral("Off"));
        QCOMPARE(sales.value(SyncConfigurationsPage::Emails), QStringLiteral("Exchange → CRM"));
        QCOMPARE(sales.value(SyncConfigurationsPage::EventWindowColumn), QStringLiteral("Last 60 days"));
        QCOMPARE(sales.value(SyncConfigurationsPage::Users), QStringLiteral("1"));
        const QStringList support = rowWith(configs, QStringLiteral("Support"));
        QCOMPARE(support.value(SyncConfigurationsPage::Active), QStringLiteral("No"));
        QCOMPARE(support.value(SyncConfigurationsPage::EventWindowColumn), QStringLiteral("From today"));
        QCOMPARE(support.value(SyncConfigurationsPage::Users), QStringLiteral("1"));
        save(window.page(Page::SyncConfigurations), QString::fromLatin1(kPageFiles[int(Page::SyncConfigurations)]));

        // Users & assignments.
        clickPage(window, Page::UsersAssignments);
        auto *usersPage = static_cast<UsersAssignmentsPage *>(window.page(Page::UsersAssignments));
        const QTableView *users = usersPage->tableView();
        QCOMPARE(users->model()->rowCount(), 3);
        const QStringList celia = rowWith(users, QStringLiteral("celia.kung@contoso.com"));
        QCOMPARE(celia.value(UsersAssignmentsPage::Name), QStringLiteral("Celia Kung"));
        QCOMPARE(celia.value(UsersAssignmentsPage::SecurityProfile), QStringLiteral("Salesperson"));
        QCOMPARE(celia.value(UsersAssignmentsPage::ExchangeProfileColumn), QStringLiteral("Default (Contoso on-premises)"));
        // The individual assignment wins over her security profile's.
        QCOMPARE(celia.value(UsersAssignmentsPage::Configuration), QStringLiteral("Sales Europe"));
        const QStringList johannes = rowWith(users, QStringLiteral("johannes.kienzle@contoso.com"));
        QCOMPARE(johannes.value(UsersAssignmentsPage::ExchangeProfileColumn), QStringLiteral("Fabrikam branch"));
        QCOMPARE(johannes.value(UsersAssignmentsPage::Configuration),
                 QStringLiteral("Support (via profile Salesperson) — inactive"));
        const QStringList gordon = rowWith(users, QStringLiteral("gordon.nodrog@contoso.com"));
        QCOMPARE(gordon.value(UsersAssignmentsPage::CrmUserId), QStringLiteral("0b1e0000-0000-4000-8000-0000000000c3"));
        QCOMPARE(gordon.value(UsersAssignmentsPage::Configuration), QStringLiteral("Not assigned"));
        QVERIFY2(usersPage->profileAssignmentsText().contains(QStringLiteral("Salesperson → Support")),
                 qPrintable(usersPage->profileAssignmentsText()));
        save(usersPage, QString::fromLatin1(kPageFiles[int(Page::UsersAssignments)]));
        save(&window, QStringLiteral("console"));

        // Monitoring pages: nothing has synced yet.
        for (Page page : {Page::SystemStatus, Page::UserStatus, Page::ErrorReport}) {
            clickPage(window, page);
            TablePage *p = window.page(page);
            QVERIFY(p->showsEmptyState());
            QCOMPARE(p->emptyState()->title(), QStringLiteral("No sync has run yet"));
            QVERIFY(p->emptyState()->isVisible());
            save(p, QString::fromLatin1(kPageFiles[int(page)]));
        }
        QCOMPARE(headers(window.page(Page::SystemStatus)->tableView()),
                 (QStringList{QStringLiteral("Component"), QStringLiteral("Status"), QStringLiteral("Detail"),
                              QStringLiteral("Last checked")}));
        QCOMPARE(headers(window.page(Page::UserStatus)->tableView()),
                 (QStringList{QStringLiteral("User"), QStringLiteral("Object"), QStringLiteral("Direction"),
                              QStringLiteral("Status"), QStringLiteral("Last sync"), QStringLiteral("Items"),
                              QStringLiteral("Message")}));
        QCOMPARE(headers(window.page(Page::ErrorReport)->tableView()),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("User"), QStringLiteral("Object"),
                              QStringLiteral("Error"), QStringLiteral("Suggested fix")}));
    }

    void statusPagesShowFedRows()
    {
        auto db = openDb(QStringLiteral("status.db"));
        MainWindow window(db, Status{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QDateTime when = QDateTime::currentDateTimeUtc().addSecs(-180);

        window.systemStatusPage()->setRows(
            {{QStringLiteral("Exchange service account"), QStringLiteral("Recognised"), Tone::Ok,
              QStringLiteral("CONTOSO\\svc-liaison can impersonate 3 mailboxes"), when},
             {QStringLiteral("Users in active configurations"), QStringLiteral("2 of 3"), Tone::Warning,
              QStringLiteral("gordon.nodrog@contoso.com is not in an active configuration"), when},
             {QStringLiteral("Contacts sync"), QStringLiteral("3 minutes ago"), Tone::Ok,
              QStringLiteral("41 records in the last 60 minutes"), when}});
        window.userStatusPage()->setRows(
            {{QStringLiteral("celia.kung@contoso.com"), QStringLiteral("Contacts"), QStringLiteral("Exchange → CRM"),
              QStringLiteral("In sync"), Tone::Ok, when, 128, {}},
             {QStringLiteral("celia.kung@contoso.com"), QStringLiteral("Events"), QStringLiteral("CRM → Exchange"),
              QStringLiteral("Initial sync in progress"), Tone::Neutral, when, 12, {}},
             {QStringLiteral("johannes.kienzle@contoso.com"), QStringLiteral("Contacts"),
              QStringLiteral("Exchange → CRM"), QStringLiteral("Failed"), Tone::Error, when, 0,
              QStringLiteral("Folder 'CRM Contacts' not found")}});
        window.errorReportPage()->setRows(
            {{when, QStringLiteral("johannes.kienzle@contoso.com"), QStringLiteral("Contacts"),
              QStringLiteral("ErrorImpersonateUserDenied: the service account may not impersonate this mailbox"),
              QStringLiteral("Add the mailbox to the ApplicationImpersonation management scope")}});

        for (Page page : {Page::SystemStatus, Page::UserStatus, Page::ErrorReport}) {
            clickPage(window, page);
            QVERIFY(!window.page(page)->showsEmptyState());
            QVERIFY(window.page(page)->tableView()->isVisible());
            QTRY_VERIFY(fitsTheViewport(window.page(page)->tableView()));
            save(window.page(page), QString::fromLatin1(kPageFiles[int(page)]) + QStringLiteral("-example"));
        }
        const QTableView *userStatus = window.userStatusPage()->tableView();
        QCOMPARE(userStatus->model()->rowCount(), 3);
        const QStringList failed = rowWith(userStatus, QStringLiteral("johannes.kienzle@contoso.com"));
        QCOMPARE(failed.value(UserStatusPage::StatusColumn), QStringLiteral("Failed"));
        QCOMPARE(failed.value(UserStatusPage::Items), QStringLiteral("0"));
        QCOMPARE(failed.value(UserStatusPage::Message), QStringLiteral("Folder 'CRM Contacts' not found"));
        QCOMPARE(window.errorReportPage()->tableView()->model()->index(0, ErrorReportPage::SuggestedFix).data().toString(),
                 QStringLiteral("Add the mailbox to the ApplicationImpersonation management scope"));
        QVERIFY(!window.errorReportPage()->tableView()->model()->index(0, ErrorReportPage::Time).data().toString().isEmpty());

        // More rows than the page is high: the vertical scroll bar comes in and the columns
        // fit the narrower viewport again.
        QList<ErrorReportRow> many;
        for (int i = 0; i < 60; ++i)
            many.append({when.addSecs(-i), QStringLiteral("user%1@contoso.com").arg(i), QStringLiteral("Contacts"),
                         QStringLiteral("ErrorServerBusy: the server is too busy"),
                         QStringLiteral("Nothing to do: Liaison retries after the back-off")});
        window.errorReportPage()->setRows(many);
        const QTableView *errors = window.errorReportPage()->tableView();
        QTRY_VERIFY(errors->verticalScrollBar()->isVisible());
        QTRY_VERIFY2(fitsTheViewport(errors), qPrintable(QStringLiteral("%1 > %2").arg(
                                                   errors->horizontalHeader()->length()).arg(errors->viewport()->width())));

        // Feeding nothing again brings the empty state back.
        window.errorReportPage()->setRows({});
        QVERIFY(window.errorReportPage()->showsEmptyState());
    }

    void statusPagesReadTheSyncJournal()
    {
        auto db = openDb(QStringLiteral("journal.db"));
        seed(*db);
        const User celia = check(UserStore(*db).findByAddress(QStringLiteral("celia.kung@contoso.com")));
        SyncStatusRow status;
        status.userId = celia.id;
        status.objectType = ObjectType::Contacts;
        status.direction = SyncDirection::ExchangeToCrm;
        status.state = QStringLiteral("in-sync");
        status.lastSuccessAt = QDateTime::currentDateTimeUtc();
        status.itemsSynced = 42;
        QVERIFY(StatusStore(*db).set(status).ok());
        QVERIFY(ErrorLogStore(*db)
                    .append(ErrorLogEntry::fromError(
                        Error::conflict(QStringLiteral("the contacts folder 'CRM Contacts' is missing"),
                                        QStringLiteral("reset sync for this user")),
                        celia.id, celia.exchangeAddress, ObjectType::Contacts))
                    .ok());

        MainWindow window(db, Status{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        clickPage(window, Page::UserStatus);
        const QStringList row = rowWith(window.userStatusPage()->tableView(), QStringLiteral("celia.kung@contoso.com"));
        QCOMPARE(row.value(UserStatusPage::StatusColumn), QStringLiteral("In sync"));
        QCOMPARE(row.value(UserStatusPage::Items), QStringLiteral("42"));
        clickPage(window, Page::ErrorReport);
        const QAbstractItemModel *errors = window.errorReportPage()->tableView()->model();
        QCOMPARE(errors->rowCount(), 1);
        QCOMPARE(errors->index(0, ErrorReportPage::UserColumn).data().toString(), QStringLiteral("celia.kung@contoso.com"));
        QCOMPARE(errors->index(0, ErrorReportPage::SuggestedFix).data().toString(), QStringLiteral("reset sync for this user"));
        save(window.page(Page::ErrorReport), QStringLiteral("error-report-journal"));
    }

    void emptyStoreShowsWhatToDoNext()
    {
        auto db = openDb(QStringLiteral("empty.db"));
        MainWindow window(db, Status{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QList<std::pair<Page, QString>> expected = {
            {Page::ExchangeProfiles, QStringLiteral("No Exchange profiles yet")},
            {Page::CrmConnections, QStringLiteral("No CRM connections yet")},
            {Page::SyncConfigurations, QStringLiteral("No sync configurations yet")},
            {Page::UsersAssignments, QStringLiteral("No users yet")},
            {Page::SystemStatus, QStringLiteral("No sync has run yet")},
            {Page::UserStatus, QStringLiteral("No sync has run yet")},
            {Page::ErrorReport, QStringLiteral("No sync has run yet")},
        };
        for (const auto &[page, title] : expected) {
            clickPage(window, page);
            TablePage *p = window.page(page);
            QVERIFY2(p->showsEmptyState(), qPrintable(p->title()));
            QVERIFY(p->emptyState()->isVisible());
            QCOMPARE(p->emptyState()->title(), title);
            QVERIFY2(!p->emptyState()->hint().isEmpty(), qPrintable(title));
            QCOMPARE(p->tableView()->model()->rowCount(), 0);
        }
        QVERIFY(window.page(Page::ExchangeProfiles)->emptyState()->hint().contains(QStringLiteral("liaisonctl profile add")));
        QVERIFY(window.page(Page::UsersAssignments)->emptyState()->hint().contains(QStringLiteral("liaisonctl user add")));
        window.showPage(Page::ExchangeProfiles);
        save(window.page(Page::ExchangeProfiles), QStringLiteral("empty-exchange-profiles"));

        // Refresh picks up what liaisonctl added meanwhile.
        ExchangeProfile profile;
        profile.name = QStringLiteral("Added later");
        profile.serviceAccount = QStringLiteral("svc@contoso.com");
        check(ExchangeProfileStore(*db).add(profile));
        auto *refresh = window.findChild<QAction *>(QStringLiteral("refreshAction"));
        QVERIFY(refresh);
        refresh->trigger();
        QVERIFY(!window.page(Page::ExchangeProfiles)->showsEmptyState());
        QCOMPARE(window.page(Page::ExchangeProfiles)->tableView()->model()->rowCount(), 1);
        QCOMPARE(window.page(Page::ExchangeProfiles)->tableView()->model()->index(0, ExchangeProfilesPage::Default).data().toString(),
                 QStringLiteral("Default"));
    }

    void keychainBannerShowsTheFix()
    {
        auto db = openDb(QStringLiteral("banner.db"));
        seed(*db);
        if (QTest::currentTestFailed())
            return;
        const Status unavailable = Error::keychain(
            QStringLiteral("No OS keychain is reachable (org.freedesktop.secrets is not provided)"),
            QStringLiteral("start gnome-keyring-daemon or KWallet in this session, then restart Liaison"));
        MainWindow window(db, unavailable);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *banner = window.findChild<KeychainBanner *>(QStringLiteral("keychainBanner"));
        QVERIFY(banner);
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->message().contains(QStringLiteral("Keychain unavailable")), qPrintable(banner->message()));
        QVERIFY2(banner->message().contains(QStringLiteral("org.freedesktop.secrets is not provided")),
                 qPrintable(banner->message()));
        QVERIFY2(banner->message().contains(QStringLiteral("Fix: start gnome-keyring-daemon")),
                 qPrintable(banner->message()));
        // Above the pages, across the whole width.
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigationList"));
        QVERIFY(banner->mapTo(&window, QPoint(0, 0)).y() < navigation->mapTo(&window, QPoint(0, 0)).y());
        QVERIFY(banner->width() >= navigation->width() + window.page(Page::ExchangeProfiles)->width());
        save(&window, QStringLiteral("console-keychain-warning"));

        window.setKeychainStatus(Status{});
        QVERIFY(banner->isHidden());
    }
};

QTEST_MAIN(TestMainWindow)
#include "testmainwindow.moc"
