// CRUD, uniqueness, references and assignment rules of the admin repositories.
#include "storetestutil.h"

#include "store/adminstores.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Liaison;

namespace {

ExchangeProfile ewsProfile(const QString &name)
{
    ExchangeProfile p;
    p.name = name;
    p.ewsUrl = QStringLiteral("https://mail.contoso.com/EWS/Exchange.asmx");
    p.autodiscover = false;
    p.auth = ExchangeAuth::Ntlm;
    p.serviceAccount = QStringLiteral("CONTOSO\\svc-liaison");
    p.impersonation = false;
    p.additionalDomains = {QStringLiteral("contoso.com"), QStringLiteral("fabrikam.com")};
    p.pinnedCertificatePem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    p.trace = true;
    return p;
}

User user(const QString &crmId, const QString &address, const QString &securityProfile = {})
{
    User u;
    u.crmUserId = crmId;
    u.exchangeAddress = address;
    u.displayName = QStringLiteral("Display ") + crmId;
    u.crmSecurityProfile = securityProfile;
    return u;
}

} // namespace

class TestStoreAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void exchangeProfileRoundTrip();
    void defaultProfileRules();
    void profileNameUniqueCaseInsensitive();
    void removeReferencedProfileConflicts();
    void crmConnectionRoundTrip();
    void configurationRoundTrip();
    void configurationFillsMissingObjects();
    void configurationNameUniqueCaseInsensitive();
    void eventWindowDaysLimit();
    void removeAssignedConfigurationConflicts();
    void userRoundTripAndUniqueness();
    void userProfileMustExist();
    void assignmentPrecedence();
    void assignmentMoves();
    void removingUserRemovesAssignment();
    void auditLog();
    void validationRunsFirst();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Database> m_db;
    int m_counter = 0;
};

void TestStoreAdmin::init()
{
    m_db = StoreTest::openOrFail(m_dir.filePath(QStringLiteral("admin-%1.db").arg(++m_counter)));
    QVERIFY(m_db);
}

void TestStoreAdmin::cleanup()
{
    m_db.reset();
}

void TestStoreAdmin::exchangeProfileRoundTrip()
{
    ExchangeProfileStore store(*m_db);
    const auto id = store.add(ewsProfile(QStringLiteral("On-prem")));
    QVERIFY(id.ok());
    const auto got = store.get(id.value());
    QVERIFY(got.ok());
    QCOMPARE(got->id, id.value());
    QCOMPARE(got->name, QStringLiteral("On-prem"));
    QCOMPARE(got->kind, MailboxKind::Ews);
    QCOMPARE(got->ewsUrl, QStringLiteral("https://mail.contoso.com/EWS/Exchange.asmx"));
    QCOMPARE(got->autodiscover, false);
    QCOMPARE(got->auth, ExchangeAuth::Ntlm);
    QCOMPARE(got->serviceAccount, QStringLiteral("CONTOSO\\svc-liaison"));
    QCOMPARE(got->impersonation, false);
    QCOMPARE(got->additionalDomains, (QStringList{QStringLiteral("contoso.com"), QStringLiteral("fabrikam.com")}));
    QCOMPARE(got->pinnedCertificatePem, ewsProfile(QString()).pinnedCertificatePem);
    QCOMPARE(got->trace, true);
    QCOMPARE(got->hasSecret, false);

    ExchangeProfile online;
    online.name = QStringLiteral("Online");
    online.kind = MailboxKind::Graph;
    online.auth = ExchangeAuth::OAuth2;
    online.tenantId = QStringLiteral("tenant");
    online.clientId = QStringLiteral("client");
    const auto onlineId = store.add(online);
    QVERIFY(onlineId.ok());

    ExchangeProfile changed = got.value();
    changed.name = QStringLiteral("On-prem 2019");
    changed.trace = false;
    QVERIFY(store.update(changed).ok());
    QCOMPARE(store.findByName(QStringLiteral("ON-PREM 2019"))->id, id.value());
    QCOMPARE(store.get(id.value())->trace, false);

    QVERIFY(store.setHasSecret(id.value(), true).ok());
    QCOMPARE(store.get(id.value())->hasSecret, true);

    const auto all = store.list();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).name, QStringLiteral("On-prem 2019"));   // ordered by name
    QCOMPARE(all->at(1).kind, MailboxKind::Graph);

    QVERIFY(store.remove(onlineId.value()).ok());
    const auto gone = store.get(onlineId.value());
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, Error::Code::NotFound);
    QVERIFY(gone.error().message.contains(QString::number(onlineId.value())));
    QCOMPARE(store.setHasSecret(9999, true).error().code, Error::Code::NotFound);
    QCOMPARE(store.remove(9999).error().code, Error::Code::NotFound);
}

