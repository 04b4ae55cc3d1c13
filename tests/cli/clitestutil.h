#pragma once

#include "admin/adminjson.h"
#include "admin/adminservice.h"
#include "store/adminstores.h"
#include "store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace Liaison::TestSupport {

// One run of liaisonctl: exit code and everything it printed.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonArray array() const { return QJsonDocument::fromJson(out).array(); }
    QJsonObject object() const { return QJsonDocument::fromJson(out).object(); }
    // The one-line error contract: exactly one "liaisonctl: ..." line on stderr.
    bool oneErrorLine() const
    {
        return err.startsWith("liaisonctl: ") && err.endsWith('\n') && err.count('\n') == 1;
    }
};

// Runs the real liaisonctl binary against a database in a temporary folder and keeps a
// transcript of all output (the secret scan reads it).
class Cli
{
public:
    Cli()
        : m_env(QProcessEnvironment::systemEnvironment())
    {
        m_env.remove(QStringLiteral("LIAISON_DB"));
        m_db = m_dir.filePath(QStringLiteral("liaison.db"));
    }

    QString db() const { return m_db; }
    QString dir() const { return m_dir.path(); }
    QProcessEnvironment &env() { return m_env; }
    const QByteArray &transcript() const { return m_transcript; }

    CliRun run(const QStringList &args, const QByteArray &stdinData = {}) { return runRaw(QStringList{QStringLiteral("--db"), m_db} + args, stdinData, m_env); }

    CliRun runRaw(const QStringList &args, const QByteArray &stdinData, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LIAISON_BIN_DIR "/liaisonctl"), args);
        CliRun r;
        if (!p.waitForStarted(10000))
            return r;
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();   // never leave a command waiting for input
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        m_transcript += r.out + r.err;
        return r;
    }

    // Everything the admin model holds, read through the stores, as one comparable string.
    QByteArray snapshot() const
    {
        auto db = Database::open(m_db);
        if (!db)
            return QByteArrayLiteral("open failed: ") + db.error().message.toUtf8();
        QJsonObject all;
        auto put = [&](const char *key, auto result) {
            all.insert(QLatin1String(key), result ? QJsonValue(AdminJson::toJsonArray(result.value()))
                                                  : QJsonValue(result.error().message));
        };
        put("profiles", ExchangeProfileStore(*db.value()).list());
        put("crm", CrmConnectionStore(*db.value()).list());
        put("configs", ConfigurationStore(*db.value()).list());
        put("users", UserStore(*db.value()).list());
        put("assignments", AssignmentStore(*db.value()).list());
        put("audit", AuditStore(*db.value()).list(1000));
        return QJsonDocument(all).toJson(QJsonDocument::Compact);
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    QProcessEnvironment m_env;
    QByteArray m_transcript;
};

} // namespace Liaison::TestSupport
