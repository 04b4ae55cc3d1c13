#include "crm/dataverse/dataversefieldconverter.h"
#include "crm/dataverse/dataversefieldmap.h"
#include "crm/dataverse/dataversemappingvalidator.h"
#include "crm/dataverse/dataversemetadatareader.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

DataverseMetadata load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    Result<DataverseMetadata> model = DataverseMetadataReader::read(f.readAll());
    if (!model)
        qFatal("cannot parse %s: %s", qPrintable(path), qPrintable(model.error().message));
    return std::move(model).value();
}

QString joined(const QList<Error> &errors)
{
    QStringList lines;
    for (const Error &e : errors)
        lines.append(e.toString());
    return lines.join(u'\n');
}

ExchangeFieldInfo fieldOf(ObjectType type, const QString &name)
{
    return *DataverseFieldMap::exchangeField(type, name);
}

} // namespace

class TestDataverseMappings : public QObject
{
    Q_OBJECT

private:
    DataverseMetadata m_excerpt;
    DataverseMetadata m_custom;

private Q_SLOTS:
    void initTestCase()
    {
        m_excerpt = load(QStringLiteral(LIAISON_DATAVERSE_METADATA));
        m_custom = load(QStringLiteral(LIAISON_SOURCE_DIR "/tests/dataverse/data/custom-columns.xml"));
    }

    void defaultTable()
    {
        const QList<FieldMapping> contacts = DataverseFieldMap::defaults(ObjectType::Contacts);
        QVERIFY(contacts.contains(FieldMapping{u"GivenName"_s, u"firstname"_s, SyncDirection::Both}));
        QVERIFY(contacts.contains(FieldMapping{u"EmailAddresses:EmailAddress1"_s, u"emailaddress1"_s, SyncDirection::Both}));
        QVERIFY(contacts.contains(FieldMapping{u"PhysicalAddresses:Business:Street"_s, u"address1_line1"_s, SyncDirection::Both}));
        QVERIFY(contacts.contains(FieldMapping{u"PhoneNumbers:MobilePhone"_s, u"mobilephone"_s, SyncDirection::Both}));
        QVERIFY(DataverseFieldMap::defaults(ObjectType::Events)
                    .contains(FieldMapping{u"Start"_s, u"scheduledstart"_s, SyncDirection::Both}));
        QVERIFY(DataverseFieldMap::defaults(ObjectType::Tasks)
                    .contains(FieldMapping{u"Importance"_s, u"prioritycode"_s, SyncDirection::Both}));
        // Every default names a field in the catalogue.
        for (ObjectType t : kAllObjectTypes)
            for (const FieldMapping &m : DataverseFieldMap::defaults(t))
                QVERIFY2(DataverseFieldMap::exchangeField(t, m.exchangeField).has_value(), qPrintable(m.exchangeField));

        SyncConfiguration config = SyncConfiguration::withDefaults(u"Sales"_s);
        config.objects[ObjectType::Tasks].mappings = {FieldMapping{u"Subject"_s, u"subject"_s, SyncDirection::Both}};
        DataverseFieldMap::applyDefaults(config);
        QCOMPARE(config.objects[ObjectType::Contacts].mappings, DataverseFieldMap::defaults(ObjectType::Contacts));
        QCOMPARE(config.objects[ObjectType::Tasks].mappings.size(), 1);   // a customised list is kept
    }

    void defaultsValidateCleanAgainstRealMetadata()
    {
        const DataverseMappingValidator validator(m_excerpt);
        const SyncConfiguration config = SyncConfiguration::withDefaults(u"Sales"_s);
        const QList<Error> problems = validator.problems(config);
        QVERIFY2(problems.isEmpty(), qPrintable(joined(problems)));
        QVERIFY(validator.validate(config).ok());
    }

