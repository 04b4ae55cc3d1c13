#include "sandboxdataversenavigation.h"

#include "sandboxdataverseactivityparties.h"

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

// Splits at commas outside parentheses: "a($select=x,y),b" -> {"a($select=x,y)", "b"}.
QStringList splitTopLevel(const QString &text)
{
    QStringList parts;
    int depth = 0;
    QString current;
    for (const QChar c : text) {
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        if (c == u',' && depth == 0) {
            parts.append(current.trimmed());
            current.clear();
        } else {
            current.append(c);
        }
    }
    parts.append(current.trimmed());
    return parts;
}

} // namespace

const SandboxDataverseTable *SandboxDataverseNavigation::targetOf(const SandboxDataverseStore &store,
                                                                  const SandboxDataverseTable &table,
                                                                  const QString &navigation)
{
    const QString parties = SandboxDataverseActivityParties::navigationFor(table.logicalName);
    if (!parties.isEmpty() && navigation == parties)
        return store.table(QLatin1String(SandboxDataverseStore::kPartySet));
    if (const auto *m = store.manyToMany(table.entitySet, navigation))
        return store.table(m->entitySet1 == table.entitySet ? m->entitySet2 : m->entitySet1);
    return nullptr;
}

QList<QJsonObject> SandboxDataverseNavigation::related(const SandboxDataverseStore &store,
                                                       const SandboxDataverseTable &table, const QString &id,
                                                       const QString &navigation)
{
    const QString parties = SandboxDataverseActivityParties::navigationFor(table.logicalName);
    if (!parties.isEmpty() && navigation == parties)
        return store.parties(id);
    QList<QJsonObject> out;
    const SandboxDataverseTable *target = targetOf(store, table, navigation);
    if (!target)
        return out;
    for (const QString &relatedId : store.related(navigation, table.entitySet, id))
        if (const auto row = store.row(target->entitySet, relatedId))
            out.append(*row);
    return out;
}

std::optional<SandboxDataverseNavigation::Expand>
SandboxDataverseNavigation::parseExpand(const SandboxDataverseStore &store, const SandboxDataverseTable &table,
                                        const QString &text, SandboxDataverseError *error)
{
    Expand expand;
    if (text.trimmed().isEmpty())
        return expand;
    for (const QString &item : splitTopLevel(text)) {
        Expanded e;
        const qsizetype open = item.indexOf(u'(');
        e.navigation = (open < 0 ? item : item.left(open)).trimmed();
        e.target = targetOf(store, table, e.navigation);
        if (!e.target) {
            *error = {400, "0x80060888", u"The sandbox can $expand only collection-valued navigation properties it "
                                         "serves (activity parties, N:N relationships); '%1' was asked on %2."_s
                                             .arg(e.navigation.left(100), table.entitySet)};
            return std::nullopt;
        }
        if (open >= 0) {
            if (!item.endsWith(u')')) {
                *error = {400, "0x80060888", u"Syntax error in $expand: '%1'."_s.arg(item.left(100))};
                return std::nullopt;
            }
            const QString options = item.mid(open + 1, item.size() - open - 2).trimmed();
            if (!options.isEmpty() && (!options.startsWith(u"$select="_s) || options.contains(u';'))) {
                *error = {400, "0x80060888",
                          u"The sandbox supports only $select inside $expand: '%1'."_s.arg(options.left(100))};
                return std::nullopt;
            }
            for (const QString &c : options.mid(8).split(u',', Qt::SkipEmptyParts))
                e.select.append(c.trimmed());
        }
        expand.navigations.append(e);
    }
    return expand;
}

} // namespace Liaison
