#pragma once

#include "common/result.h"
#include "crm/dataverse/dataversemetadata.h"
#include "model/syncconfiguration.h"

#include <QList>

namespace Liaison {

// Checks a configuration's field mappings against an environment's $metadata, so a wrong mapping
// is refused when it is saved instead of failing every sync. Each problem is one line naming the
// object type, the mapping and the reason, e.g.
//   "contacts: GivenName -> new_nickname: column 'new_nickname' does not exist on table 'contact'"
class DataverseMappingValidator
{
public:
    explicit DataverseMappingValidator(const DataverseMetadata &metadata);

    // Every problem in every object type (mappings with direction Off are skipped).
    // An empty mapping list stands for the defaults and is checked as such.
    QList<Error> problems(const SyncConfiguration &configuration) const;
    QList<Error> problems(ObjectType type, const QList<FieldMapping> &mappings) const;

    // The first problem, with "(and N more)" appended when there are several.
    Status validate(const SyncConfiguration &configuration) const;

private:
    const DataverseMetadata &m_metadata;
};

} // namespace Liaison
