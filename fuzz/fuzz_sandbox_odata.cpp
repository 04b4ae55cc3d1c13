// Sandbox side: the OData $filter parser/evaluator and the Web API's URL reader. Input: a first
// byte choosing the mode, then the text. 'f': the text is a $filter. Otherwise the text is the
// request-target after /api/data/v9.2/ ("contacts?$filter=...&$select=...&$top=3"), sent with
// Prefer odata.track-changes + odata.maxpagesize=1 when the byte is 't'.

#include "fuzzsupport.h"

#include "sandboxdataverseapi.h"
#include "sandboxdataversestore.h"
#include "sandboxodatafilter.h"

#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

using namespace Liaison;

namespace {

SandboxDataverseStore &seededStore()
{
    static SandboxDataverseStore store = [] {
        SandboxDataverseStore s;
        SandboxDataverseError error;
        s.create(QStringLiteral("contacts"),
                 QJsonObject{{QStringLiteral("firstname"), QStringLiteral("Ada")},
                             {QStringLiteral("lastname"), QStringLiteral("Lovelace")},
                             {QStringLiteral("emailaddress1"), QStringLiteral("ada@contoso.com")}},
                 &error);
        s.create(QStringLiteral("contacts"),
                 QJsonObject{{QStringLiteral("firstname"), QStringLiteral("Alan")},
                             {QStringLiteral("numberofchildren"), 2},
                             {QStringLiteral("donotemail"), true}},
                 &error);
        return s;
    }();
    return store;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    if (size == 0)
        return 0;
    const QByteArray text = Fuzz::bytes(data + 1, size - 1);

    if (data[0] == 'f') {
        const SandboxODataFilter filter = SandboxODataFilter::parse(QString::fromUtf8(text));
        if (!filter.isValid())
            return 0;
        (void)filter.columns();
        for (const QJsonObject &row : seededStore().rows(QStringLiteral("contacts")))
            (void)filter.matches(row);
        return 0;
    }

    // The same steps SandboxConnection takes from a request line's target.
    static SandboxDataverseApi api(seededStore());
    SandboxRequest request;
    request.method = "GET";
    request.target = QByteArray(SandboxDataverseApi::kApiPath) + text;
    const QUrl url = QUrl::fromEncoded(request.target);
    request.path = url.path(QUrl::FullyDecoded);
    request.query = QUrlQuery(url.query(QUrl::FullyEncoded));
    if (data[0] == 't')
        request.headers.append({QByteArray("Prefer"), QByteArray("odata.maxpagesize=1,odata.track-changes")});
    // GETs do not change the store, so the seeded rows stay the same for every input.
    (void)api.handle(request, QStringLiteral("https://127.0.0.1:1/api/data/v9.2/"),
                     QStringLiteral("00000000-0000-4000-8000-000000000001"));
    return 0;
}
