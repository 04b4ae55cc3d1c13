#include "net/backoff.h"

#include <QLocale>
#include <QTimeZone>

#include <algorithm>

namespace Liaison::Backoff {

int delayMs(const RetryPolicy &policy, int retry, double unitRandom)
{
    const qint64 base = std::max(0, policy.baseDelayMs);
    const qint64 cap = std::max(0, policy.maxDelayMs);
    const int shift = std::clamp(retry - 1, 0, 30);
    const qint64 window = std::min(cap, base << shift);
    const double r = std::clamp(unitRandom, 0.0, 1.0);
    return int(std::min<qint64>(window, qint64(double(window) * r)));
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &nowUtc)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(seconds * 1000);

    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is what servers send.
    const QString text = QString::fromLatin1(v);
    QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid()) {
        when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        when.setTimeZone(QTimeZone::utc());
    }
    if (!when.isValid())
        return std::nullopt;
    return std::max<qint64>(0, nowUtc.msecsTo(when));
}

} // namespace Liaison::Backoff
