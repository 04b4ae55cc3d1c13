// liaisonctl config add|set --check-crm: the mapping check needs a known CRM connection with a
// secret, and a refused check leaves the configuration unsaved. The success path runs the real
// liaison-sandbox over HTTPS: the connection's own authority and pinned certificate reach it.
#include "clitestutil.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace Liaison;
using namespace Liaison::TestSupport;

namespace {

QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

const QByteArray kSandboxSecret = "cli-check-S3cret~value";
const QString kSandboxClientId = QStringLiteral("0c4d2b7e-9a13-4f6e-8b25-3e7a1d9c5f40");   // its default

// liaison-sandbox over HTTPS on a free port; stopped with SIGTERM when the test ends.
class SandboxProcess
{
public:
    explicit SandboxProcess(const QString &certFile)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LIAISON_SANDBOX_CLIENT_SECRET"), QString::fromLatin1(kSandboxSecret));
        m_process.setProcessEnvironment(env);
        m_process.start(QStringLiteral(LIAISON_BIN_DIR "/liaison-sandbox"),
                        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls"),
                         QStringLiteral("--write-cert"), certFile});
        if (!m_process.waitForStarted(10000))
            return;
        while (!m_process.canReadLine() && m_process.state() == QProcess::Running)
            m_process.waitForReadyRead(20000);
        static const QRegularExpression ready(
            QStringLiteral("listening on (https://127\\.0\\.0\\.1:\\d+)/ .*token: /([^/]+)/oauth2"));
        const QRegularExpressionMatch m = ready.match(QString::fromUtf8(m_process.readLine()));
        if (m.hasMatch()) {
            m_base = m.captured(1);
            m_tenant = m.captured(2);
        }
    }
    ~SandboxProcess()
    {
        if (m_process.state() == QProcess::Running) {
            ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
            m_process.waitForFinished(20000);
        }
    }
    QString base() const { return m_base; }
    QString tenant() const { return m_tenant; }

private:
    QProcess m_process;
    QString m_base;
    QString m_tenant;
};

} // namespace

class TestCliCrmCheck : public QObject
{
    Q_OBJECT

    Cli m_cli;

    bool hasConfig(const QString &name)
    {
        const CliRun r = m_cli.run(words("--json config list"));
        for (const QJsonValue &v : r.array())
            if (v.toObject().value(QStringLiteral("name")).toString() == name)
                return true;
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CliRun r = m_cli.run(words("crm add --name Dyn --url https://contoso.crm.dynamics.com --tenant-id t "
                                         "--client-id 5b1b3f9e-2c4d-4e8a-9d61-0a7f3c2e1b90"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void unknownConnection()
    {
        const CliRun r = m_cli.run(words("config add --name Sales --map contacts:Surname=new_nickname --check-crm Nope"));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.oneErrorLine(), r.err.constData());
        QVERIFY(r.err.contains("Nope"));
        QVERIFY(!hasConfig(QStringLiteral("Sales")));
    }

    void connectionWithoutSecret()
    {
        const CliRun r = m_cli.run(words("config add --name Sales --check-crm Dyn"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.oneErrorLine(), r.err.constData());
        QVERIFY(r.err.contains("no client secret"));
        QVERIFY(!hasConfig(QStringLiteral("Sales")));
        // Without the option the configuration saves as before.
        QCOMPARE(m_cli.run(words("config add --name Sales")).exitCode, 0);
        QVERIFY(hasConfig(QStringLiteral("Sales")));
        const CliRun set = m_cli.run(words("config set Sales --map contacts:Surname=new_nickname --check-crm Dyn"));
        QCOMPARE(set.exitCode, 4);
    }

    // A connection whose sign-in authority and certificate are its own (a sovereign cloud, a
    // private one, here the sandbox): the check reads the real $metadata and passes or refuses.
    void checksAgainstTheSandboxMetadata()
    {
        const QString cert = m_cli.dir() + QStringLiteral("/sandbox.pem");
        SandboxProcess sandbox(cert);
        QVERIFY2(!sandbox.base().isEmpty(), "liaison-sandbox did not print its ready line");
        const QStringList add{QStringLiteral("crm"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Box"),
                              QStringLiteral("--url"), sandbox.base(), QStringLiteral("--tenant-id"), sandbox.tenant(),
                              QStringLiteral("--client-id"), kSandboxClientId, QStringLiteral("--authority"),
                              sandbox.base(), QStringLiteral("--secret-stdin")};
        const CliRun added = m_cli.run(add, kSandboxSecret + '\n');
        QVERIFY2(added.exitCode == 0, added.err.constData());

        // Not pinned yet: the self-signed certificate is refused, with the fix in the one line.
        const CliRun untrusted = m_cli.run(words("config add --name Pinless --map contacts:Surname=lastname --check-crm Box"));
        QVERIFY2(untrusted.exitCode != 0, untrusted.out.constData());
        QVERIFY2(untrusted.oneErrorLine(), untrusted.err.constData());
        QVERIFY2(untrusted.err.contains("certificate"), untrusted.err.constData());
        QVERIFY(!hasConfig(QStringLiteral("Pinless")));

        const CliRun pinned = m_cli.run({QStringLiteral("crm"), QStringLiteral("set"), QStringLiteral("Box"),
                                         QStringLiteral("--pin-cert"), cert});
        QVERIFY2(pinned.exitCode == 0, pinned.err.constData());
        const QJsonObject shown = m_cli.run(words("--json crm show Box")).object();
        QCOMPARE(shown.value(QStringLiteral("authority")).toString(), sandbox.base());
        QVERIFY(shown.value(QStringLiteral("pinnedCertificatePem")).toString().startsWith(
            QStringLiteral("-----BEGIN CERTIFICATE-----")));

        const CliRun good = m_cli.run(words("config add --name Checked --map contacts:Surname=lastname --check-crm Box"));
        QVERIFY2(good.exitCode == 0, good.err.constData());
        QVERIFY(hasConfig(QStringLiteral("Checked")));

        const CliRun bad = m_cli.run(words("config set Checked --map contacts:Surname=new_nickname --check-crm Box"));
        QCOMPARE(bad.exitCode, 4);
        QVERIFY2(bad.oneErrorLine(), bad.err.constData());
        QVERIFY2(bad.err.contains("new_nickname"), bad.err.constData());
        // The refused change was not saved: the mapping still points at lastname.
        const QJsonObject config = m_cli.run(words("--json config show Checked")).object();
        QVERIFY2(QJsonDocument(config).toJson().contains("\"lastname\""), QJsonDocument(config).toJson().constData());
        QVERIFY(!QJsonDocument(config).toJson().contains("new_nickname"));
    }
};

QTEST_GUILESS_MAIN(TestCliCrmCheck)
#include "testcli_crmcheck.moc"
