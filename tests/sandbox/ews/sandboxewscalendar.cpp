#include "sandboxewscalendar.h"

#include "sandboxewsgenerator.h"
#include "sandboxewsitems.h"

#include <QSet>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

constexpr int kMaxDaysScanned = 366 * 30;   // recurrences are followed for at most 30 years
constexpr qint64 kMaxViewDays = 2 * 365 + 1;

struct Pattern
{
    QString kind;              // Daily, Weekly, (Absolute|Relative)(Monthly|Yearly), or empty (unsupported)
    int interval = 1;
    QSet<int> weekdays;        // Qt day numbers 1 (Mon) .. 7 (Sun)
    int dayOfMonth = 0;
    int weekIndex = 0;         // relative patterns: 1..4 (First..Fourth), 5 = Last
    int month = 0;
    QDate startDate;
    QDate endDate;             // invalid = none
    int count = 0;             // 0 = unlimited
};

std::optional<Pattern> readPattern(const SandboxEwsItem &master)
{
    const QByteArray fragment = master.props.value(u"Recurrence"_s);
    if (fragment.isEmpty())
        return std::nullopt;
    const auto rec = SandboxEwsXml::parseFragment(fragment);
    if (!rec)
        return std::nullopt;
    static const QStringList days{u"Monday"_s, u"Tuesday"_s, u"Wednesday"_s, u"Thursday"_s, u"Friday"_s,
                                  u"Saturday"_s, u"Sunday"_s};
    static const QStringList months{u"January"_s, u"February"_s, u"March"_s, u"April"_s, u"May"_s, u"June"_s,
                                    u"July"_s, u"August"_s, u"September"_s, u"October"_s, u"November"_s, u"December"_s};
    Pattern p;
    for (const EwsXmlNode &c : rec->children) {
        if (c.name.endsWith(u"Recurrence"_s) && !c.name.startsWith(u"NoEnd"_s) && !c.name.startsWith(u"EndDate"_s)
            && !c.name.startsWith(u"Numbered"_s)) {
            p.kind = c.name.chopped(10);
            p.interval = std::max(1, c.child(u"Interval"_s) ? c.childText(u"Interval"_s).toInt() : 1);
            for (const QString &d : c.childText(u"DaysOfWeek"_s).split(u' ', Qt::SkipEmptyParts)) {
                if (days.contains(d))
                    p.weekdays.insert(int(days.indexOf(d)) + 1);
                // DayOfWeekType's groups: "the second weekday of the month" and the like.
                if (d == u"Day"_s || d == u"Weekday"_s)
                    p.weekdays.unite({1, 2, 3, 4, 5});
                if (d == u"Day"_s || d == u"WeekendDay"_s)
                    p.weekdays.unite({6, 7});
            }
            static const QStringList indexes{u"First"_s, u"Second"_s, u"Third"_s, u"Fourth"_s, u"Last"_s};
            p.weekIndex = int(indexes.indexOf(c.childText(u"DayOfWeekIndex"_s).trimmed())) + 1;
            p.dayOfMonth = c.childText(u"DayOfMonth"_s).toInt();
            p.month = int(months.indexOf(c.childText(u"Month"_s))) + 1;
        } else {
            p.startDate = QDate::fromString(c.childText(u"StartDate"_s).left(10), Qt::ISODate);
            p.endDate = QDate::fromString(c.childText(u"EndDate"_s).left(10), Qt::ISODate);
            p.count = c.childText(u"NumberOfOccurrences"_s).toInt();
        }
    }
    if (!p.startDate.isValid())
        return std::nullopt;
    return p;
}

// Relative patterns: is `d` the weekIndex-th day of its month among the pattern's weekdays?
bool isNthOfMonth(const Pattern &p, const QDate &d)
{
    if (p.weekIndex < 1 || !p.weekdays.contains(d.dayOfWeek()))
        return false;
    if (p.weekIndex == 5) {
        for (QDate n = d.addDays(1); n.month() == d.month(); n = n.addDays(1)) {
            if (p.weekdays.contains(n.dayOfWeek()))
                return false;
        }
        return true;
    }
    int k = 0;
    for (QDate n(d.year(), d.month(), 1); n <= d; n = n.addDays(1))
        k += p.weekdays.contains(n.dayOfWeek()) ? 1 : 0;
    return k == p.weekIndex;
}

