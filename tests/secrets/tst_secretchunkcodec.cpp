// The chunk format on its own: splitting, joining and detecting damaged parts.
#include "secrets/secretchunkcodec.h"

#include <QTest>

using namespace Liaison;

class TestSecretChunkCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shortValueIsStoredUnchanged()
    {
        const QByteArray value(SecretChunkCodec::MaxPieceBytes, 'a');
        const QList<QByteArray> entries = SecretChunkCodec::encode(value);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first(), value);
        const auto header = SecretChunkCodec::parseHeader(entries.first());
        QVERIFY(header.ok());
        QVERIFY(!header.value().has_value());
    }

    void longValueRoundTripsWithinWindowsLimit()
    {
        QByteArray value;
        for (int i = 0; i < 6144; ++i)
            value.append(char(i * 7 % 256));
        const QList<QByteArray> entries = SecretChunkCodec::encode(value);
        QCOMPARE(entries.size(), 4);
        for (const QByteArray &entry : entries)
            QVERIFY(entry.size() <= 2560); // Windows Credential Manager's blob limit

        const auto header = SecretChunkCodec::parseHeader(entries.first());
        QVERIFY(header.ok());
        QVERIFY(header.value().has_value());
        QCOMPARE(header.value()->entryCount, 4);
        const Result<QByteArray> joined = SecretChunkCodec::decode(*header.value(), entries.first(), entries.mid(1));
        QVERIFY(joined.ok());
        QCOMPARE(joined.value(), value);
    }

    void valueStartingWithMagicIsWrapped()
    {
        const QByteArray value = SecretChunkCodec::magic() + "not a header";
        const QList<QByteArray> entries = SecretChunkCodec::encode(value);
        QCOMPARE(entries.size(), 1);
        QVERIFY(entries.first() != value);
        const auto header = SecretChunkCodec::parseHeader(entries.first());
        QVERIFY(header.ok() && header.value().has_value());
        QCOMPARE(SecretChunkCodec::decode(*header.value(), entries.first(), {}).value(), value);
    }

    void damagedPartsAreDetected()
    {
        const QByteArray value = QByteArray("TOPSECRET").repeated(500);
        QList<QByteArray> entries = SecretChunkCodec::encode(value);
        const auto header = SecretChunkCodec::parseHeader(entries.first());
        QVERIFY(header.ok() && header.value().has_value());

        const Result<QByteArray> missing = SecretChunkCodec::decode(*header.value(), entries.first(), entries.mid(1, 1));
        QVERIFY(!missing.ok());

        entries[1][5] = 'X';
        const Result<QByteArray> tampered = SecretChunkCodec::decode(*header.value(), entries.first(), entries.mid(1));
        QVERIFY(!tampered.ok());
        QVERIFY(!tampered.error().message.contains(QStringLiteral("TOPSECRET")));

        QVERIFY(!SecretChunkCodec::parseHeader(SecretChunkCodec::magic() + "x y\n").ok());
    }

    void entryKeys()
    {
        QCOMPARE(SecretChunkCodec::entryKey(QStringLiteral("liaison/a"), 0), QStringLiteral("liaison/a"));
        QCOMPARE(SecretChunkCodec::entryKey(QStringLiteral("liaison/a"), 2), QStringLiteral("liaison/a#2"));
    }
};

QTEST_GUILESS_MAIN(TestSecretChunkCodec)
#include "tst_secretchunkcodec.moc"
