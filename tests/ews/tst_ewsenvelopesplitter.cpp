// The streaming reply splitter: whole envelopes out, whatever the chunking.

#include "mailbox/ews/ewsenvelopesplitter.h"

#include <QTest>

using namespace Liaison;

class TestEwsEnvelopeSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsWhateverTheChunkSize_data()
    {
        QTest::addColumn<int>("chunk");
        for (int chunk : {1, 2, 3, 7, 64, 4096})
            QTest::addRow("chunk %d", chunk) << chunk;
    }

    void splitsWhateverTheChunkSize()
    {
        QFETCH(int, chunk);
        const QByteArray a("<s:Envelope xmlns:s=\"x\"><s:Body>one</s:Body></s:Envelope>");
        const QByteArray b("<Envelope><Body>two</Body></Envelope  >");
        const QByteArray c("<soap11:Envelope><x>&lt;/Envelope&gt;</x></soap11:Envelope>");
        const QByteArray stream = a + "\r\n" + b + c + "\n";
        EwsEnvelopeSplitter splitter;
        QList<QByteArray> out;
        for (qsizetype at = 0; at < stream.size(); at += chunk)
            out += splitter.feed(stream.mid(at, chunk));
        QCOMPARE(out, (QList<QByteArray>{a, b, c}));
        QCOMPARE(splitter.pending(), 0);
    }

    void keepsAnUnfinishedEnvelope()
    {
        EwsEnvelopeSplitter splitter;
        QVERIFY(splitter.feed("<s:Envelope><s:Body>").isEmpty());
        QVERIFY(splitter.feed("</s:Body></s:Env").isEmpty());
        QCOMPARE(splitter.feed("elope>").size(), 1);
    }

    // The fuzzer's finding: a large envelope dribbled byte by byte used to rescan the whole
    // buffer per byte (quadratic). Now each byte is looked at a bounded number of times, so
    // this finishes at once; a regression makes it run for minutes and hit the ctest timeout.
    void dribbledEnvelopeStaysLinear()
    {
        EwsEnvelopeSplitter splitter;
        splitter.feed("<s:Envelope>");
        const QByteArray filler(256 * 1024, 'x');
        for (char c : filler)
            QVERIFY(splitter.feed(QByteArray(1, c)).isEmpty());
        QCOMPARE(splitter.feed("</s:Envelope>").size(), 1);
    }

    void dropsARunawayEnvelope()
    {
        EwsEnvelopeSplitter splitter;
        splitter.feed("<s:Envelope>");
        splitter.feed(QByteArray(EwsEnvelopeSplitter::kMaxEnvelopeBytes + 1, 'x'));
        QCOMPARE(splitter.pending(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEwsEnvelopeSplitter)
#include "tst_ewsenvelopesplitter.moc"
