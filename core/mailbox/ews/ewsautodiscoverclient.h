#pragma once

// Finds the EWS URL of a mailbox: the standard Autodiscover candidates in order (SOAP before
// POX, the domain before autodiscover.<domain>, then the unauthenticated HTTP redirect),
// following address and URL redirects (at most kMaxHops) until the first EWS URL.

#include "common/result.h"
#include "model/enums.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <memory>

namespace Liaison {

class HttpClient;
struct ExchangeProfile;

struct EwsAutodiscoverCandidate
{
    enum class Kind { Soap, Pox, RedirectGet };
    Kind kind = Kind::Soap;
    QUrl url;
};

struct EwsAutodiscoverResult
{
    QUrl ewsUrl;
    QString mailbox;            // the address finally discovered (after redirectAddr)
    QString source;             // the URL that answered, or "profile" for a manual URL
    QString groupingInformation; // streaming affinity groups (SOAP only)
};

class EwsAutodiscoverClient : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxHops = 10;
    using CandidateFunction = std::function<QList<EwsAutodiscoverCandidate>(const QString &domain)>;

    explicit EwsAutodiscoverClient(HttpClient *http, QObject *parent = nullptr);
    ~EwsAutodiscoverClient() override;

    // Credentials for the (authenticated) POST candidates; Basic is sent up front.
    void setCredentials(ExchangeAuth auth, const QString &account, const QString &password);
    void setPinnedCertificates(const QList<QSslCertificate> &pinned) { m_pinned = pinned; }
    // Extra SMTP domains to try after the mailbox's own (the profile's additionalDomains).
    void setAdditionalDomains(const QStringList &domains) { m_additionalDomains = domains; }
    // Tests point the candidates at a sandbox; the default is standardCandidates().
    void setCandidateFunction(CandidateFunction f) { m_candidates = std::move(f); }
    static QList<EwsAutodiscoverCandidate> standardCandidates(const QString &domain);

    // Calls `done` once (never synchronously) with the EWS URL or an Error naming what was tried.
    void discover(const QString &smtpAddress, std::function<void(Result<EwsAutodiscoverResult>)> done);
    // A manual EWS URL in the profile wins; otherwise discover() with its settings applied.
    void discover(const ExchangeProfile &profile, const QString &smtpAddress,
                  std::function<void(Result<EwsAutodiscoverResult>)> done);

private:
    struct Run;
    void startAddress(const std::shared_ptr<Run> &run, const QString &smtp);
    void next(const std::shared_ptr<Run> &run);
    void tryCandidate(const std::shared_ptr<Run> &run, const EwsAutodiscoverCandidate &c);
    bool hop(const std::shared_ptr<Run> &run);

    HttpClient *m_http;
    ExchangeAuth m_auth = ExchangeAuth::Basic;
    QString m_account;
    QString m_password;
    QList<QSslCertificate> m_pinned;
    QStringList m_additionalDomains;
    CandidateFunction m_candidates;
};

} // namespace Liaison