    void missingColumnIsRefused()
    {
        const DataverseMappingValidator validator(m_excerpt);
        SyncConfiguration config = SyncConfiguration::withDefaults(u"Sales"_s);
        config.objects[ObjectType::Contacts].mappings = {
            FieldMapping{u"GivenName"_s, u"firstname"_s, SyncDirection::Both},
            FieldMapping{u"Nickname"_s, u"new_nickname"_s, SyncDirection::Both},
            FieldMapping{u"JobTitle"_s, u"JobTitle"_s, SyncDirection::Both}};
        const QList<Error> problems = validator.problems(config);
        QCOMPARE(problems.size(), 2);
        QCOMPARE(problems.at(0).code, Error::Code::NotFound);
        QCOMPARE(problems.at(0).message,
                 u"contacts: Nickname -> new_nickname: column 'new_nickname' does not exist on table 'contact'"_s);
        QVERIFY(problems.at(0).fix.contains(u"new_"_s));
        QCOMPARE(problems.at(1).fix, u"did you mean 'jobtitle'?"_s);
        const Status s = validator.validate(config);
        QVERIFY(!s.ok());
        QVERIFY(s.error().message.endsWith(u"(and 1 more)"_s));
        QVERIFY(!s.error().toString().contains(u'\n'));
    }

    void typeMismatchIsRefused()
    {
        const DataverseMappingValidator validator(m_excerpt);
        const QList<Error> problems = validator.problems(
            ObjectType::Events, {FieldMapping{u"Subject"_s, u"isalldayevent"_s, SyncDirection::Both},
                                 FieldMapping{u"Start"_s, u"location"_s, SyncDirection::ExchangeToCrm},
                                 FieldMapping{u"Importance"_s, u"ismapiprivate"_s, SyncDirection::Both}});
        QCOMPARE(problems.size(), 3);
        QCOMPARE(problems.at(0).message, u"events: Subject -> isalldayevent: types do not match: a text value cannot be "
                                         "written to a Edm.Boolean column"_s);
        QVERIFY(problems.at(1).message.contains(u"date-time value cannot be written to a Edm.String column"_s));
        QVERIFY(problems.at(2).message.contains(u"choice value cannot be written to a Edm.Boolean column"_s));
        for (const Error &e : problems)
            QCOMPARE(e.code, Error::Code::Invalid);
    }

    void readOnlyAndLookups()
    {
        const DataverseMappingValidator validator(m_excerpt);
        QList<Error> problems = validator.problems(
            ObjectType::Contacts, {FieldMapping{u"DisplayName"_s, u"fullname"_s, SyncDirection::Both},
                                   FieldMapping{u"CompanyName"_s, u"_parentcustomerid_value"_s, SyncDirection::Both},
                                   FieldMapping{u"Profession"_s, u"fullname"_s, SyncDirection::CrmToExchange}});
        QCOMPARE(problems.size(), 2);
        QCOMPARE(problems.at(0).message, u"contacts: DisplayName -> fullname: column 'fullname' is read-only in Dataverse"_s);
        QCOMPARE(problems.at(0).fix, u"set the mapping's direction to crm-to-exchange"_s);
        QVERIFY(problems.at(1).message.contains(u"it is a lookup"_s));

        // Two mappings writing one column, and an unknown Exchange field.
        problems = validator.problems(ObjectType::Contacts,
                                      {FieldMapping{u"GivenName"_s, u"firstname"_s, SyncDirection::Both},
                                       FieldMapping{u"Nickname"_s, u"firstname"_s, SyncDirection::ExchangeToCrm},
                                       FieldMapping{u"ShoeSize"_s, u"firstname"_s, SyncDirection::Both},
                                       FieldMapping{u"Initials"_s, u"firstname"_s, SyncDirection::Off}});
        QCOMPARE(problems.size(), 2);
        QCOMPARE(problems.at(0).code, Error::Code::Duplicate);
        QVERIFY(problems.at(1).message.contains(u"'ShoeSize' is not an Exchange contacts field"_s));
    }