void TestStoreAdmin::defaultProfileRules()
{
    ExchangeProfileStore store(*m_db);
    QCOMPARE(store.defaultProfile().error().code, Error::Code::NotFound);
    const qint64 first = store.add(ewsProfile(QStringLiteral("A"))).value();
    QVERIFY(store.get(first)->isDefault);   // the first becomes default
    const qint64 second = store.add(ewsProfile(QStringLiteral("B"))).value();
    QVERIFY(!store.get(second)->isDefault);
    QCOMPARE(store.defaultProfile()->id, first);

    ExchangeProfile third = ewsProfile(QStringLiteral("C"));
    third.isDefault = true;
    const qint64 thirdId = store.add(third).value();
    QCOMPARE(store.defaultProfile()->id, thirdId);
    QVERIFY(!store.get(first)->isDefault);

    ExchangeProfile b = store.get(second).value();
    b.isDefault = true;
    QVERIFY(store.update(b).ok());
    QCOMPARE(store.defaultProfile()->id, second);
    int defaults = 0;
    const QList<ExchangeProfile> all = store.list().value();
    for (const ExchangeProfile &p : all)
        defaults += p.isDefault ? 1 : 0;
    QCOMPARE(defaults, 1);

    // Removing the default hands the role to another profile.
    QVERIFY(store.remove(second).ok());
    QVERIFY(store.defaultProfile().ok());
}

void TestStoreAdmin::profileNameUniqueCaseInsensitive()
{
    ExchangeProfileStore store(*m_db);
    const qint64 id = store.add(ewsProfile(QStringLiteral("Main"))).value();
    const auto dup = store.add(ewsProfile(QStringLiteral("MAIN")));
    QVERIFY(!dup.ok());
    QCOMPARE(dup.error().code, Error::Code::Duplicate);
    QVERIFY(dup.error().message.contains(QStringLiteral("MAIN")));

    const qint64 other = store.add(ewsProfile(QStringLiteral("Other"))).value();
    ExchangeProfile renamed = store.get(other).value();
    renamed.name = QStringLiteral("main");
    QCOMPARE(store.update(renamed).error().code, Error::Code::Duplicate);
    QCOMPARE(store.get(other)->name, QStringLiteral("Other"));
    // Renaming a profile to its own name in another case is fine.
    ExchangeProfile self = store.get(id).value();
    self.name = QStringLiteral("MAIN");
    QVERIFY(store.update(self).ok());
}

void TestStoreAdmin::removeReferencedProfileConflicts()
{
    ExchangeProfileStore profiles(*m_db);
    UserStore users(*m_db);
    const qint64 a = profiles.add(ewsProfile(QStringLiteral("A"))).value();
    const qint64 b = profiles.add(ewsProfile(QStringLiteral("B"))).value();
    User u = user(QStringLiteral("1"), QStringLiteral("ann@contoso.com"));
    u.exchangeProfileId = b;
    QVERIFY(users.add(u).ok());

    const Status refused = profiles.remove(b);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Conflict);
    QVERIFY(refused.error().message.contains(QStringLiteral("'B'")));
    QVERIFY(!refused.error().fix.isEmpty());
    QVERIFY(profiles.get(b).ok());
    QCOMPARE(profiles.list()->size(), 2);

    // The only default, relied on by a user without a profile, cannot go either.
    QVERIFY(users.add(user(QStringLiteral("2"), QStringLiteral("bob@contoso.com"))).ok());
    User moved = users.findByAddress(QStringLiteral("ann@contoso.com")).value();
    moved.exchangeProfileId = a;
    QVERIFY(users.update(moved).ok());
    QVERIFY(profiles.remove(b).ok());
    moved.exchangeProfileId.reset();
    QVERIFY(users.update(moved).ok());
    const Status lastDefault = profiles.remove(a);
    QCOMPARE(lastDefault.error().code, Error::Code::Conflict);
    QVERIFY(lastDefault.error().message.contains(QStringLiteral("default")));
    QVERIFY(profiles.get(a).ok());
}

