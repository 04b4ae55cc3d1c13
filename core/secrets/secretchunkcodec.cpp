#include "secrets/secretchunkcodec.h"

#include <QCryptographicHash>

namespace Liaison {

namespace {

// Starts with a control character so no typed password or token begins with it by accident.
constexpr char Magic[] = "\x1fLiaisonChunks/1 ";

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

Error corrupt(const QString &what)
{
    return Error::keychain(QStringLiteral("the stored parts are inconsistent (%1)").arg(what));
}

} // namespace

QByteArray SecretChunkCodec::magic()
{
    return QByteArray(Magic);
}

QString SecretChunkCodec::entryKey(const QString &key, int index)
{
    if (index == 0)
        return key;
    return key + u'#' + QString::number(index);
}

QList<QByteArray> SecretChunkCodec::encode(const QByteArray &secret)
{
    if (secret.size() <= MaxPieceBytes && !secret.startsWith(magic()))
        return {secret};

    const qsizetype pieces = qMax<qsizetype>(1, (secret.size() + MaxPieceBytes - 1) / MaxPieceBytes);
    const QByteArray header = magic() + QByteArray::number(pieces) + ' '
        + QByteArray::number(secret.size()) + ' ' + sha256Hex(secret) + '\n';

    QList<QByteArray> entries;
    entries.reserve(pieces);
    for (qsizetype i = 0; i < pieces; ++i) {
        const QByteArray piece = secret.mid(i * MaxPieceBytes, MaxPieceBytes);
        entries.append(i == 0 ? header + piece : piece);
    }
    return entries;
}

Result<std::optional<SecretChunkCodec::Header>> SecretChunkCodec::parseHeader(const QByteArray &firstEntry)
{
    if (!firstEntry.startsWith(magic()))
        return std::optional<Header>{};

    const qsizetype end = firstEntry.indexOf('\n');
    if (end < 0)
        return corrupt(QStringLiteral("header has no end"));
    const QList<QByteArray> fields = firstEntry.mid(magic().size(), end - magic().size()).split(' ');
    if (fields.size() != 3)
        return corrupt(QStringLiteral("header has %1 fields, expected 3").arg(fields.size()));

    bool countOk = false;
    bool sizeOk = false;
    Header header;
    header.entryCount = fields.at(0).toInt(&countOk);
    header.totalSize = fields.at(1).toLongLong(&sizeOk);
    header.sha256Hex = fields.at(2);
    header.headerLength = end + 1;
    if (!countOk || !sizeOk || header.entryCount < 1 || header.entryCount > MaxEntries || header.totalSize < 0
        || header.sha256Hex.size() != 64)
        return corrupt(QStringLiteral("header fields are malformed"));
    return std::optional<Header>{header};
}

Result<QByteArray> SecretChunkCodec::decode(const Header &header, const QByteArray &firstEntry,
                                            const QList<QByteArray> &otherEntries)
{
    if (otherEntries.size() != header.entryCount - 1)
        return corrupt(QStringLiteral("%1 of %2 parts present").arg(otherEntries.size() + 1).arg(header.entryCount));

    QByteArray value = firstEntry.mid(header.headerLength);
    value.reserve(header.totalSize);
    for (const QByteArray &piece : otherEntries)
        value += piece;

    if (value.size() != header.totalSize)
        return corrupt(QStringLiteral("size %1 bytes, expected %2").arg(value.size()).arg(header.totalSize));
    if (sha256Hex(value) != header.sha256Hex)
        return corrupt(QStringLiteral("checksum mismatch"));
    return value;
}

} // namespace Liaison
