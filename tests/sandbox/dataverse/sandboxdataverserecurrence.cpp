#include "sandboxdataverserecurrence.h"

#include <QJsonValue>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

constexpr int kDaily = 0;
constexpr int kWeekly = 1;
constexpr int kNoEndDate = 1;
constexpr int kOccurrences = 2;
constexpr int kPatternEndDate = 3;

// Dataverse's day bits: Sunday 0x01, Monday 0x02, ... Saturday 0x40. Qt: Monday 1 .. Sunday 7.
int dayBit(const QDate &date)
{
    return 1 << (date.dayOfWeek() % 7);
}

} // namespace

QDateTime SandboxDataverseRecurrence::readDateTime(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.size() == 10)
        return QDate::fromString(text, Qt::ISODate).startOfDay(Qt::UTC);
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    return parsed.isValid() ? parsed.toUTC() : QDateTime();
}

QStringList SandboxDataverseRecurrence::patternColumns()
{
    return {u"recurrencepatterntype"_s, u"interval"_s, u"daysofweekmask"_s, u"firstdayofweek"_s,
            u"isweekdaypattern"_s, u"patternstartdate"_s, u"patternendtype"_s, u"occurrences"_s,
            u"patternenddate"_s, u"starttime"_s, u"endtime"_s, u"duration"_s, u"scheduledstart"_s,
            u"scheduledend"_s};
}

QList<SandboxDataverseRecurrence::Occurrence> SandboxDataverseRecurrence::occurrences(const QJsonObject &master)
{
    const int type = master.value(u"recurrencepatterntype"_s).toInt(-1);
    if (type != kDaily && type != kWeekly)
        return {};
    QDateTime start = readDateTime(master.value(u"starttime"_s));
    if (!start.isValid())
        start = readDateTime(master.value(u"scheduledstart"_s));
    QDateTime end = readDateTime(master.value(u"endtime"_s));
    if (!end.isValid())
        end = readDateTime(master.value(u"scheduledend"_s));
    if (!end.isValid() && master.value(u"duration"_s).toInt() > 0)
        end = start.addSecs(qint64(master.value(u"duration"_s).toInt()) * 60);
    if (!start.isValid() || !end.isValid() || end < start)
        return {};
    const qint64 length = start.secsTo(end);
    const QTime timeOfDay = start.time();

    QDate first = readDateTime(master.value(u"patternstartdate"_s)).date();
    if (!first.isValid())
        first = start.date();
    QDate last = first.addMonths(kWindowMonths).addDays(-1);
    const int endType = master.value(u"patternendtype"_s).toInt(kNoEndDate);
    int remaining = kMaxOccurrences;
    if (endType == kOccurrences)
        remaining = std::min(remaining, master.value(u"occurrences"_s).toInt());
    if (endType == kPatternEndDate) {
        const QDate patternEnd = readDateTime(master.value(u"patternenddate"_s)).date();
        if (patternEnd.isValid() && patternEnd < last)
            last = patternEnd;
    }
    const int interval = std::max(1, master.value(u"interval"_s).toInt(1));
    const bool weekdays = master.value(u"isweekdaypattern"_s).toBool();
    constexpr int kWeekdayBits = 0x3e;   // Monday .. Friday
    const int mask = type == kWeekly ? master.value(u"daysofweekmask"_s).toInt() : (weekdays ? kWeekdayBits : 0x7f);
    // Weekly intervals count whole weeks from the week (starting on firstdayofweek) holding the start.
    const int firstDayOfWeek = master.value(u"firstdayofweek"_s).toInt(0);   // 0 = Sunday
    const QDate weekAnchor = first.addDays(-(((first.dayOfWeek() % 7) - firstDayOfWeek + 7) % 7));

    QList<Occurrence> out;
    for (QDate day = first; day <= last && remaining > 0; day = day.addDays(1)) {
        if (!(mask & dayBit(day)))
            continue;
        const bool inStep = type == kDaily ? (weekdays || first.daysTo(day) % interval == 0)
                                           : (weekAnchor.daysTo(day) / 7) % interval == 0;
        if (!inStep)
            continue;
        const QDateTime occurrenceStart(day, timeOfDay, Qt::UTC);
        out.append({occurrenceStart, occurrenceStart.addSecs(length)});
        --remaining;
    }
    return out;
}

} // namespace Liaison
