#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace Liaison {

// Reads a secret from standard input: all of it when piped (one trailing newline dropped),
// or one line typed without echo when stdin is a terminal. Missing when nothing was given.
Result<QByteArray> readSecretFromStdin(const QString &prompt);

} // namespace Liaison
