#pragma once

#include "common/result.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace Liaison {

class Database;
class ErrorReportPage;
class KeychainBanner;
class SystemStatusPage;
class TablePage;
class UserStatusPage;

// The console: a navigation list on the left, one page per admin task on the right, the keychain
// warning on top and the database file in the status bar. Reads only the local store.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // In navigation order.
    enum class Page {
        ExchangeProfiles,
        CrmConnections,
        SyncConfigurations,
        UsersAssignments,
        SystemStatus,
        UserStatus,
        ErrorReport,
    };
    static constexpr int kPageCount = 7;

    // keychainStatus is SecretStore::checkAvailable() as the app found it at start-up.
    MainWindow(std::shared_ptr<Database> db, const Status &keychainStatus, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    TablePage *page(Page page) const;

    // The monitoring pages, for whoever feeds them sync status.
    SystemStatusPage *systemStatusPage() const;
    UserStatusPage *userStatusPage() const;
    ErrorReportPage *errorReportPage() const;

    void setKeychainStatus(const Status &status);

public Q_SLOTS:
    // Re-reads every page that comes from the store (F5).
    void reload();

private:
    void reloadSyncJournal();
    void buildNavigation();
    void buildMenus();
    void addSection(const QString &title);
    void addPageItem(Page page, const QIcon &icon);

    std::shared_ptr<Database> m_db;
    KeychainBanner *m_keychainBanner;
    QListWidget *m_navigationList;
    QStackedWidget *m_pagesStack;
    QLabel *m_databasePathLabel;
    QList<TablePage *> m_pages;   // indexed by Page
};

} // namespace Liaison
