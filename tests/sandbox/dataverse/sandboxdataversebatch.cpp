#include "sandboxdataversebatch.h"

#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

QByteArray SandboxDataverseBatch::boundaryOf(const QByteArray &contentType)
{
    for (const QByteArray &raw : contentType.split(';')) {
        const QByteArray param = raw.trimmed();
        if (param.toLower().startsWith("boundary="))
            return param.mid(9).replace('"', "");
    }
    return {};
}

QList<QByteArray> SandboxDataverseBatch::splitMultipart(const QByteArray &body, const QByteArray &boundary)
{
    QList<QByteArray> parts;
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        qsizetype start = pos + delimiter.size();
        if (body.mid(start, 2) == "--")
            break;   // close delimiter
        const qsizetype lineEnd = body.indexOf('\n', start);
        if (lineEnd < 0)
            break;
        start = lineEnd + 1;
        const qsizetype next = body.indexOf(delimiter, start);
        if (next < 0)
            break;
        QByteArray part = body.mid(start, next - start);
        if (part.endsWith("\r\n"))
            part.chop(2);
        else if (part.endsWith('\n'))
            part.chop(1);
        parts.append(part);
        pos = next;
    }
    return parts;
}

QList<SandboxHeader> SandboxDataverseBatch::readHeaders(const QByteArray &part, QByteArray *rest, QByteArray *firstLine)
{
    QList<SandboxHeader> headers;
    qsizetype pos = 0;
    bool first = firstLine != nullptr;
    while (pos < part.size()) {
        qsizetype end = part.indexOf('\n', pos);
        if (end < 0)
            end = part.size();
        QByteArray line = part.mid(pos, end - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        pos = end + 1;
        if (first) {
            *firstLine = line;
            first = false;
            continue;
        }
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    *rest = pos < part.size() ? part.mid(pos) : QByteArray();
    return headers;
}

QByteArray SandboxDataverseBatch::serialize(const SandboxResponse &response, const QByteArray &contentId)
{
    QByteArray out = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n";
    if (!contentId.isEmpty())
        out += "Content-ID: " + contentId + "\r\n";
    out += "\r\nHTTP/1.1 " + QByteArray::number(response.status) + ' '
         + SandboxResponse::reasonPhrase(response.status) + "\r\n";
    for (const SandboxHeader &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n" + response.body + "\r\n";
    return out;
}

SandboxDataverseBatch::Outcome SandboxDataverseBatch::run(const QByteArray &part, const QString &root,
                                                          const QString &userId,
                                                          const SandboxDataverseApi::ContentIds *contentIds)
{
    QByteArray http;
    const QList<SandboxHeader> partHeaders = readHeaders(part, &http);
    Outcome outcome;
    for (const SandboxHeader &h : partHeaders)
        if (h.first.compare("Content-ID", Qt::CaseInsensitive) == 0)
            outcome.contentId = h.second;

    SandboxRequest inner;
    QByteArray requestLine;
    inner.headers = readHeaders(http, &inner.body, &requestLine);
    const QList<QByteArray> words = requestLine.split(' ');
    if (words.size() < 2) {
        outcome.response = SandboxDataverseApi::error(400, "0x80060888", u"Malformed request line in $batch part."_s);
        return outcome;
    }
    inner.method = words[0];
    QByteArray target = words[1];
    if (target.startsWith('$') && contentIds) {   // "$1" or "$1/..." -> the row created by Content-ID 1
        const qsizetype slash = target.indexOf('/');
        const QString id = QString::fromLatin1(target.mid(1, slash < 0 ? -1 : slash - 1));
        if (!contentIds->contains(id)) {
            outcome.response = SandboxDataverseApi::error(400, "0x80060888",
                                                          u"Content-ID reference '$%1' is not defined."_s.arg(id));
            return outcome;
        }
        target = contentIds->value(id).toUtf8() + (slash < 0 ? QByteArray() : target.mid(slash));
    }
    const QUrl url = QUrl::fromEncoded(target);
    QString path = url.path();
    if (!path.startsWith(u'/'))
        path = QString::fromLatin1(SandboxDataverseApi::kApiPath) + path;
    inner.path = path;
    inner.query = QUrlQuery(url.query(QUrl::FullyEncoded));
    inner.target = target;
    if (!path.startsWith(QString::fromLatin1(SandboxDataverseApi::kApiPath))) {
        outcome.response = SandboxDataverseApi::error(404, "0x8006088a", u"Resource not found."_s);
        return outcome;
    }
    outcome.response = m_api.handle(inner, root, userId, contentIds);
    return outcome;
}

SandboxResponse SandboxDataverseBatch::execute(const SandboxRequest &request, const QString &root,
                                               const QString &userId)
{
    if (request.method != "POST")
        return SandboxDataverseApi::error(405, "0x80060888", u"$batch accepts only POST."_s);
    const QByteArray boundary = boundaryOf(request.header("Content-Type"));
    if (boundary.isEmpty())
        return SandboxDataverseApi::error(400, "0x80060888",
                                          u"The batch request must have a multipart/mixed Content-Type with a boundary."_s);
    const QList<QByteArray> parts = splitMultipart(request.body, boundary);
    if (parts.isEmpty())
        return SandboxDataverseApi::error(400, "0x80060888", u"The batch request has no parts."_s);
    const bool continueOnError = request.header("Prefer").contains("odata.continue-on-error");
    // Dataverse refuses an oversized batch before running any of it.
    qsizetype total = 0;
    for (const QByteArray &part : parts) {
        QByteArray content;
        QByteArray contentType;
        for (const SandboxHeader &h : readHeaders(part, &content))
            if (h.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
                contentType = h.second;
        total += contentType.startsWith("multipart/mixed") ? splitMultipart(content, boundaryOf(contentType)).size() : 1;
    }
    if (total > 1000)
        return SandboxDataverseApi::error(400, "0x80060888",
                                          u"The number of requests in a batch exceeds the limit of 1000."_s);

    const QByteArray responseBoundary = "batchresponse_" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QByteArray out;
    for (const QByteArray &part : parts) {
        QByteArray content;
        const QList<SandboxHeader> headers = readHeaders(part, &content);
        QByteArray contentType;
        for (const SandboxHeader &h : headers)
            if (h.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
                contentType = h.second;
        bool failed = false;
        if (contentType.startsWith("multipart/mixed")) {
            const QList<QByteArray> subparts = splitMultipart(content, boundaryOf(contentType));
            SandboxDataverseStore::Transaction transaction(m_api.store());
            SandboxDataverseApi::ContentIds ids;
            QList<Outcome> done;
            for (const QByteArray &sub : subparts) {
                if (sub.contains("\nGET ") || sub.startsWith("GET ")) {
                    done.append({SandboxDataverseApi::error(400, "0x80060888",
                                                            u"GET requests are not allowed inside a changeset."_s), {}});
                } else {
                    done.append(run(sub, root, userId, &ids));
                }
                const Outcome &last = done.last();
                if (last.response.status >= 300) {
                    failed = true;
                    break;
                }
                if (!last.contentId.isEmpty())
                    ids.insert(QString::fromLatin1(last.contentId),
                               QString::fromUtf8(last.response.header("OData-EntityId")));
            }
            out += "--" + responseBoundary + "\r\n";
            if (failed) {   // all or nothing: undo the changeset, answer with its one error
                transaction.rollback();
                out += serialize(done.last().response, done.last().contentId);
            } else {
                const QByteArray changeBoundary = "changesetresponse_"
                                                + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
                out += "Content-Type: multipart/mixed; boundary=" + changeBoundary + "\r\n\r\n";
                for (const Outcome &o : done)
                    out += "--" + changeBoundary + "\r\n" + serialize(o.response, o.contentId);
                out += "--" + changeBoundary + "--\r\n";
            }
        } else {
            const Outcome o = run(part, root, userId, nullptr);
            failed = o.response.status >= 300;
            out += "--" + responseBoundary + "\r\n" + serialize(o.response, o.contentId);
        }
        if (failed && !continueOnError)
            break;
    }
    out += "--" + responseBoundary + "--\r\n";
    SandboxResponse r;
    r.status = 200;
    r.body = out;
    r.setHeader("Content-Type", "multipart/mixed; boundary=" + responseBoundary);
    r.setHeader("OData-Version", "4.0");
    return r;
}

} // namespace Liaison
