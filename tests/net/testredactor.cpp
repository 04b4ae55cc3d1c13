#include <QtTest>

#include "net/redactor.h"

using namespace Liaison;

class TestRedactor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void headers()
    {
        QVERIFY(Redactor::isSensitiveHeader("authorization"));
        QVERIFY(Redactor::isSensitiveHeader("Proxy-Authorization"));
        QVERIFY(Redactor::isSensitiveHeader("Cookie"));
        QVERIFY(Redactor::isSensitiveHeader("Set-Cookie"));
        QVERIFY(!Redactor::isSensitiveHeader("Content-Type"));
        QCOMPARE(Redactor::headerValue("Authorization", "Bearer eyJ0.abc.def"), QByteArray("Bearer [redacted]"));
        QCOMPARE(Redactor::headerValue("Authorization", "Basic dXNlcjpwdw=="), QByteArray("Basic [redacted]"));
        QCOMPARE(Redactor::headerValue("Authorization", "opaque-secret"), QByteArray("[redacted]"));
        QCOMPARE(Redactor::headerValue("Cookie", "X-BackEndCookie=abc; other=1"), QByteArray("[redacted]"));
        QCOMPARE(Redactor::headerValue("X-AnchorMailbox", "a@b.example"), QByteArray("a@b.example"));
    }

    void json()
    {
        const QByteArray in = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJ.secret1\",\"refresh_token\" : \"r\\\"tok\",\"Client_Secret\":\"s3cr3t\",\"password\":\"hunter2\",\"name\":\"Alice\"}";
        const QByteArray out = Redactor::body(in);
        for (const char *secret : {"eyJ.secret1", "r\\\"tok", "s3cr3t", "hunter2"})
            QVERIFY2(!out.contains(secret), out.constData());
        QVERIFY(out.contains("\"access_token\":\"[redacted]\""));
        QVERIFY(out.contains("\"refresh_token\" : \"[redacted]\""));
        QVERIFY(out.contains("\"name\":\"Alice\""));
        QVERIFY(out.contains("\"token_type\":\"Bearer\""));
        QVERIFY(out.contains("\"expires_in\":3599"));
    }

    void form()
    {
        const QByteArray in = "grant_type=client_credentials&client_id=abc&client_secret=x%2By&scope=https%3A%2F%2Fx%2F.default&password=pw&refresh_token=rt";
        const QByteArray out = Redactor::body(in);
        QCOMPARE(out, QByteArray("grant_type=client_credentials&client_id=abc&client_secret=[redacted]&scope=https%3A%2F%2Fx%2F.default&password=[redacted]&refresh_token=[redacted]"));
        QCOMPARE(Redactor::url(QStringLiteral("https://h/cb?code=abc&state=1")), QStringLiteral("https://h/cb?code=[redacted]&state=1"));
    }

    void xml()
    {
        const QByteArray in = "<s:Envelope><t:Password>p&amp;w</t:Password><Password xml:lang=\"en\">two</Password>"
                              "<t:PasswordHint>keep</t:PasswordHint><t:Subject>Password: none</t:Subject></s:Envelope>";
        const QByteArray out = Redactor::body(in);
        QVERIFY2(!out.contains("p&amp;w") && !out.contains(">two<"), out.constData());
        QVERIFY(out.contains("<t:Password>[redacted]</t:Password>"));
        QVERIFY(out.contains("<Password xml:lang=\"en\">[redacted]</Password>"));
        QVERIFY(out.contains("<t:PasswordHint>keep</t:PasswordHint>"));
        QVERIFY(out.contains("<t:Subject>Password: none</t:Subject>"));
    }

    void untouchedBodiesStayByteIdentical()
    {
        const QByteArray binary("\xff\xfe\x00\x01 abc", 8);
        QCOMPARE(Redactor::body(binary), binary);
        QCOMPARE(Redactor::body(QByteArray()), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestRedactor)
#include "testredactor.moc"
