// Sandbox side: the EWS request reader. The input is the SOAP envelope a client POSTs to
// /EWS/Exchange.asmx as the service account: envelope, header (RequestServerVersion,
// ExchangeImpersonation), then the operation element, run by the sandbox's real operation
// handlers (items, folders, calendar view, Subscribe) against a small mailbox set built afresh
// for every input, so a crash reproduces from its input alone.
// An input starting with "/autodiscover/" is an Autodiscover request instead: the first line is
// the path (autodiscover.xml = POX, autodiscover.svc = SOAP GetUserSettings), the rest the body.
// Oracle: whatever the input, every answer must be well-formed XML (the client parses it).
//
// SandboxEws::handleEws answers through a SandboxResponder, which only a socket connection can
// create, so sandboxSoap() below repeats its short envelope step (the same checks, in order) and
// dispatches to the same public handlers. GetStreamingEvents is left out: it holds the response
// open on timers. A public SandboxEws::handleSoap(request) -> SandboxResponse would let this
// target call the reader itself.

#include "fuzzsupport.h"

#include "mailbox/ews/ewsxml.h"
#include "mailbox/ews/ewsxmlnode.h"
#include "sandboxews.h"
#include "sandboxewsadmin.h"
#include "sandboxewsautodiscover.h"
#include "sandboxewscalendar.h"
#include "sandboxewscontext.h"
#include "sandboxewsfolderops.h"
#include "sandboxewsitemops.h"
#include "sandboxewsstreaming.h"
#include "sandboxewsxml.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>

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
    SandboxEwsStreaming streaming;
    int invalidSyncStates = 0;
    QJsonArray outbox;

    static SandboxEwsOptions makeOptions()
    {
        SandboxEwsOptions o;
        o.keepAliveMs = 10;
        o.streamingMinuteMs = 1;
        o.autodiscoverRequiresAuth = false;
        return o;
    }

    Sandbox() : options(makeOptions()), ews(options), streaming(ews.store(), options)
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

SandboxResponse soap(int status, const QByteArray &body)
{
    SandboxResponse r;
    r.status = status;
    r.setHeader("Content-Type", "text/xml; charset=utf-8");
    r.body = body;
    return r;
}

SandboxResponse fault(const QString &responseCode, const QString &message, const QString &faultCode = {})
{
    return soap(500, SandboxEwsXml::fault(faultCode.isEmpty() ? u"a:"_s + responseCode : faultCode, responseCode, message));
}

QString impersonatedSmtp(const EwsXmlNode *header)
{
    const EwsXmlNode *sid = header ? header->path({u"ExchangeImpersonation"_s, u"ConnectingSID"_s}) : nullptr;
    if (!sid)
        return {};
    for (const QString &name : {u"SmtpAddress"_s, u"PrimarySmtpAddress"_s, u"PrincipalName"_s}) {
        if (const QString v = sid->childText(name).trimmed(); !v.isEmpty())
            return v.toLower();
    }
    return {};
}

// SandboxEws::handleEws after authentication, for every operation but GetStreamingEvents.
SandboxResponse sandboxSoap(Sandbox &sb, const QByteArray &body)
{
    const auto tree = EwsXmlNode::parse(body);
    if (!tree || !tree->is(Ews::soapNs(), u"Envelope"_s) || !tree->child(u"Body"_s))
        return fault(u"ErrorSchemaValidation"_s, u"not a SOAP 1.1 envelope"_s, u"s:Client"_s);
    const EwsXmlNode *header = tree->child(u"Header"_s);
    const EwsXmlNode *soapBody = tree->child(u"Body"_s);
    if (soapBody->children.isEmpty() || soapBody->children.constFirst().ns != Ews::messagesNs())
        return fault(u"ErrorInvalidRequest"_s, u"The request is invalid."_s, u"s:Client"_s);
    const EwsXmlNode &op = soapBody->children.constFirst();

    SandboxEwsContext ctx;
    ctx.store = &sb.ews.store();
    ctx.account = kAccount;
    ctx.impersonable = {kAnna, kBob, u"user0001@contoso.test"_s};
    ctx.invalidSyncStates = &sb.invalidSyncStates;
    ctx.outbox = &sb.outbox;
    ctx.mailbox = kAccount;
    const QString impersonated = impersonatedSmtp(header);
    if (!impersonated.isEmpty()) {
        if (!sb.ews.store().mailbox(impersonated))
            return fault(u"ErrorNonExistentMailbox"_s, u"no mailbox"_s);
        if (!ctx.impersonable.contains(impersonated))
            return fault(u"ErrorImpersonateUserDenied"_s, u"denied"_s);
        ctx.mailbox = impersonated;
        ctx.impersonating = true;
    }
    if (op.name == u"GetStreamingEvents"_s)
        return {};

    using Handler = SandboxEwsReply (*)(const SandboxEwsContext &, const EwsXmlNode &);
    static const QHash<QString, Handler> handlers{
        {u"SyncFolderItems"_s, &SandboxEwsItemOps::syncFolderItems},
        {u"GetItem"_s, &SandboxEwsItemOps::getItem},
        {u"CreateItem"_s, &SandboxEwsItemOps::createItem},
        {u"UpdateItem"_s, &SandboxEwsItemOps::updateItem},
        {u"DeleteItem"_s, &SandboxEwsItemOps::deleteItem},
        {u"FindItem"_s, &SandboxEwsCalendar::findItem},
        {u"SyncFolderHierarchy"_s, &SandboxEwsFolderOps::syncFolderHierarchy},
        {u"FindFolder"_s, &SandboxEwsFolderOps::findFolder},
        {u"CreateFolder"_s, &SandboxEwsFolderOps::createFolder},
        {u"GetFolder"_s, &SandboxEwsFolderOps::getFolder},
    };
    SandboxEwsReply reply;
    if (op.name == u"Subscribe"_s)
        reply = sb.streaming.subscribe(ctx, op);
    else if (const Handler h = handlers.value(op.name))
        reply = h(ctx, op);
    else
        reply = SandboxEwsReply::fault(u"ErrorInvalidRequest"_s, u"The sandbox does not implement the EWS operation %1."_s.arg(op.name));
    if (!reply.faultResponseCode.isEmpty())
        return fault(reply.faultResponseCode, reply.faultMessage, reply.faultCode);
    return soap(200, SandboxEwsXml::envelope(reply.body));
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
    const QByteArray input = Fuzz::bytes(data, size);
    Sandbox sandbox;
    const SandboxResponse response = input.startsWith("/autodiscover/") ? autodiscover(sandbox, input)
                                                                        : sandboxSoap(sandbox, input);
    requireWellFormed(response);
    if (qEnvironmentVariableIsSet("FUZZEWS_DEBUG_TMP")) std::fprintf(stderr, "%d %.*s\n", response.status, int(qMin<qsizetype>(response.body.size(), 1500)), response.body.constData());
    return 0;
}
