#include "secrets/secretstorefactory.h"

#include "secrets/keychainsecretstore.h"

namespace Liaison {

std::unique_ptr<SecretStore> makeSystemSecretStore()
{
    return std::make_unique<KeychainSecretStore>();
}

} // namespace Liaison
