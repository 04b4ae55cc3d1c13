#include "sandboxews.h"

#include "mailbox/ews/ewsxml.h"
#include "sandboxauth.h"
#include "sandboxewsadmin.h"
#include "sandboxewsautodiscover.h"
#include "sandboxewscalendar.h"
#include "sandboxewsfolderops.h"
#include "sandboxewsitemops.h"
#include "sandboxewsstreaming.h"
#include "sandboxhttpserver.h"
#include "sandboxresponder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSaveFile>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

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

const QByteArray kCookieName = QByteArrayLiteral("X-BackEndOverrideCookie");

quint32 stableHash(const QString &text)
{
    const QByteArray h = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1);
    return (quint32(quint8(h[0])) << 24) | (quint32(quint8(h[1])) << 16) | (quint32(quint8(h[2])) << 8) | quint8(h[3]);
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

} // namespace

SandboxEws::SandboxEws(const SandboxEwsOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_streaming(new SandboxEwsStreaming(m_store, options, this))
{
}

SandboxEws::~SandboxEws() = default;

Status SandboxEws::install(SandboxHttpServer &server)
{
    if (Status loaded = load(); !loaded)
        return loaded;
    m_server = &server;
    server.routeStreaming("POST", QString::fromLatin1(kEwsPath),
                          [this](const SandboxRequest &r, SandboxResponder *responder) { handleEws(r, responder); });
    server.route("POST", u"/autodiscover/"_s, [this](const SandboxRequest &r) {
        if (m_options.autodiscoverRequiresAuth && authenticate(r).isEmpty())
            return challenge();
        return SandboxEwsAutodiscover(*this).handle(r);
    });
    server.route({}, QString::fromLatin1(SandboxEwsAdmin::kAdminPath),
                 [this](const SandboxRequest &r) { return SandboxEwsAdmin(*this).handle(r); });
    return {};
}

void SandboxEws::addServiceAccount(const QString &user, const QString &password, const QStringList &impersonableSmtp)
{
    QStringList lower;
    for (const QString &s : impersonableSmtp)
        lower << s.trimmed().toLower();
    m_accounts.insert(user.trimmed().toLower(), {password, lower});
}

QString SandboxEws::issueToken(const QString &account)
{
    const QByteArray raw = QUuid::createUuid().toRfc4122() + QUuid::createUuid().toRfc4122();
    const QString token = u"eyJ0eXAiOiJKV1QifQ."_s + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding
                                                                                      | QByteArray::OmitTrailingEquals));
    m_tokens.insert(token, account.trimmed().toLower());
    return token;
}

void SandboxEws::addMailbox(const QString &smtp, const QString &displayName)
{
    m_store.addMailbox(smtp, displayName);
}

void SandboxEws::generateMailboxes(int count, int itemsPerMailbox, const QString &domain, int messagesPerMailbox)
{
    QJsonObject generate{{u"mailboxes"_s, count}, {u"itemsPerMailbox"_s, itemsPerMailbox},
                         {u"domain"_s, domain.isEmpty() ? m_options.domain : domain}};
    if (messagesPerMailbox >= 0)
        generate.insert(u"messagesPerMailbox"_s, messagesPerMailbox);
    (void)SandboxEwsAdmin(*this).seed(QJsonObject{{u"generate"_s, generate}});
}

void SandboxEws::setAutodiscoverRedirect(const QString &domain, const QString &target, bool isUrl)
{
    if (target.isEmpty())
        m_redirects.remove(domain.toLower());
    else
        m_redirects.insert(domain.toLower(), {target, isUrl});
}

int SandboxEws::backEndOf(const QString &anchorSmtp) const
{
    return int(stableHash(anchorSmtp.trimmed().toLower()) % quint32(backEndCount()));
}

QByteArray SandboxEws::backEndCookie(int backEnd) const
{
    // Shaped like Exchange Online's ("<mailbox server FQDN>~<number>"): it names a server, no secret.
    const QString server = u"SBXPR%1MB0001.%2"_s.arg(backEnd, 2, 10, QChar(u'0')).arg(m_options.domain.toLower());
    return server.toUtf8() + '~' + QByteArray::number(stableHash(server));
}

int SandboxEws::backEndFromCookie(const QByteArray &value) const
{
    QByteArray v = value.trimmed();
    if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"'))
        v = v.mid(1, v.size() - 2);
    for (int b = 0; b < backEndCount(); ++b) {
        if (v == backEndCookie(b))
            return b;
    }
    return -1;   // stale or foreign: the load balancer ignores it
}

