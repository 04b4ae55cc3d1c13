#pragma once

// GetStreamingEvents answers with one chunked HTTP body holding a sequence of complete SOAP
// envelopes, each sent when something happens. This cuts the bytes received so far into
// whole envelopes and keeps the unfinished tail for the next chunk.

#include <QByteArray>
#include <QList>

namespace Liaison {

class EwsEnvelopeSplitter
{
public:
    // Appends bytes; returns every envelope completed by them, in order.
    QList<QByteArray> feed(const QByteArray &bytes);
    // Bytes of an envelope not complete yet.
    qsizetype pending() const { return m_buffer.size(); }
    void clear()
    {
        m_buffer.clear();
        m_scanned = 0;
    }

    // A runaway envelope (no end tag within this many bytes) is dropped.
    static constexpr qsizetype kMaxEnvelopeBytes = 16 * 1024 * 1024;

private:
    // Room for "</prefix:Envelope   >" straddling two chunks.
    static constexpr qsizetype kTagOverlap = 256;
    qsizetype findEnd(qsizetype from) const;

    QByteArray m_buffer;
    qsizetype m_scanned = 0;   // bytes of m_buffer already searched for an end tag
};

} // namespace Liaison
