// Round trips against the real OS keychain (Secret Service via gnome-keyring in CI and,
// through keyringsession.h, in a private session locally).
#include "keyringsession.h"

#include "secrets/keychainsecretstore.h"
#include "secrets/secretchunkcodec.h"
#include "secrets/secretstorefactory.h"

#include <QEventLoop>
#include <QRandomGenerator>
#include <QTest>
#include <QUuid>

#include <qt6keychain/keychain.h>

using namespace Liaison;

namespace {

QString uniqueService()
{
    return QStringLiteral("LiaisonTest-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

// Whether a raw keychain entry exists, bypassing our store (to see the chunk entries).
bool rawEntryExists(const QString &service, const QString &entryKey)
{
    QKeychain::ReadPasswordJob job(service);
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(entryKey);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    return job.error() == QKeychain::NoError;
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private:
    QString m_service = uniqueService();
    KeychainSecretStore m_store{m_service};
    QStringList m_keys; // removed again in cleanupTestCase

    QString key(const QString &name)
    {
        const QString k = QStringLiteral("liaison/test/") + name;
        m_keys.append(k);
        return k;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const Status available = m_store.checkAvailable();
        QVERIFY2(available.ok(), qPrintable(QStringLiteral("these tests need a keychain: ") + available.error().toString()));
    }

    void cleanupTestCase()
    {
        for (const QString &k : std::as_const(m_keys))
            QVERIFY(m_store.remove(k).ok());
    }

    void roundTripOverwriteRemove()
    {
        const QString k = key(QStringLiteral("roundtrip"));
        const QByteArray first = QByteArrayLiteral("s3cr3t-") + QUuid::createUuid().toByteArray();
        QVERIFY(m_store.write(k, first).ok());
        Result<QByteArray> read = m_store.read(k);
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
        QCOMPARE(read.value(), first);

        const QByteArray second = QByteArrayLiteral("other-") + QUuid::createUuid().toByteArray();
        QVERIFY(m_store.write(k, second).ok());
        read = m_store.read(k);
        QVERIFY(read.ok());
        QCOMPARE(read.value(), second);

        QVERIFY(m_store.remove(k).ok());
        read = m_store.read(k);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, Error::Code::NotFound);
    }

    void binaryValueKeepsEveryByte()
    {
        const QString k = key(QStringLiteral("binary"));
        const QByteArray value = QByteArray("a\0b\xff\n\r\x01 z", 10);
        QVERIFY(m_store.write(k, value).ok());
        const Result<QByteArray> read = m_store.read(k);
        QVERIFY(read.ok());
        QCOMPARE(read.value(), value);
    }

    void missingKeyIsNotFound()
    {
        const QString k = key(QStringLiteral("never-written"));
        const Result<QByteArray> read = m_store.read(k);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, Error::Code::NotFound);
        QVERIFY(read.error().message.contains(k));
        QVERIFY(m_store.remove(k).ok()); // removing an absent key is fine
    }

    void invalidKeysAreRejected()
    {
        QCOMPARE(m_store.write(QString(), "x").error().code, Error::Code::Invalid);
        QCOMPARE(m_store.read(QStringLiteral("a#1")).error().code, Error::Code::Invalid);
    }

    void longValueIsChunkedAndFullyRemoved()
    {
        const QString k = key(QStringLiteral("long-token"));
        const QByteArray token = randomBytes(6 * 1024);
        QVERIFY(m_store.write(k, token).ok());

        // 6 KB at 2000 bytes a piece: `key`, `key#1`, `key#2`, `key#3`.
        QVERIFY(rawEntryExists(m_service, k));
        for (int i = 1; i <= 3; ++i)
            QVERIFY2(rawEntryExists(m_service, SecretChunkCodec::entryKey(k, i)), qPrintable(QString::number(i)));
        QVERIFY(!rawEntryExists(m_service, SecretChunkCodec::entryKey(k, 4)));

        const Result<QByteArray> read = m_store.read(k);
        QVERIFY(read.ok());
        QCOMPARE(read.value().size(), token.size());
        QCOMPARE(read.value(), token);

        QVERIFY(m_store.remove(k).ok());
        for (int i = 0; i <= 3; ++i)
            QVERIFY2(!rawEntryExists(m_service, SecretChunkCodec::entryKey(k, i)), qPrintable(QString::number(i)));
        QCOMPARE(m_store.read(k).error().code, Error::Code::NotFound);
    }

    void shorterOverwriteDropsOldChunks()
    {
        const QString k = key(QStringLiteral("shrinking"));
        QVERIFY(m_store.write(k, randomBytes(5000)).ok());
        QVERIFY(rawEntryExists(m_service, SecretChunkCodec::entryKey(k, 2)));

        QVERIFY(m_store.write(k, randomBytes(2500)).ok()); // two entries now
        QVERIFY(rawEntryExists(m_service, SecretChunkCodec::entryKey(k, 1)));
        QVERIFY(!rawEntryExists(m_service, SecretChunkCodec::entryKey(k, 2)));

        QVERIFY(m_store.write(k, "short").ok());
        QVERIFY(!rawEntryExists(m_service, SecretChunkCodec::entryKey(k, 1)));
        QCOMPARE(m_store.read(k).value(), QByteArray("short"));
    }

    void valueLookingLikeAHeaderSurvives()
    {
        const QString k = key(QStringLiteral("magic"));
        const QByteArray value = SecretChunkCodec::magic() + "1 3 abc\nxyz";
        QVERIFY(m_store.write(k, value).ok());
        QCOMPARE(m_store.read(k).value(), value);
    }

    void missingChunkIsReportedWithoutTheValue()
    {
        const QString k = key(QStringLiteral("torn"));
        const QByteArray token = randomBytes(4500);
        QVERIFY(m_store.write(k, token).ok());

        QKeychain::DeletePasswordJob job(m_service);
        job.setAutoDelete(false);
        job.setKey(SecretChunkCodec::entryKey(k, 1));
        QEventLoop loop;
        QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
        job.start();
        loop.exec();
        QCOMPARE(job.error(), QKeychain::NoError);

        const Result<QByteArray> read = m_store.read(k);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, Error::Code::Keychain);
        QVERIFY(!read.error().fix.isEmpty());
        QVERIFY(!read.error().toString().toUtf8().contains(token.left(16)));
        QVERIFY(m_store.remove(k).ok());
        QVERIFY(!rawEntryExists(m_service, SecretChunkCodec::entryKey(k, 2)));
    }

    void factoryGivesAWorkingStore()
    {
        const std::unique_ptr<SecretStore> store = makeSystemSecretStore();
        QVERIFY(store);
        const Status available = store->checkAvailable();
        QVERIFY2(available.ok(), qPrintable(available.ok() ? QString() : available.error().toString()));
        QVERIFY(dynamic_cast<KeychainSecretStore *>(store.get()));
        QCOMPARE(static_cast<KeychainSecretStore *>(store.get())->service(), QStringLiteral("Liaison"));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (const int rc = Liaison::TestSupport::runInPrivateKeyringSession(); rc >= 0)
        return rc;
    TestKeychainSecretStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainsecretstore.moc"
