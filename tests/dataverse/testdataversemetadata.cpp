#include "crm/dataverse/dataversemetadatareader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

class TestDataverseMetadata : public QObject
{
    Q_OBJECT

private:
    DataverseMetadata m_excerpt;

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray xml = readFile(QStringLiteral(LIAISON_DATAVERSE_METADATA));
        QVERIFY2(!xml.isEmpty(), "metadata excerpt not found; set -DLIAISON_DATAVERSE_METADATA=<path>");
        QElapsedTimer timer;
        timer.start();
        Result<DataverseMetadata> model = DataverseMetadataReader::read(xml);
        qInfo("parsed %lld-byte $metadata excerpt in %lld ms", static_cast<long long>(xml.size()),
              static_cast<long long>(timer.elapsed()));
        QVERIFY2(model.ok(), qPrintable(model.ok() ? QString() : model.error().message));
        m_excerpt = std::move(model).value();
    }

    void entitySets()
    {
        QCOMPARE(m_excerpt.entitySetNames(),
                 (QStringList{u"accounts"_s, u"activityparties"_s, u"activitypointers"_s, u"appointments"_s,
                              u"contacts"_s, u"emails"_s, u"leads"_s, u"recurringappointmentmasters"_s,
                              u"systemusers"_s, u"tasks"_s}));
        QCOMPARE(m_excerpt.entityTypeOfSet(u"contacts"_s), u"contact"_s);
        QCOMPARE(m_excerpt.entitySetOf(u"appointment"_s), u"appointments"_s);
        QCOMPARE(m_excerpt.entityTypeNames().size(), 12);   // the ten tables plus crmbaseentity and principal
        QVERIFY(m_excerpt.entityType(u"crmbaseentity"_s)->isAbstract);
        QVERIFY(m_excerpt.entityType(u"activitypointer"_s)->isAbstract);
    }

    void contactColumns()
    {
        const auto first = m_excerpt.property(u"contact"_s, u"firstname"_s);
        QVERIFY(first.has_value());
        QCOMPARE(first->type, u"Edm.String"_s);
        QVERIFY(!first->readOnly);
        QCOMPARE(m_excerpt.property(u"contact"_s, u"emailaddress1"_s)->type, u"Edm.String"_s);
        QCOMPARE(m_excerpt.property(u"contact"_s, u"birthdate"_s)->type, u"Edm.Date"_s);
        QCOMPARE(m_excerpt.property(u"contact"_s, u"donotemail"_s)->type, u"Edm.Boolean"_s);
        QCOMPARE(m_excerpt.property(u"contact"_s, u"address1_latitude"_s)->type, u"Edm.Double"_s);
        QCOMPARE(m_excerpt.property(u"contact"_s, u"creditlimit"_s)->type, u"Edm.Decimal"_s);
        QCOMPARE(m_excerpt.property(u"contact"_s, u"modifiedon"_s)->type, u"Edm.DateTimeOffset"_s);
        QVERIFY(m_excerpt.property(u"contact"_s, u"modifiedon"_s)->readOnly);
        QVERIFY(m_excerpt.property(u"contact"_s, u"fullname"_s)->readOnly);
        QVERIFY(!m_excerpt.property(u"contact"_s, u"nosuchcolumn"_s).has_value());
        QCOMPARE(m_excerpt.keys(u"contact"_s), QStringList{u"contactid"_s});
    }

    void lookups()
    {
        const auto parent = m_excerpt.property(u"contact"_s, u"_parentcustomerid_value"_s);
        QVERIFY(parent.has_value());
        QVERIFY(parent->isLookup());
        QCOMPARE(parent->type, u"Edm.Guid"_s);
        QVERIFY(!parent->lookupNavigation.isEmpty());   // parentcustomerid_account or _contact
        const auto nav = m_excerpt.navigationProperty(u"contact"_s, u"parentcustomerid_account"_s);
        QVERIFY(nav.has_value());
        QCOMPARE(nav->targetType, u"account"_s);
        QVERIFY(!nav->collection);
        QCOMPARE(nav->foreignKey, u"_parentcustomerid_value"_s);
        const auto parties = m_excerpt.navigationProperty(u"appointment"_s, u"appointment_activity_parties"_s);
        QVERIFY(parties.has_value());
        QVERIFY(parties->collection);
        QCOMPARE(parties->targetType, u"activityparty"_s);
    }

    void activitiesInheritFromActivityPointer()
    {
        // The derived types hold only their own columns; subject & co. come from activitypointer.
        QCOMPARE(m_excerpt.entityType(u"task"_s)->baseType, u"activitypointer"_s);
        QCOMPARE(m_excerpt.property(u"task"_s, u"subject"_s)->type, u"Edm.String"_s);
        QCOMPARE(m_excerpt.property(u"task"_s, u"percentcomplete"_s)->type, u"Edm.Int32"_s);
        QCOMPARE(m_excerpt.property(u"appointment"_s, u"scheduledstart"_s)->type, u"Edm.DateTimeOffset"_s);
        QCOMPARE(m_excerpt.property(u"appointment"_s, u"isalldayevent"_s)->type, u"Edm.Boolean"_s);
        QCOMPARE(m_excerpt.property(u"appointment"_s, u"instancetypecode"_s)->type, u"Edm.Int32"_s);
        QCOMPARE(m_excerpt.property(u"activityparty"_s, u"participationtypemask"_s)->type, u"Edm.Int32"_s);
        QCOMPARE(m_excerpt.keys(u"appointment"_s), QStringList{u"activityid"_s});
        QVERIFY(m_excerpt.property(u"task"_s, u"activitytypecode"_s)->readOnly);
        // allProperties walks the chain without duplicates.
        const QList<DataverseProperty> all = m_excerpt.allProperties(u"task"_s);
        QVERIFY(all.size() > 50);
        QStringList names;
        for (const DataverseProperty &p : all)
            names.append(p.name);
        QCOMPARE(names.removeDuplicates(), 0);
    }

    void customColumns()
    {
        const QByteArray xml = readFile(QStringLiteral(LIAISON_SOURCE_DIR "/tests/dataverse/data/custom-columns.xml"));
        const Result<DataverseMetadata> model = DataverseMetadataReader::read(xml);
        QVERIFY(model.ok());
        QCOMPARE(model->property(u"contact"_s, u"new_exchangeid"_s)->maxLength, 512);
        QCOMPARE(model->property(u"contact"_s, u"new_region"_s)->type, u"Edm.Int32"_s);
        QVERIFY(model->property(u"contact"_s, u"new_score"_s)->computed);
        QVERIFY(!model->property(u"contact"_s, u"new_vip"_s)->computed);
    }

    void hostileDocuments_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("dtd") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">"
                                           "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                                           "<Schema><EntityType Name=\"&b;\"/></Schema>")
                             << u"DTD"_s;
        QTest::newRow("external entity") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\">"
                                                       "<Schema/>")
                                         << u"DTD"_s;
        QTest::newRow("not xml") << QByteArray("{\"value\":[]}") << u"$metadata"_s;
        QTest::newRow("truncated") << QByteArray("<edmx:Edmx xmlns:edmx=\"x\"><Schema><EntityType Name=\"a\">")
                                   << u"line"_s;
        QTest::newRow("no schema") << QByteArray("<html><body/></html>") << u"no <Schema>"_s;
        QByteArray deep;
        for (int i = 0; i < 200; ++i)
            deep += "<a>";
        QTest::newRow("deep") << deep << u"deeper than 32"_s;
    }

    void hostileDocuments()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, inMessage);
        const Result<DataverseMetadata> model = DataverseMetadataReader::read(xml);
        QVERIFY(!model.ok());
        QVERIFY2(model.error().message.contains(inMessage), qPrintable(model.error().message));
        QCOMPARE(model.error().code, Error::Code::Protocol);
    }

    void sizeLimit()
    {
        DataverseMetadataReader::Limits limits;
        limits.maxBytes = 1000;
        const Result<DataverseMetadata> model =
            DataverseMetadataReader::read(readFile(QStringLiteral(LIAISON_DATAVERSE_METADATA)), limits);
        QVERIFY(!model.ok());
        QVERIFY(model.error().message.contains(u"1000-byte limit"_s));
    }

    void baseTypeCycleDoesNotHang()
    {
        const QByteArray xml = "<Schema><EntityType Name=\"a\" BaseType=\"mscrm.b\"/>"
                               "<EntityType Name=\"b\" BaseType=\"mscrm.a\"/></Schema>";
        const Result<DataverseMetadata> model = DataverseMetadataReader::read(xml);
        QVERIFY(model.ok());
        QVERIFY(!model->property(u"a"_s, u"x"_s).has_value());
        QVERIFY(model->keys(u"a"_s).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDataverseMetadata)
#include "testdataversemetadata.moc"