bool matches(const Pattern &p, const QDate &d)
{
    const qint64 days = p.startDate.daysTo(d);
    if (p.kind == u"Daily"_s)
        return days % p.interval == 0;
    if (p.kind == u"Weekly"_s) {
        const QDate weekStart = p.startDate.addDays(-(p.startDate.dayOfWeek() % 7));   // Sunday-based weeks
        return p.weekdays.contains(d.dayOfWeek()) && (weekStart.daysTo(d) / 7) % p.interval == 0;
    }
    const int monthsSince = (d.year() - p.startDate.year()) * 12 + d.month() - p.startDate.month();
    if (p.kind == u"AbsoluteMonthly"_s)
        return d.day() == p.dayOfMonth && monthsSince % p.interval == 0;
    if (p.kind == u"AbsoluteYearly"_s)
        return d.day() == p.dayOfMonth && d.month() == p.month;
    if (p.kind == u"RelativeMonthly"_s)
        return monthsSince % p.interval == 0 && isNthOfMonth(p, d);
    if (p.kind == u"RelativeYearly"_s)
        return d.month() == p.month && isNthOfMonth(p, d);
    return days == 0;   // patterns the sandbox does not expand: the first occurrence only
}

// Walks the pattern's occurrences in order; `visit` returns false to stop.
void walk(const SandboxEwsItem &master, const std::function<bool(int, const SandboxEwsCalendar::Span &)> &visit)
{
    const auto p = readPattern(master);
    const QDateTime start = SandboxEwsCalendar::parseTime(master.textOf(u"Start"_s));
    const QDateTime end = SandboxEwsCalendar::parseTime(master.textOf(u"End"_s));
    if (!p || !start.isValid())
        return;
    const qint64 duration = end.isValid() ? start.msecsTo(end) : 30 * 60 * 1000;
    int index = 0;
    for (int i = 0; i < kMaxDaysScanned; ++i) {
        const QDate d = p->startDate.addDays(i);
        if (p->endDate.isValid() && d > p->endDate)
            return;
        if (!matches(*p, d))
            continue;
        ++index;
        const QDateTime s(d, start.time(), QTimeZone::utc());
        if (!visit(index, {s, s.addMSecs(duration)}))
            return;
        if (p->count > 0 && index >= p->count)
            return;
    }
}

} // namespace

QDateTime SandboxEwsCalendar::parseTime(const QString &text)
{
    QDateTime dt = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc());
    return dt.toUTC();
}

QString SandboxEwsCalendar::formatTime(const QDateTime &dt)
{
    return dt.toUTC().toString(Qt::ISODate);
}

QString SandboxEwsCalendar::occurrenceId(const QString &masterId, int index)
{
    return QString::fromLatin1((u"OCC|"_s + masterId + u'|' + QString::number(index)).toUtf8().toBase64());
}

bool SandboxEwsCalendar::parseOccurrenceId(const QString &id, QString *masterId, int *index)
{
    const QString raw = QString::fromUtf8(QByteArray::fromBase64(id.toLatin1()));
    if (!raw.startsWith(u"OCC|"_s))
        return false;
    const QStringList parts = raw.split(u'|');
    if (parts.size() != 3)
        return false;
    *masterId = parts[1];
    *index = parts[2].toInt();
    return *index > 0;
}

std::optional<SandboxEwsOccurrence> SandboxEwsCalendar::occurrence(const SandboxEwsItem &master, int index)
{
    const std::optional<Span> span = originalSpan(master, index);
    return span ? instance(master, index, *span) : std::nullopt;
}

std::optional<SandboxEwsCalendar::Span> SandboxEwsCalendar::originalSpan(const SandboxEwsItem &master, int index)
{
    std::optional<Span> out;
    walk(master, [&](int i, const Span &span) {
        if (i < index)
            return true;
        if (i == index)
            out = span;
        return false;
    });
    return out;
}

QString SandboxEwsCalendar::exceptionKey(int index)
{
    // Zero-padded so the master's property map keeps them in index order.
    return u"Occurrence#%1"_s.arg(index, 6, 10, QChar(u'0'));
}

bool SandboxEwsCalendar::isExceptionKey(const QString &key)
{
    return key.startsWith(u"Occurrence#"_s);
}

