#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Liaison {

enum class MailboxKind { Ews, Graph };
enum class ExchangeAuth { Basic, Ntlm, OAuth2 };
enum class CrmKind { Dataverse, Salesforce };
enum class ObjectType { Contacts, Events, Tasks, Emails };
enum class SyncDirection { Both, ExchangeToCrm, CrmToExchange, Off };
enum class ConflictBehaviour { ExchangeWins, CrmWins, MostRecentWins };
enum class ContactOwnership { UserRecords, AllVisible };
enum class ContactTieBreak { MostRecentActivity, LastUpdated, OldestCreation };
enum class EventWindow { Today, LastMonth, LastNDays };

// Stable names, used in the database, the CLI and JSON: "ews", "exchange-to-crm", ...
// fromName() takes them case-insensitively and returns nullopt for anything else.
template<typename E>
struct EnumNames;

#define LIAISON_DECLARE_ENUM_NAMES(E)                                                                        \
    QString toName(E value);                                                                                 \
    template<>                                                                                               \
    struct EnumNames<E>                                                                                      \
    {                                                                                                        \
        static QStringList all();                                                                            \
        static std::optional<E> fromName(const QString &name);                                               \
    };

LIAISON_DECLARE_ENUM_NAMES(MailboxKind)
LIAISON_DECLARE_ENUM_NAMES(ExchangeAuth)
LIAISON_DECLARE_ENUM_NAMES(CrmKind)
LIAISON_DECLARE_ENUM_NAMES(ObjectType)
LIAISON_DECLARE_ENUM_NAMES(SyncDirection)
LIAISON_DECLARE_ENUM_NAMES(ConflictBehaviour)
LIAISON_DECLARE_ENUM_NAMES(ContactOwnership)
LIAISON_DECLARE_ENUM_NAMES(ContactTieBreak)
LIAISON_DECLARE_ENUM_NAMES(EventWindow)

#undef LIAISON_DECLARE_ENUM_NAMES

template<typename E>
std::optional<E> fromName(const QString &name)
{
    return EnumNames<E>::fromName(name);
}

template<typename E>
QStringList allNames()
{
    return EnumNames<E>::all();
}

inline constexpr ObjectType kAllObjectTypes[] = {ObjectType::Contacts, ObjectType::Events, ObjectType::Tasks,
                                                 ObjectType::Emails};

} // namespace Liaison