void TestStoreAdmin::crmConnectionRoundTrip()
{
    CrmConnectionStore store(*m_db);
    CrmConnection c;
    c.name = QStringLiteral("Contoso CRM");
    c.url = QStringLiteral("https://contoso.crm.dynamics.com");
    c.tenantId = QStringLiteral("tenant");
    c.clientId = QStringLiteral("client");
    const auto id = store.add(c);
    QVERIFY(id.ok());
    auto got = store.get(id.value());
    QVERIFY(got.ok());
    QCOMPARE(got->name, c.name);
    QCOMPARE(got->kind, CrmKind::Dataverse);
    QCOMPARE(got->url, c.url);
    QCOMPARE(got->tenantId, c.tenantId);
    QCOMPARE(got->clientId, c.clientId);
    QCOMPARE(store.add(c).error().code, Error::Code::Duplicate);

    CrmConnection changed = got.value();
    changed.url = QStringLiteral("https://fabrikam.crm4.dynamics.com");
    QVERIFY(store.update(changed).ok());
    QCOMPARE(store.findByName(QStringLiteral("contoso crm"))->url, changed.url);
    QVERIFY(store.setHasSecret(id.value(), true).ok());
    QVERIFY(store.get(id.value())->hasSecret);
    QCOMPARE(store.list()->size(), 1);
    QVERIFY(store.remove(id.value()).ok());
    QCOMPARE(store.get(id.value()).error().code, Error::Code::NotFound);
}

void TestStoreAdmin::configurationRoundTrip()
{
    ConfigurationStore store(*m_db);
    SyncConfiguration c = SyncConfiguration::withDefaults(QStringLiteral("Sales"));
    c.active = false;
    c.description = QStringLiteral("Sales team");
    c.objects[ObjectType::Contacts].direction = SyncDirection::CrmToExchange;
    c.objects[ObjectType::Contacts].conflict = ConflictBehaviour::MostRecentWins;
    c.objects[ObjectType::Contacts].mappings = {
        {QStringLiteral("GivenName"), QStringLiteral("firstname"), SyncDirection::Both},
        {QStringLiteral("PhoneNumbers:BusinessPhone"), QStringLiteral("telephone1"), SyncDirection::CrmToExchange}};
    c.objects[ObjectType::Tasks].direction = SyncDirection::Off;
    c.contactOwnership = ContactOwnership::AllVisible;
    c.contactFilters = {{QStringLiteral("statecode"), QStringLiteral("eq"), QStringLiteral("0")},
                        {QStringLiteral("emailaddress1"), QStringLiteral("not-empty"), QString()}};
    c.contactTieBreak = ContactTieBreak::OldestCreation;
    c.eventWindow = EventWindow::LastNDays;
    c.eventWindowDays = 90;
    c.syncPrivateEvents = true;
    c.contactsFolderName = QStringLiteral("Liaison Contacts");

    const auto id = store.add(c);
    QVERIFY2(id.ok(), qPrintable(id ? QString() : id.error().toString()));
    auto got = store.get(id.value());
    QVERIFY(got.ok());
    c.id = id.value();
    QCOMPARE(got->name, c.name);
    QCOMPARE(got->active, false);
    QCOMPARE(got->description, c.description);
    QCOMPARE(got->objects.size(), 4);
    for (ObjectType t : kAllObjectTypes)
        QVERIFY2(got->objects.value(t) == c.objects.value(t), qPrintable(toName(t)));
    QCOMPARE(got->contactOwnership, ContactOwnership::AllVisible);
    QVERIFY(got->contactFilters == c.contactFilters);
    QCOMPARE(got->contactTieBreak, ContactTieBreak::OldestCreation);
    QCOMPARE(got->eventWindow, EventWindow::LastNDays);
    QCOMPARE(got->eventWindowDays, 90);
    QCOMPARE(got->syncPrivateEvents, true);
    QCOMPARE(got->contactsFolderName, QStringLiteral("Liaison Contacts"));

    SyncConfiguration changed = got.value();
    changed.objects[ObjectType::Contacts].mappings.removeFirst();
    changed.contactFilters.clear();
    changed.eventWindow = EventWindow::Today;
    QVERIFY(store.update(changed).ok());
    got = store.findByName(QStringLiteral("SALES"));
    QVERIFY(got.ok());
    QCOMPARE(got->objects[ObjectType::Contacts].mappings.size(), 1);
    QCOMPARE(got->objects[ObjectType::Contacts].mappings.first().crmField, QStringLiteral("telephone1"));
    QVERIFY(got->contactFilters.isEmpty());
    QCOMPARE(got->eventWindow, EventWindow::Today);
    QCOMPARE(StoreTest::scalar(*m_db, QStringLiteral("SELECT COUNT(*) FROM field_mappings")).toInt(), 1);

    QCOMPARE(store.list()->size(), 1);
    QVERIFY(store.remove(id.value()).ok());
    QCOMPARE(store.get(id.value()).error().code, Error::Code::NotFound);
    QCOMPARE(StoreTest::scalar(*m_db, QStringLiteral("SELECT COUNT(*) FROM configuration_objects")).toInt(), 0);
}

