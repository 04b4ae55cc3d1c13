#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace Liaison {

// Where passwords, client secrets and tokens live: only the OS keychain. The database stores
// the key (see ExchangeProfile::secretKey()), never the value. Calls block until the keychain
// answers (a local IPC, not the network) and fail with Error::Keychain plus the fix when no
// keychain is reachable. There is never a plaintext fallback.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    virtual Status write(const QString &key, const QByteArray &secret) = 0;
    virtual Result<QByteArray> read(const QString &key) = 0;    // NotFound when the key has no secret
    virtual Status remove(const QString &key) = 0;              // ok when already absent
    virtual Status checkAvailable() = 0;                        // Keychain error with how to fix it
};

} // namespace Liaison
