#include "ui/mainwindow.h"

#include "store/database.h"
#include "ui/crmconnectionspage.h"
#include "ui/errorreportpage.h"
#include "ui/exchangeprofilespage.h"
#include "ui/keychainbanner.h"
#include "ui/syncconfigurationspage.h"
#include "ui/syncjournalfeed.h"
#include "ui/systemstatuspage.h"
#include "ui/usersassignmentspage.h"
#include "ui/userstatuspage.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

namespace Liaison {

namespace {

constexpr int kPageRole = Qt::UserRole + 1;

} // namespace

MainWindow::MainWindow(std::shared_ptr<Database> db, const Status &keychainStatus, QWidget *parent)
    : QMainWindow(parent)
    , m_db(std::move(db))
    , m_keychainBanner(new KeychainBanner(this))
    , m_navigationList(new QListWidget(this))
    , m_pagesStack(new QStackedWidget(this))
    , m_databasePathLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    const QString file = m_db->file();
    setWindowTitle(tr("Liaison — %1").arg(QFileInfo(file).fileName()));
    resize(1100, 700);

    m_navigationList->setObjectName(QStringLiteral("navigationList"));
    m_pagesStack->setObjectName(QStringLiteral("pagesStackedWidget"));
    m_databasePathLabel->setObjectName(QStringLiteral("databasePathLabel"));

    // Order matches enum Page.
    const Database &store = *m_db;
    m_pages = {new ExchangeProfilesPage(store, m_pagesStack), new CrmConnectionsPage(store, m_pagesStack),
               new SyncConfigurationsPage(store, m_pagesStack), new UsersAssignmentsPage(store, m_pagesStack),
               new SystemStatusPage(m_pagesStack), new UserStatusPage(m_pagesStack),
               new ErrorReportPage(m_pagesStack)};
    Q_ASSERT(m_pages.size() == kPageCount);
    for (TablePage *p : std::as_const(m_pages))
        m_pagesStack->addWidget(p);

    buildNavigation();
    buildMenus();

    auto *body = new QWidget(this);
    auto *bodyLayout = new QHBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(0);
    bodyLayout->addWidget(m_navigationList);
    bodyLayout->addWidget(m_pagesStack, 1);

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_keychainBanner);
    centralLayout->addWidget(body, 1);
    setCentralWidget(central);

    m_databasePathLabel->setText(tr("Database: %1").arg(QDir::toNativeSeparators(file)));
    m_databasePathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_databasePathLabel, 1);
    statusBar()->setSizeGripEnabled(false);

    setKeychainStatus(keychainStatus);
    reloadSyncJournal();
    showPage(Page::ExchangeProfiles);
}

MainWindow::~MainWindow() = default;

void MainWindow::addSection(const QString &title)
{
    auto *item = new QListWidgetItem(title.toUpper(), m_navigationList);
    item->setFlags(Qt::NoItemFlags);
    QFont font = m_navigationList->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    item->setFont(font);
    item->setSizeHint(QSize(0, 30));
    item->setForeground(m_navigationList->palette().color(QPalette::PlaceholderText));
}

void MainWindow::addPageItem(Page page, const QIcon &icon)
{
    auto *item = new QListWidgetItem(icon, m_pages.at(int(page))->title(), m_navigationList);
    item->setData(kPageRole, int(page));
    item->setSizeHint(QSize(0, 30));
}

void MainWindow::buildNavigation()
{
    m_navigationList->setFixedWidth(220);
    m_navigationList->setIconSize(QSize(16, 16));
    m_navigationList->setFrameShape(QFrame::NoFrame);
    m_navigationList->setSelectionMode(QAbstractItemView::SingleSelection);
    // A sidebar a shade darker than the pages, like most admin consoles.
    QPalette sidebar = m_navigationList->palette();
    sidebar.setColor(QPalette::Base, sidebar.color(QPalette::Window).darker(104));
    m_navigationList->setPalette(sidebar);

    QStyle *s = style();
    addSection(tr("Setup"));
    addPageItem(Page::ExchangeProfiles, s->standardIcon(QStyle::SP_DriveNetIcon));
    addPageItem(Page::CrmConnections, s->standardIcon(QStyle::SP_ComputerIcon));
    addPageItem(Page::SyncConfigurations, s->standardIcon(QStyle::SP_BrowserReload));
    addPageItem(Page::UsersAssignments, s->standardIcon(QStyle::SP_DirHomeIcon));
    addSection(tr("Monitoring"));
    addPageItem(Page::SystemStatus, s->standardIcon(QStyle::SP_MessageBoxInformation));
    addPageItem(Page::UserStatus, s->standardIcon(QStyle::SP_FileDialogDetailedView));
    addPageItem(Page::ErrorReport, s->standardIcon(QStyle::SP_MessageBoxWarning));

    connect(m_navigationList, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *current) {
        if (current && current->data(kPageRole).isValid())
            m_pagesStack->setCurrentIndex(current->data(kPageRole).toInt());
    });
}

void MainWindow::buildMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    connect(quit, &QAction::triggered, this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *refresh = viewMenu->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"));
    connect(refresh, &QAction::triggered, this, &MainWindow::reload);
    refresh->setObjectName(QStringLiteral("refreshAction"));
    refresh->setShortcut(QKeySequence::Refresh);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About Liaison"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Liaison"),
                           tr("<b>Liaison %1</b><p>Keeps Microsoft Exchange mailboxes and your CRM in sync.</p>")
                               .arg(QApplication::applicationVersion().toHtmlEscaped()));
    });
}

void MainWindow::showPage(Page page)
{
    for (int row = 0; row < m_navigationList->count(); ++row) {
        QListWidgetItem *item = m_navigationList->item(row);
        if (item->data(kPageRole).isValid() && item->data(kPageRole).toInt() == int(page)) {
            m_navigationList->setCurrentItem(item);
            break;
        }
    }
    m_pagesStack->setCurrentIndex(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pagesStack->currentIndex());
}

TablePage *MainWindow::page(Page page) const
{
    return m_pages.at(int(page));
}

SystemStatusPage *MainWindow::systemStatusPage() const
{
    return static_cast<SystemStatusPage *>(page(Page::SystemStatus));
}

UserStatusPage *MainWindow::userStatusPage() const
{
    return static_cast<UserStatusPage *>(page(Page::UserStatus));
}

ErrorReportPage *MainWindow::errorReportPage() const
{
    return static_cast<ErrorReportPage *>(page(Page::ErrorReport));
}

void MainWindow::setKeychainStatus(const Status &status)
{
    m_keychainBanner->setStatus(status);
}

void MainWindow::reload()
{
    for (TablePage *p : std::as_const(m_pages))
        p->reload();
    reloadSyncJournal();
}

void MainWindow::reloadSyncJournal()
{
    // The status pages keep whatever they were last fed when the journal cannot be read; the
    // admin pages already show store failures with their fix.
    const SyncJournalFeed feed(*m_db);
    if (Result<QList<UserStatusRow>> rows = feed.userStatus(); rows)
        userStatusPage()->setRows(rows.value());
    if (Result<QList<ErrorReportRow>> rows = feed.errorReport(); rows)
        errorReportPage()->setRows(rows.value());
}

} // namespace Liaison
