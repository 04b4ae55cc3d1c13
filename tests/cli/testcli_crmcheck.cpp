// liaisonctl config add|set --check-crm: the mapping check needs a known CRM connection with a
// secret, and a refused check leaves the configuration unsaved. (The check itself, against a
// Dataverse $metadata, is covered by tests/dataverse/testcrmmappingcheck over the sandbox.)
#include "clitestutil.h"

#include <QJsonArray>
#include <QTest>

using namespace Liaison;
using namespace Liaison::TestSupport;

namespace {

QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

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
};

QTEST_GUILESS_MAIN(TestCliCrmCheck)
#include "testcli_crmcheck.moc"
