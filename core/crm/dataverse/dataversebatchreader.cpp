#include "crm/dataverse/dataversebatchreader.h"

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

Error batchError(const QString &message)
{
    return Error{Error::Code::Protocol, u"$batch reply: "_s + message,
                 u"retry the batch; if it repeats, send the writes one by one"_s};
}

QByteArray headerValue(const Headers &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

// Splits a multipart body (LF line ends) into its parts; error when the boundary never appears
// or the closing delimiter is missing (a truncated reply).
Result<QList<QByteArray>> splitParts(const QByteArray &body, const QByteArray &boundary, int maxParts)
{
    if (boundary.isEmpty() || boundary.size() > 200)
        return batchError(u"the multipart boundary is missing or too long"_s);
    const QByteArray delimiter = "--" + boundary;
    const QByteArray lineDelimiter = "\n" + delimiter;
    QList<QByteArray> parts;
    qsizetype pos = body.startsWith(delimiter) ? 0 : body.indexOf(lineDelimiter);
    if (pos < 0)
        return batchError(u"the boundary '%1' never appears"_s.arg(QString::fromLatin1(boundary.left(80))));
    if (body.at(pos) == '\n')
        ++pos;
    while (true) {
        qsizetype afterDelimiter = pos + delimiter.size();
        if (body.mid(afterDelimiter, 2) == "--")
            return parts;   // closing delimiter
        const qsizetype lineEnd = body.indexOf('\n', afterDelimiter);
        if (lineEnd < 0)
            return batchError(u"the reply ends inside a part header (truncated)"_s);
        if (!body.mid(afterDelimiter, lineEnd - afterDelimiter).trimmed().isEmpty())
            return batchError(u"text follows a boundary delimiter"_s);
        const qsizetype next = body.indexOf(lineDelimiter, lineEnd);
        if (next < 0)
            return batchError(u"the closing boundary is missing (truncated reply)"_s);
        parts.append(body.mid(lineEnd + 1, next - lineEnd - 1));
        if (parts.size() > maxParts)
            return batchError(u"more than %1 parts"_s.arg(maxParts));
        pos = next + 1;
    }
}

// "Name: value" lines up to the first empty line; `rest` receives what follows.
Result<Headers> readHeaders(const QByteArray &text, QByteArray &rest, int maxLines)
{
    Headers headers;
    qsizetype pos = 0;
    while (true) {
        qsizetype end = text.indexOf('\n', pos);
        const QByteArray line = (end < 0 ? text.mid(pos) : text.mid(pos, end - pos));
        if (line.trimmed().isEmpty()) {
            rest = end < 0 ? QByteArray() : text.mid(end + 1);
            return headers;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return batchError(u"malformed header line '%1'"_s.arg(QString::fromUtf8(line.left(60))));
        headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (headers.size() > maxLines)
            return batchError(u"more than %1 header lines in a part"_s.arg(maxLines));
        if (end < 0) {
            rest.clear();
            return headers;
        }
        pos = end + 1;
    }
}

// An application/http part: MIME headers, blank line, status line, headers, blank line, body.
Result<DataverseBatchPart> readHttpPart(const Headers &mimeHeaders, const QByteArray &content, int maxLines)
{
    DataverseBatchPart part;
    part.contentId = QString::fromLatin1(headerValue(mimeHeaders, "Content-ID"));
    QByteArray text = content;
    while (text.startsWith('\n'))
        text.remove(0, 1);
    const qsizetype lineEnd = text.indexOf('\n');
    const QByteArray statusLine = (lineEnd < 0 ? text : text.left(lineEnd)).trimmed();
    if (!statusLine.startsWith("HTTP/1."))
        return batchError(u"a part has no HTTP status line"_s);
    const QList<QByteArray> fields = statusLine.split(' ');
    bool ok = false;
    part.status = fields.size() >= 2 ? fields.at(1).toInt(&ok) : 0;
    if (!ok || part.status < 100 || part.status > 599)
        return batchError(u"bad status line '%1'"_s.arg(QString::fromLatin1(statusLine.left(60))));
    part.reason = QString::fromLatin1(fields.mid(2).join(' '));
    QByteArray body;
    Result<Headers> headers = readHeaders(lineEnd < 0 ? QByteArray() : text.mid(lineEnd + 1), body, maxLines);
    if (!headers)
        return headers.error();
    part.headers = headers.value();
    if (part.contentId.isEmpty())
        part.contentId = QString::fromLatin1(headerValue(part.headers, "Content-ID"));
    part.body = body.trimmed();
    return part;
}

} // namespace

QByteArray DataverseBatchPart::header(const QByteArray &name) const
{
    return headerValue(headers, name);
}

QByteArray DataverseBatchReader::boundary(const QByteArray &contentType)
{
    for (const QByteArray &param : contentType.split(';')) {
        const QByteArray p = param.trimmed();
        if (p.size() > 9 && p.left(9).compare("boundary=", Qt::CaseInsensitive) == 0) {
            QByteArray value = p.mid(9).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return {};
}

Result<QList<DataverseBatchPart>> DataverseBatchReader::read(const QByteArray &contentType, const QByteArray &rawBody,
                                                             const DataverseBatchLimits &limits)
{
    if (rawBody.size() > limits.maxBytes)
        return batchError(u"%1 bytes exceed the %2-byte limit"_s.arg(rawBody.size()).arg(limits.maxBytes));
    if (!contentType.trimmed().toLower().startsWith("multipart/mixed"))
        return batchError(u"Content-Type is '%1', not multipart/mixed"_s.arg(QString::fromLatin1(contentType.left(80))));

    // JSON cannot hold a raw CR or LF inside a string, so normalising line ends is lossless here.
    QByteArray body = rawBody;
    body.replace("\r\n", "\n");

    Result<QList<QByteArray>> top = splitParts(body, boundary(contentType), limits.maxParts);
    if (!top)
        return top.error();

    QList<DataverseBatchPart> result;
    int group = 0;
    for (const QByteArray &rawPart : top.value()) {
        QByteArray content;
        Result<Headers> mime = readHeaders(rawPart, content, limits.maxHeaderLines);
        if (!mime)
            return mime.error();
        const QByteArray type = headerValue(mime.value(), "Content-Type").toLower();
        if (type.startsWith("multipart/mixed")) {
            Result<QList<QByteArray>> inner = splitParts(content, boundary(headerValue(mime.value(), "Content-Type")),
                                                         limits.maxParts);
            if (!inner)
                return inner.error();
            for (const QByteArray &innerPart : inner.value()) {
                QByteArray innerContent;
                Result<Headers> innerMime = readHeaders(innerPart, innerContent, limits.maxHeaderLines);
                if (!innerMime)
                    return innerMime.error();
                if (headerValue(innerMime.value(), "Content-Type").toLower().startsWith("multipart/"))
                    return batchError(u"a changeset nests another multipart body"_s);
                Result<DataverseBatchPart> part = readHttpPart(innerMime.value(), innerContent, limits.maxHeaderLines);
                if (!part)
                    return part.error();
                part.value().group = group;
                part.value().inChangeSet = true;
                result.append(part.value());
                if (result.size() > limits.maxParts)
                    return batchError(u"more than %1 parts"_s.arg(limits.maxParts));
            }
        } else if (type.startsWith("application/http")) {
            Result<DataverseBatchPart> part = readHttpPart(mime.value(), content, limits.maxHeaderLines);
            if (!part)
                return part.error();
            part.value().group = group;
            result.append(part.value());
        } else {
            return batchError(u"a part has Content-Type '%1'"_s.arg(QString::fromLatin1(type.left(60))));
        }
        ++group;
    }
    return result;
}

} // namespace Liaison
