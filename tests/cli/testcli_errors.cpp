// Every bad input: a distinct non-zero exit code, one line on stderr, and nothing changed.
#include "clitestutil.h"

#include <QDir>

using namespace Liaison;
using namespace Liaison::TestSupport;

namespace {

QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestCliErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void badInput_data();
    void badInput();
    void secretArgumentsRefused_data();
    void secretArgumentsRefused();
    void emptySecretOnStdin();
    void keychainUnavailable();
    void storageFailure();

private:
    void expectFailure(const CliRun &r, int code, const QByteArray &mention);
    Cli m_cli;
};

void TestCliErrors::initTestCase()
{
    // A small model the failing commands run against.
    const char *setup[] = {
        "profile add --name OnPrem --service-account svc@contoso.com",
        "crm add --name Dyn --url https://contoso.crm.dynamics.com --tenant-id t --client-id c",
        "config add --name Sales",
        "user add --crm-user-id u1 --email ann@contoso.com --security-profile Sales --exchange-profile OnPrem",
        "assignment add --config Sales --user ann@contoso.com",
    };
    for (const char *command : setup) {
        const CliRun r = m_cli.run(words(command));
        QVERIFY2(r.exitCode == 0, qPrintable(QString::fromUtf8(command) + QStringLiteral(": ") + QString::fromUtf8(r.err)));
    }
}

void TestCliErrors::expectFailure(const CliRun &r, int code, const QByteArray &mention)
{
    QVERIFY2(r.exitCode == code, qPrintable(QStringLiteral("exit %1, stderr: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
    QVERIFY2(r.oneErrorLine(), r.err.constData());
    QVERIFY2(r.err.contains(mention), r.err.constData());
    QVERIFY2(r.out.isEmpty(), r.out.constData());
}

void TestCliErrors::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("mention");

    auto row = [](const char *name, const char *args, int code, const char *mention) {
        QTest::newRow(name) << words(args) << code << QByteArray(mention);
    };
    // usage (2)
    row("no object", "--json", 2, "no object");
    row("unknown object", "widget list", 2, "unknown object 'widget'");
    row("unknown verb", "profile frobnicate", 2, "unknown verb 'frobnicate'");
    row("missing verb", "crm", 2, "needs a verb");
    row("unknown option", "profile add --name X --colour red", 2, "colour");
    row("unknown global option", "--verbose profile list", 2, "--verbose");
    row("missing reference", "profile show", 2, "needs");
    row("extra argument", "config show Sales Other", 2, "unexpected argument");
    row("assignment needs one target", "assignment add --config Sales", 2, "--user or --security-profile");
    // not found (3)
    row("unknown profile id", "profile show 999", 3, "999");
    row("unknown profile name", "profile remove Nowhere", 3, "Nowhere");
    row("unknown crm", "crm set Nope --client-id x", 3, "Nope");
    row("unknown config", "config set Nope --active off", 3, "Nope");
    row("unknown user", "user set bob@contoso.com --name Bob", 3, "bob@contoso.com");
    row("unknown assignment", "assignment remove 4242", 3, "4242");
    row("assign unknown config", "assignment add --config Nope --user ann@contoso.com", 3, "Nope");
    row("assign unknown user", "assignment add --config Sales --user bob@contoso.com", 3, "bob@contoso.com");
    row("user unknown exchange profile", "user set ann@contoso.com --exchange-profile Cloud", 3, "Cloud");
    row("unmap unknown mapping", "config set Sales --unmap contacts:Nickname", 3, "Nickname");
    // invalid (4): enums list their allowed values
    row("bad profile kind", "profile add --name X --kind pop3 --service-account a@b.com", 4, "ews, graph");
    row("bad auth", "profile set OnPrem --auth kerberos", 4, "basic, ntlm, oauth2");
    row("bad on/off", "profile set OnPrem --trace maybe", 4, "on, off");
    row("bad crm kind", "crm set Dyn --kind sugar", 4, "dataverse, salesforce");
    row("bad direction", "config set Sales --contacts sideways", 4, "both, exchange-to-crm, crm-to-exchange, off");
    row("bad conflict", "config set Sales --events-conflict coin-toss", 4, "exchange-wins, crm-wins, most-recent");
    row("bad ownership", "config set Sales --contact-ownership mine", 4, "user-records, all-visible");
    row("bad tie break", "config set Sales --tie-break random", 4, "most-recent-activity");
    row("bad event window", "config set Sales --event-window forever", 4, "today, last-month, last-n-days");
    row("bad map direction", "config set Sales --map contacts:GivenName=firstname:upward", 4, "exchange-to-crm");
    row("bad map object", "config set Sales --map notes:Body=description", 4, "contacts, events, tasks, emails");
    row("malformed map", "config set Sales --map GivenName", 4, "OBJECT:EXCHANGEFIELD=CRMFIELD");
    row("bad filter op", "config set Sales --contact-filter statecode:like:0", 4, "not one of");
    row("event window over 180 days", "config set Sales --event-days 181", 4, "180");
    row("event window over 180 on add", "config add --name Long --event-window last-n-days --event-days 365", 4, "180");
    row("event days not a number", "config set Sales --event-days lots", 4, "lots");
    // duplicates and conflicts (4)
    row("duplicate profile", "profile add --name OnPrem --service-account x@contoso.com", 4, "OnPrem");
    row("duplicate crm", "crm add --name Dyn --url https://x.crm.dynamics.com --tenant-id t --client-id c", 4, "Dyn");
    row("duplicate config", "config add --name Sales", 4, "Sales");
    row("duplicate user address", "user add --crm-user-id u2 --email ANN@contoso.com", 4, "contoso.com");
    row("config in use", "config remove Sales", 4, "");
    row("profile in use", "profile remove OnPrem", 4, "");
    // missing required fields (4)
    row("profile without name", "profile add --service-account svc@contoso.com", 4, "--name");
    row("profile without account", "profile add --name Lonely", 4, "--service-account");
    row("graph without tenant", "profile add --name G --kind graph --client-id c", 4, "--tenant-id");
    row("crm without url", "crm add --name Crm2 --tenant-id t --client-id c", 4, "--url");
    row("user without crm id", "user add --email new@contoso.com", 4, "--crm-user-id");
    row("user bad email", "user add --crm-user-id u9 --email not-an-address", 4, "not-an-address");
    row("assignment without config", "assignment add --user ann@contoso.com", 4, "--config");
    // unreadable certificate (4)
    row("unreadable cert on add", "profile add --name C --service-account s@contoso.com --pin-cert /nonexistent/ca.pem", 4,
        "/nonexistent/ca.pem");
    row("unreadable cert on set", "profile set OnPrem --pin-cert /nonexistent/ca.pem", 4, "/nonexistent/ca.pem");
}

void TestCliErrors::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QByteArray, mention);
    const QByteArray before = m_cli.snapshot();
    expectFailure(m_cli.run(args), code, mention);
    QCOMPARE(m_cli.snapshot(), before);
}

