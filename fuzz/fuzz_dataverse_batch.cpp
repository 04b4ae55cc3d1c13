// The $batch reply reader (multipart/mixed with nested changesets). Input: the reply's
// Content-Type on the first line, the body after it.

#include "fuzzsupport.h"

#include "crm/dataverse/dataversebatchreader.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    QByteArray contentType;
    QByteArray body;
    Fuzz::splitFirstLine(Fuzz::bytes(data, size), &contentType, &body);

    const DataverseBatchLimits limits{1024 * 1024, 200, 40};
    const Result<QList<DataverseBatchPart>> parts = DataverseBatchReader::read(contentType, body, limits);
    if (!parts)
        return 0;
    for (const DataverseBatchPart &part : *parts) {
        (void)part.header("Content-Type");
        if (!part.ok())
            (void)part.fault().toError(QStringLiteral("batch part"));
    }
    return 0;
}
