#pragma once

// Test helpers: a clean protocol-trace folder per test, and schema validation of every EWS
// SOAP body in it with liaison-ews-validate. Autodiscover bodies (POX and the
// Autodiscover SOAP namespace) are not EWS schema and are skipped; a streaming answer holds
// several envelopes and is split first.

#include "mailbox/ews/ewsenvelopesplitter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSet>
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

// The receipt a validated trace folder gets; tst_ewssuitetrace checks that every folder of the
// suite's trace has one covering every body in it.
inline constexpr auto kReceipt = "ews-validated.txt";

// Validates the EWS bodies; returns how many envelopes were checked (-1 on failure, with the
// validator's output in *output). Bodies whose file name carries a key of `brokenOnPurpose`
// (e.g. "Malformed-response" for 000012-Malformed-response.xml) are left out; the receipt says why.
// Identical envelopes (keep-alives, repeated requests) are validated once per process.
inline int validate(const QString &dir, QString *output, const QHash<QString, QString> &brokenOnPurpose = {})
{
    static QSet<QByteArray> seen;
    QTemporaryDir tmp;
    QStringList files;
    QStringList receipt;
    QSet<QByteArray> fresh;
    const QFileInfoList entries = QDir(dir).entryInfoList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
    for (const QFileInfo &fi : entries) {
        QFile f(fi.absoluteFilePath());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray data = f.readAll();
        if (!data.contains("http://schemas.microsoft.com/exchange/services/2006/")) {
            receipt << QStringLiteral("not-ews %1").arg(fi.fileName());   // POX / Autodiscover SOAP
            continue;
        }
        QString reason;
        for (auto it = brokenOnPurpose.cbegin(); it != brokenOnPurpose.cend(); ++it)
            if (fi.fileName().contains(QLatin1Char('-') + it.key()))
                reason = it.value();
        if (!reason.isEmpty()) {
            receipt << QStringLiteral("excluded %1: %2").arg(fi.fileName(), reason);
            continue;
        }
        EwsEnvelopeSplitter splitter;
        const QList<QByteArray> envelopes = splitter.feed(data);
        for (int i = 0; i < envelopes.size(); ++i) {
            const QByteArray digest = QCryptographicHash::hash(envelopes.at(i), QCryptographicHash::Sha1);
            if (seen.contains(digest) || fresh.contains(digest))
                continue;
            fresh.insert(digest);
            const QString path = tmp.filePath(fi.completeBaseName() + QStringLiteral("-%1.xml").arg(i));
            QFile out(path);
            if (out.open(QIODevice::WriteOnly)) {
                out.write(envelopes.at(i));
                files << path;
            }
        }
        receipt << QStringLiteral("valid %1 (%2 envelope(s))").arg(fi.fileName()).arg(envelopes.size());
    }
    if (!files.isEmpty()) {
        QProcess p;
        p.start(QStringLiteral(LIAISON_EWS_VALIDATE), files);
        if (!p.waitForFinished(300000)) {
            *output = QStringLiteral("ews-validate did not finish");
            return -1;
        }
        *output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        if (p.exitCode() != 0)
            return -1;
    }
    seen.unite(fresh);
    QFile out(QDir(dir).filePath(QString::fromLatin1(kReceipt)));
    if (out.open(QIODevice::WriteOnly))
        out.write(receipt.join(QLatin1Char('\n')).toUtf8() + '\n');
    return int(files.size());
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
