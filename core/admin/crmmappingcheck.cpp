#include "admin/crmmappingcheck.h"

#include "crm/dataverse/dataverseconnector.h"
#include "crm/dataverse/dataversemappingvalidator.h"
#include "net/entratokenreply.h"
#include "net/httpclient.h"
#include "net/oauthtokensource.h"

#include <QEventLoop>
#include <QTimer>
#include <optional>

using namespace Qt::StringLiterals;

namespace Liaison {

Result<DataverseMetadata> CrmMappingCheck::fetchMetadata(const CrmMetadataSource &source)
{
    if (source.connection.kind != CrmKind::Dataverse)
        return Error::invalid(
            u"CRM connection '%1' is not a Dataverse connection"_s.arg(source.connection.name));
    Result<QUrl> root = DataverseRequest::apiRoot(source.connection.url);
    if (!root)
        return root.error();
    QUrl endpoint = source.tokenEndpoint;
    if (endpoint.isEmpty()) {
        Result<QUrl> entra =
            EntraTokenReply::endpoint(source.connection.tenantId, source.connection.authority);
        if (!entra)
            return entra.error();
        endpoint = *entra;
    }
    QList<QSslCertificate> pinned = source.pinnedCertificates;
    if (!source.connection.pinnedCertificatePem.isEmpty())
        pinned += QSslCertificate::fromData(source.connection.pinnedCertificatePem, QSsl::Pem);
    HttpClient http;
    OAuthClientCredentials creds{endpoint, source.connection.clientId, QString::fromUtf8(source.secret),
                                 u"https://"_s + root->host() + u"/.default"_s};
    OAuthTokenSource tokens(&http, creds);
    tokens.setPinnedCertificates(pinned);
    DataverseConnectorOptions options;
    options.organizationUrl = source.connection.url;
    options.pinnedCertificates = pinned;
    options.timeoutMs = source.timeoutMs;
    DataverseConnector connector(&http, &tokens, options);

    std::optional<Result<DataverseMetadata>> out;
    QEventLoop loop;
    connector.fetchMetadata([&](Result<DataverseMetadata> r) {
        out.emplace(std::move(r));
        loop.quit();
    });
    // A hard stop beyond the transport's own timeouts and retries.
    QTimer::singleShot(source.timeoutMs * 4, &loop, &QEventLoop::quit);
    loop.exec();
    if (!out) {
        connector.abort();
        return Error{Error::Code::Network,
                     u"CRM connection '%1': $metadata did not arrive in time"_s.arg(source.connection.name),
                     u"check the organization URL and the network"_s};
    }
    return std::move(*out);
}

Status CrmMappingCheck::check(const SyncConfiguration &configuration, const DataverseMetadata &metadata,
                              const QString &connectionName)
{
    const Status valid = DataverseMappingValidator(metadata).validate(configuration);
    if (valid)
        return {};
    return Error{
        Error::Code::Invalid,
        u"field mapping refused by CRM connection '%1': %2"_s.arg(connectionName, valid.error().message),
        valid.error().fix};
}

Status CrmMappingCheck::check(const SyncConfiguration &configuration, const CrmMetadataSource &source)
{
    Result<DataverseMetadata> metadata = fetchMetadata(source);
    if (!metadata)
        return Error{metadata.error().code,
                     u"cannot check the field mappings against CRM connection '%1': %2"_s.arg(
                         source.connection.name, metadata.error().message),
                     metadata.error().fix};
    return check(configuration, *metadata, source.connection.name);
}

std::function<Status(const SyncConfiguration &)> CrmMappingCheck::checker(const CrmMetadataSource &source)
{
    return [source](const SyncConfiguration &configuration) { return check(configuration, source); };
}

} // namespace Liaison
