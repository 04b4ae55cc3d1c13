#pragma once

#include <QDateTime>

#include "sandboxewscontext.h"
#include "sandboxewsitems.h"

namespace Liaison {

// FindItem (CalendarView with recurrence expansion, or IndexedPageItemView) and occurrence ids.
class SandboxEwsCalendar
{
public:
    struct Span { QDateTime start; QDateTime end; };

    // Occurrence ids are opaque too: they name the master and the 1-based instance index.
    static QString occurrenceId(const QString &masterId, int index);
    static bool parseOccurrenceId(const QString &id, QString *masterId, int *index);
    // Occurrence #index of a recurring master, if the pattern has one.
    static std::optional<SandboxEwsOccurrence> occurrence(const SandboxEwsItem &master, int index);
    // Occurrences of a master overlapping [from, to), as (index, span); capped at `limit`.
    static QList<std::pair<int, Span>> expand(const SandboxEwsItem &master, const QDateTime &from, const QDateTime &to,
                                             int limit = 5000);

    static SandboxEwsReply findItem(const SandboxEwsContext &ctx, const EwsXmlNode &op);

    static QDateTime parseTime(const QString &text);
    static QString formatTime(const QDateTime &dt);
};

} // namespace Liaison
