#include "mailbox/ews/ewsautodiscoverclient.h"

#include "common/logging.h"
#include "mailbox/ews/ewsautodiscover.h"
#include "model/exchangeprofile.h"
#include "net/httpclient.h"
#include "net/httpreply.h"
#include "net/networkerrortext.h"
#include "net/tlstrust.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Liaison {

struct EwsAutodiscoverClient::Run
{
    QString original;
    QString smtp;
    QList<EwsAutodiscoverCandidate> queue;
    int hops = 0;
    QStringList problems;     // "url: why", for the final error
    std::function<void(Result<EwsAutodiscoverResult>)> done;
    bool finished = false;

    void finish(Result<EwsAutodiscoverResult> r)
    {
        if (finished)
            return;
        finished = true;
        done(std::move(r));
    }
};

EwsAutodiscoverClient::EwsAutodiscoverClient(HttpClient *http, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_candidates(&EwsAutodiscoverClient::standardCandidates)
{
}

EwsAutodiscoverClient::~EwsAutodiscoverClient() = default;

void EwsAutodiscoverClient::setCredentials(ExchangeAuth auth, const QString &account, const QString &password)
{
    m_auth = auth;
    m_account = account;
    m_password = password;
}

QList<EwsAutodiscoverCandidate> EwsAutodiscoverClient::standardCandidates(const QString &domain)
{
    using K = EwsAutodiscoverCandidate::Kind;
    const auto url = [](const QString &s) { return QUrl(s); };
    return {
        {K::Soap, url(u"https://%1/autodiscover/autodiscover.svc"_s.arg(domain))},
        {K::Pox, url(u"https://%1/autodiscover/autodiscover.xml"_s.arg(domain))},
        {K::Soap, url(u"https://autodiscover.%1/autodiscover/autodiscover.svc"_s.arg(domain))},
        {K::Pox, url(u"https://autodiscover.%1/autodiscover/autodiscover.xml"_s.arg(domain))},
        {K::RedirectGet, url(u"http://autodiscover.%1/autodiscover/autodiscover.xml"_s.arg(domain))},
    };
}

void EwsAutodiscoverClient::discover(const ExchangeProfile &profile, const QString &smtpAddress,
                                     std::function<void(Result<EwsAutodiscoverResult>)> done)
{
    if (!profile.ewsUrl.trimmed().isEmpty()) {
        // A manual URL overrides Autodiscover entirely.
        EwsAutodiscoverResult r{QUrl(profile.ewsUrl.trimmed()), smtpAddress, u"profile"_s, {}};
        QTimer::singleShot(0, this, [done, r] { done(r); });
        return;
    }
    setAdditionalDomains(profile.additionalDomains);
    if (!profile.pinnedCertificatePem.isEmpty()) {
        if (auto pinned = TlsTrust::loadPem(profile.pinnedCertificatePem))
            m_pinned = pinned.value();
    }
    discover(smtpAddress, std::move(done));
}

void EwsAutodiscoverClient::discover(const QString &smtpAddress,
                                     std::function<void(Result<EwsAutodiscoverResult>)> done)
{
    auto run = std::make_shared<Run>();
    run->original = smtpAddress;
    run->done = std::move(done);
    if (!smtpAddress.contains(u'@')) {
        QTimer::singleShot(0, this, [run, smtpAddress] {
            run->finish(Error::invalid(u"\"%1\" is not an SMTP address"_s.arg(smtpAddress),
                                       u"Enter the mailbox as user@domain"_s));
        });
        return;
    }
    QTimer::singleShot(0, this, [this, run, smtpAddress] { startAddress(run, smtpAddress); });
}

void EwsAutodiscoverClient::startAddress(const std::shared_ptr<Run> &run, const QString &smtp)
{
    run->smtp = smtp;
    run->queue.clear();
    QStringList domains{smtp.section(u'@', -1).toLower()};
    for (const QString &d : m_additionalDomains) {
        if (!d.trimmed().isEmpty() && !domains.contains(d.trimmed().toLower()))
            domains << d.trimmed().toLower();
    }
    for (const QString &d : domains)
        run->queue += m_candidates(d);
    next(run);
}

bool EwsAutodiscoverClient::hop(const std::shared_ptr<Run> &run)
{
    if (++run->hops <= kMaxHops)
        return true;
    run->finish(Error{Error::Code::Protocol,
                      u"Autodiscover for %1 redirected more than %2 times"_s.arg(run->original).arg(kMaxHops),
                      u"Fix the Autodiscover redirects of the domain or enter the EWS URL in the Exchange profile"_s});
    return false;
}

void EwsAutodiscoverClient::next(const std::shared_ptr<Run> &run)
{
    if (run->finished)
        return;
    if (run->queue.isEmpty()) {
        run->finish(Error{Error::Code::NotFound,
                          u"Autodiscover found no EWS URL for %1 (%2)"_s.arg(run->original, run->problems.join(u"; "_s)),
                          u"Enter the EWS URL (https://<server>/EWS/Exchange.asmx) in the Exchange profile"_s});
        return;
    }
    tryCandidate(run, run->queue.takeFirst());
}

void EwsAutodiscoverClient::tryCandidate(const std::shared_ptr<Run> &run, const EwsAutodiscoverCandidate &c)
{
    using K = EwsAutodiscoverCandidate::Kind;
    HttpRequest req;
    req.url = c.url;
    req.pinnedCertificates = m_pinned;
    req.timeoutMs = 30000;
    req.retryPolicy = RetryPolicy{2, 200, 2000, 5000};   // many candidates: fail fast
    req.followRedirects = false;
    const QString where = c.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    const auto skip = [this, run, where](const QString &why) {
        run->problems << u"%1: %2"_s.arg(where, why);
        next(run);
    };
    if (c.kind == K::RedirectGet) {
        req.method = "GET";
        req.traceTag = u"AutodiscoverRedirect"_s;
    } else {
        Result<QByteArray> body = [&]() -> Result<QByteArray> {
            if (c.kind == K::Soap) {
                EwsGetUserSettingsRequest r;
                r.mailbox = run->smtp;
                r.url = c.url.toString();
                return r.build();
            }
            EwsPoxAutodiscoverRequest r;
            r.emailAddress = run->smtp;
            return r.build();
        }();
        if (!body) {
            skip(body.error().message);
            return;
        }
        req = [&] {
            HttpRequest p = HttpRequest::post(c.url, body.value(), QByteArrayLiteral("text/xml; charset=utf-8"));
            p.pinnedCertificates = req.pinnedCertificates;
            p.timeoutMs = req.timeoutMs;
            p.retryPolicy = req.retryPolicy;
            p.followRedirects = false;
            return p;
        }();
        req.idempotent = true;   // a lookup changes nothing
        req.traceTag = c.kind == K::Soap ? u"AutodiscoverSoap"_s : u"AutodiscoverPox"_s;
        if (c.kind == K::Soap)
            req.setHeader("SOAPAction", "\"http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings\"");
        if (m_auth == ExchangeAuth::Basic && !m_account.isEmpty())
            {
            const QByteArray pair = m_account.toUtf8() + ':' + m_password.toUtf8();
            req.setHeader("Authorization", "Basic " + pair.toBase64());
        }
    }

    m_http->send(req, [this, run, c, skip](HttpReply &reply) {
        if (run->finished)
            return;
        if (reply.hasError()) {
            skip(reply.error().message);
            return;
        }
        const int status = reply.statusCode();
        if (c.kind == K::RedirectGet) {
            const QUrl location = c.url.resolved(QUrl(QString::fromUtf8(reply.rawHeader("Location"))));
            if (status < 300 || status >= 400 || !location.isValid() || location.host().isEmpty()) {
                skip(u"no redirect (HTTP %1)"_s.arg(status));
                return;
            }
            // Credentials must never follow a redirect that an attacker on plain HTTP controls
            // to a plain-HTTP server: only https targets are used.
            if (location.scheme() != u"https"_s) {
                skip(u"redirect to a non-https URL refused"_s);
                return;
            }
            if (!hop(run))
                return;
            run->queue.prepend({K::Pox, location});
            next(run);
            return;
        }
        if (status < 200 || status >= 300) {
            skip(NetworkErrorText::httpStatus(status, c.url).message);
            return;
        }
        const auto redirectUrl = [this, run, skip](const QString &target, K kind) {
            const QUrl url(target);
            if (url.scheme() != u"https"_s) {
                skip(u"redirect to a non-https URL refused"_s);
                return;
            }
            if (!hop(run))
                return;
            run->queue.prepend({kind, url});
            next(run);
        };
        const auto redirectAddress = [this, run, skip](const QString &address) {
            if (!address.contains(u'@')) {
                skip(u"redirect to an invalid address"_s);
                return;
            }
            if (!hop(run))
                return;
            startAddress(run, address);
        };
        const QString source = c.url.toString();
        if (c.kind == K::Soap) {
            const Result<EwsUserSettings> s = EwsGetUserSettingsRequest::parse(reply.body());
            if (!s) {
                skip(s.error().message);
                return;
            }
            if (s->errorCode == u"RedirectAddress"_s)
                return redirectAddress(s->redirectTarget);
            if (s->errorCode == u"RedirectUrl"_s)
                return redirectUrl(s->redirectTarget, s->redirectTarget.endsWith(u".xml"_s, Qt::CaseInsensitive) ? K::Pox : K::Soap);
            if (!s->ewsUrl().isEmpty())
                return run->finish(EwsAutodiscoverResult{QUrl(s->ewsUrl()), run->smtp, source,
                                                         s->settings.value(u"GroupingInformation"_s)});
            skip(s->errorCode.isEmpty() || s->errorCode == u"NoError"_s ? u"no EWS URL in the answer"_s
                                                                        : s->errorCode + u" "_s + s->errorMessage);
            return;
        }
        const Result<EwsPoxResult> p = EwsPoxAutodiscoverRequest::parse(reply.body());
        if (!p) {
            skip(p.error().message);
            return;
        }
        if (p->action == u"redirectAddr"_s)
            return redirectAddress(p->redirectAddress);
        if (p->action == u"redirectUrl"_s)
            return redirectUrl(p->redirectUrl, K::Pox);
        if (!p->ewsUrl().isEmpty())
            return run->finish(EwsAutodiscoverResult{QUrl(p->ewsUrl()), run->smtp, source, {}});
        skip(u"no EWS URL in the answer"_s);
    });
}

} // namespace Liaison
