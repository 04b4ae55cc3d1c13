#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// Runs the real `liaison` binary for what it does without a window: options and a failed open.
class TestLiaisonApp : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run run(const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(LIAISON_BIN_DIR "/liaison"), arguments);
        Run result;
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
        result.err = QString::fromLocal8Bit(process.readAllStandardError());
        return result;
    }

private Q_SLOTS:
    void version()
    {
        const Run r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("liaison")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\\d+\\.\\d+\\.\\d+"))), qPrintable(r.out));
    }

    void help()
    {
        const Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("--db <file>")), qPrintable(r.out));
    }

    void unopenableDatabaseExitsNonZeroWithOneLine()
    {
        // /proc refuses new folders even for root, so the store cannot create the file.
        const Run r = run({QStringLiteral("--db"), QStringLiteral("/proc/liaison-no-such-dir/liaison.db")});
        QVERIFY2(r.exitCode > 0, qPrintable(QString::number(r.exitCode)));
        // Qt itself may warn on stderr (e.g. about XDG_RUNTIME_DIR); ours is one "liaison: " line.
        const QStringList ours = r.err.split(QLatin1Char('\n')).filter(QRegularExpression(QStringLiteral("^liaison: ")));
        QVERIFY2(ours.size() == 1, qPrintable(r.err));
        QVERIFY2(ours.first().size() > 12, qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestLiaisonApp)
#include "testliaisonapp.moc"
