#pragma once

#include "secrets/keychainerrormapper.h"
#include "secrets/secretstore.h"

#include <QString>

#include <chrono>

namespace QKeychain {
class Job;
}

namespace Liaison {

// SecretStore on the OS keychain through QtKeychain: Secret Service (GNOME Keyring, KWallet)
// on Linux, the Keychain on macOS, Credential Manager on Windows.
//
// Never falls back to plaintext: every job runs with insecureFallback off, so without a
// reachable keychain each call fails with Error::Keychain and the fix.
//
// Calls block in a local QEventLoop (QtKeychain is asynchronous) for at most `timeout`, so
// a hung D-Bus cannot hang the CLI forever. Needs a QCoreApplication; other events of the
// calling thread are processed while waiting. Values over SecretChunkCodec::MaxPieceBytes
// are split over several entries (see secretchunkcodec.h); keys must not contain '#'.
class KeychainSecretStore final : public SecretStore
{
public:
    static constexpr std::chrono::milliseconds DefaultTimeout{20000};

    // `service` groups our entries in the keychain; tests pass their own to stay isolated.
    explicit KeychainSecretStore(QString service = QStringLiteral("Liaison"),
                                 std::chrono::milliseconds timeout = DefaultTimeout);

    Status write(const QString &key, const QByteArray &secret) override;
    Result<QByteArray> read(const QString &key) override;
    Status remove(const QString &key) override;
    Status checkAvailable() override;

    QString service() const { return m_service; }

private:
    struct Outcome;

    Outcome readEntry(const QString &entryKey);
    Outcome writeEntry(const QString &entryKey, const QByteArray &value);
    Outcome removeEntry(const QString &entryKey);
    Outcome run(QKeychain::Job *job, const QString &entryKey);
    Error failure(const Outcome &outcome, KeychainErrorMapper::Action action, const QString &key,
                  const QByteArray &secret = {}) const;

    // How many entries the value now stored under `key` spans (0 when absent).
    Result<int> storedEntryCount(const QString &key, KeychainErrorMapper::Action action);
    Status removeEntries(const QString &key, int from, int to);
    Status removeStaleParts(const QString &key, int firstStale, KeychainErrorMapper::Action action);
    Status checkKey(const QString &key) const;

    QString m_service;
    std::chrono::milliseconds m_timeout;
};

} // namespace Liaison
