// The Entra ID token endpoint's reply (success and AADSTS errors).

#include "fuzzsupport.h"

#if __has_include("net/entratokenreply.h")
#include "net/entratokenreply.h"
using TokenReply = Liaison::EntraTokenReply;
#else
#include "crm/dataverse/dataversetokenreply.h"
using TokenReply = Liaison::DataverseTokenReply;
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Liaison::Fuzz::quietQt();
    const QByteArray body = Liaison::Fuzz::bytes(data, size);
    for (const int status : {200, 400, 401, 500})
        (void)TokenReply::read(status, body);
    return 0;
}
