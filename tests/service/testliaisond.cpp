// liaisond started for real: it opens the store, reports who will sync, and stops on SIGTERM.
#include "store/adminstores.h"
#include "store/database.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Liaison;

class TestLiaisond : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QString binary() { return QStringLiteral(LIAISON_BIN_DIR "/liaisond"); }

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run run(const QStringList &args)
    {
        QProcess p;
        p.start(binary(), args);
        if (!p.waitForFinished(30000))
            return {};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void onceReportsAssignedMailboxes()
    {
        const QString file = m_dir.filePath(QStringLiteral("service.db"));
        {
            auto db = Database::open(file);
            QVERIFY(db.ok());
            ExchangeProfile profile;
            profile.name = QStringLiteral("On-prem");
            profile.ewsUrl = QStringLiteral("https://mail.contoso.com/EWS/Exchange.asmx");
            profile.serviceAccount = QStringLiteral("svc-liaison@contoso.com");
            QVERIFY(ExchangeProfileStore(*db.value()).add(profile).ok());
            const auto config = ConfigurationStore(*db.value()).add(SyncConfiguration::withDefaults(QStringLiteral("Sales")));
            QVERIFY(config.ok());
            User user;
            user.crmUserId = QStringLiteral("0f4a1c1e-0000-0000-0000-000000000001");
            user.exchangeAddress = QStringLiteral("alice@contoso.com");
            const auto userId = UserStore(*db.value()).add(user);
            QVERIFY(userId.ok());
            QVERIFY(AssignmentStore(*db.value()).assignUser(config.value(), userId.value()).ok());
        }
        const Run r = run({QStringLiteral("--db"), file, QStringLiteral("--once")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("1 mailbox(es) assigned to an active configuration")), qPrintable(r.out));
    }

    void unusableStoreIsOneLineError()
    {
        // A folder where the file should be: the store cannot open.
        const Run r = run({QStringLiteral("--db"), m_dir.path(), QStringLiteral("--once")});
        QCOMPARE(r.exitCode, 6);
        // The service log may say more; the last line is the one-line reason with its fix.
        const QString last = r.err.trimmed().split(QLatin1Char('\n')).constLast();
        QVERIFY2(last.startsWith(QStringLiteral("liaisond: cannot open the store")), qPrintable(r.err));
        QVERIFY2(last.contains(QStringLiteral("Fix: ")), qPrintable(r.err));
    }

    void stopsCleanlyOnSigterm()
    {
        QProcess p;
        p.start(binary(), {QStringLiteral("--db"), m_dir.filePath(QStringLiteral("running.db"))});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("liaisond: store"), 30000);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLiaisond)
#include "testliaisond.moc"
