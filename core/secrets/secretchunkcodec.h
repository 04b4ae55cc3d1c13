#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Liaison {

// Splits long secrets into several keychain entries and joins them back.
//
// Why: Windows Credential Manager caps one credential blob at 2560 bytes (5 * 512), and
// OAuth refresh tokens or certificates easily exceed that. So every platform stores values
// over MaxPieceBytes the same way: the entry `<key>` holds a one-line header followed by the
// first piece, and `<key>#1`, `<key>#2`, ... hold the rest. The header records the number of
// entries, the total size and a SHA-256 of the whole value, so a torn write (old and new parts
// mixed) is detected on read instead of returning a wrong secret. A short value that happens
// to start with the header magic is chunked too (into one entry), so a value that starts with
// the magic is always a header and short values are otherwise stored unchanged.
class SecretChunkCodec
{
public:
    static constexpr qsizetype MaxPieceBytes = 2000;
    // Bounds the reads a damaged header can cause; 1000 entries is ~2 MB, far above any secret.
    static constexpr int MaxEntries = 1000;

    struct Header
    {
        int entryCount = 1;        // entries including `<key>` itself
        qsizetype totalSize = 0;
        QByteArray sha256Hex;
        qsizetype headerLength = 0; // bytes of the header line in the `<key>` entry
    };

    // The keychain key of entry `index` (0 is `key` itself, then `key#1`, ...).
    static QString entryKey(const QString &key, int index);

    // The values to store at entryKey(key, 0..n-1); one element when no chunking is needed.
    static QList<QByteArray> encode(const QByteArray &secret);

    // The header when `firstEntry` starts a chunked value; nullopt for a plain value.
    // An Error when it starts with the magic but the header is malformed.
    static Result<std::optional<Header>> parseHeader(const QByteArray &firstEntry);

    // Reassembles the value from the first entry and the remaining entries (index 1..n-1).
    // Fails (without echoing any part of the value) when size or checksum disagree.
    static Result<QByteArray> decode(const Header &header, const QByteArray &firstEntry,
                                     const QList<QByteArray> &otherEntries);

    static QByteArray magic();
};

} // namespace Liaison
