#pragma once

// Shared by the DataverseConnector tests: a connector and token source wired to the sandbox fixture,
// and await(), which spins the event loop until an asynchronous call's callback ran.

#include <QEventLoop>
#include <QTimer>

#include <memory>
#include <optional>

#include "crm/dataverse/dataverseconnector.h"
#include "net/oauthtokensource.h"
#include "sandboxdataversefixture.h"

namespace Liaison {

// Callbacks that ran before the call returned (the CrmConnector contract forbids it).
inline int &earlyCallbacks()
{
    static int count = 0;
    return count;
}

template<typename T, typename Start>
Result<T> await(Start start)
{
    std::optional<Result<T>> out;
    bool returned = false;
    QEventLoop loop;
    start([&](Result<T> r) {
        if (!returned)
            ++earlyCallbacks();
        out.emplace(std::move(r));
        loop.quit();
    });
    returned = true;
    if (!out) {
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!out)
        return Error{Error::Code::Network, QStringLiteral("the test timed out waiting for the callback"), {}};
    return std::move(*out);
}

inline OAuthClientCredentials sandboxCredentials(SandboxDataverseFixture &fx, const QString &secret = {})
{
    OAuthClientCredentials c;
    c.tokenEndpoint = fx.tokenEndpoint();
    c.clientId = QString::fromLatin1(SandboxDataverseFixture::kClientId);
    c.clientSecret = secret.isEmpty() ? QString::fromLatin1(SandboxDataverseFixture::kSecret) : secret;
    c.scope = QStringLiteral("https://") + fx.server.baseUrl().host() + QStringLiteral("/.default");
    return c;
}

// One connection: token source plus connector on the fixture's HttpClient.
struct ConnectorRig
{
    ConnectorRig(SandboxDataverseFixture &fx, DataverseConnectorOptions options = {}, const QString &secret = {})
    {
        tokens = std::make_unique<OAuthTokenSource>(&fx.client, sandboxCredentials(fx, secret));
        tokens->setPinnedCertificates({fx.server.certificate()});
        options.organizationUrl = fx.organizationUrl();
        options.pinnedCertificates = {fx.server.certificate()};
        options.timeoutMs = 20000;
        connector = std::make_unique<DataverseConnector>(&fx.client, tokens.get(), options);
    }

    Result<QList<CrmWriteResult>> write(const QList<CrmWrite> &writes, bool atomic = false)
    {
        return await<QList<CrmWriteResult>>([&](auto cb) { connector->write(writes, atomic, cb); });
    }
    Result<CrmRecord> read(const QString &entity, const QString &id, const QStringList &columns = {})
    {
        return await<CrmRecord>([&](auto cb) { connector->fetchRecord(entity, id, columns, cb); });
    }
    Result<CrmChangeSet> changes(const QString &entity, const QStringList &columns, const QString &token)
    {
        return await<CrmChangeSet>([&](auto cb) { connector->fetchChanges(entity, columns, token, cb); });
    }
    Result<CrmIdentity> whoAmI()
    {
        return await<CrmIdentity>([&](auto cb) { connector->whoAmI(cb); });
    }

    std::unique_ptr<OAuthTokenSource> tokens;
    std::unique_ptr<DataverseConnector> connector;   // declared last: destroyed before the tokens
};

inline CrmWrite contactWrite(CrmWrite::Kind kind, const QString &id, const QJsonObject &fields, const QString &etag = {})
{
    CrmWrite w;
    w.kind = kind;
    w.entity = QStringLiteral("contact");
    w.id = id;
    w.fields = fields;
    w.ifMatch = etag;
    return w;
}

} // namespace Liaison
