#include "secretinput.h"

#include <QFile>

#include <cstdio>
#include <iostream>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace Liaison {
namespace {

#ifdef Q_OS_UNIX
// Reads one line from the terminal with echo off, restoring the terminal afterwards.
QByteArray readFromTerminal(const QString &prompt)
{
    std::cerr << prompt.toLocal8Bit().constData() << std::flush;
    termios old{};
    const bool haveTerm = tcgetattr(STDIN_FILENO, &old) == 0;
    if (haveTerm) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
        line.append(c);
    if (haveTerm)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::cerr << std::endl;
    return line;
}
#endif

} // namespace

Result<QByteArray> readSecretFromStdin(const QString &prompt)
{
    QByteArray secret;
#ifdef Q_OS_UNIX
    if (isatty(STDIN_FILENO)) {
        secret = readFromTerminal(prompt);
    } else
#endif
    {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error::invalid(QStringLiteral("cannot read standard input"));
        secret = in.readAll();
        if (secret.endsWith('\n'))
            secret.chop(1);
        if (secret.endsWith('\r'))
            secret.chop(1);
    }
    if (secret.isEmpty())
        return Error::missing(QStringLiteral("no secret on standard input"),
                              QStringLiteral("pipe it in, e.g. printf '%s' \"$SECRET\" | liaisonctl ... --secret-stdin"));
    return secret;
}

} // namespace Liaison