    void customColumns()
    {
        const DataverseMappingValidator validator(m_custom);
        const QList<Error> ok = validator.problems(
            ObjectType::Contacts, {FieldMapping{u"Profession"_s, u"new_exchangeid"_s, SyncDirection::Both},
                                   FieldMapping{u"Department"_s, u"new_region"_s, SyncDirection::CrmToExchange},
                                   FieldMapping{u"WeddingAnniversary"_s, u"new_lastvisit"_s, SyncDirection::Both}});
        QVERIFY2(ok.isEmpty(), qPrintable(joined(ok)));
        const QList<Error> bad = validator.problems(
            ObjectType::Contacts, {FieldMapping{u"Department"_s, u"new_region"_s, SyncDirection::Both},
                                   FieldMapping{u"Profession"_s, u"new_score"_s, SyncDirection::CrmToExchange},
                                   FieldMapping{u"OfficeLocation"_s, u"new_score"_s, SyncDirection::ExchangeToCrm}});
        QCOMPARE(bad.size(), 2);
        QVERIFY(bad.at(0).message.contains(u"new_region: types do not match"_s));
        QVERIFY(bad.at(1).message.contains(u"types do not match"_s));   // text into Edm.Decimal
        // A table missing from $metadata is one clear error, not one per mapping.
        const QList<Error> noTable = validator.problems(ObjectType::Tasks, DataverseFieldMap::defaults(ObjectType::Tasks));
        QCOMPARE(noTable.size(), 1);
        QVERIFY(noTable.first().message.contains(u"table 'task' is not in the environment's $metadata"_s));
    }

    void conversionsToCrm()
    {
        const auto importance = fieldOf(ObjectType::Tasks, u"Importance"_s);
        QCOMPARE(DataverseFieldConverter::toCrm(importance, u"Low"_s, u"Edm.Int32"_s).value(), QJsonValue(0));
        QCOMPARE(DataverseFieldConverter::toCrm(importance, u"High"_s, u"Edm.Int32"_s).value(), QJsonValue(2));
        QVERIFY(!DataverseFieldConverter::toCrm(importance, u"Urgent"_s, u"Edm.Int32"_s).ok());

        const auto start = fieldOf(ObjectType::Events, u"Start"_s);
        const QDateTime local(QDate(2024, 3, 14), QTime(10, 0), QTimeZone(3600));
        QCOMPARE(DataverseFieldConverter::toCrm(start, local, u"Edm.DateTimeOffset"_s).value(),
                 QJsonValue(u"2024-03-14T09:00:00Z"_s));
        QCOMPARE(DataverseFieldConverter::toCrm(start, QVariant(), u"Edm.DateTimeOffset"_s).value(),
                 QJsonValue(QJsonValue::Null));

        const auto birthday = fieldOf(ObjectType::Contacts, u"Birthday"_s);
        QCOMPARE(DataverseFieldConverter::toCrm(birthday, QDate(1980, 2, 29), u"Edm.Date"_s).value(),
                 QJsonValue(u"1980-02-29"_s));

        const auto sensitivity = fieldOf(ObjectType::Events, u"Sensitivity"_s);
        QCOMPARE(DataverseFieldConverter::toCrm(sensitivity, u"Private"_s, u"Edm.Boolean"_s).value(), QJsonValue(true));
        QCOMPARE(DataverseFieldConverter::toCrm(sensitivity, u"Normal"_s, u"Edm.Boolean"_s).value(), QJsonValue(false));

        const auto status = fieldOf(ObjectType::Tasks, u"Status"_s);
        QCOMPARE(DataverseFieldConverter::toCrm(status, u"Completed"_s, u"Edm.Int32"_s).value(), QJsonValue(1));
        QCOMPARE(DataverseFieldConverter::toCrm(status, u"InProgress"_s, u"Edm.Int32"_s).value(), QJsonValue(0));

        const auto percent = fieldOf(ObjectType::Tasks, u"PercentComplete"_s);
        QCOMPARE(DataverseFieldConverter::toCrm(percent, 50, u"Edm.Int32"_s).value(), QJsonValue(50));
        QVERIFY(!DataverseFieldConverter::toCrm(percent, 5000000000LL, u"Edm.Int32"_s).ok());
        QVERIFY(!DataverseFieldConverter::toCrm(percent, u"half"_s, u"Edm.Int32"_s).ok());

        const auto allDay = fieldOf(ObjectType::Events, u"IsAllDayEvent"_s);
        QCOMPARE(DataverseFieldConverter::toCrm(allDay, true, u"Edm.Boolean"_s).value(), QJsonValue(true));
        QVERIFY(!DataverseFieldConverter::toCrm(allDay, true, u"Edm.String"_s).ok());
    }