std::optional<SandboxEwsOccurrence> SandboxEwsCalendar::instance(const SandboxEwsItem &master, int index, const Span &span)
{
    SandboxEwsOccurrence occ;
    occ.id = occurrenceId(master.id, index);
    occ.start = formatTime(span.start);
    occ.end = formatTime(span.end);
    const QByteArray stored = master.props.value(exceptionKey(index));
    if (stored.isEmpty()) {
        // Exchange gives plain occurrences an OriginalStart too: where the pattern puts them.
        occ.overrides.insert(u"OriginalStart"_s, SandboxEwsItems::textElement(u"OriginalStart"_s, occ.start));
        return occ;
    }
    const auto node = SandboxEwsXml::parseFragment(stored);
    if (!node || node->name == u"DeletedOccurrence"_s)
        return std::nullopt;
    occ.itemType = u"Exception"_s;
    occ.overrides = SandboxEwsItems::propsFromElement(*node);
    occ.start = formatTime(parseTime(node->childText(u"Start"_s)));
    occ.end = formatTime(parseTime(node->childText(u"End"_s)));
    occ.overrides.remove(u"Start"_s);
    occ.overrides.remove(u"End"_s);
    return occ;
}

QByteArray SandboxEwsCalendar::exceptionsXml(const SandboxEwsItem &master, bool deleted)
{
    SandboxEwsXml x;
    bool any = false;
    for (auto p = master.props.cbegin(); p != master.props.cend(); ++p) {
        if (!isExceptionKey(p.key()))
            continue;
        const auto node = SandboxEwsXml::parseFragment(p.value());
        if (!node || (node->name == u"DeletedOccurrence"_s) != deleted)
            continue;
        if (!any)
            x.start(deleted ? u"t:DeletedOccurrences"_s : u"t:ModifiedOccurrences"_s);
        any = true;
        if (deleted) {
            x.raw(p.value());
            continue;
        }
        const int index = p.key().section(u'#', 1).toInt();
        x.start(u"t:Occurrence"_s);
        x.start(u"t:ItemId"_s).attr(u"Id"_s, occurrenceId(master.id, index)).attr(u"ChangeKey"_s, master.changeKey()).end();
        x.element(u"t:Start"_s, node->childText(u"Start"_s));
        x.element(u"t:End"_s, node->childText(u"End"_s));
        x.element(u"t:OriginalStart"_s, node->childText(u"OriginalStart"_s));
        x.end();
    }
    return any ? x.finish() : QByteArray();
}

SandboxEwsItem *SandboxEwsCalendar::modifyOccurrence(SandboxEwsStore &store, const QString &masterId, int index,
                                                     const QMap<QString, QByteArray> &delta, QString *code)
{
    const std::optional<SandboxEwsItem> master = store.peek(masterId);
    const std::optional<Span> original = master ? originalSpan(*master, index) : std::nullopt;
    if (!original) {
        *code = u"ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange"_s;
        return nullptr;
    }
    const std::optional<SandboxEwsOccurrence> current = instance(*master, index, *original);
    if (!current) {
        *code = u"ErrorCalendarOccurrenceIsDeletedFromRecurrence"_s;
        return nullptr;
    }
    QMap<QString, QByteArray> props = current->overrides;
    props.insert(u"OriginalStart"_s, SandboxEwsItems::textElement(u"OriginalStart"_s, formatTime(original->start)));
    props.insert(u"Start"_s, SandboxEwsItems::textElement(u"Start"_s, current->start));
    props.insert(u"End"_s, SandboxEwsItems::textElement(u"End"_s, current->end));
    static const QSet<QString> seriesOnly{u"Recurrence"_s, u"ModifiedOccurrences"_s, u"DeletedOccurrences"_s,
                                          u"UID"_s, u"Organizer"_s};
    for (auto d = delta.cbegin(); d != delta.cend(); ++d) {
        if (seriesOnly.contains(d.key()) || isExceptionKey(d.key()))
            continue;
        if (d.value().isNull())
            props.remove(d.key());
        else
            props.insert(d.key(), d.value());
    }
    const auto timeOf = [&props](const QString &key) {
        const auto node = SandboxEwsXml::parseFragment(props.value(key));
        return node ? parseTime(node->text) : QDateTime();
    };
    const QDateTime start = timeOf(u"Start"_s);
    const QDateTime end = timeOf(u"End"_s);
    if (!start.isValid() || !end.isValid() || end < start) {
        *code = u"ErrorCalendarEndDateIsEarlierThanStartDate"_s;
        return nullptr;
    }
    SandboxEwsXml x;
    x.start(u"t:CalendarItem"_s);
    for (const QByteArray &fragment : props)
        x.raw(fragment);
    return store.updateItem(masterId, {{exceptionKey(index), x.finish()}});
}

