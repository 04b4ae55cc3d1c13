#include "net/protocoltrace.h"

#include "common/logging.h"
#include "net/redactor.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace Liaison {

namespace {
QAtomicInt g_sequence;

QString safeTag(const QString &tag)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_.\\-]+"));
    QString t = tag;
    t.replace(unsafe, QStringLiteral("_"));
    return t.isEmpty() ? QStringLiteral("http") : t.left(60);
}
} // namespace

ProtocolTrace::ProtocolTrace(const QString &directory)
    : m_directory(directory)
{
    if (!QDir().mkpath(m_directory))
        qCWarning(lcNetTrace) << "Cannot create trace folder" << m_directory;
}

QString ProtocolTrace::environmentDirectory()
{
    return qEnvironmentVariable("LIAISON_TRACE_DIR");
}

int ProtocolTrace::nextSequence()
{
    return g_sequence.fetchAndAddOrdered(1) + 1;
}

QString ProtocolTrace::fileBaseName(int sequence, const QString &tag, bool request)
{
    return QStringLiteral("%1-%2-%3")
        .arg(sequence, 6, 10, QLatin1Char('0'))
        .arg(safeTag(tag), request ? QStringLiteral("request") : QStringLiteral("response"));
}

QString ProtocolTrace::extensionFor(const Headers &headers, const QByteArray &body)
{
    for (const auto &h : headers) {
        if (h.first.compare("content-type", Qt::CaseInsensitive) != 0)
            continue;
        const QByteArray type = h.second.toLower();
        if (type.contains("xml"))
            return QStringLiteral("xml");
        if (type.contains("json"))
            return QStringLiteral("json");
        return QStringLiteral("txt");
    }
    const QByteArray start = body.trimmed().left(1);
    if (start == "<")
        return QStringLiteral("xml");
    if (start == "{" || start == "[")
        return QStringLiteral("json");
    return QStringLiteral("txt");
}

void ProtocolTrace::writeRequest(int sequence, const QString &tag, const QByteArray &method,
                                 const QUrl &url, const Headers &headers, const QByteArray &body) const
{
    const QByteArray line = method + ' ' + Redactor::url(url.toString()).toUtf8();
    write(fileBaseName(sequence, tag, true), line, headers, body);
}

void ProtocolTrace::writeResponse(int sequence, const QString &tag, int status, const Headers &headers,
                                  const QByteArray &body, const QString &note) const
{
    QByteArray line = status > 0 ? QByteArray("HTTP ") + QByteArray::number(status) : QByteArray("NO RESPONSE");
    if (!note.isEmpty())
        line += " (" + note.toUtf8() + ')';
    write(fileBaseName(sequence, tag, false), line, headers, body);
}

void ProtocolTrace::write(const QString &base, const QByteArray &headText, const Headers &headers,
                          const QByteArray &body) const
{
    const QDir dir(m_directory);
    QByteArray head = headText + '\n';
    for (const auto &h : headers)
        head += h.first + ": " + Redactor::headerValue(h.first, h.second) + '\n';

    QFile headFile(dir.filePath(base + QStringLiteral(".headers")));
    QFile bodyFile(dir.filePath(base + QLatin1Char('.') + extensionFor(headers, body)));
    if (!headFile.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || !bodyFile.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qCWarning(lcNetTrace) << "Cannot write trace file" << base << "in" << m_directory;
        return;
    }
    headFile.write(head);
    bodyFile.write(Redactor::body(body));
}

} // namespace Liaison