    void conversionsToExchange()
    {
        const QJsonObject row{{u"prioritycode"_s, 2},
                              {u"statecode"_s, 2},
                              {u"scheduledend"_s, u"2024-03-14T09:00:00Z"_s},
                              {u"birthdate"_s, u"1980-02-29"_s},
                              {u"ismapiprivate"_s, true},
                              {u"percentcomplete"_s, 40},
                              {u"_parentcustomerid_value"_s, u"7d577253-3ef0-e311-b3e7-00155d01e70c"_s},
                              {u"_parentcustomerid_value@OData.Community.Display.V1.FormattedValue"_s, u"Fabrikam"_s},
                              {u"description"_s, QJsonValue::Null}};
        QCOMPARE(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Tasks, u"Importance"_s), row,
                                                     u"prioritycode"_s, u"Edm.Int32"_s).value(),
                 QVariant(u"High"_s));
        QCOMPARE(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Tasks, u"Status"_s), row, u"statecode"_s,
                                                     u"Edm.Int32"_s).value(),
                 QVariant(u"Deferred"_s));
        QCOMPARE(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Tasks, u"DueDate"_s), row, u"scheduledend"_s,
                                                     u"Edm.DateTimeOffset"_s).value(),
                 QVariant(QDateTime(QDate(2024, 3, 14), QTime(9, 0), QTimeZone::utc())));
        QCOMPARE(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Contacts, u"Birthday"_s), row, u"birthdate"_s,
                                                     u"Edm.Date"_s).value(),
                 QVariant(QDate(1980, 2, 29)));
        QCOMPARE(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Events, u"Sensitivity"_s), row,
                                                     u"ismapiprivate"_s, u"Edm.Boolean"_s).value(),
                 QVariant(u"Private"_s));
        QCOMPARE(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Tasks, u"PercentComplete"_s), row,
                                                     u"percentcomplete"_s, u"Edm.Int32"_s).value(),
                 QVariant(qint64(40)));
        QCOMPARE(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Contacts, u"CompanyName"_s), row,
                                                     u"_parentcustomerid_value"_s, u"Edm.Guid"_s).value(),
                 QVariant(u"Fabrikam"_s));
        QVERIFY(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Tasks, u"Body"_s), row, u"description"_s,
                                                    u"Edm.String"_s).value().isNull());
        QVERIFY(DataverseFieldConverter::toExchange(fieldOf(ObjectType::Tasks, u"Body"_s), row, u"absent"_s,
                                                    u"Edm.String"_s).value().isNull());
        // A choice value with no Exchange equivalent is an error naming the value.
        const Result<QVariant> odd = DataverseFieldConverter::toExchange(
            fieldOf(ObjectType::Tasks, u"Importance"_s), {{u"prioritycode"_s, 7}}, u"prioritycode"_s, u"Edm.Int32"_s);
        QVERIFY(!odd.ok());
        QVERIFY(odd.error().message.contains(u"7"_s));
        // Garbage dates are errors, not silently empty.
        QVERIFY(!DataverseFieldConverter::toExchange(fieldOf(ObjectType::Tasks, u"DueDate"_s),
                                                     {{u"scheduledend"_s, u"yesterday"_s}}, u"scheduledend"_s,
                                                     u"Edm.DateTimeOffset"_s).ok());
    }

    void roundTripsThroughBothSides()
    {
        const auto importance = fieldOf(ObjectType::Events, u"Importance"_s);
        for (const QString &name : {u"Low"_s, u"Normal"_s, u"High"_s}) {
            const QJsonValue crm = DataverseFieldConverter::toCrm(importance, name, u"Edm.Int32"_s).value();
            QCOMPARE(DataverseFieldConverter::toExchange(importance, {{u"p"_s, crm}}, u"p"_s, u"Edm.Int32"_s).value(),
                     QVariant(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestDataverseMappings)
#include "testdataversemappings.moc"
