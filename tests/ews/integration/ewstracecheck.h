#pragma once

// Test helpers: a clean protocol-trace folder per test, and schema validation of every EWS
// SOAP body in it with shared/tools/ews-validate. Autodiscover bodies (POX and the
// Autodiscover SOAP namespace) are not EWS schema and are skipped; a streaming answer holds
// several envelopes and is split first.

#include "mailbox/ews/ewsenvelopesplitter.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace Liaison::EwsTraceCheck {

inline QString traceDir(const QString &testName)
{
    const QString dir = QStringLiteral(LIAISON_TEST_OUTPUT_DIR "/ews-trace/") + testName;
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir;
}

// Validates the EWS bodies; returns how many envelopes were checked (-1 on failure, with
// the validator's output in *output).
inline int validate(const QString &dir, QString *output)
{
    QTemporaryDir tmp;
    QStringList files;
    const QFileInfoList entries = QDir(dir).entryInfoList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
    for (const QFileInfo &fi : entries) {
        QFile f(fi.absoluteFilePath());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray data = f.readAll();
        if (!data.contains("http://schemas.microsoft.com/exchange/services/2006/"))
            continue;   // POX / Autodiscover SOAP
        EwsEnvelopeSplitter splitter;
        const QList<QByteArray> envelopes = splitter.feed(data);
        for (int i = 0; i < envelopes.size(); ++i) {
            const QString path = tmp.filePath(fi.completeBaseName() + QStringLiteral("-%1.xml").arg(i));
            QFile out(path);
            if (out.open(QIODevice::WriteOnly)) {
                out.write(envelopes.at(i));
                files << path;
            }
        }
    }
    if (files.isEmpty())
        return 0;
    QProcess p;
    p.start(QStringLiteral("python3"),
            QStringList{QStringLiteral(LIAISON_SOURCE_DIR "/../shared/tools/ews-validate")} + files);
    if (!p.waitForFinished(60000)) {
        *output = QStringLiteral("ews-validate did not finish");
        return -1;
    }
    *output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    return p.exitCode() == 0 ? int(files.size()) : -1;
}

} // namespace Liaison::EwsTraceCheck

// Every test ends with this: the trace must exist and be schema-valid.
#define LIAISON_VALIDATE_TRACE(dir)                                                                \
    do {                                                                                           \
        QString out_;                                                                              \
        const int n_ = Liaison::EwsTraceCheck::validate(dir, &out_);                              \
        QVERIFY2(n_ >= 0, qPrintable(out_));                                                       \
        qInfo("ews-validate: %d envelope(s) valid in %s", n_, qPrintable(dir));                   \
    } while (false)
