#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "sandboxdataversestore.h"

namespace Liaison {

// The collection-valued navigation properties the sandbox serves: an activity's
// <table>_activity_parties (rows in activityparties) and the N:N relationships of the store
// (systemuserroles_association between systemusers and roles). Answers which table one leads
// to, which rows it holds, and parses $expand over them. Does not write.
class SandboxDataverseNavigation
{
public:
    struct Expanded
    {
        QString navigation;                          // "systemuserroles_association"
        QStringList select;                          // empty: every column
        const SandboxDataverseTable *target = nullptr;
    };
    struct Expand
    {
        QList<Expanded> navigations;                 // empty: no $expand
        bool isEmpty() const { return navigations.isEmpty(); }
    };

    // The table `navigation` on `table` leads to; nullptr when the sandbox has no such navigation.
    static const SandboxDataverseTable *targetOf(const SandboxDataverseStore &store, const SandboxDataverseTable &table,
                                                 const QString &navigation);
    // The related rows of row `id`, ordered by their id.
    static QList<QJsonObject> related(const SandboxDataverseStore &store, const SandboxDataverseTable &table,
                                      const QString &id, const QString &navigation);
    // "a_activity_parties($select=x,y),systemuserroles_association" -> one Expanded each.
    // Only $select is supported inside the parentheses; nullopt + *error (400) otherwise.
    static std::optional<Expand> parseExpand(const SandboxDataverseStore &store, const SandboxDataverseTable &table,
                                             const QString &text, SandboxDataverseError *error);
};

} // namespace Liaison
