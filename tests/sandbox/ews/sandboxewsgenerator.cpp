#include "sandboxewsgenerator.h"

#include "sandboxewsitems.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

constexpr qint64 kDay = 24 * 3600;
constexpr int kRecurrenceCount = 10;
constexpr qint64 kRecurrenceSpanDays = (kRecurrenceCount - 1) * 7 + 1;   // 10 weekly occurrences of an hour

QDateTime firstStart()
{
    return QDateTime(QDate(2026, 3, 2), QTime(9, 0), QTimeZone::utc());
}

} // namespace

QDateTime SandboxEwsGenerator::eventStart(quint32 k)
{
    return firstStart().addDays(k % 365);
}

QList<SandboxEwsGenerator::EventSpan> SandboxEwsGenerator::eventSpans(quint32 k)
{
    // UTC throughout, so days are 24 h: plain arithmetic, no QDateTime per instance.
    constexpr qint64 hour = 3600 * 1000;
    constexpr qint64 week = 7 * kDay * 1000;
    static const qint64 first = firstStart().toMSecsSinceEpoch();
    const qint64 start = first + qint64(k % 365) * kDay * 1000;
    if (!eventRecurs(k))
        return {{0, start, start + hour}};
    QList<EventSpan> out;
    out.reserve(kRecurrenceCount);
    for (int i = 0; i < kRecurrenceCount; ++i)
        out.append({i + 1, start + i * week, start + i * week + hour});
    return out;
}

QString SandboxEwsGenerator::tagFor(const QString &smtp)
{
    const QString tag = smtp.section(u'@', 0, 0).section(u'.', 0, 0);
    return tag.left(1).toUpper() + tag.mid(1);
}

QMap<QString, QByteArray> SandboxEwsGenerator::props(SandboxEwsKind kind, quint32 k, const QString &tag, quint32 seed)
{
    const quint32 n = k;
    const QString num = u"%1"_s.arg(n, 5, 10, QChar(u'0'));
    QJsonObject f;
    switch (kind) {
    case SandboxEwsKind::Contact:
        f = {{u"FileAs"_s, u"Person %1, %2"_s.arg(num, tag)}, {u"DisplayName"_s, u"%1 Person %2"_s.arg(tag, num)},
             {u"GivenName"_s, tag}, {u"CompanyName"_s, u"Contoso %1"_s.arg((n + seed) % 50)},
             {u"EmailAddresses"_s, QJsonArray{u"%1.person%2@example.com"_s.arg(tag.toLower(), num)}},
             {u"PhoneNumbers"_s, QJsonObject{{u"BusinessPhone"_s, u"+1 555 %1"_s.arg(num)}}},
             {u"JobTitle"_s, u"Buyer"_s}, {u"Surname"_s, u"Person %1"_s.arg(num)}};
        break;
    case SandboxEwsKind::CalendarItem: {
        const QDateTime start = eventStart(n);
        f = {{u"Subject"_s, u"%1 meeting %2"_s.arg(tag, num)}, {u"Start"_s, start.toString(Qt::ISODate)},
             {u"End"_s, start.addSecs(3600).toString(Qt::ISODate)}, {u"Location"_s, u"Room %1"_s.arg((n + seed) % 20)}};
        if (eventRecurs(n))
            f.insert(u"Recurrence"_s, u"<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>%1"
                                      "</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>%2"
                                      "</t:StartDate><t:NumberOfOccurrences>%3</t:NumberOfOccurrences>"
                                      "</t:NumberedRecurrence></t:Recurrence>"_s
                                          .arg(QLocale::c().dayName(start.date().dayOfWeek()), start.date().toString(Qt::ISODate),
                                               QString::number(kRecurrenceCount)));
        break;
    }
    case SandboxEwsKind::Message:
        f = {{u"Subject"_s, u"%1 message %2"_s.arg(tag, num)}, {u"IsRead"_s, (n + seed) % 2 == 0}};
        break;
    case SandboxEwsKind::Task:
        f = {{u"Subject"_s, u"%1 task %2"_s.arg(tag, num)},
             {u"DueDate"_s, QDateTime(QDate(2026, 4, 1), QTime(0, 0), QTimeZone::utc()).addDays((n + seed) % 90).toString(Qt::ISODate)},
             {u"Status"_s, u"NotStarted"_s}};
        break;
    }
    return SandboxEwsItems::propsFromJson(f);
}

QList<quint32> SandboxEwsGenerator::eventsInWindow(quint32 count, const QDateTime &from, const QDateTime &to)
{
    QList<quint32> out;
    if (count == 0 || !from.isValid() || !to.isValid() || to <= from)
        return out;
    // Day offsets r (event k has r = k % 365) whose start can reach into the window: a single
    // event needs start in (from - 1 h, to), a recurring one start in (from - span, to).
    const qint64 base = firstStart().toSecsSinceEpoch();
    const qint64 lo = from.toSecsSinceEpoch() - base;
    const qint64 hi = to.toSecsSinceEpoch() - base;
    const qint64 firstSingle = std::max<qint64>(0, (lo - 3600) / kDay - 1);
    const qint64 firstAny = std::max<qint64>(0, (lo - kRecurrenceSpanDays * kDay) / kDay - 1);
    const qint64 last = std::min<qint64>(364, hi / kDay + 1);
    for (qint64 r = firstAny; r <= last; ++r) {
        for (quint64 k = quint64(r == 0 ? 365 : r); k <= count; k += 365) {
            if (r >= firstSingle || eventRecurs(quint32(k)))
                out.append(quint32(k));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace Liaison
