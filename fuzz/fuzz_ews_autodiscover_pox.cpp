// Autodiscover POX (the fallback for servers without the SOAP endpoint).

#include "fuzzsupport.h"

#include "mailbox/ews/ewsautodiscover.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    const Result<EwsPoxResult> result = EwsPoxAutodiscoverRequest::parse(Fuzz::bytes(data, size));
    if (result)
        (void)result->ewsUrl();
    return 0;
}
