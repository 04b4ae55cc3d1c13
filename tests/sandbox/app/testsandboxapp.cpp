// liaison-sandbox as a real process: ready line, token + Web API through liaison_net, admin
// seeding, clean SIGTERM, state kept in --data across a restart, one-line startup errors.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <csignal>

#include "net/httpclient.h"

using namespace Liaison;

namespace {

const QString kSecret = QStringLiteral("app-test-S3cret~value");
const QString kClientId = QStringLiteral("0c4d2b7e-9a13-4f6e-8b25-3e7a1d9c5f40");   // the default

struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

} // namespace

class TestSandboxApp : public QObject
{
    Q_OBJECT

private:
    static QString binary() { return QStringLiteral(LIAISON_BIN_DIR "/liaison-sandbox"); }

    // Starts the sandbox and returns its base URL (parsed from the ready line), empty on failure.
    QUrl start(QProcess &process, const QStringList &arguments, QString *readyLine = nullptr)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LIAISON_SANDBOX_CLIENT_SECRET"), kSecret);
        process.setProcessEnvironment(env);
        process.start(binary(), arguments);
        if (!process.waitForStarted(10000))
            return {};
        while (!process.canReadLine() && process.state() == QProcess::Running)
            process.waitForReadyRead(20000);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        if (readyLine)
            *readyLine = line;
        static const QRegularExpression ready(
            QStringLiteral("^liaison-sandbox: listening on (http://127\\.0\\.0\\.1:(\\d+))/ \\(dataverse: /api/data/v9\\.2/, "
                           "token: /([^/]+)/oauth2/v2\\.0/token, admin: /sandbox/dataverse/.*\\)$"));
        const QRegularExpressionMatch m = ready.match(line);
        if (!m.hasMatch() || m.captured(2).toInt() <= 0)
            return {};
        m_tenant = m.captured(3);
        return QUrl(m.captured(1));
    }

    Reply send(HttpRequest request)
    {
        request.timeoutMs = 20000;
        Reply out;
        bool done = false;
        m_client.send(request, [&](HttpReply &reply) {
            out.status = reply.statusCode();
            out.body = reply.body();
            done = true;
        });
        if (!QTest::qWaitFor([&done] { return done; }, 30000))
            out.status = -1;   // no answer in time
        return out;
    }

    Reply admin(const QUrl &base, const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        HttpRequest r;
        r.method = method;
        r.url = base.resolved(QUrl(QStringLiteral("/sandbox/dataverse/") + path));
        if (method != "GET") {
            r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            r.setHeader("Content-Type", "application/json");
        }
        return send(r);
    }

    QString token(const QUrl &base)
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
        form.addQueryItem(QStringLiteral("client_id"), kClientId);
        form.addQueryItem(QStringLiteral("client_secret"), kSecret);
        form.addQueryItem(QStringLiteral("scope"), base.toString() + QStringLiteral("/.default"));
        HttpRequest r;
        r.method = "POST";
        r.url = base.resolved(QUrl(QStringLiteral("/%1/oauth2/v2.0/token").arg(m_tenant)));
        r.setHeader("Content-Type", "application/x-www-form-urlencoded");
        r.body = form.query(QUrl::FullyEncoded).toUtf8();
        const Reply reply = send(r);
        return reply.status == 200 ? reply.json().value(QStringLiteral("access_token")).toString() : QString();
    }

    static bool stop(QProcess &process)
    {
        ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
        return process.waitForFinished(20000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

    HttpClient m_client;
    QString m_tenant;

private Q_SLOTS:
    void servesDataverseAndKeepsStateAcrossRestart()
    {
        QVERIFY2(QFile::exists(binary()), qPrintable(binary()));
        QTemporaryDir data;
        QVERIFY(data.isValid());
        const QStringList args{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), data.path()};

        QString contactId;
        {
            QProcess process;
            QString line;
            const QUrl base = start(process, args, &line);
            QVERIFY2(base.isValid() && !base.isEmpty(), qPrintable(line + QString::fromUtf8(process.readAllStandardError())));

            const QString bearer = token(base);
            QVERIFY(!bearer.isEmpty());
            HttpRequest get;
            get.url = base.resolved(QUrl(QStringLiteral("/api/data/v9.2/contacts")));
            get.setHeader("Authorization", "Bearer " + bearer.toLatin1());
            get.setHeader("Accept", "application/json");
            const Reply list = send(get);
            QCOMPARE(list.status, 200);
            QVERIFY(list.json().value(QStringLiteral("value")).isArray());

            HttpRequest unauthorized = get;
            unauthorized.headers.clear();
            QCOMPARE(send(unauthorized).status, 401);

            const QJsonObject contact{{QStringLiteral("firstname"), QStringLiteral("Ada")},
                                      {QStringLiteral("lastname"), QStringLiteral("Lovelace")},
                                      {QStringLiteral("emailaddress1"), QStringLiteral("ada@example.com")}};
            const Reply seeded = admin(base, "POST", QStringLiteral("seed"),
                                       {{QStringLiteral("contacts"), QJsonArray{contact}}});
            QCOMPARE(seeded.status, 200);
            contactId = seeded.json().value(QStringLiteral("contacts")).toArray().at(0).toString();
            QVERIFY(!contactId.isEmpty());

            const Reply read = admin(base, "GET", QStringLiteral("contacts/") + contactId);
            QCOMPARE(read.status, 200);
            QCOMPARE(read.json().value(QStringLiteral("emailaddress1")).toString(), QStringLiteral("ada@example.com"));

            QVERIFY(stop(process));
            const QByteArray output = process.readAll() + process.readAllStandardError() + line.toUtf8();
            QVERIFY(!output.contains(kSecret.toUtf8()));
        }
        {
            QProcess process;
            const QUrl base = start(process, args);
            QVERIFY(!base.isEmpty());
            const Reply read = admin(base, "GET", QStringLiteral("contacts/") + contactId);
            QCOMPARE(read.status, 200);
            QCOMPARE(read.json().value(QStringLiteral("lastname")).toString(), QStringLiteral("Lovelace"));
            QVERIFY(stop(process));
        }
    }

    // A user's clone has nothing beside it: no arguments, started from an unrelated folder, the
    // sandbox still serves the real $metadata it carries as a resource.
    void startsWithNoArgumentsFromAnyFolder()
    {
        QTemporaryDir elsewhere;
        QVERIFY(elsewhere.isValid());
        QProcess process;
        process.setWorkingDirectory(elsewhere.path());
        QString line;
        const QUrl base = start(process, {}, &line);
        QVERIFY2(!base.isEmpty(), qPrintable(line + QString::fromUtf8(process.readAllStandardError())));
        const QString bearer = token(base);
        QVERIFY(!bearer.isEmpty());
        HttpRequest get;
        get.url = base.resolved(QUrl(QStringLiteral("/api/data/v9.2/$metadata")));
        get.setHeader("Authorization", "Bearer " + bearer.toLatin1());
        const Reply metadata = send(get);
        QCOMPARE(metadata.status, 200);
        QVERIFY(metadata.body.contains("<EntityType Name=\"contact\""));
        QVERIFY(metadata.body.contains("<EntityContainer Name=\"System\""));
        QVERIFY(stop(process));
    }

    void badMetadataFailsWithOneLine()
    {
        QProcess process;
        process.start(binary(), {QStringLiteral("--metadata"), QStringLiteral("/nonexistent/metadata.xml")});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY(process.exitCode() != 0);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(error.count(QLatin1Char('\n')), 1);
        QVERIFY2(error.startsWith(QStringLiteral("liaison-sandbox: ")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("/nonexistent/metadata.xml")) && error.contains(QStringLiteral(". Fix: ")),
                 qPrintable(error));
    }

    void busyPortFailsWithOneLine()
    {
        QProcess first;
        const QUrl base = start(first, {});
        QVERIFY(!base.isEmpty());
        QProcess second;
        second.start(binary(), {QStringLiteral("--port"), QString::number(base.port())});
        QVERIFY(second.waitForFinished(20000));
        QVERIFY(second.exitCode() != 0);
        const QString error = QString::fromUtf8(second.readAllStandardError());
        QCOMPARE(error.count(QLatin1Char('\n')), 1);
        QVERIFY2(error.contains(QStringLiteral(". Fix: ")), qPrintable(error));
        QVERIFY(stop(first));
    }
};

QTEST_GUILESS_MAIN(TestSandboxApp)
#include "testsandboxapp.moc"