void SandboxEwsCalendar::dropExceptionsOnSeriesChange(const SandboxEwsItem &master, QMap<QString, QByteArray> &props)
{
    if (master.kind != SandboxEwsKind::CalendarItem || !master.props.contains(u"Recurrence"_s))
        return;
    // Compared by meaning: a client re-sending the same Start in another spelling changes nothing.
    const auto canonical = [](const QString &key, const QByteArray &fragment) -> QByteArray {
        if (fragment.isNull())
            return {};
        const auto node = SandboxEwsXml::parseFragment(fragment);
        if (!node)
            return fragment;
        if (key == u"Recurrence"_s)
            return SandboxEwsXml::serialize(*node);
        return formatTime(parseTime(node->text)).toLatin1();
    };
    bool changed = false;
    for (const QString &key : {u"Recurrence"_s, u"Start"_s, u"End"_s}) {
        if (props.contains(key) && canonical(key, props.value(key)) != canonical(key, master.props.value(key)))
            changed = true;
    }
    if (!changed)
        return;
    for (auto p = master.props.cbegin(); p != master.props.cend(); ++p) {
        if (isExceptionKey(p.key()) && !props.contains(p.key()))
            props.insert(p.key(), QByteArray());
    }
}

SandboxEwsItem *SandboxEwsCalendar::deleteOccurrence(SandboxEwsStore &store, const QString &masterId, int index, QString *code)
{
    const std::optional<SandboxEwsItem> master = store.peek(masterId);
    const std::optional<Span> original = master ? originalSpan(*master, index) : std::nullopt;
    if (!original) {
        *code = u"ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange"_s;
        return nullptr;
    }
    if (!instance(*master, index, *original)) {
        *code = u"ErrorCalendarOccurrenceIsDeletedFromRecurrence"_s;
        return nullptr;
    }
    SandboxEwsXml x;
    x.start(u"t:DeletedOccurrence"_s).element(u"t:Start"_s, formatTime(original->start));
    return store.updateItem(masterId, {{exceptionKey(index), x.finish()}});
}

QList<std::pair<int, SandboxEwsCalendar::Span>> SandboxEwsCalendar::expand(const SandboxEwsItem &master,
                                                                          const QDateTime &from, const QDateTime &to,
                                                                          int limit)
{
    QList<std::pair<int, Span>> out;
    walk(master, [&](int i, const Span &span) {
        if (span.start >= to)
            return false;
        if (span.end > from && !master.props.contains(exceptionKey(i)))
            out.append({i, span});
        return out.size() < limit;
    });
    // Modified occurrences appear at their own time, wherever the pattern put them; deleted ones never.
    for (auto p = master.props.cbegin(); p != master.props.cend() && out.size() < limit; ++p) {
        if (!isExceptionKey(p.key()))
            continue;
        const auto node = SandboxEwsXml::parseFragment(p.value());
        if (!node || node->name == u"DeletedOccurrence"_s)
            continue;
        const Span span{parseTime(node->childText(u"Start"_s)), parseTime(node->childText(u"End"_s))};
        if (span.start < to && span.end > from)
            out.append({p.key().section(u'#', 1).toInt(), span});
    }
    return out;
}