void TestCliErrors::secretArgumentsRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("--password") << words("profile add --name S --service-account s@contoso.com --password Hunter2Secret");
    QTest::newRow("--password=") << words("profile set OnPrem --password=Hunter2Secret");
    QTest::newRow("--secret") << words("crm set Dyn --secret Hunter2Secret");
    QTest::newRow("--client-secret=") << words("crm add --name X --client-secret=Hunter2Secret");
    QTest::newRow("global position") << words("--token Hunter2Secret profile list");
}

void TestCliErrors::secretArgumentsRefused()
{
    QFETCH(QStringList, args);
    const QByteArray before = m_cli.snapshot();
    const CliRun r = m_cli.run(args);
    expectFailure(r, 2, "--secret-stdin");
    QVERIFY(!r.err.contains("Hunter2Secret"));
    QCOMPARE(m_cli.snapshot(), before);
}

void TestCliErrors::emptySecretOnStdin()
{
    const QByteArray before = m_cli.snapshot();
    // stdin is closed at once: nothing to read.
    expectFailure(m_cli.run(words("crm add --name Empty --url https://e.crm.dynamics.com --tenant-id t --client-id c "
                                  "--secret-stdin")),
                  4, "no secret");
    QCOMPARE(m_cli.snapshot(), before);
}

void TestCliErrors::keychainUnavailable()
{
    // No D-Bus session => no keychain: the add must fail with 5 and leave no row behind.
    QProcessEnvironment env = m_cli.env();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/liaison-test-bus"));
    const QByteArray before = m_cli.snapshot();
    const CliRun r = m_cli.runRaw(QStringList{QStringLiteral("--db"), m_cli.db()}
                                      + words("profile add --name Locked --service-account s@contoso.com --secret-stdin"),
                                  QByteArrayLiteral("KeychainTestSecret"), env);
    expectFailure(r, 5, "");
    QVERIFY(!r.err.contains("KeychainTestSecret"));
    QCOMPARE(m_cli.snapshot(), before);
}

void TestCliErrors::storageFailure()
{
    // A folder is not a database file.
    const CliRun r = m_cli.runRaw(QStringList{QStringLiteral("--db"), m_cli.dir()} + words("profile list"), {}, m_cli.env());
    expectFailure(r, 6, "");
}

QTEST_GUILESS_MAIN(TestCliErrors)
#include "testcli_errors.moc"
