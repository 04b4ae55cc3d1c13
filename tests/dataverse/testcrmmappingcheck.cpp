// Mapping validation on save: CrmMappingCheck reads the sandbox's $metadata through the
// DataverseConnector and refuses a mapping to a column the table does not have.
#include <QTest>

#include "admin/crmmappingcheck.h"
#include "sandboxdataversefixture.h"

using namespace Qt::StringLiterals;
using namespace Liaison;

class TestCrmMappingCheck : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxDataverseFixture> m_fx;

    CrmMetadataSource source(const QByteArray &secret = SandboxDataverseFixture::kSecret)
    {
        CrmMetadataSource s;
        s.connection.name = u"sandbox-org"_s;
        s.connection.url = m_fx->organizationUrl();
        s.connection.tenantId = u"contoso-tenant"_s;
        s.connection.clientId = QString::fromLatin1(SandboxDataverseFixture::kClientId);
        s.secret = secret;
        s.tokenEndpoint = m_fx->tokenEndpoint();
        s.pinnedCertificates = {m_fx->server.certificate()};
        s.timeoutMs = 20000;
        return s;
    }

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const Status started = m_fx->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    }
    void cleanup() { m_fx.reset(); }

    void fetchesMetadata()
    {
        const Result<DataverseMetadata> metadata = CrmMappingCheck::fetchMetadata(source());
        QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
        QVERIFY(metadata->entityType(u"contact"_s));
        QVERIFY(metadata->property(u"contact"_s, u"firstname"_s).has_value());
    }

    void defaultsPass()
    {
        const Status s = CrmMappingCheck::check(SyncConfiguration::withDefaults(u"Sales"_s), source());
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
    }

    void unknownColumnRefusedNamingColumnAndTable()
    {
        SyncConfiguration c = SyncConfiguration::withDefaults(u"Sales"_s);
        c.objects[ObjectType::Contacts].mappings = {FieldMapping{u"GivenName"_s, u"firstname"_s, SyncDirection::Both},
                                                    FieldMapping{u"Surname"_s, u"new_nickname"_s, SyncDirection::Both}};
        const Status s = CrmMappingCheck::check(c, source());
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, Error::Code::Invalid);
        const QString line = s.error().toString();
        QVERIFY2(line.contains(u"new_nickname"_s), qPrintable(line));
        QVERIFY2(line.contains(u"contact"_s), qPrintable(line));
        QVERIFY(line.contains(u"sandbox-org"_s));
        QVERIFY(!line.contains(u'\n'));
    }

    void unreadableMetadataIsAClearErrorWithoutTheSecret()
    {
        const QByteArray secret = "not-the-right-one-77";
        const Status s = CrmMappingCheck::check(SyncConfiguration::withDefaults(u"Sales"_s), source(secret));
        QVERIFY(!s.ok());
        QVERIFY(s.error().message.contains(u"sandbox-org"_s));
        QVERIFY(s.error().message.contains(u"client secret is wrong"_s));
        QVERIFY(!s.error().toString().contains(QString::fromLatin1(secret)));
    }
};

QTEST_GUILESS_MAIN(TestCrmMappingCheck)
#include "testcrmmappingcheck.moc"
