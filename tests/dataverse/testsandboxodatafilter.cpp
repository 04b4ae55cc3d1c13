// The Dataverse sandbox's $filter parser and its error replies, without sockets.

#include <QJsonDocument>
#include <QTest>

#include "sandboxdataverseapi.h"
#include "sandboxodatafilter.h"

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

class TestSandboxODataFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matches_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("expected");
        QTest::newRow("eq string, case-insensitive") << u"lastname eq 'o''brien'"_s << true;
        QTest::newRow("ne") << u"lastname ne 'O''Brien'"_s << false;
        QTest::newRow("number gt") << u"numberofchildren gt 2"_s << true;
        QTest::newRow("number le") << u"numberofchildren le 2"_s << false;
        QTest::newRow("date ge") << u"modifiedon ge 2024-01-01T00:00:00Z"_s << true;
        QTest::newRow("date lt") << u"modifiedon lt 2024-03-01T08:59:59Z"_s << false;
        QTest::newRow("edm.date") << u"birthdate lt 1990-01-01"_s << true;
        QTest::newRow("guid eq") << u"contactid eq 6F1B3C2A-0000-4000-8000-00000000000A"_s << true;
        QTest::newRow("null") << u"jobtitle eq null"_s << true;
        QTest::newRow("not null") << u"lastname ne null"_s << true;
        QTest::newRow("bool") << u"donotemail eq false"_s << true;
        QTest::newRow("and/or precedence") << u"lastname eq 'x' or numberofchildren eq 3 and donotemail eq false"_s << true;
        QTest::newRow("parentheses") << u"(lastname eq 'x' or numberofchildren eq 3) and donotemail eq true"_s << false;
        QTest::newRow("not") << u"not contains(lastname,'bri')"_s << false;
        QTest::newRow("startswith") << u"startswith(firstname,'pa')"_s << true;
        QTest::newRow("endswith") << u"endswith(firstname,'x')"_s << false;
        QTest::newRow("empty") << QString() << true;
    }

    void matches()
    {
        QFETCH(QString, filter);
        QFETCH(bool, expected);
        const QJsonObject row{{u"contactid"_s, u"6f1b3c2a-0000-4000-8000-00000000000a"_s},
                              {u"firstname"_s, u"Pat"_s},
                              {u"lastname"_s, u"O'Brien"_s},
                              {u"numberofchildren"_s, 3},
                              {u"donotemail"_s, false},
                              {u"birthdate"_s, u"1980-05-17"_s},
                              {u"modifiedon"_s, u"2024-03-01T09:00:00Z"_s}};
        const SandboxODataFilter parsed = SandboxODataFilter::parse(filter);
        QVERIFY2(parsed.isValid(), qPrintable(parsed.error()));
        QCOMPARE(parsed.matches(row), expected);
    }

    void rejectsBrokenFilters_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::newRow("no value") << u"lastname eq"_s;
        QTest::newRow("unknown operator") << u"lastname like 'x'"_s;
        QTest::newRow("open string") << u"lastname eq 'x"_s;
        QTest::newRow("unbalanced") << u"(lastname eq 'x'"_s;
        QTest::newRow("trailing") << u"lastname eq 'x' 'y'"_s;
        QTest::newRow("function without string") << u"contains(lastname,3)"_s;
        QTest::newRow("stray character") << u"lastname eq 'x' ; drop"_s;
        QTest::newRow("bad literal") << u"lastname eq abc"_s;
    }

    void rejectsBrokenFilters()
    {
        QFETCH(QString, filter);
        const SandboxODataFilter parsed = SandboxODataFilter::parse(filter);
        QVERIFY(!parsed.isValid());
        QVERIFY(!parsed.error().isEmpty());
    }

    // Found by fuzz_sandbox_odata: 2,000 '(' overflowed the stack. Nesting and size are bounded.
    void hostileNestingIsRefusedNotFollowed()
    {
        const QString deepParens = QString(5000, u'(') + u"a eq 1"_s + QString(5000, u')');
        const SandboxODataFilter parens = SandboxODataFilter::parse(deepParens);
        QVERIFY(!parens.isValid());
        QVERIFY2(parens.error().contains(u"levels deep"_s), qPrintable(parens.error()));

        QString nots;
        for (int i = 0; i < 5000; ++i)
            nots += u"not "_s;
        const SandboxODataFilter negations = SandboxODataFilter::parse(nots + u"a eq 1"_s);
        QVERIFY(!negations.isValid());
        QVERIFY2(negations.error().contains(u"levels deep"_s), qPrintable(negations.error()));

        QStringList many(600, u"a eq 1"_s);
        const SandboxODataFilter wide = SandboxODataFilter::parse(many.join(u" or "_s));
        QVERIFY(!wide.isValid());
        QVERIFY2(wide.error().contains(u"500 conditions"_s), qPrintable(wide.error()));

        // Within the bounds nothing changes.
        QVERIFY(SandboxODataFilter::parse(QString(64, u'(') + u"a eq 1"_s + QString(64, u')')).isValid());
        QVERIFY(SandboxODataFilter::parse(QStringList(500, u"a eq 1"_s).join(u" or "_s)).isValid());
    }

    void columnsAreReported()
    {
        const SandboxODataFilter parsed = SandboxODataFilter::parse(u"a eq 1 and (contains(b,'x') or a lt 3)"_s);
        QCOMPARE(parsed.columns(), (QStringList{u"a"_s, u"b"_s}));
    }

    void errorRepliesHaveDataverseShape()
    {
        SandboxDataverseStore store;
        SandboxDataverseApi api(store);
        SandboxRequest request;
        request.method = "GET";
        request.path = u"/api/data/v9.2/contacts"_s;
        request.query = QUrlQuery(u"$filter=lastname%20eq"_s);
        const SandboxResponse reply = api.handle(request, u"https://x/api/data/v9.2/"_s, {});
        QCOMPARE(reply.status, 400);
        const QJsonObject error = QJsonDocument::fromJson(reply.body).object().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"0x80060888"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(u"$filter"_s));

        request.path = u"/api/data/v9.2/nosuchset"_s;
        request.query = {};
        QCOMPARE(api.handle(request, u"https://x/api/data/v9.2/"_s, {}).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestSandboxODataFilter)
#include "testsandboxodatafilter.moc"
