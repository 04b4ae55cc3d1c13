#include "common/error.h"

namespace Liaison {

QString Error::toString() const
{
    if (fix.isEmpty())
        return message;
    return message + QStringLiteral(". Fix: ") + fix;
}

QString Error::codeName(Code code)
{
    switch (code) {
    case Code::Invalid: return QStringLiteral("invalid");
    case Code::Missing: return QStringLiteral("missing");
    case Code::NotFound: return QStringLiteral("not-found");
    case Code::Duplicate: return QStringLiteral("duplicate");
    case Code::Conflict: return QStringLiteral("conflict");
    case Code::Storage: return QStringLiteral("storage");
    case Code::Keychain: return QStringLiteral("keychain");
    case Code::Network: return QStringLiteral("network");
    case Code::Protocol: return QStringLiteral("protocol");
    case Code::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

} // namespace Liaison
