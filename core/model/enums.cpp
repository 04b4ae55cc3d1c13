#include "model/enums.h"

#include <array>
#include <utility>

namespace Liaison {
namespace {

template<typename E, std::size_t N>
using NameTable = std::array<std::pair<E, const char *>, N>;

template<typename E, std::size_t N>
QString nameOf(const NameTable<E, N> &table, E value)
{
    for (const auto &[v, name] : table)
        if (v == value)
            return QString::fromLatin1(name);
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const NameTable<E, N> &table, const QString &name)
{
    for (const auto &[v, n] : table)
        if (name.compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
            return v;
    return std::nullopt;
}

template<typename E, std::size_t N>
QStringList namesOf(const NameTable<E, N> &table)
{
    QStringList names;
    for (const auto &entry : table)
        names << QString::fromLatin1(entry.second);
    return names;
}

// The one table of names for each enum.
constexpr NameTable<MailboxKind, 2> kMailboxKind{{{MailboxKind::Ews, "ews"}, {MailboxKind::Graph, "graph"}}};
constexpr NameTable<ExchangeAuth, 3> kExchangeAuth{
    {{ExchangeAuth::Basic, "basic"}, {ExchangeAuth::Ntlm, "ntlm"}, {ExchangeAuth::OAuth2, "oauth2"}}};
constexpr NameTable<CrmKind, 2> kCrmKind{{{CrmKind::Dataverse, "dataverse"}, {CrmKind::Salesforce, "salesforce"}}};
constexpr NameTable<ObjectType, 4> kObjectType{{{ObjectType::Contacts, "contacts"},
                                                {ObjectType::Events, "events"},
                                                {ObjectType::Tasks, "tasks"},
                                                {ObjectType::Emails, "emails"}}};
constexpr NameTable<SyncDirection, 4> kSyncDirection{{{SyncDirection::Both, "both"},
                                                      {SyncDirection::ExchangeToCrm, "exchange-to-crm"},
                                                      {SyncDirection::CrmToExchange, "crm-to-exchange"},
                                                      {SyncDirection::Off, "off"}}};
constexpr NameTable<ConflictBehaviour, 3> kConflictBehaviour{{{ConflictBehaviour::ExchangeWins, "exchange-wins"},
                                                              {ConflictBehaviour::CrmWins, "crm-wins"},
                                                              {ConflictBehaviour::MostRecentWins, "most-recent"}}};
constexpr NameTable<ContactOwnership, 2> kContactOwnership{
    {{ContactOwnership::UserRecords, "user-records"}, {ContactOwnership::AllVisible, "all-visible"}}};
constexpr NameTable<ContactTieBreak, 3> kContactTieBreak{{{ContactTieBreak::MostRecentActivity, "most-recent-activity"},
                                                          {ContactTieBreak::LastUpdated, "last-updated"},
                                                          {ContactTieBreak::OldestCreation, "oldest-creation"}}};
constexpr NameTable<EventWindow, 3> kEventWindow{{{EventWindow::Today, "today"},
                                                  {EventWindow::LastMonth, "last-month"},
                                                  {EventWindow::LastNDays, "last-n-days"}}};

} // namespace

#define LIAISON_DEFINE_ENUM_NAMES(E, TABLE)                                                                  \
    QString toName(E value) { return nameOf(TABLE, value); }                                                  \
    QStringList EnumNames<E>::all() { return namesOf(TABLE); }                                                \
    std::optional<E> EnumNames<E>::fromName(const QString &name) { return valueOf(TABLE, name); }

LIAISON_DEFINE_ENUM_NAMES(MailboxKind, kMailboxKind)
LIAISON_DEFINE_ENUM_NAMES(ExchangeAuth, kExchangeAuth)
LIAISON_DEFINE_ENUM_NAMES(CrmKind, kCrmKind)
LIAISON_DEFINE_ENUM_NAMES(ObjectType, kObjectType)
LIAISON_DEFINE_ENUM_NAMES(SyncDirection, kSyncDirection)
LIAISON_DEFINE_ENUM_NAMES(ConflictBehaviour, kConflictBehaviour)
LIAISON_DEFINE_ENUM_NAMES(ContactOwnership, kContactOwnership)
LIAISON_DEFINE_ENUM_NAMES(ContactTieBreak, kContactTieBreak)
LIAISON_DEFINE_ENUM_NAMES(EventWindow, kEventWindow)

} // namespace Liaison
