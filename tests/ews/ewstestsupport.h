#pragma once

// Shared by the EWS tests: the response files in data/, a typical impersonation context, and
// Microsoft's schema check (liaison-ews-validate, xmllint underneath).

#include "mailbox/ews/ewssoapresponse.h"
#include "mailbox/ews/ewssoapwriter.h"

#include <QFile>
#include <QProcess>
#include <QStringList>

namespace Liaison::EwsTest {

inline QString dataPath(const QString &name)
{
    return QStringLiteral(LIAISON_SOURCE_DIR "/tests/ews/data/") + name;
}

inline QByteArray readData(const QString &name)
{
    QFile f(dataPath(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The parsed response, or an empty one when the file is missing or unparsable (the test's
// QVERIFY on the typed result then fails).
inline EwsSoapResponse loadResponse(const QString &name)
{
    auto r = EwsSoapResponse::parse(readData(name));
    return r.ok() ? std::move(r).value() : EwsSoapResponse();
}

inline EwsRequestContext impersonationContext()
{
    EwsRequestContext c;
    c.impersonatedSmtp = QStringLiteral("anna.berg@contoso.example");
    c.account = QStringLiteral("svc-liaison@contoso.example");
    return c;
}

// Empty when every file is a schema-valid EWS message; otherwise what the validator said.
inline QString schemaErrors(const QStringList &files)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(LIAISON_EWS_VALIDATE), files);
    if (!p.waitForFinished(300000))
        return QStringLiteral("ews-validate did not finish");
    const QString out = QString::fromUtf8(p.readAll());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return out.isEmpty() ? QStringLiteral("ews-validate failed") : out;
    return {};
}

} // namespace Liaison::EwsTest
