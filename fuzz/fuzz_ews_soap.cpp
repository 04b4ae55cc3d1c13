// EWS SOAP responses: the bounded XML reader, fault/ServerVersionInfo/ResponseMessages, then
// every operation's parse() on the same envelope (each refuses a response for another
// operation early, so trying all of them keeps the seeds format-plain: no selector byte).

#include "fuzzsupport.h"

#include "mailbox/ews/ewsfolderrequests.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "mailbox/ews/ewssoapresponse.h"
#include "mailbox/ews/ewssyncrequests.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    const Result<EwsSoapResponse> parsed = EwsSoapResponse::parse(Fuzz::bytes(data, size));
    if (!parsed)
        return 0;
    const EwsSoapResponse &response = *parsed;
    if (response.fault())
        (void)response.faultError(QStringLiteral("svc@contoso.com"), QStringLiteral("user@contoso.com"));
    for (const auto &[status, node] : response.responseMessages()) {
        (void)status.describe();
        if (node)
            (void)EwsSoapResponse::readStatus(*node);
    }

    const EwsRequestContext context{QString(), QString(), QString(), QString(), QStringLiteral("svc@contoso.com")};
    (void)EwsSyncFolderHierarchyRequest::parse(response, context);
    (void)EwsSyncFolderItemsRequest::parse(response, context);
    (void)EwsGetItemRequest::parse(response, context);
    (void)EwsFindCalendarViewRequest::parse(response, context);
    (void)EwsFindFolderRequest::parse(response, context);
    (void)EwsCreateFolderRequest::parse(response, context);
    (void)EwsCreateItemRequest::parse(response, context);
    (void)EwsUpdateItemRequest::parse(response, context);
    (void)EwsDeleteItemRequest::parse(response, context);
    (void)EwsSubscribeRequest::parse(response, context);
    (void)EwsGetStreamingEventsRequest::parse(response, context);
    return 0;
}
