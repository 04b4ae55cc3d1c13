#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QTimeZone>

#include "sandboxewsstore.h"

namespace Liaison {

// The content of generated items. Item k (1-based) of a generated folder is a pure function of
// (kind, k, mailbox tag, seed), so a generated mailbox stores no items: the store derives them
// on demand and keeps only what changed afterwards.
class SandboxEwsGenerator
{
public:
    // The stored properties of item k ("Contoso <n>", "<Tag> meeting 00042", ...).
    static QMap<QString, QByteArray> props(SandboxEwsKind kind, quint32 k, const QString &tag, quint32 seed = 0);

    // Events are laid out by index in time: event k starts at 2026-03-02T09:00Z + (k % 365)
    // days and lasts an hour; every 5th recurs weekly, 10 times. So a calendar window maps to
    // index ranges and a CalendarView never scans the whole folder.
    static QDateTime eventStart(quint32 k);
    static bool eventRecurs(quint32 k) { return k % 5 == 0; }
    // Where event k sits in time, without deriving it: its instances as (occurrence index,
    // start, end), index 0 for a single event, 1..10 for a recurring one; times in msecs since
    // the epoch (cheap to sort). Matches the calendar's pattern walk over props(CalendarItem, k).
    struct EventSpan
    {
        int index;
        qint64 start;
        qint64 end;
        QDateTime startTime() const { return QDateTime::fromMSecsSinceEpoch(start, QTimeZone::utc()); }
        QDateTime endTime() const { return QDateTime::fromMSecsSinceEpoch(end, QTimeZone::utc()); }
    };
    static QList<EventSpan> eventSpans(quint32 k);
    // Indexes in 1..count of the generated events that may intersect [from, to), ascending.
    static QList<quint32> eventsInWindow(quint32 count, const QDateTime &from, const QDateTime &to);

    // "user0001@contoso.test" -> "User0001": the tag generated content carries.
    static QString tagFor(const QString &smtp);
};

} // namespace Liaison
