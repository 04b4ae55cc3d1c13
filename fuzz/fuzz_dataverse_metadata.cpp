// The CSDL $metadata reader (entity types, properties, keys, navigation properties, sets),
// then every lookup over what it read.

#include "fuzzsupport.h"

#include "crm/dataverse/dataversemetadatareader.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    const DataverseMetadataReader::Limits limits{4 * 1024 * 1024, 32};
    const Result<DataverseMetadata> metadata = DataverseMetadataReader::read(Fuzz::bytes(data, size), limits);
    if (!metadata)
        return 0;
    for (const QString &type : metadata->entityTypeNames()) {
        (void)metadata->entityType(type);
        (void)metadata->keys(type);
        (void)metadata->entitySetOf(type);
    }
    for (const QString &set : metadata->entitySetNames())
        (void)metadata->entityTypeOfSet(set);
    return 0;
}
