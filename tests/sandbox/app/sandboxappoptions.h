#pragma once

#include <QString>
#include <QStringList>

#include "common/result.h"

namespace Liaison {

// What liaison-sandbox was asked to run, read from its command line and environment.
struct SandboxAppOptions
{
    quint16 port = 0;               // 0 = any free port
    bool tls = false;
    QString certFile;               // PEM; with keyFile replaces the generated certificate
    QString keyFile;
    QString writeCertFile;          // where to write the served certificate PEM (for pinning)
    QString dataFolder;             // empty: state in memory only
    QString metadataFile;
    QString tenant;
    QString clientId;
    QString clientSecret;           // never printed
    QString traceFolder;
    QString ewsAccount;             // EWS service account (Basic user name), may impersonate every mailbox
    QString ewsPassword;            // never printed
    QString ewsDomain;
    int ewsMailboxes = 0;           // mailboxes to seed when the data folder has none
    int ewsItemsPerMailbox = 20;
    int ewsBackEnds = 4;            // streaming affinity: subscriptions live on one of these

    static constexpr const char *kSecretVariable = "LIAISON_SANDBOX_CLIENT_SECRET";
    static constexpr const char *kEwsPasswordVariable = "LIAISON_SANDBOX_EWS_PASSWORD";

    // Parses argv (exits for --help/--version like QCommandLineParser::process does).
    static Result<SandboxAppOptions> parse(const QStringList &arguments);
};

} // namespace Liaison
