#include "clierror.h"

namespace Liaison {

CliError CliError::from(const Error &error)
{
    int code = ExitInternal;
    switch (error.code) {
    case Error::Code::NotFound: code = ExitNotFound; break;
    case Error::Code::Invalid:
    case Error::Code::Missing:
    case Error::Code::Duplicate:
    case Error::Code::Conflict: code = ExitInvalid; break;
    case Error::Code::Keychain: code = ExitKeychain; break;
    case Error::Code::Storage: code = ExitStorage; break;
    case Error::Code::Network:
    case Error::Code::Protocol:
    case Error::Code::Internal: code = ExitInternal; break;
    }
    return {code, error.message, error.fix};
}

QString CliError::line() const
{
    QString text = QStringLiteral("liaisonctl: ") + message;
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (!fix.isEmpty())
        text += QStringLiteral(". Fix: ") + fix;
    // Exactly one line, whatever the input that ended up in the message.
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

} // namespace Liaison
