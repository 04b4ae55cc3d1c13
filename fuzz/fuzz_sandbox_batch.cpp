// Sandbox side: the $batch request reader (multipart split, part headers, the embedded HTTP
// requests, changesets with Content-ID references) run against an empty in-memory store.
// Input: the request's Content-Type on the first line, the body after it.

#include "fuzzsupport.h"

#include "sandboxdataverseapi.h"
#include "sandboxdataversestore.h"

using namespace Liaison;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    static SandboxDataverseStore store;
    static SandboxDataverseApi api(store);
    store.reset(); // each input starts from no rows, so a crash reproduces from its input alone

    SandboxRequest request;
    request.method = "POST";
    request.path = QString::fromLatin1(SandboxDataverseApi::kApiPath) + QStringLiteral("$batch");
    request.target = request.path.toLatin1();
    QByteArray contentType;
    Fuzz::splitFirstLine(Fuzz::bytes(data, size), &contentType, &request.body);
    request.headers.append({QByteArray("Content-Type"), contentType});
    request.headers.append({QByteArray("Prefer"), QByteArray("odata.continue-on-error")});
    (void)api.handle(request, QStringLiteral("https://127.0.0.1:1/api/data/v9.2/"),
                     QStringLiteral("00000000-0000-4000-8000-000000000001"));
    return 0;
}
