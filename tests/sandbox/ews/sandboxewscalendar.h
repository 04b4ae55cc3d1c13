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

    // Exceptions of a series are stored on the master under exceptionKey(index): a
    // t:CalendarItem with the occurrence's own properties (OriginalStart, Start, End, Subject ...)
    // or a t:DeletedOccurrence. Changing one bumps the master's ChangeKey, as in Exchange.
    static QString exceptionKey(int index);
    static bool isExceptionKey(const QString &key);
    // Occurrence #index as the pattern places it, before any exception.
    static std::optional<Span> originalSpan(const SandboxEwsItem &master, int index);
    // Occurrence #index with its exception applied (nullopt when deleted or out of range).
    // `span` is the pattern's; a plain occurrence carries it as OriginalStart, as in Exchange.
    static std::optional<SandboxEwsOccurrence> instance(const SandboxEwsItem &master, int index, const Span &span);
    // calendar:ModifiedOccurrences or calendar:DeletedOccurrences of a master ("" when none).
    static QByteArray exceptionsXml(const SandboxEwsItem &master, bool deleted);
    // A user (or UpdateItem/DeleteItem on an OccurrenceItemId) changes one occurrence. `delta`
    // as SandboxEwsItems::propsFromUpdates gives it. nullptr with the EWS ResponseCode in *code.
    static SandboxEwsItem *modifyOccurrence(SandboxEwsStore &store, const QString &masterId, int index,
                                            const QMap<QString, QByteArray> &delta, QString *code);
    // Exchange drops a series' exceptions (modified and deleted occurrences) when its pattern
    // or its Start/End changes: adds their removal to `props`, an update of `master` (a null
    // value removes a key). SandboxEwsStore::updateItem calls it, so UpdateItem and the admin
    // API both get it. Other changes (Subject, Location ...) keep the exceptions.
    static void dropExceptionsOnSeriesChange(const SandboxEwsItem &master, QMap<QString, QByteArray> &props);
    static SandboxEwsItem *deleteOccurrence(SandboxEwsStore &store, const QString &masterId, int index, QString *code);

    static SandboxEwsReply findItem(const SandboxEwsContext &ctx, const EwsXmlNode &op);

    static QDateTime parseTime(const QString &text);
    static QString formatTime(const QDateTime &dt);
};

} // namespace Liaison
