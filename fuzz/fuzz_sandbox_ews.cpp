// Sandbox side: the EWS request reader. The input is the SOAP envelope a client POSTs to
// /EWS/Exchange.asmx as the service account: envelope, header (RequestServerVersion,
// ExchangeImpersonation), then the operation element, run by the sandbox's real operation
// handlers (items, folders, calendar view, Subscribe) against a small mailbox set. Every input
// meets the same state, so a crash reproduces from its input alone: the set is built again after
// any operation that may write (building it costs more than most operations, so reads share it).
// An input starting with "/autodiscover/" is an Autodiscover request instead: the first line is
// the path (autodiscover.xml = POX, autodiscover.svc = SOAP GetUserSettings), the rest the body.
// Oracle: whatever the input, every answer must be well-formed XML (the client parses it).
//
// SOAP goes through SandboxEws::handleSoap, the route's own code without the socket: authentication,
// the envelope reader, impersonation, dispatch. GetStreamingEvents is refused there (it holds the
// response open on timers and is only served by the streaming HTTP route).

#include "fuzzsupport.h"

#include "mailbox/ews/ewsxml.h"
#include "mailbox/ews/ewsxmlnode.h"
#include "sandboxews.h"
#include "sandboxewsadmin.h"
#include "sandboxewsautodiscover.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

// The mailboxes of tests/sandbox/ews/test/testsandboxews.cpp, added in the same order, so the
// folder ids in its traced requests (the seeds) name real folders here.
const QString kAccount = u"svc-liaison@contoso.test"_s;
const QString kAnna = u"anna@contoso.test"_s;
const QString kBob = u"bob@contoso.test"_s;
const QString kEve = u"eve@contoso.test"_s;   // exists, not impersonable

struct Sandbox
{
    SandboxEwsOptions options;
    SandboxEws ews;

    static SandboxEwsOptions makeOptions()
    {
        SandboxEwsOptions o;
        o.keepAliveMs = 10;
        o.streamingMinuteMs = 1;
        o.autodiscoverRequiresAuth = false;
        return o;
    }

    Sandbox() : options(makeOptions()), ews(options)
    {
        ews.addServiceAccount(kAccount, u"unused"_s, {kAnna, kBob, u"user0001@contoso.test"_s});
        ews.addMailbox(kAnna, u"Anna Berg"_s);
        ews.addMailbox(kBob);
        ews.addMailbox(kEve);
        // Stored items in Anna's folders, plus one generated mailbox of virtual items.
        (void)SandboxEwsAdmin(ews).seed(QJsonObject{
            {u"mailboxes"_s, QJsonArray{QJsonObject{{u"smtp"_s, kAnna}, {u"contacts"_s, 2}, {u"events"_s, 2}, {u"tasks"_s, 1}}}}});
        ews.generateMailboxes(1, 10, u"contoso.test"_s);
        ews.setAutodiscoverRedirect(u"fabrikam.test"_s, kAnna, false);
    }
};

bool isReadOnly(const QByteArray &body)
{
    // The operation is the first messages-namespace element; a cheap look is enough to decide
    // whether the shared sandbox may have changed (the change log position double-checks).
    static const QList<QByteArray> reads{"SyncFolderItems", "GetItem", "FindItem", "SyncFolderHierarchy",
                                         "FindFolder", "GetFolder", "GetStreamingEvents"};
    const qsizetype at = body.indexOf("Body");
    const QByteArray rest = at < 0 ? QByteArray() : body.mid(at, 400);
    for (const QByteArray &op : reads)
        if (rest.contains(QByteArray(":" + op)) || rest.contains(QByteArray("<" + op)))
            return true;
    return false;
}

// The sandbox's own entry point for a posted envelope (authentication included).
SandboxResponse sandboxSoap(Sandbox &sb, const QByteArray &body, bool *wrote)
{
    SandboxRequest request;
    request.method = "POST";
    request.path = u"/EWS/Exchange.asmx"_s;
    request.target = "/EWS/Exchange.asmx";
    request.body = body;
    request.headers.append({QByteArray("Content-Type"), QByteArray("text/xml; charset=utf-8")});
    request.headers.append({QByteArray("Authorization"), "Basic " + QByteArray("svc-liaison@contoso.test:unused").toBase64()});
    *wrote = !isReadOnly(body);
    return sb.ews.handleSoap(request);
}

SandboxResponse autodiscover(Sandbox &sb, const QByteArray &input)
{
    SandboxRequest request;
    request.method = "POST";
    QByteArray path;
    Fuzz::splitFirstLine(input, &path, &request.body);
    request.path = QString::fromUtf8(path);
    request.target = path;
    request.headers.append({QByteArray("Host"), QByteArray("127.0.0.1:1")});
    request.headers.append({QByteArray("Content-Type"), QByteArray("text/xml; charset=utf-8")});
    return SandboxEwsAutodiscover(sb.ews).handle(request);
}

// A reply the client could not parse is a sandbox bug whatever the request was. The limits are
// wide: an answer nests a few levels deeper than the request it echoes.
void requireWellFormed(const SandboxResponse &response)
{
    if (response.body.isEmpty() || !response.header("Content-Type").contains("xml"))
        return;
    EwsXmlLimits limits;
    limits.maxDepth = 1024;
    limits.maxElements = 50000000;
    if (const auto parsed = EwsXmlNode::parse(response.body, limits); !parsed) {
        std::fprintf(stderr, "sandbox answered %d with malformed XML:\n%.*s\n", response.status,
                     int(qMin<qsizetype>(response.body.size(), 4000)), response.body.constData());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::quietQt();
    static std::unique_ptr<Sandbox> sandbox;
    static bool dirty = true;
    if (dirty)
        sandbox = std::make_unique<Sandbox>();
    const quint64 seq = sandbox->ews.store().currentSeq();

    const QByteArray input = Fuzz::bytes(data, size);
    bool wrote = false;
    const SandboxResponse response = input.startsWith("/autodiscover/") ? autodiscover(*sandbox, input)
                                                                        : sandboxSoap(*sandbox, input, &wrote);
    // The change log position catches a "read" that wrote after all.
    dirty = wrote || sandbox->ews.store().currentSeq() != seq || !sandbox->ews.outbox().isEmpty();
    requireWellFormed(response);
    return 0;
}
