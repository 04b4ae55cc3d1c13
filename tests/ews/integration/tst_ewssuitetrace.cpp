// The whole suite's EWS trace: runs after every test that writes one (ctest fixture ews_trace)
// and checks that each traced body of each test was put through liaison-ews-validate —
// every folder under test-output/ews-trace has a receipt naming each of its XML bodies as valid,
// not EWS (Autodiscover), or broken on purpose with the reason. The validation itself ran in the
// tests (EwsTraceCheck::validate), so a schema error already failed the test that caused it.
#include <QDir>
#include <QFile>
#include <QSet>
#include <QtTest>

#include "ewstracecheck.h"

class TstEwsSuiteTrace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyTracedBodyWasValidated()
    {
        const QDir root(QStringLiteral(LIAISON_TEST_OUTPUT_DIR "/ews-trace"));
        const QStringList folders = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY2(!folders.isEmpty(), "no EWS trace: run the whole `ews` label, not this test alone");
        int valid = 0;
        QStringList excluded;
        for (const QString &name : folders) {
            const QDir dir(root.filePath(name));
            QFile receiptFile(dir.filePath(QString::fromLatin1(Liaison::EwsTraceCheck::kReceipt)));
            QVERIFY2(receiptFile.open(QIODevice::ReadOnly),
                     qPrintable(QStringLiteral("%1: the trace was never validated (test failed or skipped it)").arg(name)));
            QSet<QString> covered;
            const QStringList lines = QString::fromUtf8(receiptFile.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (const QString &line : lines) {
                const QString file = line.section(QLatin1Char(' '), 1, 1).remove(QLatin1Char(':'));
                covered.insert(file);
                if (line.startsWith(QLatin1String("valid ")))
                    ++valid;
                else if (line.startsWith(QLatin1String("excluded "))) {
                    QVERIFY2(!line.section(QLatin1String(": "), 1).trimmed().isEmpty(), qPrintable(line));
                    excluded << name + QLatin1Char('/') + line.mid(9);
                }
            }
            for (const QString &body : dir.entryList({QStringLiteral("*.xml")}, QDir::Files))
                QVERIFY2(covered.contains(body), qPrintable(QStringLiteral("%1/%2 was not validated").arg(name, body)));
        }
        qInfo("ews-validate covered %d EWS bodies in %lld test traces", valid, qlonglong(folders.size()));
        for (const QString &e : excluded)
            qInfo("broken on purpose: %s", qPrintable(e));
        QVERIFY(valid > 0);
    }
};

QTEST_GUILESS_MAIN(TstEwsSuiteTrace)
#include "tst_ewssuitetrace.moc"
