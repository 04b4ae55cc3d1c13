#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Liaison {

// Writes every request and response body to a folder, one file each:
//   <6-digit sequence>-<tag>-request.<xml|json|txt>   the body exactly as sent (redacted)
//   <6-digit sequence>-<tag>-request.headers           request line + headers (redacted)
//   <sequence>-<tag>-response.<ext> / .headers          the answer to that same request
// Bodies stay pure so tools like ews-validate can read them; the sequence is global to
// the process (client and sandbox alike), so sorting the folder gives the real order.
class ProtocolTrace
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit ProtocolTrace(const QString &directory);

    // LIAISON_TRACE_DIR, or empty when tracing is off.
    static QString environmentDirectory();
    // Next number from the process-wide sequence (thread-safe).
    static int nextSequence();

    QString directory() const { return m_directory; }

    void writeRequest(int sequence, const QString &tag, const QByteArray &method, const QUrl &url,
                      const Headers &headers, const QByteArray &body) const;
    // status 0 = no HTTP answer; `note` says why (timeout, connection dropped ...).
    void writeResponse(int sequence, const QString &tag, int status, const Headers &headers,
                       const QByteArray &body, const QString &note = {}) const;

    static QString fileBaseName(int sequence, const QString &tag, bool request);
    static QString extensionFor(const Headers &headers, const QByteArray &body);

private:
    void write(const QString &base, const QByteArray &headText, const Headers &headers,
               const QByteArray &body) const;

    QString m_directory;
};

} // namespace Liaison