void TestStoreAdmin::configurationFillsMissingObjects()
{
    ConfigurationStore store(*m_db);
    SyncConfiguration c;
    c.name = QStringLiteral("Sparse");
    c.objects.insert(ObjectType::Events, ObjectSettings{SyncDirection::Off, ConflictBehaviour::ExchangeWins, {}});
    const auto got = store.get(store.add(c).value());
    QVERIFY(got.ok());
    QCOMPARE(got->objects.size(), 4);
    QCOMPARE(got->objects[ObjectType::Events].direction, SyncDirection::Off);
    QCOMPARE(got->objects[ObjectType::Emails].direction, SyncDirection::ExchangeToCrm);   // the default
    QCOMPARE(got->objects[ObjectType::Contacts].direction, SyncDirection::Both);
}

void TestStoreAdmin::configurationNameUniqueCaseInsensitive()
{
    ConfigurationStore store(*m_db);
    QVERIFY(store.add(SyncConfiguration::withDefaults(QStringLiteral("Sales"))).ok());
    const auto dup = store.add(SyncConfiguration::withDefaults(QStringLiteral("sALES")));
    QVERIFY(!dup.ok());
    QCOMPARE(dup.error().code, Error::Code::Duplicate);
    QVERIFY(dup.error().message.contains(QStringLiteral("sALES")));
    QCOMPARE(store.list()->size(), 1);
}

void TestStoreAdmin::eventWindowDaysLimit()
{
    ConfigurationStore store(*m_db);
    SyncConfiguration c = SyncConfiguration::withDefaults(QStringLiteral("Window"));
    c.eventWindowDays = 181;
    const auto refused = store.add(c);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Invalid);
    QVERIFY(store.list()->isEmpty());
    c.eventWindowDays = 180;
    const auto id = store.add(c);
    QVERIFY(id.ok());
    QCOMPARE(store.get(id.value())->eventWindowDays, 180);

    // The file itself refuses it too, whatever code writes.
    QSqlQuery q(m_db->connection());
    QVERIFY(!q.exec(QStringLiteral("UPDATE configurations SET event_window_days = 181")));
    QCOMPARE(store.get(id.value())->eventWindowDays, 180);
}

void TestStoreAdmin::removeAssignedConfigurationConflicts()
{
    ConfigurationStore configs(*m_db);
    AssignmentStore assignments(*m_db);
    const qint64 id = configs.add(SyncConfiguration::withDefaults(QStringLiteral("Sales"))).value();
    QVERIFY(assignments.assignProfile(id, QStringLiteral("Salesperson")).ok());
    const Status refused = configs.remove(id);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Conflict);
    QVERIFY(!refused.error().fix.isEmpty());
    QVERIFY(configs.get(id).ok());
    QCOMPARE(configs.get(id)->objects.size(), 4);
}

