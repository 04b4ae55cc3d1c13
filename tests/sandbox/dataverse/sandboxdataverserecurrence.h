#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Liaison {

// The occurrences of a recurringappointmentmaster row's pattern, the way Dataverse expands a
// series into appointment instances. Daily (recurrencepatterntype 0, optionally isweekdaypattern)
// and weekly (1, daysofweekmask Sunday=0x01 .. Saturday=0x40, firstdayofweek) patterns are
// expanded; monthly (2) and yearly (3) give no instances (the sandbox stores only the master).
// Times are taken in UTC: the sandbox has no user time zone.
class SandboxDataverseRecurrence
{
public:
    struct Occurrence
    {
        QDateTime start;
        QDateTime end;
    };

    // Dataverse expands only a bounded window of a series up front and the rest later; the sandbox
    // expands up to this many months after patternstartdate (or the pattern's own end, if sooner).
    static constexpr int kWindowMonths = 12;
    static constexpr int kMaxOccurrences = 1000;   // a safety net for interval 1 daily series

    static QList<Occurrence> occurrences(const QJsonObject &master);
    // The pattern columns: changing any of them regenerates the instances.
    static QStringList patternColumns();

    // "2025-03-03T09:00:00Z" or "2025-03-03" -> UTC; invalid if neither.
    static QDateTime readDateTime(const QJsonValue &value);
};

} // namespace Liaison
