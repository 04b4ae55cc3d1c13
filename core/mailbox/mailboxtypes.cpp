#include "mailbox/mailboxtypes.h"

#include <array>

namespace Liaison {

namespace {

template<typename E, std::size_t N>
QString nameOf(const std::array<const char16_t *, N> &names, E v)
{
    const auto i = static_cast<std::size_t>(v);
    return i < N ? QString::fromUtf16(names[i]) : QString();
}

template<typename E, std::size_t N>
std::optional<E> fromName(const std::array<const char16_t *, N> &names, const QString &name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name == QStringView(names[i]))
            return static_cast<E>(i);
    }
    return std::nullopt;
}

constexpr std::array<const char16_t *, 4> kSensitivity{u"Normal", u"Personal", u"Private", u"Confidential"};
constexpr std::array<const char16_t *, 10> kDays{u"Sunday", u"Monday", u"Tuesday", u"Wednesday", u"Thursday",
                                                 u"Friday", u"Saturday", u"Day", u"Weekday", u"WeekendDay"};
constexpr std::array<const char16_t *, 5> kWeekIndex{u"First", u"Second", u"Third", u"Fourth", u"Last"};
constexpr std::array<const char16_t *, 6> kResponse{u"Unknown", u"Organizer", u"Tentative", u"Accept", u"Decline",
                                                    u"NoResponseReceived"};
constexpr std::array<const char16_t *, 4> kEventKind{u"Single", u"Occurrence", u"Exception", u"RecurringMaster"};
constexpr std::array<const char16_t *, 5> kTaskStatus{u"NotStarted", u"InProgress", u"Completed", u"WaitingOnOthers",
                                                      u"Deferred"};
constexpr std::array<const char16_t *, 6> kPattern{u"DailyRecurrence", u"WeeklyRecurrence",
                                                   u"AbsoluteMonthlyRecurrence", u"RelativeMonthlyRecurrence",
                                                   u"AbsoluteYearlyRecurrence", u"RelativeYearlyRecurrence"};
constexpr std::array<const char16_t *, 12> kMonths{u"January", u"February", u"March", u"April", u"May", u"June",
                                                   u"July", u"August", u"September", u"October", u"November",
                                                   u"December"};

} // namespace

QString mailboxSensitivityName(MailboxSensitivity v) { return nameOf(kSensitivity, v); }
std::optional<MailboxSensitivity> mailboxSensitivityFromName(const QString &n) { return fromName<MailboxSensitivity>(kSensitivity, n); }
QString mailboxDayOfWeekName(MailboxDayOfWeek v) { return nameOf(kDays, v); }
std::optional<MailboxDayOfWeek> mailboxDayOfWeekFromName(const QString &n) { return fromName<MailboxDayOfWeek>(kDays, n); }
QString mailboxWeekIndexName(MailboxWeekIndex v) { return nameOf(kWeekIndex, v); }
std::optional<MailboxWeekIndex> mailboxWeekIndexFromName(const QString &n) { return fromName<MailboxWeekIndex>(kWeekIndex, n); }
QString mailboxResponseTypeName(MailboxResponseType v) { return nameOf(kResponse, v); }
std::optional<MailboxResponseType> mailboxResponseTypeFromName(const QString &n) { return fromName<MailboxResponseType>(kResponse, n); }
QString mailboxEventKindName(MailboxEventKind v) { return nameOf(kEventKind, v); }
std::optional<MailboxEventKind> mailboxEventKindFromName(const QString &n) { return fromName<MailboxEventKind>(kEventKind, n); }
QString mailboxTaskStatusName(MailboxTaskStatus v) { return nameOf(kTaskStatus, v); }
std::optional<MailboxTaskStatus> mailboxTaskStatusFromName(const QString &n) { return fromName<MailboxTaskStatus>(kTaskStatus, n); }
QString mailboxRecurrencePatternName(MailboxRecurrence::Pattern v) { return nameOf(kPattern, v); }

QString mailboxMonthName(int month)
{
    return month >= 1 && month <= 12 ? QString::fromUtf16(kMonths[static_cast<std::size_t>(month - 1)]) : QString();
}

int mailboxMonthFromName(const QString &name)
{
    const auto m = fromName<int>(kMonths, name);
    return m ? *m + 1 : 0;
}

} // namespace Liaison
