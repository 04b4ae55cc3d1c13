// Every admin object through the real liaisonctl: add -> list --json -> set -> show --json -> remove.
#include "clitestutil.h"

#include <QDir>
#include <QFile>

using namespace Liaison;
using namespace Liaison::TestSupport;

namespace {

const QByteArray kPem = QByteArrayLiteral("-----BEGIN CERTIFICATE-----\n"
                                          "MIIBszCCAVmgAwIBAgIUTestOnlyNotARealCertificate0wCgYIKoZIzj0EAwIw\n"
                                          "-----END CERTIFICATE-----\n");

QStringList names(const QJsonArray &array, const QString &key = QStringLiteral("name"))
{
    QStringList out;
    for (const QJsonValue &v : array)
        out << v.toObject().value(key).toString();
    return out;
}

} // namespace

class TestCliRoundTrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void profileRoundTrip();
    void crmRoundTrip();
    void configRoundTrip();
    void userRoundTrip();
    void assignmentRoundTrip();
    void assignmentPrecedence();
    void defaultDatabaseLocation();
    void helpListsOptionsAndValues();
    void textOutputAndAudit();
};

void TestCliRoundTrip::profileRoundTrip()
{
    Cli cli;
    const QString pemFile = QDir(cli.dir()).filePath(QStringLiteral("server.pem"));
    QFile f(pemFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kPem);
    f.close();

    CliRun r = cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Contoso"),
                        QStringLiteral("--kind"), QStringLiteral("ews"), QStringLiteral("--ews-url"),
                        QStringLiteral("https://mail.contoso.com/EWS/Exchange.asmx"), QStringLiteral("--autodiscover"),
                        QStringLiteral("off"), QStringLiteral("--auth"), QStringLiteral("ntlm"),
                        QStringLiteral("--service-account"), QStringLiteral("svc@contoso.com"),
                        QStringLiteral("--impersonation"), QStringLiteral("on"), QStringLiteral("--domains"),
                        QStringLiteral("contoso.com,fabrikam.com"), QStringLiteral("--default"),
                        QStringLiteral("--pin-cert"), pemFile, QStringLiteral("--trace"), QStringLiteral("on")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());

    r = cli.run({QStringLiteral("--json"), QStringLiteral("profile"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.array().size(), 1);
    QJsonObject p = r.array().at(0).toObject();
    QCOMPARE(p.value(QStringLiteral("name")).toString(), QStringLiteral("Contoso"));
    QCOMPARE(p.value(QStringLiteral("kind")).toString(), QStringLiteral("ews"));
    QCOMPARE(p.value(QStringLiteral("auth")).toString(), QStringLiteral("ntlm"));
    QCOMPARE(p.value(QStringLiteral("autodiscover")).toBool(), false);
    QCOMPARE(p.value(QStringLiteral("isDefault")).toBool(), true);
    QCOMPARE(p.value(QStringLiteral("trace")).toBool(), true);
    QCOMPARE(p.value(QStringLiteral("hasSecret")).toBool(), false);
    QCOMPARE(p.value(QStringLiteral("additionalDomains")).toArray().size(), 2);
    QCOMPARE(p.value(QStringLiteral("pinnedCertificatePem")).toString().toLatin1(), kPem);

    r = cli.run({QStringLiteral("profile"), QStringLiteral("set"), QStringLiteral("Contoso"), QStringLiteral("--name"),
                 QStringLiteral("Contoso Online"), QStringLiteral("--kind"), QStringLiteral("graph"),
                 QStringLiteral("--tenant-id"), QStringLiteral("tenant-1"), QStringLiteral("--client-id"),
                 QStringLiteral("client-1"), QStringLiteral("--pin-cert"), QStringLiteral("none"),
                 QStringLiteral("--trace"), QStringLiteral("off"), QStringLiteral("--impersonation"),
                 QStringLiteral("off"), QStringLiteral("--domains"), QStringLiteral("contoso.com")});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = cli.run({QStringLiteral("profile"), QStringLiteral("show"), QStringLiteral("Contoso Online"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    p = r.object();
    QCOMPARE(p.value(QStringLiteral("kind")).toString(), QStringLiteral("graph"));
    QCOMPARE(p.value(QStringLiteral("auth")).toString(), QStringLiteral("oauth2"));   // implied by graph
    QCOMPARE(p.value(QStringLiteral("tenantId")).toString(), QStringLiteral("tenant-1"));
    QCOMPARE(p.value(QStringLiteral("pinnedCertificatePem")).toString(), QString());
    QCOMPARE(p.value(QStringLiteral("trace")).toBool(), false);
    QCOMPARE(p.value(QStringLiteral("impersonation")).toBool(), false);
    QCOMPARE(p.value(QStringLiteral("additionalDomains")).toArray(), QJsonArray{QStringLiteral("contoso.com")});
    const QString id = QString::number(p.value(QStringLiteral("id")).toInteger());

    // show by id works as well as by name
    QCOMPARE(cli.run({QStringLiteral("profile"), QStringLiteral("show"), id}).exitCode, 0);
    QCOMPARE(cli.run({QStringLiteral("profile"), QStringLiteral("remove"), id}).exitCode, 0);
    r = cli.run({QStringLiteral("profile"), QStringLiteral("show"), id});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.oneErrorLine());
}

void TestCliRoundTrip::crmRoundTrip()
{
    Cli cli;
    CliRun r = cli.run({QStringLiteral("crm"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Sales CRM"),
                        QStringLiteral("--kind"), QStringLiteral("dataverse"), QStringLiteral("--url"),
                        QStringLiteral("https://contoso.crm.dynamics.com"), QStringLiteral("--tenant-id"),
                        QStringLiteral("t1"), QStringLiteral("--client-id"), QStringLiteral("c1")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli.run({QStringLiteral("--json"), QStringLiteral("crm"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(names(r.array()), QStringList{QStringLiteral("Sales CRM")});
    QCOMPARE(r.array().at(0).toObject().value(QStringLiteral("url")).toString(),
             QStringLiteral("https://contoso.crm.dynamics.com"));

    r = cli.run({QStringLiteral("crm"), QStringLiteral("set"), QStringLiteral("Sales CRM"), QStringLiteral("--url"),
                 QStringLiteral("https://fabrikam.crm4.dynamics.com"), QStringLiteral("--client-id"), QStringLiteral("c2")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli.run({QStringLiteral("--json"), QStringLiteral("crm"), QStringLiteral("show"), QStringLiteral("Sales CRM")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.object().value(QStringLiteral("url")).toString(), QStringLiteral("https://fabrikam.crm4.dynamics.com"));
    QCOMPARE(r.object().value(QStringLiteral("clientId")).toString(), QStringLiteral("c2"));
    QCOMPARE(r.object().value(QStringLiteral("kind")).toString(), QStringLiteral("dataverse"));

    QCOMPARE(cli.run({QStringLiteral("crm"), QStringLiteral("remove"), QStringLiteral("Sales CRM")}).exitCode, 0);
    r = cli.run({QStringLiteral("crm"), QStringLiteral("show"), QStringLiteral("Sales CRM")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.oneErrorLine());
}

void TestCliRoundTrip::configRoundTrip()
{
    Cli cli;
    CliRun r = cli.run({QStringLiteral("config"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Sales"),
                        QStringLiteral("--description"), QStringLiteral("sales team"), QStringLiteral("--contacts"),
                        QStringLiteral("crm-to-exchange"), QStringLiteral("--emails-conflict"),
                        QStringLiteral("exchange-wins"), QStringLiteral("--map"),
                        QStringLiteral("contacts:GivenName=firstname"), QStringLiteral("--map"),
                        QStringLiteral("contacts:PhoneNumbers:BusinessPhone=telephone1:exchange-to-crm"),
                        QStringLiteral("--contact-ownership"), QStringLiteral("all-visible"),
                        QStringLiteral("--contact-filter"), QStringLiteral("statecode:eq:0"),
                        QStringLiteral("--contact-filter"), QStringLiteral("emailaddress1:not-empty"),
                        QStringLiteral("--tie-break"), QStringLiteral("oldest-creation"), QStringLiteral("--event-window"),
                        QStringLiteral("last-n-days"), QStringLiteral("--event-days"), QStringLiteral("90"),
                        QStringLiteral("--private-events"), QStringLiteral("on"), QStringLiteral("--contacts-folder"),
                        QStringLiteral("CRM")});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = cli.run({QStringLiteral("--json"), QStringLiteral("config"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(names(r.array()), QStringList{QStringLiteral("Sales")});
    QJsonObject c = r.array().at(0).toObject();
    QJsonObject contacts = c.value(QStringLiteral("objects")).toObject().value(QStringLiteral("contacts")).toObject();
    QCOMPARE(contacts.value(QStringLiteral("direction")).toString(), QStringLiteral("crm-to-exchange"));
    QCOMPARE(contacts.value(QStringLiteral("mappings")).toArray().size(), 2);
    const QJsonObject phone = contacts.value(QStringLiteral("mappings")).toArray().at(1).toObject();
    QCOMPARE(phone.value(QStringLiteral("exchangeField")).toString(), QStringLiteral("PhoneNumbers:BusinessPhone"));
    QCOMPARE(phone.value(QStringLiteral("crmField")).toString(), QStringLiteral("telephone1"));
    QCOMPARE(phone.value(QStringLiteral("direction")).toString(), QStringLiteral("exchange-to-crm"));
    QCOMPARE(c.value(QStringLiteral("objects")).toObject().value(QStringLiteral("emails")).toObject()
                 .value(QStringLiteral("conflict")).toString(), QStringLiteral("exchange-wins"));
    QCOMPARE(c.value(QStringLiteral("contactFilters")).toArray().size(), 2);
    QCOMPARE(c.value(QStringLiteral("contactTieBreak")).toString(), QStringLiteral("oldest-creation"));
    QCOMPARE(c.value(QStringLiteral("eventWindowDays")).toInt(), 90);
    QCOMPARE(c.value(QStringLiteral("syncPrivateEvents")).toBool(), true);
    QCOMPARE(c.value(QStringLiteral("contactsFolderName")).toString(), QStringLiteral("CRM"));

    r = cli.run({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("Sales"), QStringLiteral("--active"),
                 QStringLiteral("off"), QStringLiteral("--unmap"), QStringLiteral("contacts:GivenName"),
                 QStringLiteral("--clear-contact-filters"), QStringLiteral("--contact-filter"),
                 QStringLiteral("address1_city:contains:Paris"), QStringLiteral("--event-window"),
                 QStringLiteral("last-month"), QStringLiteral("--tasks"), QStringLiteral("off"),
                 QStringLiteral("--tasks-conflict"), QStringLiteral("most-recent")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli.run({QStringLiteral("--json"), QStringLiteral("config"), QStringLiteral("show"), QStringLiteral("Sales")});
    QCOMPARE(r.exitCode, 0);
    c = r.object();
    QCOMPARE(c.value(QStringLiteral("active")).toBool(), false);
    contacts = c.value(QStringLiteral("objects")).toObject().value(QStringLiteral("contacts")).toObject();
    QCOMPARE(contacts.value(QStringLiteral("mappings")).toArray().size(), 1);
    QCOMPARE(c.value(QStringLiteral("contactFilters")).toArray().size(), 1);
    QCOMPARE(c.value(QStringLiteral("contactFilters")).toArray().at(0).toObject().value(QStringLiteral("value")).toString(),
             QStringLiteral("Paris"));
    QCOMPARE(c.value(QStringLiteral("eventWindow")).toString(), QStringLiteral("last-month"));
    const QJsonObject tasks = c.value(QStringLiteral("objects")).toObject().value(QStringLiteral("tasks")).toObject();
    QCOMPARE(tasks.value(QStringLiteral("direction")).toString(), QStringLiteral("off"));
    QCOMPARE(tasks.value(QStringLiteral("conflict")).toString(), QStringLiteral("most-recent"));

    QCOMPARE(cli.run({QStringLiteral("config"), QStringLiteral("remove"), QStringLiteral("Sales")}).exitCode, 0);
    r = cli.run({QStringLiteral("config"), QStringLiteral("show"), QStringLiteral("Sales")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.oneErrorLine());
}

void TestCliRoundTrip::userRoundTrip()
{
    Cli cli;
    QCOMPARE(cli.run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("OnPrem"),
                      QStringLiteral("--service-account"), QStringLiteral("svc@contoso.com")})
                 .exitCode,
             0);
    CliRun r = cli.run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--crm-user-id"),
                        QStringLiteral("crm-0001"), QStringLiteral("--email"), QStringLiteral("ann@contoso.com"),
                        QStringLiteral("--name"), QStringLiteral("Ann Smith"), QStringLiteral("--security-profile"),
                        QStringLiteral("Salesperson")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli.run({QStringLiteral("--json"), QStringLiteral("user"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(names(r.array(), QStringLiteral("exchangeAddress")), QStringList{QStringLiteral("ann@contoso.com")});
    QVERIFY(r.array().at(0).toObject().value(QStringLiteral("exchangeProfileId")).isNull());

    r = cli.run({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("ANN@contoso.com"), QStringLiteral("--name"),
                 QStringLiteral("Ann Jones"), QStringLiteral("--exchange-profile"), QStringLiteral("OnPrem"),
                 QStringLiteral("--security-profile"), QStringLiteral("Manager")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cli.run({QStringLiteral("--json"), QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("crm-0001")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.object().value(QStringLiteral("displayName")).toString(), QStringLiteral("Ann Jones"));
    QCOMPARE(r.object().value(QStringLiteral("securityProfile")).toString(), QStringLiteral("Manager"));
    QVERIFY(r.object().value(QStringLiteral("exchangeProfileId")).toInteger() > 0);

    QCOMPARE(cli.run({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("ann@contoso.com")}).exitCode, 0);
    r = cli.run({QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("ann@contoso.com")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.oneErrorLine());
}

void TestCliRoundTrip::assignmentRoundTrip()
{
    Cli cli;
    for (const QString &name : {QStringLiteral("A"), QStringLiteral("B")})
        QCOMPARE(cli.run({QStringLiteral("config"), QStringLiteral("add"), QStringLiteral("--name"), name}).exitCode, 0);
    QCOMPARE(cli.run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--crm-user-id"), QStringLiteral("u1"),
                      QStringLiteral("--email"), QStringLiteral("u1@contoso.com")})
                 .exitCode,
             0);
    CliRun r = cli.run({QStringLiteral("--json"), QStringLiteral("assignment"), QStringLiteral("add"),
                        QStringLiteral("--config"), QStringLiteral("A"), QStringLiteral("--user"),
                        QStringLiteral("u1@contoso.com")});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = cli.run({QStringLiteral("--json"), QStringLiteral("assignment"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.array().size(), 1);
    const QJsonObject a = r.array().at(0).toObject();
    QCOMPARE(a.value(QStringLiteral("target")).toString(), QStringLiteral("user"));

    r = cli.run({QStringLiteral("--json"), QStringLiteral("assignment"), QStringLiteral("set"),
                 QString::number(a.value(QStringLiteral("id")).toInteger()), QStringLiteral("--config"), QStringLiteral("B")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString id = QString::number(r.object().value(QStringLiteral("id")).toInteger());
    r = cli.run({QStringLiteral("--json"), QStringLiteral("assignment"), QStringLiteral("show"), id});
    QCOMPARE(r.exitCode, 0);
    const QString configB = QString::number(
        cli.run({QStringLiteral("--json"), QStringLiteral("config"), QStringLiteral("show"), QStringLiteral("B")})
            .object().value(QStringLiteral("id")).toInteger());
    QCOMPARE(QString::number(r.object().value(QStringLiteral("configurationId")).toInteger()), configB);

    QCOMPARE(cli.run({QStringLiteral("assignment"), QStringLiteral("remove"), id}).exitCode, 0);
    r = cli.run({QStringLiteral("assignment"), QStringLiteral("show"), id});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.oneErrorLine());
}

void TestCliRoundTrip::assignmentPrecedence()
{
    Cli cli;
    for (const QString &name : {QStringLiteral("Individual"), QStringLiteral("Team")})
        QCOMPARE(cli.run({QStringLiteral("config"), QStringLiteral("add"), QStringLiteral("--name"), name}).exitCode, 0);
    for (const QString &u : {QStringLiteral("ann"), QStringLiteral("bob")})
        QCOMPARE(cli.run({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--crm-user-id"), u,
                          QStringLiteral("--email"), u + QStringLiteral("@contoso.com"),
                          QStringLiteral("--security-profile"), QStringLiteral("Sales")})
                     .exitCode,
                 0);
    QCOMPARE(cli.run({QStringLiteral("assignment"), QStringLiteral("add"), QStringLiteral("--config"), QStringLiteral("Team"),
                      QStringLiteral("--security-profile"), QStringLiteral("Sales")})
                 .exitCode,
             0);
    QCOMPARE(cli.run({QStringLiteral("assignment"), QStringLiteral("add"), QStringLiteral("--config"),
                      QStringLiteral("Individual"), QStringLiteral("--user"), QStringLiteral("ann")})
                 .exitCode,
             0);

    auto effective = [&] {
        QMap<QString, QPair<QString, QString>> byUser;   // address -> (configuration, via)
        const CliRun run = cli.run({QStringLiteral("--json"), QStringLiteral("assignment"), QStringLiteral("list"),
                                    QStringLiteral("--effective")});
        for (const QJsonValue &v : run.array()) {
            const QJsonObject o = v.toObject();
            byUser.insert(o.value(QStringLiteral("exchangeAddress")).toString(),
                          {o.value(QStringLiteral("configuration")).toString(), o.value(QStringLiteral("via")).toString()});
        }
        return byUser;
    };
    auto e = effective();
    QCOMPARE(e.value(QStringLiteral("ann@contoso.com")), qMakePair(QStringLiteral("Individual"), QStringLiteral("user")));
    QCOMPARE(e.value(QStringLiteral("bob@contoso.com")),
             qMakePair(QStringLiteral("Team"), QStringLiteral("security-profile")));

    // Reassigning moves: ann's individual assignment goes to Team, no second row appears.
    QCOMPARE(cli.run({QStringLiteral("assignment"), QStringLiteral("add"), QStringLiteral("--config"), QStringLiteral("Team"),
                      QStringLiteral("--user"), QStringLiteral("ann@contoso.com")})
                 .exitCode,
             0);
    // ...and the profile moves to Individual.
    QCOMPARE(cli.run({QStringLiteral("assignment"), QStringLiteral("add"), QStringLiteral("--config"),
                      QStringLiteral("Individual"), QStringLiteral("--security-profile"), QStringLiteral("Sales")})
                 .exitCode,
             0);
    const CliRun list = cli.run({QStringLiteral("--json"), QStringLiteral("assignment"), QStringLiteral("list")});
    QCOMPARE(list.array().size(), 2);
    e = effective();
    QCOMPARE(e.value(QStringLiteral("ann@contoso.com")), qMakePair(QStringLiteral("Team"), QStringLiteral("user")));
    QCOMPARE(e.value(QStringLiteral("bob@contoso.com")),
             qMakePair(QStringLiteral("Individual"), QStringLiteral("security-profile")));

    // The text form explains the reason too.
    const CliRun text = cli.run({QStringLiteral("assignment"), QStringLiteral("list"), QStringLiteral("--effective")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("assigned individually"));
    QVERIFY(text.out.contains("through security profile 'Sales'"));
}

void TestCliRoundTrip::defaultDatabaseLocation()
{
    Cli cli;
    QProcessEnvironment env = cli.env();
    const QString home = QDir(cli.dir()).filePath(QStringLiteral("home"));
    const QString dataHome = QDir(cli.dir()).filePath(QStringLiteral("data"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
    const QString expected = QDir(dataHome).filePath(QStringLiteral("Liaison/liaison/liaison.db"));
    QVERIFY(!QFile::exists(expected));

    CliRun r = cli.runRaw({QStringLiteral("config"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Here")},
                          {}, env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(QFile::exists(expected), qPrintable(expected));
    QVERIFY(!QFile::exists(cli.db()));
    r = cli.runRaw({QStringLiteral("--json"), QStringLiteral("config"), QStringLiteral("list")}, {}, env);
    QCOMPARE(names(r.array()), QStringList{QStringLiteral("Here")});
    r = cli.runRaw({QStringLiteral("help")}, {}, env);
    QVERIFY(r.out.contains(expected.toUtf8()));
}

void TestCliRoundTrip::helpListsOptionsAndValues()
{
    Cli cli;
    CliRun r = cli.run({QStringLiteral("help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *needle : {"profile", "crm", "config", "user", "assignment", "--json", "--db", "3  not found",
                               "5  keychain", "6  storage"})
        QVERIFY2(r.out.contains(needle), needle);
    r = cli.run({QStringLiteral("profile"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *needle : {"--secret-stdin", "--pin-cert", "--autodiscover", "ews | graph", "basic | ntlm | oauth2"})
        QVERIFY2(r.out.contains(needle), needle);
    r = cli.run({QStringLiteral("config"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *needle : {"--map", "--contacts-conflict", "exchange-to-crm", "most-recent", "last-n-days",
                               "user-records", "oldest-creation"})
        QVERIFY2(r.out.contains(needle), needle);
    QCOMPARE(cli.run({QStringLiteral("help"), QStringLiteral("assignment")}).exitCode, 0);
    QVERIFY(!QFile::exists(cli.db()));   // help never creates or opens the database
}

void TestCliRoundTrip::textOutputAndAudit()
{
    Cli cli;
    QCOMPARE(cli.run({QStringLiteral("config"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Plain")})
                 .exitCode,
             0);
    CliRun r = cli.run({QStringLiteral("config"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Plain"));
    r = cli.run({QStringLiteral("config"), QStringLiteral("show"), QStringLiteral("Plain")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("name: Plain"));

    auto db = Database::open(cli.db());
    QVERIFY(db.ok());
    auto audit = AuditStore(*db.value()).list();
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), 1);
    QCOMPARE(audit->at(0).action, QStringLiteral("add"));
    QCOMPARE(audit->at(0).objectType, QStringLiteral("config"));
    QCOMPARE(audit->at(0).actor, AdminService::osUserName());
    QVERIFY(audit->at(0).details.contains(QStringLiteral("\"name\":\"Plain\"")));
}

QTEST_GUILESS_MAIN(TestCliRoundTrip)
#include "testcli_roundtrip.moc"