void TestStoreAdmin::userRoundTripAndUniqueness()
{
    UserStore store(*m_db);
    const qint64 profile = ExchangeProfileStore(*m_db).add(ewsProfile(QStringLiteral("P"))).value();
    User u = user(QStringLiteral("guid-1"), QStringLiteral("Ann.Lee@Contoso.com"), QStringLiteral("Salesperson"));
    u.exchangeProfileId = profile;
    const auto id = store.add(u);
    QVERIFY(id.ok());
    auto got = store.get(id.value());
    QVERIFY(got.ok());
    QCOMPARE(got->crmUserId, u.crmUserId);
    QCOMPARE(got->exchangeAddress, u.exchangeAddress);
    QCOMPARE(got->displayName, u.displayName);
    QCOMPARE(got->crmSecurityProfile, u.crmSecurityProfile);
    QCOMPARE(got->exchangeProfileId, std::optional<qint64>(profile));
    QCOMPARE(store.findByAddress(QStringLiteral("ann.lee@contoso.com"))->id, id.value());

    const auto sameAddress = store.add(user(QStringLiteral("guid-2"), QStringLiteral("ANN.LEE@contoso.com")));
    QCOMPARE(sameAddress.error().code, Error::Code::Duplicate);
    QVERIFY(sameAddress.error().message.contains(QStringLiteral("ANN.LEE@contoso.com")));
    const auto sameCrmId = store.add(user(QStringLiteral("guid-1"), QStringLiteral("bob@contoso.com")));
    QCOMPARE(sameCrmId.error().code, Error::Code::Duplicate);
    QVERIFY(sameCrmId.error().message.contains(QStringLiteral("guid-1")));

    const qint64 bob = store.add(user(QStringLiteral("guid-2"), QStringLiteral("bob@contoso.com"))).value();
    User b = store.get(bob).value();
    b.exchangeAddress = QStringLiteral("ann.lee@contoso.COM");
    QCOMPARE(store.update(b).error().code, Error::Code::Duplicate);
    b.exchangeAddress = QStringLiteral("robert@contoso.com");
    b.exchangeProfileId.reset();
    QVERIFY(store.update(b).ok());
    QCOMPARE(store.get(bob)->exchangeAddress, QStringLiteral("robert@contoso.com"));
    QVERIFY(!store.get(bob)->exchangeProfileId.has_value());

    const auto all = store.list();
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).exchangeAddress, u.exchangeAddress);   // ordered by address
    QVERIFY(store.remove(bob).ok());
    QCOMPARE(store.get(bob).error().code, Error::Code::NotFound);
    QCOMPARE(store.findByAddress(QStringLiteral("nobody@contoso.com")).error().code, Error::Code::NotFound);
}

void TestStoreAdmin::userProfileMustExist()
{
    UserStore store(*m_db);
    User u = user(QStringLiteral("1"), QStringLiteral("ann@contoso.com"));
    u.exchangeProfileId = 42;
    const auto refused = store.add(u);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::NotFound);
    QVERIFY(refused.error().message.contains(QStringLiteral("42")));
    QVERIFY(store.list()->isEmpty());
}

void TestStoreAdmin::assignmentPrecedence()
{
    UserStore users(*m_db);
    ConfigurationStore configs(*m_db);
    AssignmentStore assignments(*m_db);
    const qint64 sales = configs.add(SyncConfiguration::withDefaults(QStringLiteral("Sales"))).value();
    const qint64 vip = configs.add(SyncConfiguration::withDefaults(QStringLiteral("VIP"))).value();
    const qint64 ann = users.add(user(QStringLiteral("1"), QStringLiteral("ann@contoso.com"), QStringLiteral("Salesperson"))).value();
    const qint64 bob = users.add(user(QStringLiteral("2"), QStringLiteral("bob@contoso.com"), QStringLiteral("salesperson"))).value();
    const qint64 cat = users.add(user(QStringLiteral("3"), QStringLiteral("cat@contoso.com"))).value();

    const auto none = assignments.effectiveFor(cat);
    QVERIFY(none.ok());
    QVERIFY(!none->configurationId.has_value());
    QVERIFY(!none->via.has_value());

    QVERIFY(assignments.assignProfile(sales, QStringLiteral("SALESPERSON")).ok());
    QVERIFY(assignments.assignUser(vip, ann).ok());

    const auto annEffective = assignments.effectiveFor(ann);
    QCOMPARE(annEffective->configurationId, std::optional<qint64>(vip));
    QCOMPARE(annEffective->via, std::optional<Assignment::Target>(Assignment::Target::User));
    const auto bobEffective = assignments.effectiveFor(bob);   // profile match ignores case
    QCOMPARE(bobEffective->configurationId, std::optional<qint64>(sales));
    QCOMPARE(bobEffective->via, std::optional<Assignment::Target>(Assignment::Target::Profile));

    const auto all = assignments.effectiveForAll();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(0).userId, ann);
    QCOMPARE(all->at(0).configurationId, std::optional<qint64>(vip));
    QCOMPARE(all->at(1).configurationId, std::optional<qint64>(sales));
    QVERIFY(!all->at(2).configurationId.has_value());
    QCOMPARE(assignments.effectiveFor(999).error().code, Error::Code::NotFound);
}

