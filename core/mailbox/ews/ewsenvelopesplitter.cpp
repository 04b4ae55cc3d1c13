#include "mailbox/ews/ewsenvelopesplitter.h"

namespace Liaison {

namespace {

bool isNameChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
        || c == '.';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

// End of the root's end tag (`</Envelope>`, `</s:Envelope >` ...) found at or after `from`,
// or -1. -2 when a candidate starts before the end of the buffer but is not complete yet.
qsizetype EwsEnvelopeSplitter::findEnd(qsizetype from) const
{
    static const QByteArray name("Envelope");
    for (qsizetype at = m_buffer.indexOf(name, from); at >= 0; at = m_buffer.indexOf(name, at + 1)) {
        // Backwards: optional prefix, then "</".
        qsizetype start = at;
        if (start > 0 && m_buffer.at(start - 1) == ':') {
            --start;
            while (start > 0 && isNameChar(m_buffer.at(start - 1)))
                --start;
        }
        if (start < 2 || m_buffer.at(start - 1) != '/' || m_buffer.at(start - 2) != '<')
            continue;
        // Forwards: optional whitespace, then ">".
        qsizetype end = at + name.size();
        while (end < m_buffer.size() && isSpace(m_buffer.at(end)))
            ++end;
        if (end == m_buffer.size())
            return -2;
        if (m_buffer.at(end) == '>')
            return end + 1;
    }
    return -1;
}

QList<QByteArray> EwsEnvelopeSplitter::feed(const QByteArray &bytes)
{
    m_buffer += bytes;
    QList<QByteArray> out;
    while (true) {
        // Only bytes not scanned before (less a tag's length of overlap), so an envelope that
        // arrives in many small chunks costs linear, not quadratic, time.
        const qsizetype end = findEnd(qMax<qsizetype>(0, m_scanned - kTagOverlap));
        if (end < 0) {
            m_scanned = end == -2 ? qMax<qsizetype>(0, m_buffer.size() - kTagOverlap) : m_buffer.size();
            break;
        }
        const QByteArray envelope = m_buffer.left(end).trimmed();
        m_buffer.remove(0, end);
        m_scanned = 0;
        if (!envelope.isEmpty())
            out << envelope;
    }
    if (m_buffer.trimmed().isEmpty() || m_buffer.size() > kMaxEnvelopeBytes)
        clear();
    return out;
}

} // namespace Liaison
