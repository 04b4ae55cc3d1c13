#include "secrets/keychainsecretstore.h"

#include "secrets/keychainerrormapper.h"
#include "secrets/secretchunkcodec.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <QUuid>

#include <qt6keychain/keychain.h>

#include <memory>

namespace Liaison {

using Action = KeychainErrorMapper::Action;

struct KeychainSecretStore::Outcome
{
    bool timedOut = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorText;   // QtKeychain's text; may name the D-Bus failure, never shown unscrubbed
    QByteArray data;     // read jobs only

    bool ok() const { return !timedOut && error == QKeychain::NoError; }
    bool notFound() const { return !timedOut && error == QKeychain::EntryNotFound; }
};

KeychainSecretStore::KeychainSecretStore(QString service, std::chrono::milliseconds timeout)
    : m_service(std::move(service))
    , m_timeout(timeout)
{
}

KeychainSecretStore::Outcome KeychainSecretStore::run(QKeychain::Job *rawJob, const QString &entryKey)
{
    std::unique_ptr<QKeychain::Job> job(rawJob);
    job->setKey(entryKey);
    job->setAutoDelete(false);
    // The one line that keeps secrets out of plaintext QSettings files. Never change it.
    job->setInsecureFallback(false);

    if (!QCoreApplication::instance())
        return Outcome{false, QKeychain::OtherError, QStringLiteral("no QCoreApplication to run the keychain job"), {}};

    QEventLoop loop;
    bool finished = false;
    QObject::connect(job.get(), &QKeychain::Job::finished, &loop, [&finished, &loop] {
        finished = true;
        loop.quit();
    });
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(m_timeout);
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);

    if (!finished) {
        // The backend still holds a pointer to the job; let it delete itself once it ends.
        QObject::disconnect(job.get(), nullptr, &loop, nullptr);
        job->setAutoDelete(true);
        (void)job.release();
        return Outcome{true, QKeychain::OtherError, {}, {}};
    }

    Outcome outcome{false, job->error(), job->errorString(), {}};
    if (auto *readJob = qobject_cast<QKeychain::ReadPasswordJob *>(job.get()); readJob && outcome.ok())
        outcome.data = readJob->binaryData();
    return outcome;
}

Error KeychainSecretStore::failure(const Outcome &outcome, KeychainErrorMapper::Action action,
                                   const QString &key, const QByteArray &secret) const
{
    if (outcome.timedOut)
        return KeychainErrorMapper::timedOut(int((m_timeout.count() + 999) / 1000), action, key);
    return KeychainErrorMapper::map(outcome.error, outcome.errorText, action, key, secret);
}

KeychainSecretStore::Outcome KeychainSecretStore::readEntry(const QString &entryKey)
{
    return run(new QKeychain::ReadPasswordJob(m_service), entryKey);
}

KeychainSecretStore::Outcome KeychainSecretStore::writeEntry(const QString &entryKey, const QByteArray &value)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setBinaryData(value);
    return run(job, entryKey);
}

KeychainSecretStore::Outcome KeychainSecretStore::removeEntry(const QString &entryKey)
{
    return run(new QKeychain::DeletePasswordJob(m_service), entryKey);
}

Status KeychainSecretStore::checkKey(const QString &key) const
{
    if (key.isEmpty())
        return Error::invalid(QStringLiteral("A keychain key must not be empty"));
    // '#' separates a key from its chunk number; allowing it would let two keys collide.
    if (key.contains(u'#'))
        return Error::invalid(QStringLiteral("The keychain key '%1' contains '#'").arg(key),
                              QStringLiteral("use a key without '#', e.g. liaison/<kind>/<id>"));
    return {};
}

Result<int> KeychainSecretStore::storedEntryCount(const QString &key, KeychainErrorMapper::Action action)
{
    const Outcome first = readEntry(key);
    if (first.notFound())
        return 0;
    if (!first.ok())
        return failure(first, action, key);
    const auto header = SecretChunkCodec::parseHeader(first.data);
    // A damaged header still means "one entry at least": overwrite/remove must not fail on it.
    if (!header.ok() || !header.value())
        return 1;
    return header.value()->entryCount;
}

Status KeychainSecretStore::removeEntries(const QString &key, int from, int to)
{
    for (int i = from; i < to; ++i) {
        const Outcome removed = removeEntry(SecretChunkCodec::entryKey(key, i));
        if (!removed.ok() && !removed.notFound())
            return failure(removed, Action::Remove, key);
    }
    return {};
}

