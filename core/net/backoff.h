#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

#include "net/httprequest.h"

namespace Liaison::Backoff {

// Delay before retry number `retry` (1 = first retry): full jitter over the capped
// exponential window. `unitRandom` is in [0, 1).
int delayMs(const RetryPolicy &policy, int retry, double unitRandom);

// Retry-After as delta-seconds or an HTTP date (RFC 7231 §7.1.3). Past dates give 0.
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &nowUtc);

} // namespace Liaison::Backoff
