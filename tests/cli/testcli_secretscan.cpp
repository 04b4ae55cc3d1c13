// End-to-end: secrets given to liaisonctl reach the keychain and nowhere else — not the
// database (or its -wal/-shm), not stdout/stderr of any command, not the debug logs.
#include "clitestutil.h"

#include "../secrets/keyringsession.h"
#include "secrets/secretstorefactory.h"

#include <QDir>
#include <QFile>

using namespace Liaison;
using namespace Liaison::TestSupport;

namespace {

QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

const QByteArray kProfileSecret = QByteArrayLiteral("Pr0file-S3cret-7f3a9c");
const QByteArray kRotatedSecret = QByteArrayLiteral("Pr0file-ROTATED-19d2e8");
const QByteArray kCrmSecret = QByteArrayLiteral("Crm-S3cret-b81e44");

// The secret's bytes in the encodings a leak could take.
QList<QByteArray> forms(const QByteArray &secret)
{
    const QString text = QString::fromUtf8(secret);
    return {secret, QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2), secret.toBase64()};
}

} // namespace

class TestCliSecretScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretsOnlyInKeychain();

private:
    void verifyAbsent(const QByteArray &haystack, const QString &where);
};

void TestCliSecretScan::verifyAbsent(const QByteArray &haystack, const QString &where)
{
    for (const QByteArray &secret : {kProfileSecret, kRotatedSecret, kCrmSecret})
        for (const QByteArray &form : forms(secret))
            QVERIFY2(!haystack.contains(form), qPrintable(QStringLiteral("secret found in %1").arg(where)));
}

void TestCliSecretScan::secretsOnlyInKeychain()
{
    Cli cli;
    cli.env().insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("liaison.*=true"));
    cli.env().insert(QStringLiteral("QT_MESSAGE_PATTERN"), QStringLiteral("%{category}: %{message}"));

    // Successful writes through --secret-stdin.
    CliRun r = cli.run(words("--json profile add --name Scan --service-account svc@contoso.com --secret-stdin"),
                       kProfileSecret + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const qint64 profileId = r.object().value(QStringLiteral("id")).toInteger();
    r = cli.run(words("--json crm add --name ScanCrm --url https://contoso.crm.dynamics.com --tenant-id t --client-id c "
                      "--secret-stdin"),
                kCrmSecret);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const qint64 crmId = r.object().value(QStringLiteral("id")).toInteger();
    r = cli.run(words("profile set Scan --trace on --secret-stdin"), kRotatedSecret + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // Reads, in both output modes.
    r = cli.run(words("--json profile show Scan"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.object().value(QStringLiteral("hasSecret")).toBool(), true);
    r = cli.run(words("--json crm show ScanCrm"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.object().value(QStringLiteral("hasSecret")).toBool(), true);
    for (const char *command : {"--json profile list", "--json crm list", "profile list", "crm list",
                                "profile show Scan", "crm show ScanCrm"})
        QCOMPARE(cli.run(words(command)).exitCode, 0);

    // Failing commands, some of them handed a secret.
    QCOMPARE(cli.run(words("profile add --name Scan --service-account svc@contoso.com --secret-stdin"), kProfileSecret)
                 .exitCode,
             4);
    QCOMPARE(cli.run(words("profile add --name Other --kind pop3 --secret-stdin"), kProfileSecret).exitCode, 4);
    QCOMPARE(cli.run(QStringList{QStringLiteral("crm"), QStringLiteral("set"), QStringLiteral("ScanCrm"),
                                 QStringLiteral("--client-secret=") + QString::fromUtf8(kCrmSecret)})
                 .exitCode,
             2);
    QCOMPARE(cli.run(QStringList{QStringLiteral("profile"), QStringLiteral("set"), QStringLiteral("Scan"),
                                 QStringLiteral("--password"), QString::fromUtf8(kRotatedSecret)})
                 .exitCode,
             2);

    // The keychain holds them.
    std::unique_ptr<SecretStore> keychain = makeSystemSecretStore();
    ExchangeProfile profile;
    profile.id = profileId;
    CrmConnection connection;
    connection.id = crmId;
    Result<QByteArray> stored = keychain->read(profile.secretKey());
    QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().toString()));
    QCOMPARE(stored.value(), kRotatedSecret);
    stored = keychain->read(connection.secretKey());
    QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().toString()));
    QCOMPARE(stored.value(), kCrmSecret);

    // Debug logs were captured (so their absence of secrets means something).
    QVERIFY(cli.transcript().contains("liaison."));

    auto scanFiles = [&] {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
            QFile f(cli.db() + suffix);
            if (!f.exists())
                continue;
            QVERIFY(f.open(QIODevice::ReadOnly));
            verifyAbsent(f.readAll(), QFileInfo(f).fileName());
        }
    };
    scanFiles();
    verifyAbsent(cli.transcript(), QStringLiteral("command output or logs"));

    // Removing the objects removes their keychain entries.
    QCOMPARE(cli.run(words("profile remove Scan")).exitCode, 0);
    QCOMPARE(cli.run(words("crm remove ScanCrm")).exitCode, 0);
    stored = keychain->read(profile.secretKey());
    QVERIFY(!stored.ok());
    QCOMPARE(stored.error().code, Error::Code::NotFound);
    stored = keychain->read(connection.secretKey());
    QVERIFY(!stored.ok());
    QCOMPARE(stored.error().code, Error::Code::NotFound);
    scanFiles();
    verifyAbsent(cli.transcript(), QStringLiteral("command output or logs"));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // A private, unlocked keyring in its own D-Bus session (CI's setup), unless already in one.
    if (const int code = Liaison::TestSupport::runInPrivateKeyringSession(); code >= 0)
        return code;
    TestCliSecretScan test;
    return QTest::qExec(&test, argc, argv);
}

#include "testcli_secretscan.moc"