Status KeychainSecretStore::write(const QString &key, const QByteArray &secret)
{
    if (Status valid = checkKey(key); !valid)
        return valid;
    if (secret.size() > SecretChunkCodec::MaxPieceBytes * SecretChunkCodec::MaxEntries)
        return Error::invalid(QStringLiteral("The secret for '%1' is %2 bytes, more than the keychain store accepts")
                                  .arg(key)
                                  .arg(secret.size()),
                              QStringLiteral("store secrets under 2 MB; keep large certificates in files"));

    const QList<QByteArray> entries = SecretChunkCodec::encode(secret);
    // The parts first, the header entry last: a reader never sees a header whose parts
    // are not written yet (a torn overwrite is caught by the checksum).
    for (qsizetype i = entries.size() - 1; i >= 0; --i) {
        const Outcome written = writeEntry(SecretChunkCodec::entryKey(key, int(i)), entries.at(i));
        if (!written.ok())
            return failure(written, Action::Write, key, secret);
    }
    return removeStaleParts(key, int(entries.size()), Action::Write);
}

Status KeychainSecretStore::removeStaleParts(const QString &key, int firstStale, KeychainErrorMapper::Action action)
{
    // Parts of a longer previous value would otherwise linger in the keychain; they are
    // contiguous, so the first absent part ends the search.
    for (int i = firstStale; i <= SecretChunkCodec::MaxEntries; ++i) {
        const QString partKey = SecretChunkCodec::entryKey(key, i);
        const Outcome part = readEntry(partKey);
        if (part.notFound())
            return {};
        if (!part.ok())
            return failure(part, action, key);
        const Outcome removed = removeEntry(partKey);
        if (!removed.ok() && !removed.notFound())
            return failure(removed, action, key);
    }
    return {};
}

Result<QByteArray> KeychainSecretStore::read(const QString &key)
{
    if (Status valid = checkKey(key); !valid)
        return valid.error();
    const Outcome first = readEntry(key);
    if (first.notFound())
        return KeychainErrorMapper::notFound(key);
    if (!first.ok())
        return failure(first, Action::Read, key);

    const auto header = SecretChunkCodec::parseHeader(first.data);
    if (!header)
        return KeychainErrorMapper::inconsistent(key, header.error());
    if (!header.value())
        return first.data;

    QList<QByteArray> parts;
    for (int i = 1; i < header.value()->entryCount; ++i) {
        const Outcome part = readEntry(SecretChunkCodec::entryKey(key, i));
        if (part.notFound())
            break; // decode() reports the missing parts
        if (!part.ok())
            return failure(part, Action::Read, key);
        parts.append(part.data);
    }
    Result<QByteArray> value = SecretChunkCodec::decode(*header.value(), first.data, parts);
    if (!value)
        return KeychainErrorMapper::inconsistent(key, value.error());
    return value;
}

Status KeychainSecretStore::remove(const QString &key)
{
    if (Status valid = checkKey(key); !valid)
        return valid;
    const Result<int> count = storedEntryCount(key, Action::Remove);
    if (!count)
        return count.error();
    if (*count == 0)
        return {};
    // Parts first (also any beyond a damaged header), header last: an interrupted remove
    // can simply be repeated.
    if (Status parts = removeEntries(key, 1, *count); !parts)
        return parts;
    if (Status stale = removeStaleParts(key, *count, Action::Remove); !stale)
        return stale;
    return removeEntries(key, 0, 1);
}

Status KeychainSecretStore::checkAvailable()
{
    // A real write/read/delete round trip: a read alone succeeds on some locked keyrings.
    const QString probeKey = QStringLiteral("liaison-probe/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray probeValue = QByteArrayLiteral("liaison keychain probe");

    const Outcome written = writeEntry(probeKey, probeValue);
    if (!written.ok())
        return failure(written, Action::Probe, probeKey);

    const Outcome readBack = readEntry(probeKey);
    const Outcome removed = removeEntry(probeKey);
    if (!readBack.ok())
        return failure(readBack, Action::Probe, probeKey);
    if (readBack.data != probeValue)
        return Error::keychain(QStringLiteral("The OS keychain (%1) returned a different value than was stored")
                                   .arg(KeychainErrorMapper::platformKeychain()),
                               KeychainErrorMapper::unreachableFix());
    if (!removed.ok())
        return failure(removed, Action::Probe, probeKey);
    return {};
}

} // namespace Liaison
