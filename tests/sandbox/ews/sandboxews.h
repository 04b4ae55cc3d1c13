#pragma once

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <variant>

#include "common/result.h"
#include "mailbox/ews/ewsxmlnode.h"
#include "sandboxewscontext.h"
#include "sandboxewsstore.h"
#include "sandboxmessage.h"

namespace Liaison {

class SandboxHttpServer;
class SandboxResponder;
class SandboxEwsStreaming;
struct SandboxEwsContext;
class EwsXmlNode;

struct SandboxEwsOptions
{
    QString dataFolder;        // state saved to <folder>/ews.json (empty: memory only)
    QString domain = QStringLiteral("contoso.test");
    int keepAliveMs = 30000;   // GetStreamingEvents keep-alive envelope interval
    int streamingMinuteMs = 60000;   // length of one ConnectionTimeout "minute" (tests shorten it)
    bool autodiscoverRequiresAuth = true;
    // Mailbox back ends behind the sandbox's load balancer. A streaming subscription lives on the
    // back end its Subscribe landed on; elsewhere GetStreamingEvents answers ErrorSubscriptionNotFound,
    // as Exchange does without affinity. 1 turns the enforcement off (one back end).
    int backEnds = 4;
    // EWSMaxSubscriptions per target mailbox: 20 in Exchange Online (5,000 on-premises).
    int maxSubscriptionsPerMailbox = 20;
    // EWSMaxConcurrency: requests one account may have open at once, streaming excluded (27 in
    // Exchange 2013+ and Exchange Online, 10 in 2010); more answer ErrorExceededConnectionCount.
    int maxConcurrency = 27;
};

// An Exchange Web Services server module on a SandboxHttpServer, state in memory:
//   POST /EWS/Exchange.asmx                 SOAP 1.1 EWS (Basic or Bearer), see SandboxEwsItemOps,
//                                           SandboxEwsFolderOps, SandboxEwsCalendar, SandboxEwsStreaming
//   POST /autodiscover/autodiscover.xml     POX Autodiscover (Outlook schema)
//   POST /autodiscover/autodiscover.svc     SOAP Autodiscover GetUserSettings (+ domain redirects)
//   /sandbox/ews/...                        JSON admin API for tests (no auth), see SandboxEwsAdmin
// Lives on the server's thread; install() before the server handles requests.
class SandboxEws : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kEwsPath = "/EWS/Exchange.asmx";

    explicit SandboxEws(const SandboxEwsOptions &options = {}, QObject *parent = nullptr);
    ~SandboxEws() override;

    // Loads the data folder, then registers the routes.
    Status install(SandboxHttpServer &server);

    // A service account (Basic auth user name = its SMTP address) and the mailboxes it may
    // impersonate ("*" = all). The account's own address is a mailbox too when added.
    void addServiceAccount(const QString &user, const QString &password, const QStringList &impersonableSmtp);
    // A bearer token accepted like the account's Basic credentials.
    QString issueToken(const QString &account);
    void addMailbox(const QString &smtp, const QString &displayName = {});
    // user0001@domain ... with contacts (60 %), events (30 %, every 5th weekly recurring) and tasks.
    // messagesPerMailbox < 0: as many inbox messages as items.
    void generateMailboxes(int count, int itemsPerMailbox, const QString &domain = {}, int messagesPerMailbox = -1);
    SandboxEwsStore &store() { return m_store; }
    const SandboxEwsOptions &options() const { return m_options; }

    // Autodiscover for `domain` answers RedirectAddress (an SMTP target) or RedirectUrl.
    void setAutodiscoverRedirect(const QString &domain, const QString &target, bool isUrl);
    // The next `times` SyncFolderItems calls fail with ErrorInvalidSyncStateData.
    void failNextSyncStates(int times) { m_invalidSyncStates += times; }
    // Meeting messages the server "sent" (requests asked for invitations/cancellations).
    QJsonArray outbox() const { return m_outbox; }
    void clearOutbox() { m_outbox = {}; }

    // Affinity. A request lands on the back end named by a valid X-BackEndOverrideCookie, else on
    // its X-AnchorMailbox's back end (fixed per mailbox), else on the next one round-robin.
    int backEndCount() const { return std::max(1, m_options.backEnds); }
    int backEndOf(const QString &anchorSmtp) const;
    // The X-BackEndOverrideCookie value naming a back end ("<server name>~<check>", no secret in it)
    // and back again (-1 when the value names none of ours).
    QByteArray backEndCookie(int backEnd) const;
    int backEndFromCookie(const QByteArray &value) const;

    // ErrorServerBusy as Exchange sends it (HTTP 500 SOAP fault with BackOffMilliseconds).
    static SandboxResponse serverBusy(qint64 backOffMs);
    // ErrorExceededConnectionCount (EWSMaxConcurrency exceeded): a SOAP fault, nothing done.
    static SandboxResponse exceededConnectionCount();

    Status save() const;
    void reset();   // mailboxes and items go; accounts stay

    // One EWS SOAP request -> its answer, without a socket: what /EWS/Exchange.asmx does for every
    // operation but GetStreamingEvents (which streams, so only the HTTP route serves it).
    // The fuzz target's entry point.
    SandboxResponse handleSoap(const SandboxRequest &request);

private:
    friend class SandboxEwsAdmin;
    friend class SandboxEwsAutodiscover;
    struct Account
    {
        QString password;
        QStringList impersonable;
    };

    struct Prepared
    {
        EwsXmlNode envelope;
        SandboxEwsContext ctx;
        QString anchor;   // X-AnchorMailbox, lower case
        int backEnd = 0;  // where the load balancer routed the request
        bool preferAffinity = false;   // X-PreferServerAffinity: true
        const EwsXmlNode &operation() const { return envelope.child(QStringLiteral("Body"))->children.constFirst(); }
    };
    std::variant<SandboxResponse, Prepared> prepare(const SandboxRequest &request);
    SandboxResponse run(const Prepared &prepared);
    void handleEws(const SandboxRequest &request, SandboxResponder *responder);
    // The authenticated account (lower case), or empty.
    QString authenticate(const SandboxRequest &request) const;
    SandboxResponse challenge() const;
    int route(const SandboxRequest &request, const QString &anchor);
    Status load();
    QString dataFile() const;

    SandboxEwsOptions m_options;
    SandboxEwsStore m_store;
    SandboxHttpServer *m_server = nullptr;
    SandboxEwsStreaming *m_streaming = nullptr;
    QHash<QString, Account> m_accounts;
    QHash<QString, QString> m_tokens;      // token -> account
    struct Redirect { QString target; bool isUrl = false; };
    QHash<QString, Redirect> m_redirects;  // domain -> redirect
    int m_invalidSyncStates = 0;
    SandboxEwsContext::BatchCutOff m_batchCutOff;
    // Admin fault "concurrency": every request is held this long before it runs, so requests
    // overlap and the cap (0 = options' maxConcurrency) is reached as on a busy server.
    int m_holdMs = 0;
    int m_concurrencyCap = 0;
    QHash<QString, int> m_inFlight; // account -> requests open
    int m_nextBackEnd = 0;   // the load balancer's round-robin without anchor and cookie
    QJsonArray m_outbox;
};

} // namespace Liaison