void TestStoreAdmin::assignmentMoves()
{
    UserStore users(*m_db);
    ConfigurationStore configs(*m_db);
    AssignmentStore assignments(*m_db);
    const qint64 a = configs.add(SyncConfiguration::withDefaults(QStringLiteral("A"))).value();
    const qint64 b = configs.add(SyncConfiguration::withDefaults(QStringLiteral("B"))).value();
    const qint64 ann = users.add(user(QStringLiteral("1"), QStringLiteral("ann@contoso.com"))).value();

    const qint64 first = assignments.assignUser(a, ann).value();
    QCOMPARE(assignments.assignUser(a, ann).value(), first);   // assigning twice changes nothing
    const qint64 moved = assignments.assignUser(b, ann).value();
    auto list = assignments.list();
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().id, moved);
    QCOMPARE(list->first().configurationId, b);
    QCOMPARE(list->first().target, Assignment::Target::User);
    QCOMPARE(list->first().userId, std::optional<qint64>(ann));
    QCOMPARE(assignments.get(first).error().code, Error::Code::NotFound);

    QVERIFY(assignments.assignProfile(a, QStringLiteral("Manager")).ok());
    const qint64 profileMoved = assignments.assignProfile(b, QStringLiteral("manager")).value();
    list = assignments.list();
    QCOMPARE(list->size(), 2);
    const auto got = assignments.get(profileMoved);
    QCOMPARE(got->configurationId, b);
    QCOMPARE(got->target, Assignment::Target::Profile);
    QCOMPARE(got->securityProfile, QStringLiteral("manager"));

    QCOMPARE(assignments.assignUser(999, ann).error().code, Error::Code::NotFound);
    QCOMPARE(assignments.assignUser(a, 999).error().code, Error::Code::NotFound);
    QCOMPARE(assignments.assignProfile(a, QStringLiteral("  ")).error().code, Error::Code::Missing);
    QCOMPARE(assignments.list()->size(), 2);

    QVERIFY(assignments.remove(profileMoved).ok());
    QCOMPARE(assignments.remove(profileMoved).error().code, Error::Code::NotFound);
}

void TestStoreAdmin::removingUserRemovesAssignment()
{
    UserStore users(*m_db);
    AssignmentStore assignments(*m_db);
    const qint64 config = ConfigurationStore(*m_db).add(SyncConfiguration::withDefaults(QStringLiteral("A"))).value();
    const qint64 ann = users.add(user(QStringLiteral("1"), QStringLiteral("ann@contoso.com"))).value();
    QVERIFY(assignments.assignUser(config, ann).ok());
    QVERIFY(users.remove(ann).ok());
    QVERIFY(assignments.list()->isEmpty());
    QVERIFY(ConfigurationStore(*m_db).remove(config).ok());
}

void TestStoreAdmin::auditLog()
{
    AuditStore audit(*m_db);
    QVERIFY(audit.record({0, {}, QStringLiteral("admin"), QStringLiteral("add"), QStringLiteral("profile"), 1,
                          QStringLiteral(R"({"name":"A"})")})
                .ok());
    QVERIFY(audit.record({0, {}, QStringLiteral("admin"), QStringLiteral("remove"), QStringLiteral("profile"), 1, {}}).ok());
    const auto entries = audit.list();
    QVERIFY(entries.ok());
    QCOMPARE(entries->size(), 2);
    QCOMPARE(entries->at(0).action, QStringLiteral("remove"));   // newest first
    QVERIFY(!entries->at(0).at.isEmpty());
    QCOMPARE(entries->at(1).details, QStringLiteral(R"({"name":"A"})"));
    QCOMPARE(audit.list(1)->size(), 1);
}

void TestStoreAdmin::validationRunsFirst()
{
    ExchangeProfile bad = ewsProfile(QStringLiteral("Bad"));
    bad.ewsUrl = QStringLiteral("not a url");
    QCOMPARE(ExchangeProfileStore(*m_db).add(bad).error().code, Error::Code::Invalid);
    QCOMPARE(UserStore(*m_db).add(user(QStringLiteral("1"), QStringLiteral("no-at-sign"))).error().code,
             Error::Code::Invalid);
    QVERIFY(ExchangeProfileStore(*m_db).list()->isEmpty());
    QVERIFY(UserStore(*m_db).list()->isEmpty());
}

QTEST_GUILESS_MAIN(TestStoreAdmin)
#include "teststore_admin.moc"
