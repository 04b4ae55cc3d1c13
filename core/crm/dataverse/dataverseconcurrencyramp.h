#pragma once

namespace Liaison {

// How many Dataverse requests a connection keeps in flight. Microsoft's advice for service
// protection: start low, add concurrency while requests succeed, and back off once throttled.
// Starts at `initial`; after each successful window (as many successes in a row as the current
// limit) the limit rises by one, up to the cap (or the server's x-ms-dop-hint when it sent one).
// The first 429 halves the limit and ends the ramp for good; later 429s halve it again, at most
// once per window, so one burst of throttled replies does not collapse it to 1.
class DataverseConcurrencyRamp
{
public:
    explicit DataverseConcurrencyRamp(int initial = 2, int cap = 16);

    int limit() const { return m_limit; }
    int cap() const { return m_cap; }
    bool isRamping() const { return m_ramping; }
    int throttleCount() const { return m_throttles; }

    void onSuccess();
    void onThrottled();
    // x-ms-dop-hint: the degree of parallelism the server recommends; becomes the cap (>= 1).
    void setServerHint(int degreeOfParallelism);

private:
    int m_limit;
    int m_cap;
    int m_successes = 0;          // successes since the last change of the limit
    bool m_ramping = true;
    bool m_halvedThisWindow = false;
    int m_throttles = 0;
};

} // namespace Liaison
