// Without a reachable keychain every call must fail with Error::Keychain and the fix, and the
// secret must never land in a file (QtKeychain's QSettings fallback). Each scenario runs this
// binary again as a child whose session bus is unreachable and whose HOME/XDG dirs are a
// temporary folder, which is then scanned for the secret's bytes.
#include "secrets/keychainsecretstore.h"

#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <qt6keychain/keychain.h>

using namespace Liaison;

namespace {

constexpr char ChildModeVar[] = "LIAISON_SECRETS_NOKEYCHAIN_CHILD";
constexpr char CanaryVar[] = "LIAISON_SECRETS_CANARY";
const QString TestService = QStringLiteral("LiaisonNoKeychainTest");

// Child: try every store operation and print one line per result (never the secret itself).
int runStoreChild(const QByteArray &canary)
{
    KeychainSecretStore store(TestService, std::chrono::seconds(15));
    const QString key = QStringLiteral("liaison/test/no-keychain");
    const QByteArray longValue = canary.repeated(6000 / canary.size() + 1);

    auto print = [](const char *op, const Status &status) {
        const QString line = QString::fromLatin1(op) + u' '
            + (status.ok() ? QStringLiteral("ok") : Error::codeName(status.error().code) + u' ' + status.error().toString());
        fprintf(stdout, "%s\n", line.toUtf8().constData());
    };
    print("write", store.write(key, canary));
    print("write-long", store.write(key + QStringLiteral("-long"), longValue));
    const Result<QByteArray> read = store.read(key);
    print("read", read.ok() ? Status() : Status(read.error()));
    print("remove", store.remove(key));
    print("check", store.checkAvailable());
    fflush(stdout);
    return 0;
}

// Child: a single read against a bus that accepts the connection but never answers.
int runHungBusChild()
{
    KeychainSecretStore store(TestService, std::chrono::seconds(1));
    const Result<QByteArray> read = store.read(QStringLiteral("liaison/test/hung"));
    const QString line = read.ok() ? QStringLiteral("read ok") : QStringLiteral("read ") + Error::codeName(read.error().code)
            + u' ' + read.error().toString();
    fprintf(stdout, "%s\n", line.toUtf8().constData());
    fflush(stdout);
    return 0;
}

// Control child: what the store must never do, a raw QtKeychain write WITH the insecure
// fallback. Proves the scan below does find a plaintext secret when one is written.
int runInsecureControlChild(const QByteArray &canary)
{
    QKeychain::WritePasswordJob job(TestService);
    job.setAutoDelete(false);
    job.setInsecureFallback(true);
    job.setKey(QStringLiteral("liaison/test/control"));
    job.setBinaryData(canary);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    fprintf(stdout, "control %d\n", int(job.error()));
    return 0;
}

struct ChildRun
{
    QByteArray out;
    QByteArray err;
    bool ok = false;
};

// Runs this binary as a child without a reachable keychain, HOME and XDG dirs under `home`.
ChildRun runChild(const QString &mode, const QString &home, const QByteArray &canary, const QString &busAddress,
                  const QString &kdeVersion)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP",
                             "DESKTOP_SESSION", "KDE_SESSION_VERSION", "KDE_FULL_SESSION",
                             "GNOME_DESKTOP_SESSION_ID", "GNOME_KEYRING_CONTROL"})
        env.remove(QString::fromLatin1(name));
    if (!busAddress.isEmpty())
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), busAddress);
    if (!kdeVersion.isEmpty()) { // steers QtKeychain to its KWallet backend, home of the fallback
        env.insert(QStringLiteral("XDG_CURRENT_DESKTOP"), QStringLiteral("KDE"));
        env.insert(QStringLiteral("KDE_SESSION_VERSION"), kdeVersion);
    }
    env.insert(QStringLiteral("HOME"), home);
    for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        env.insert(QString::fromLatin1(name), home + u'/' + QString::fromLatin1(name).toLower());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home);
    env.insert(QString::fromLatin1(ChildModeVar), mode);
    env.insert(QString::fromLatin1(CanaryVar), QString::fromLatin1(canary));

    QProcess child;
    child.setProcessEnvironment(env);
    child.setWorkingDirectory(home);
    child.start(QCoreApplication::applicationFilePath(), {});
    ChildRun run;
    run.ok = child.waitForFinished(120000) && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0;
    run.out = child.readAllStandardOutput();
    run.err = child.readAllStandardError();
    return run;
}

