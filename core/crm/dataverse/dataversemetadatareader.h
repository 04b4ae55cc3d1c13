#pragma once

#include "common/result.h"
#include "crm/dataverse/dataversemetadata.h"

#include <QByteArray>

namespace Liaison {

// Reads an OData v4 CSDL $metadata document (Dataverse: namespace Microsoft.Dynamics.CRM, alias mscrm)
// into DataverseMetadata: entity types, properties with types and read-only flags, keys, navigation
// properties, entity sets. Refuses DTDs (no entity expansion), oversized and over-deep documents.
// Elements it does not need (actions, functions, complex types, annotations on sets) are skipped.
class DataverseMetadataReader
{
public:
    struct Limits
    {
        qsizetype maxBytes = 128 * 1024 * 1024;   // a full v9.2 $metadata is tens of MB
        int maxDepth = 32;                        // CSDL nests about 8 levels
    };

    static Result<DataverseMetadata> read(const QByteArray &xml, const Limits &limits);
    static Result<DataverseMetadata> read(const QByteArray &xml) { return read(xml, Limits{}); }
};

} // namespace Liaison