SandboxEwsReply SandboxEwsCalendar::findItem(const SandboxEwsContext &ctx, const EwsXmlNode &op)
{
    const SandboxEwsShape shape = SandboxEwsItems::readShape(op.child(u"ItemShape"_s), SandboxEwsShape::Use::FindItem);
    if (!shape.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, shape.fault);
    const EwsXmlNode *view = op.child(u"CalendarView"_s);
    const EwsXmlNode *paged = op.child(u"IndexedPageItemView"_s);
    const EwsXmlNode *node = view ? view : paged;
    const int max = node && node->hasAttribute(u"MaxEntriesReturned"_s) ? node->attribute(u"MaxEntriesReturned"_s).toInt() : 1000;
    const int offset = paged ? paged->attribute(u"Offset"_s).toInt() : 0;
    // What the sandbox does not implement is refused, never ignored.
    for (const QString &unsupported : {u"GroupBy"_s, u"DistinguishedGroupBy"_s, u"QueryString"_s, u"ContactsView"_s,
                                       u"FractionalPageItemView"_s, u"SeekToConditionPageItemView"_s}) {
        if (op.child(unsupported))
            return SandboxEwsReply::fault(u"ErrorInvalidRequest"_s,
                                          u"The sandbox does not implement FindItem with %1."_s.arg(unsupported));
    }
    if (op.child(u"SortOrder"_s) && !view)
        return SandboxEwsReply::fault(u"ErrorInvalidRequest"_s, u"The sandbox does not implement FindItem with SortOrder."_s);
    const SandboxEwsRestriction restriction =
        SandboxEwsRestriction::parse(op.child(u"Restriction"_s), SandboxEwsRestriction::Target::Items);
    if (!restriction.fault.isEmpty())
        return SandboxEwsReply::fault(u"ErrorSchemaValidation"_s, restriction.fault);
    QString refused = shape.error;
    QString refusedText = shape.error.isEmpty() ? QString() : u"Property is not valid for this operation."_s;
    if (refused.isEmpty() && view && (op.child(u"Restriction"_s) || op.child(u"SortOrder"_s))) {
        refused = u"ErrorInvalidRequest"_s;
        refusedText = u"Restrictions and sort order may not be specified for a CalendarView."_s;
    } else if (refused.isEmpty()) {
        refused = restriction.error;
        refusedText = restriction.errorText;
    }
    const auto matches = [&restriction](const SandboxEwsItem &item) {
        return restriction.matches([&item](const SandboxEwsPath &p) { return SandboxEwsItems::valuesOf(item, p); });
    };
    SandboxEwsXml x;
    x.start(u"m:FindItemResponse"_s).start(u"m:ResponseMessages"_s);
    const EwsXmlNode *parents = op.child(u"ParentFolderIds"_s);
    for (const EwsXmlNode &ref : parents ? parents->children : QList<EwsXmlNode>{}) {
        QString code = refused;
        SandboxEwsFolder *folder = code.isEmpty() ? ctx.folder(ref, &code) : nullptr;
        QDateTime from, to;
        if (folder && view) {
            from = parseTime(view->attribute(u"StartDate"_s));
            to = parseTime(view->attribute(u"EndDate"_s));
            if (!from.isValid() || !to.isValid() || to < from)
                code = u"ErrorInvalidRequest"_s;
            else if (from.daysTo(to) > kMaxViewDays)
                code = u"ErrorCalendarViewRangeTooBig"_s;
        }
        if (!folder || !code.isEmpty()) {
            sandboxEwsErrorMessage(x, u"FindItemResponseMessage"_s, code,
                                   code == u"ErrorCalendarViewRangeTooBig"_s
                                       ? u"The time range of the calendar view is larger than the maximum allowed (2 years)."_s
                                   : code == refused ? refusedText
                                                     : QString());
            x.end();
            continue;
        }
        // Generated items are derived only when a page renders them. A view entry of an
        // untouched generated event knows its place in time without its properties, so paging
        // through a long view costs a partial sort of small entries, not deriving every event.
        struct Stored
        {
            SandboxEwsItem item;
            std::optional<SandboxEwsOccurrence> occ;
        };
        struct Entry
        {
            qint64 start = 0;          // msecs since the epoch (sort key)
            QString id;                // the item's (sort key)
            int occIndex = 0;          // its occurrence, 0 = none (the occurrence id is the last key)
            qsizetype stored = -1;     // index in `stored`, or -1 for generated item `index`
            quint32 index = 0;
        };
        QList<Stored> stored;
        QList<Entry> entries;
        const auto addStored = [&](const SandboxEwsItem &item, qint64 start = 0, int occIndex = 0,
                                   std::optional<SandboxEwsOccurrence> occ = std::nullopt) {
            entries.append({start, item.id, occIndex, stored.size(), 0});
            stored.append({item, std::move(occ)});
        };
        const SandboxEwsFolder::Generation &g = folder->generation;
        qsizetype sorted = 0;
        if (view) {
            const auto consider = [&](const SandboxEwsItem &item) {
                if (item.kind != SandboxEwsKind::CalendarItem)
                    return;
                if (item.props.contains(u"Recurrence"_s)) {
                    for (const auto &[index, span] : expand(item, from, to)) {
                        // An exception's span is already its own; instance() adds its properties.
                        if (std::optional<SandboxEwsOccurrence> occ = instance(item, index, span))
                            addStored(item, span.start.toMSecsSinceEpoch(), index, std::move(occ));
                    }
                    return;
                }
                const QDateTime s = parseTime(item.textOf(u"Start"_s));
                const QDateTime e = parseTime(item.textOf(u"End"_s));
                if (s.isValid() && s < to && (e.isValid() ? e : s) > from)
                    addStored(item, s.toMSecsSinceEpoch());
            };
            for (const QString &id : folder->items) {
                if (const auto item = ctx.store->peek(id))
                    consider(*item);
            }
            // Generated events are laid out by index in time: only candidates are considered,
            // and untouched ones by their spans alone (an untouched series has no exceptions).
            if (g.kind == SandboxEwsKind::CalendarItem) {
                const qint64 fromMs = from.toMSecsSinceEpoch();
                const qint64 toMs = to.toMSecsSinceEpoch();
                for (const quint32 k : SandboxEwsGenerator::eventsInWindow(g.count, from, to)) {
                    if (folder->touched.contains(k))
                        continue;
                    QString id;
                    for (const SandboxEwsGenerator::EventSpan &s : SandboxEwsGenerator::eventSpans(k)) {
                        if (s.start >= toMs)
                            break;
                        if (s.end <= fromMs)
                            continue;
                        if (id.isEmpty())
                            id = ctx.store->generatedId(*folder, k);
                        entries.append({s.start, id, s.index, -1, k});
                    }
                }
            }
            // By start; ties in a fixed order, however the items are stored. Only the page is
            // put in order: the rest is counted.
            const auto tie = [](const Entry &e) { return e.occIndex > 0 ? occurrenceId(e.id, e.occIndex) : e.id; };
            sorted = std::min<qsizetype>(entries.size(), std::max(0, max));
            std::partial_sort(entries.begin(), entries.begin() + sorted, entries.end(), [&tie](const Entry &a, const Entry &b) {
                if (a.start != b.start)
                    return a.start < b.start;
                if (a.id != b.id)
                    return a.id < b.id;
                return a.occIndex != b.occIndex && tie(a) < tie(b);
            });
        } else {
            // CrmId is never set on a generated item, so that lookup skips them without deriving.
            const bool generatedMatch = !restriction.needsProperty(SandboxEwsItems::crmIdKey());
            for (quint32 k = 1; generatedMatch && k <= g.count; ++k) {
                if (!folder->touched.contains(k)) {
                    if (restriction.isEmpty())
                        entries.append({0, {}, 0, -1, k});
                    else if (const auto item = ctx.store->generatedItem(*folder, k); matches(*item))
                        addStored(*item);
                } else if (const auto item = ctx.store->generatedItem(*folder, k); item && !item->seq && matches(*item)) {
                    addStored(*item);   // materialized, never changed: not logged
                }
            }
            for (const auto &[seq, id] : folder->log) {
                const auto item = ctx.store->peek(id);
                if (!item || !folder->items.contains(id) || !matches(*item))
                    continue;
                addStored(*item);
            }
        }
        const qsizetype total = entries.size();
        const QList<Entry> page = entries.mid(offset, std::max(0, max));
        const bool last = offset + page.size() >= total;
        sandboxEwsSuccessMessage(x, u"FindItemResponseMessage"_s);
        x.start(u"m:RootFolder"_s);
        if (paged)
            x.attr(u"IndexedPagingOffset"_s, QString::number(offset + page.size()));
        x.attr(u"TotalItemsInView"_s, QString::number(total)).attr(u"IncludesLastItemInRange"_s, last ? u"true"_s : u"false"_s);
        x.start(u"t:Items"_s);
        for (const Entry &e : page) {
            if (e.stored >= 0) {
                const Stored &s = stored.at(e.stored);
                SandboxEwsItems::render(x, s.item, shape, s.occ ? &*s.occ : nullptr);
                continue;
            }
            const std::optional<SandboxEwsItem> item = ctx.store->generatedItem(*folder, e.index);
            if (!item)
                continue;
            std::optional<SandboxEwsOccurrence> occ;
            if (e.occIndex > 0) {
                const SandboxEwsGenerator::EventSpan s = SandboxEwsGenerator::eventSpans(e.index).at(e.occIndex - 1);
                occ = instance(*item, e.occIndex, {s.startTime(), s.endTime()});
            }
            SandboxEwsItems::render(x, *item, shape, occ ? &*occ : nullptr);
        }
        x.end().end().end();
    }
    return SandboxEwsReply::ok(x.finish());
}

} // namespace Liaison
