#pragma once

#include "common/result.h"
#include "crm/dataverse/dataversemetadata.h"
#include "model/crmconnection.h"
#include "model/syncconfiguration.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QUrl>

#include <functional>

namespace Liaison {

// Where to read an environment's $metadata from.
struct CrmMetadataSource
{
    CrmConnection connection;                  // url, tenantId, clientId
    QByteArray secret;                         // the client secret from the keychain
    QUrl tokenEndpoint;                        // empty: login.microsoftonline.com/<tenantId>/oauth2/v2.0/token
    QList<QSslCertificate> pinnedCertificates; // private clouds, the sandbox
    int timeoutMs = 30000;
};

// Refuses field mappings the CRM cannot honour when a configuration is saved, instead of failing
// every sync later: reads $metadata through DataverseConnector and runs DataverseMappingValidator.
// Blocking: spins a local event loop, for liaisonctl and the console's save button (not the engine).
class CrmMappingCheck
{
public:
    static Result<DataverseMetadata> fetchMetadata(const CrmMetadataSource &source);
    // Invalid, one line, naming the connection, the column and the table when a mapping is wrong;
    // the fetch error (Network, Invalid for sign-in) when $metadata cannot be read.
    static Status check(const SyncConfiguration &configuration, const CrmMetadataSource &source);
    static Status check(const SyncConfiguration &configuration, const DataverseMetadata &metadata,
                        const QString &connectionName);
    // For AdminService::setConfigurationCheck.
    static std::function<Status(const SyncConfiguration &)> checker(const CrmMetadataSource &source);
};

} // namespace Liaison
