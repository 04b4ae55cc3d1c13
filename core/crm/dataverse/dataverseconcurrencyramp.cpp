#include "crm/dataverse/dataverseconcurrencyramp.h"

#include <algorithm>

namespace Liaison {

DataverseConcurrencyRamp::DataverseConcurrencyRamp(int initial, int cap)
    : m_limit(std::clamp(initial, 1, std::max(1, cap))), m_cap(std::max(1, cap))
{
}

void DataverseConcurrencyRamp::onSuccess()
{
    if (++m_successes < m_limit)
        return;
    m_successes = 0;
    m_halvedThisWindow = false;
    if (m_ramping && m_limit < m_cap)
        ++m_limit;
}

void DataverseConcurrencyRamp::onThrottled()
{
    ++m_throttles;
    m_ramping = false;
    if (m_halvedThisWindow)
        return;
    m_halvedThisWindow = true;
    m_successes = 0;
    m_limit = std::max(1, m_limit / 2);
}

void DataverseConcurrencyRamp::setServerHint(int degreeOfParallelism)
{
    if (degreeOfParallelism < 1)
        return;
    m_cap = degreeOfParallelism;
    m_limit = std::min(m_limit, m_cap);
}

} // namespace Liaison
