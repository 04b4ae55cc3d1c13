#pragma once

// Shared by the dataverse sandbox tests: a TLS SandboxHttpServer with the Dataverse module on
// this thread, an HttpClient that pins its certificate, and a blocking send() that spins the
// event loop (server and client share it) until the reply is complete.

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>

#include "crm/dataverse/dataverserequest.h"
#include "net/entratokenreply.h"
#include "net/httpclient.h"
#include "sandboxdataverse.h"
#include "sandboxhttpserver.h"

namespace Liaison {

struct SandboxReply
{
    int status = 0;
    QByteArray body;
    QList<HttpHeader> headers;
    int attempts = 0;
    QString transportError;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class SandboxDataverseFixture
{
public:
    static constexpr const char *kClientId = "5b1b3f9e-2c4d-4e8a-9d61-0a7f3c2e1b90";
    static constexpr const char *kSecret = "s3cret~value";

    SandboxDataverseFixture() : dataverse(options()) {}

    static SandboxDataverseOptions options()
    {
        SandboxDataverseOptions o;
        o.tenant = QStringLiteral("contoso-tenant");
        o.metadataPath = QStringLiteral(LIAISON_DATAVERSE_METADATA);
        return o;
    }

    Status start()
    {
        dataverse.addClient(QString::fromLatin1(kClientId), QString::fromLatin1(kSecret));
        if (Status s = dataverse.install(server); !s)
            return s;
        if (Status s = server.listenTls(); !s)
            return s;
        // The product's own rule turns the organization URL into the API root.
        const Result<QUrl> root = DataverseRequest::apiRoot(organizationUrl());
        if (!root)
            return root.error();
        apiRoot = *root;
        return {};
    }

    // The organization URL the product would be configured with.
    QString organizationUrl() const { return server.baseUrl().toString(); }

    SandboxReply sendHttp(HttpRequest request)
    {
        request.pinnedCertificates = {server.certificate()};
        request.timeoutMs = 20000;
        SandboxReply out;
        bool done = false;
        QEventLoop loop;
        client.send(request, [&](HttpReply &reply) {
            out.status = reply.statusCode();
            out.body = reply.body();
            out.headers = reply.rawHeaders();
            out.attempts = reply.attempts();
            if (reply.hasError())
                out.transportError = reply.error().message;
            done = true;
            loop.quit();
        });
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        if (!done)
            loop.exec();
        return out;
    }

    // A protocol-layer request to the Web API (relative path or absolute link), with the bearer token.
    SandboxReply send(const DataverseRequest &request, const QString &bearer = {})
    {
        HttpRequest http;
        http.method = request.method;
        http.url = request.url(apiRoot);
        for (const auto &[name, value] : request.headers)
            http.setHeader(name, value);
        http.body = request.body;
        const QString token = bearer.isEmpty() ? accessToken : bearer;
        if (!token.isEmpty())
            http.setHeader("Authorization", "Bearer " + token.toLatin1());
        return sendHttp(http);
    }

    // The token request, pointed at the sandbox instead of login.microsoftonline.com.
    SandboxReply sendToken(const QString &secret)
    {
        const Result<HttpRequest> r = EntraTokenReply::request(
            QStringLiteral("contoso-tenant"), QString::fromLatin1(kClientId), secret, organizationUrl());
        if (!r)
            return {};
        HttpRequest http = *r;
        http.url.setScheme(server.baseUrl().scheme());
        http.url.setHost(server.baseUrl().host());
        http.url.setPort(server.baseUrl().port());
        return sendHttp(http);
    }

    // The token endpoint of the sandbox (what OAuthTokenSource is configured with in tests).
    QUrl tokenEndpoint() const
    {
        return server.baseUrl().resolved(QUrl(QStringLiteral("/contoso-tenant/oauth2/v2.0/token")));
    }

    bool signIn()
    {
        const SandboxReply reply = sendToken(QString::fromLatin1(kSecret));
        const Result<EntraTokenReply> token = EntraTokenReply::read(reply.status, reply.body);
        if (!token)
            return false;
        accessToken = token->accessToken;
        return true;
    }

    // start() and signIn() in one, for the tests' init(): the message says which step failed.
    QString startSignedIn()
    {
        if (const Status started = start(); !started)
            return started.error().message;
        return signIn() ? QString() : QStringLiteral("the sandbox refused the test client's token request");
    }

    // The test-only admin API: POST/GET/PATCH/DELETE /sandbox/dataverse/<path>.
    SandboxReply admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        HttpRequest http;
        http.method = method;
        http.url = server.baseUrl().resolved(QUrl(QStringLiteral("/sandbox/dataverse/") + path));
        if (method != "GET" && method != "DELETE") {
            http.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            http.setHeader("Content-Type", "application/json");
        }
        return sendHttp(http);
    }

    SandboxHttpServer server;
    SandboxDataverse dataverse;
    HttpClient client;
    QUrl apiRoot;
    QString accessToken;
};

} // namespace Liaison