// Files under `dir` holding the secret raw, base64, hex or UTF-16 encoded.
QStringList filesContaining(const QString &dir, const QByteArray &secret)
{
    const QString asText = QString::fromLatin1(secret);
    const QList<QByteArray> forms{secret, secret.toBase64(), secret.toHex(),
                                  QByteArray(reinterpret_cast<const char *>(asText.utf16()), asText.size() * 2)};
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue; // sockets and the like
        const QByteArray content = file.readAll();
        for (const QByteArray &form : forms) {
            if (content.contains(form)) {
                hits.append(file.fileName());
                break;
            }
        }
    }
    return hits;
}

QByteArray newCanary()
{
    return "liaison-canary-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

} // namespace

class TestSecretStoreNoKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failsClosedWithoutKeychain_data()
    {
        QTest::addColumn<QString>("busAddress"); // empty: variable unset
        QTest::addColumn<QString>("kdeVersion"); // empty: no KDE session
        const QString missingBus = QStringLiteral("unix:path=/nonexistent/liaison-bus");
        QTest::newRow("bus-socket-missing") << missingBus << QString();
        QTest::newRow("no-bus-variable") << QString() << QString();
        QTest::newRow("kde4-kwallet-backend") << missingBus << QStringLiteral("4");
        QTest::newRow("plasma5-desktop") << missingBus << QStringLiteral("5");
    }

    void failsClosedWithoutKeychain()
    {
        QFETCH(QString, busAddress);
        QFETCH(QString, kdeVersion);

        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QByteArray canary = newCanary();
        const ChildRun run = runChild(QStringLiteral("store"), home.path(), canary, busAddress, kdeVersion);
        QVERIFY2(run.ok, run.err.constData());

        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        for (const QByteArray &line : lines) {
            QVERIFY2(line.contains(" keychain No OS keychain is reachable"), line.constData());
            QVERIFY2(line.contains(". Fix: "), line.constData());
            QVERIFY2(line.contains("gnome-keyring-daemon --unlock") && line.contains("dbus-run-session"), line.constData());
        }
        QVERIFY(lines.at(0).startsWith("write ") && lines.at(0).contains("while storing"));
        QVERIFY(lines.at(2).startsWith("read "));
        QVERIFY(lines.at(4).startsWith("check "));
        QVERIFY(!run.out.contains(canary));
        QVERIFY(!run.err.contains(canary));

        const QStringList leaks = filesContaining(home.path(), canary);
        QVERIFY2(leaks.isEmpty(), qPrintable(QStringLiteral("secret written to ") + leaks.join(u' ')));
    }

    // A D-Bus that never answers must not hang the CLI: the store gives up after its timeout.
    void hungBusTimesOut()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QLocalServer silentBus; // listens, so connects succeed, but never speaks
        QVERIFY(silentBus.listen(home.filePath(QStringLiteral("silent-bus"))));
        const ChildRun run = runChild(QStringLiteral("hung"), home.path(), newCanary(),
                                      QStringLiteral("unix:path=") + silentBus.fullServerName(), QString());
        QVERIFY2(run.ok, run.err.constData());
        QVERIFY2(run.out.startsWith("read keychain The OS keychain"), run.out.constData());
        QVERIFY2(run.out.contains("did not answer within 1 s"), run.out.constData());
        QVERIFY(run.out.contains("Fix: "));
    }

    // The scan above must be able to fail: QtKeychain's own insecure fallback leaves a file it finds.
    void scanDetectsInsecureFallback()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QByteArray canary = newCanary();
        const ChildRun run = runChild(QStringLiteral("control"), home.path(), canary,
                                      QStringLiteral("unix:path=/nonexistent/liaison-bus"), QStringLiteral("4"));
        QVERIFY2(run.ok, run.err.constData());
        QCOMPARE(run.out.trimmed(), QByteArray("control 0")); // "stored" - in plaintext
        QVERIFY(!filesContaining(home.path(), canary).isEmpty());
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QByteArray mode = qgetenv(ChildModeVar);
    if (mode == "store")
        return runStoreChild(qgetenv(CanaryVar));
    if (mode == "hung")
        return runHungBusChild();
    if (mode == "control")
        return runInsecureControlChild(qgetenv(CanaryVar));
    TestSecretStoreNoKeychain test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstorenokeychain.moc"
