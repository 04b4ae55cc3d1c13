// The GetStreamingEvents reader: one chunked body carrying a sequence of envelopes. The input
// is cut into chunks (sizes taken from the first byte) and fed to the envelope splitter the way
// the transport does; every whole envelope goes through EwsSoapResponse and the operation parse.

#include "fuzzsupport.h"

#include "mailbox/ews/ewsenvelopesplitter.h"
#include "mailbox/ews/ewsnotificationrequests.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    if (size == 0)
        return 0;
    // A printable first byte keeps seeds readable: '<' (0x3c) -> chunks of 61 bytes.
    const qsizetype chunk = qsizetype(data[0]) + 1;
    const QByteArray body = Fuzz::bytes(data + 1, size - 1);
    const EwsRequestContext context{QString(), QString(), QString(), QString(), QStringLiteral("svc@contoso.com")};

    EwsEnvelopeSplitter splitter;
    for (qsizetype at = 0; at < body.size(); at += chunk) {
        for (const QByteArray &envelope : splitter.feed(body.mid(at, chunk))) {
            const Result<EwsSoapResponse> response = EwsSoapResponse::parse(envelope);
            if (response)
                (void)EwsGetStreamingEventsRequest::parse(*response, context);
        }
    }
    (void)splitter.pending();
    return 0;
}
