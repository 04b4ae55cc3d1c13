#pragma once

// Shared by every fuzz target: the libFuzzer entry point's declaration, bytes -> QByteArray,
// and a silent Qt message handler (parsers log on bad input; printing that would slow the
// fuzzer down by orders of magnitude and bury the crash report).

#include <QByteArray>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace Liaison::Fuzz {

inline void quietQt()
{
    static const bool installed = [] {
        qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
        return true;
    }();
    (void)installed;
}

// A deep copy: the fuzzer's buffer must not be aliased past the call.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Splits "first line \n rest" (a header-ish prefix, e.g. a Content-Type, and a body).
inline void splitFirstLine(const QByteArray &input, QByteArray *first, QByteArray *rest)
{
    const qsizetype nl = input.indexOf('\n');
    if (nl < 0) {
        *first = input;
        rest->clear();
        return;
    }
    *first = input.left(nl);
    if (first->endsWith('\r'))
        first->chop(1);
    *rest = input.mid(nl + 1);
}

} // namespace Liaison::Fuzz
