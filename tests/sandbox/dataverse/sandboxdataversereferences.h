#pragma once

#include <QString>

#include <optional>

#include "sandboxdataverseapi.h"
#include "sandboxmessage.h"

namespace Liaison {

// Requests addressed through a collection-valued navigation property of one row:
//   GET    systemusers(ID)/systemuserroles_association[?$select=..&$filter=..]  the related rows
//   GET    systemusers(ID)/systemuserroles_association(ROLEID)                  one related row
//   GET    systemusers(ID)/systemuserroles_association/$ref                     their @odata.id links
//   POST   systemusers(ID)/systemuserroles_association/$ref {"@odata.id":".../roles(ROLEID)"}  associate
//   DELETE systemusers(ID)/systemuserroles_association(ROLEID)/$ref            disassociate
//   DELETE systemusers(ID)/systemuserroles_association/$ref?$id=.../roles(ROLEID)
// Any N:N relationship of the store works from either side; activity parties can be read this
// way but not linked ($ref on them is 405, as their rows belong to the activity).
class SandboxDataverseReferences
{
public:
    explicit SandboxDataverseReferences(SandboxDataverseApi &api) : m_api(api) {}

    // True for "set(key)/..." paths: a '/' outside quoted key values (contacts(k='a/b') is a row).
    static bool isNavigationPath(const QString &segment);
    // `segment` is the path after the API root: "systemusers(ID)/systemuserroles_association/$ref".
    SandboxResponse handle(const SandboxRequest &request, const QString &segment, const QString &root);

private:
    struct Path
    {
        const SandboxDataverseTable *table = nullptr;
        QString id;
        QString navigation;
        const SandboxDataverseTable *target = nullptr;
        QString targetId;    // "nav(ID)"; empty for the whole collection
        bool ref = false;    // ends in /$ref
    };
    std::optional<SandboxResponse> parse(const QString &segment, Path *path) const;
    SandboxResponse list(const SandboxRequest &request, const Path &path, const QString &root);
    SandboxResponse link(const SandboxRequest &request, const Path &path);
    SandboxResponse unlink(const SandboxRequest &request, const Path &path);
    // "https://host/api/data/v9.2/roles(ID)" or "/roles(ID)" or "roles(ID)" -> ID if it names `table`.
    static QString idIn(const QString &reference, const SandboxDataverseTable &table);
    static SandboxResponse noContent();

    SandboxDataverseApi &m_api;
};

} // namespace Liaison
