// Dataverse OData JSON replies: single entity, collection page, change-tracking delta, WhoAmI,
// the error body (DataverseFault) and the change token text, all on the same bytes.

#include "fuzzsupport.h"

#include "crm/dataverse/dataversechangetoken.h"
#include "crm/dataverse/dataversefault.h"
#include "crm/dataverse/dataversereader.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    const QByteArray body = Fuzz::bytes(data, size);
    // Small limits so the fuzzer also walks the limit checks, not only the happy path.
    const DataverseJsonLimits limits{256 * 1024, 16, 5000};

    for (const QString &logicalName : {QStringLiteral("contact"), QStringLiteral("appointment")}) {
        const DataverseEntityInfo info = DataverseEntityInfo::forLogicalName(logicalName);
        (void)DataverseReader::readEntity(body, info, limits);
        (void)DataverseReader::readCollection(body, info, limits);
        (void)DataverseReader::readDelta(body, info, limits);
    }
    (void)DataverseReader::readWhoAmI(body);
    (void)DataverseReader::idFromEntityUrl(QString::fromUtf8(body));

    for (const int status : {400, 404, 412, 429, 503}) {
        const DataverseFault fault = DataverseFault::read(status, body, QByteArray("17"));
        (void)fault.toError(QStringLiteral("update contact"));
    }
    (void)DataverseFault::read(429, QByteArray(), body.left(64)); // Retry-After is foreign too

    (void)DataverseChangeToken::decode(QString::fromUtf8(body));
    return 0;
}
