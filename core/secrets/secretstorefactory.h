#pragma once

#include "secrets/secretstore.h"

#include <memory>

namespace Liaison {

// The secret store of this machine (the OS keychain), so apps never name the implementation.
// Construction never touches the keychain; call checkAvailable() to fail early with the fix.
std::unique_ptr<SecretStore> makeSystemSecretStore();

} // namespace Liaison