// The load balancer: cookie, else anchor, else round-robin.
int SandboxEws::route(const SandboxRequest &request, const QString &anchor)
{
    for (const SandboxHeader &h : request.headers) {
        if (h.first.compare("Cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &pair : h.second.split(';')) {
            const QByteArray p = pair.trimmed();
            const qsizetype eq = p.indexOf('=');
            if (eq <= 0 || p.left(eq).trimmed().compare(kCookieName, Qt::CaseInsensitive) != 0)
                continue;
            if (const int b = backEndFromCookie(p.mid(eq + 1)); b >= 0)
                return b;
        }
    }
    if (!anchor.isEmpty())
        return backEndOf(anchor);
    const int b = m_nextBackEnd % backEndCount();
    m_nextBackEnd = (b + 1) % backEndCount();
    return b;
}

SandboxResponse SandboxEws::serverBusy(qint64 backOffMs)
{
    return soap(500, SandboxEwsXml::fault(u"a:ErrorServerBusy"_s, u"ErrorServerBusy"_s,
                                          u"The server cannot service this request right now. Try again later."_s,
                                          backOffMs));
}

SandboxResponse SandboxEws::exceededConnectionCount()
{
    return soap(500, SandboxEwsXml::fault(
                         u"a:ErrorExceededConnectionCount"_s, u"ErrorExceededConnectionCount"_s,
                         u"You have exceeded the available concurrent connections for your account.  "
                         "Try again once your other requests have completed."_s,
                         -1));
}

QString SandboxEws::authenticate(const SandboxRequest &request) const
{
    const QByteArray bearer = SandboxAuth::bearerToken(request);
    if (!bearer.isEmpty())
        return m_tokens.value(QString::fromLatin1(bearer));
    for (auto it = m_accounts.cbegin(); it != m_accounts.cend(); ++it) {
        if (SandboxAuth::basicMatches(request, it.key().toUtf8(), it->password.toUtf8()))
            return it.key();
    }
    return {};
}

SandboxResponse SandboxEws::challenge() const
{
    SandboxResponse r = SandboxResponse::text(401, "401 - Unauthorized: Access is denied due to invalid credentials.\n");
    r.headers.append(SandboxHeader{"WWW-Authenticate", "Basic realm=\"" + m_options.domain.toUtf8() + '"'});
    r.headers.append(SandboxHeader{"WWW-Authenticate", "Bearer"});
    return r;
}

// Authentication, the envelope, impersonation and the anchor mailbox: a fault, or what the
// operation needs to run.
std::variant<SandboxResponse, SandboxEws::Prepared> SandboxEws::prepare(const SandboxRequest &request)
{
    const QString account = authenticate(request);
    if (account.isEmpty())
        return challenge();
    Result<EwsXmlNode> tree = EwsXmlNode::parse(request.body);
    if (!tree || !tree->is(Ews::soapNs(), u"Envelope"_s) || !tree->child(u"Body"_s))
        return fault(u"ErrorSchemaValidation"_s,
                     u"The request failed schema validation: the body is not a SOAP 1.1 envelope."_s, u"s:Client"_s);
    const EwsXmlNode *body = tree->child(u"Body"_s);
    if (body->children.isEmpty() || body->children.constFirst().ns != Ews::messagesNs())
        return fault(u"ErrorInvalidRequest"_s, u"The request is invalid."_s, u"s:Client"_s);

    Prepared p;
    p.ctx.store = &m_store;
    p.ctx.account = account;
    p.ctx.impersonable = m_accounts.value(account).impersonable;
    p.ctx.invalidSyncStates = &m_invalidSyncStates;
    p.ctx.batchCutOff = &m_batchCutOff;
    p.ctx.outbox = &m_outbox;
    p.ctx.mailbox = account;
    const QString impersonated = impersonatedSmtp(tree->child(u"Header"_s));
    if (!impersonated.isEmpty()) {
        if (!m_store.mailbox(impersonated))
            return fault(u"ErrorNonExistentMailbox"_s, u"The SMTP address has no mailbox associated with it."_s);
        if (!p.ctx.impersonable.contains(impersonated) && !p.ctx.impersonable.contains(u"*"_s))
            return fault(u"ErrorImpersonateUserDenied"_s,
                         u"The account does not have permission to impersonate the requested user."_s);
        p.ctx.mailbox = impersonated;
        p.ctx.impersonating = true;
    }
    p.anchor = QString::fromUtf8(request.header("X-AnchorMailbox")).trimmed().toLower();
    if (!p.anchor.isEmpty() && !m_store.mailbox(p.anchor))
        return fault(u"ErrorNonExistentMailbox"_s,
                     u"The SMTP address in X-AnchorMailbox has no mailbox associated with it."_s);
    p.backEnd = route(request, p.anchor);
    p.ctx.backEnd = p.backEnd;
    p.preferAffinity = request.header("X-PreferServerAffinity").trimmed().compare("true", Qt::CaseInsensitive) == 0;
    p.ctx.folderChanged = [this](const SandboxEwsFolder &f, SandboxEwsStore::Event event) {
        m_streaming->folderChanged(f.mailbox, f.id, f.parentId, event);
    };
    p.ctx.folderMoved = [this](const SandboxEwsFolder &f, const QString &oldParentId) {
        m_streaming->folderMoved(f.mailbox, f.id, oldParentId, f.parentId);
    };
    p.envelope = std::move(tree.value());
    return p;
}

void SandboxEws::handleEws(const SandboxRequest &request, SandboxResponder *responder)
{
    auto prepared = prepare(request);
    if (auto *refused = std::get_if<SandboxResponse>(&prepared))
        return responder->respond(*refused);
    Prepared &p = std::get<Prepared>(prepared);
    if (p.operation().name == u"GetStreamingEvents"_s)
        return m_streaming->getStreamingEvents(p.ctx, p.operation(), responder);
    // EWSMaxConcurrency per account: past it the new request is refused, the open ones go on.
    const int cap = m_concurrencyCap > 0 ? m_concurrencyCap : m_options.maxConcurrency;
    if (m_inFlight.value(p.ctx.account) >= cap)
        return responder->respond(exceededConnectionCount());
    if (m_holdMs <= 0)
        return responder->respond(run(p));
    ++m_inFlight[p.ctx.account];
    QTimer::singleShot(m_holdMs, this,
                       [this, held = std::move(p), r = QPointer<SandboxResponder>(responder)] {
                           --m_inFlight[held.ctx.account];
                           const SandboxResponse response = run(held);
                           if (r)
                               r->respond(response);
                       });
}

SandboxResponse SandboxEws::handleSoap(const SandboxRequest &request)
{
    auto prepared = prepare(request);
    if (auto *refused = std::get_if<SandboxResponse>(&prepared))
        return *refused;
    const Prepared &p = std::get<Prepared>(prepared);
    if (p.operation().name == u"GetStreamingEvents"_s)
        return fault(u"ErrorInvalidRequest"_s, u"GetStreamingEvents needs the streaming HTTP route."_s);
    return run(p);
}

SandboxResponse SandboxEws::run(const Prepared &p)
{
    const EwsXmlNode &op = p.operation();
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
        {u"UpdateFolder"_s, &SandboxEwsFolderOps::updateFolder},
        {u"DeleteFolder"_s, &SandboxEwsFolderOps::deleteFolder},
    };
    SandboxEwsReply reply;
    if (op.name == u"Subscribe"_s)
        reply = m_streaming->subscribe(p.ctx, op);
    else if (op.name == u"Unsubscribe"_s)
        reply = m_streaming->unsubscribe(p.ctx, op);
    else if (const Handler h = handlers.value(op.name))
        reply = h(p.ctx, op);
    else
        reply = SandboxEwsReply::fault(u"ErrorInvalidRequest"_s,
                                       u"The sandbox does not implement the EWS operation %1."_s.arg(op.name));
    if (!reply.faultResponseCode.isEmpty())
        return fault(reply.faultResponseCode, reply.faultMessage, reply.faultCode);
    SandboxResponse response = soap(200, SandboxEwsXml::envelope(reply.body));
    if (op.name == u"Subscribe"_s && p.preferAffinity) {
        // Affinity: the cookie pins the group's later requests to the back end holding its subscriptions.
        response.headers.append(
            SandboxHeader{"Set-Cookie", kCookieName + '=' + backEndCookie(p.backEnd) + "; path=/EWS; HttpOnly"});
    }
    if (!reply.body.isEmpty() && !m_options.dataFolder.isEmpty()
        && (op.name == u"CreateItem"_s || op.name == u"UpdateItem"_s || op.name == u"DeleteItem"_s
            || op.name == u"CreateFolder"_s || op.name == u"UpdateFolder"_s || op.name == u"DeleteFolder"_s))
        (void)save();
    return response;
}

void SandboxEws::reset()
{
    m_store.reset();
    m_outbox = {};
    m_invalidSyncStates = 0;
    m_batchCutOff = {};
    m_holdMs = m_concurrencyCap = 0;
    m_streaming->reset();
}

QString SandboxEws::dataFile() const
{
    return QDir(m_options.dataFolder).filePath(u"ews.json"_s);
}

Status SandboxEws::save() const
{
    if (m_options.dataFolder.isEmpty())
        return {};
    QDir().mkpath(m_options.dataFolder);
    QSaveFile file(dataFile());
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(m_store.toJson()).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        return Error::invalid(u"cannot write the EWS sandbox data file %1"_s.arg(dataFile()),
                              u"check that the data folder is writable"_s);
    return {};
}

Status SandboxEws::load()
{
    if (m_options.dataFolder.isEmpty() || !QFile::exists(dataFile()))
        return {};
    QFile file(dataFile());
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(u"cannot read the EWS sandbox data file %1"_s.arg(dataFile()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error::invalid(u"the EWS sandbox data file %1 is not JSON: %2"_s.arg(dataFile(), error.errorString()),
                              u"delete the file to start with an empty sandbox"_s);
    m_store.fromJson(doc.object());
    return {};
}

} // namespace Liaison
