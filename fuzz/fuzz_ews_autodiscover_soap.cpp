// Autodiscover SOAP GetUserSettings replies (settings, per-user redirects, faults).

#include "fuzzsupport.h"

#include "mailbox/ews/ewsautodiscover.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    const Result<EwsUserSettings> result = EwsGetUserSettingsRequest::parse(Fuzz::bytes(data, size));
    if (result)
        (void)result->ewsUrl();
    return 0;
}
