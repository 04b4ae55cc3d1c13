#include "sandboxappoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include "sandboxdataverse.h"

namespace Liaison {

namespace {

// Fixed defaults so a profile written once keeps working across sandbox restarts.
constexpr auto kDefaultTenant = "6f1c2a4e-7d3b-4c59-9e2a-5b8d0c3f1a27";
constexpr auto kDefaultClientId = "0c4d2b7e-9a13-4f6e-8b25-3e7a1d9c5f40";
constexpr auto kDefaultSecret = "sandbox-secret";   // a test server's well-known secret
constexpr auto kDefaultEwsAccount = "svc-liaison@contoso.test";
constexpr auto kDefaultEwsPassword = "sandbox-ews";  // a test server's well-known password

} // namespace

Result<SandboxAppOptions> SandboxAppOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs Liaison's protocol sandboxes (Dataverse, EWS) on 127.0.0.1 until SIGINT/SIGTERM.\n"
                       "The client secret comes from %1 (default \"%2\").")
            .arg(QLatin1String(kSecretVariable), QLatin1String(kDefaultSecret)));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port to listen on (default 0: any free port)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Serve HTTPS (self-signed unless --cert/--key)."));
    const QCommandLineOption cert(QStringLiteral("cert"), QStringLiteral("Certificate PEM to serve (implies --tls)."),
                                  QStringLiteral("file"));
    const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("Private key PEM for --cert."), QStringLiteral("file"));
    const QCommandLineOption writeCert(QStringLiteral("write-cert"),
                                       QStringLiteral("Write the served certificate PEM here (to pin it)."),
                                       QStringLiteral("file"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("Folder keeping state across restarts (default: memory only)."),
                                  QStringLiteral("dir"));
    const QCommandLineOption metadata(
        QStringLiteral("metadata"),
        QStringLiteral("Dataverse CSDL served as $metadata (default: the built-in excerpt of a real organization's)."),
        QStringLiteral("file"), QLatin1String(SandboxDataverseOptions::kBuiltInMetadata));
    const QCommandLineOption tenant(QStringLiteral("tenant"), QStringLiteral("Entra tenant id in the token path."),
                                    QStringLiteral("id"), QLatin1String(kDefaultTenant));
    const QCommandLineOption clientId(QStringLiteral("client-id"), QStringLiteral("Application (client) id accepted."),
                                      QStringLiteral("id"), QLatin1String(kDefaultClientId));
    const QCommandLineOption trace(QStringLiteral("trace"), QStringLiteral("Write protocol traces to this folder."),
                                   QStringLiteral("dir"));
    const QCommandLineOption ewsAccount(QStringLiteral("ews-account"),
                                        QStringLiteral("EWS service account (Basic user; password from %1).")
                                            .arg(QLatin1String(kEwsPasswordVariable)),
                                        QStringLiteral("smtp"), QLatin1String(kDefaultEwsAccount));
    const QCommandLineOption ewsDomain(QStringLiteral("ews-domain"), QStringLiteral("Mail domain of seeded EWS mailboxes."),
                                       QStringLiteral("domain"), QStringLiteral("contoso.test"));
    const QCommandLineOption ewsMailboxes(QStringLiteral("ews-mailboxes"),
                                          QStringLiteral("EWS mailboxes to seed when the sandbox has none (default 0)."),
                                          QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption ewsItems(QStringLiteral("ews-items"),
                                      QStringLiteral("Items per seeded EWS mailbox (default 20)."), QStringLiteral("N"),
                                      QStringLiteral("20"));
    const QCommandLineOption ewsBackEnds(QStringLiteral("ews-back-ends"),
                                         QStringLiteral("Mailbox back ends that streaming affinity must find again "
                                                        "(default 4; 1 turns the check off)."),
                                         QStringLiteral("N"), QStringLiteral("4"));
    parser.addOptions({port, tls, cert, key, writeCert, data, metadata, tenant, clientId, trace, ewsAccount, ewsDomain,
                       ewsMailboxes, ewsItems, ewsBackEnds});
    if (!parser.parse(arguments))
        return Error::invalid(parser.errorText(), QStringLiteral("see liaison-sandbox --help"));
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return Error::invalid(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()),
                              QStringLiteral("see liaison-sandbox --help"));

    SandboxAppOptions o;
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return Error::invalid(QStringLiteral("--port '%1' is not a port number").arg(parser.value(port)),
                              QStringLiteral("pass 0..65535 (0 picks a free port)"));
    o.port = static_cast<quint16>(portValue);
    o.certFile = parser.value(cert);
    o.keyFile = parser.value(key);
    if (o.certFile.isEmpty() != o.keyFile.isEmpty())
        return Error::invalid(QStringLiteral("--cert and --key go together"),
                              QStringLiteral("pass both PEM files, or neither for a generated certificate"));
    o.tls = parser.isSet(tls) || !o.certFile.isEmpty();
    o.writeCertFile = parser.value(writeCert);
    if (!o.writeCertFile.isEmpty() && !o.tls)
        return Error::invalid(QStringLiteral("--write-cert needs HTTPS"), QStringLiteral("add --tls"));
    o.dataFolder = parser.value(data);
    o.metadataFile = parser.value(metadata);
    o.tenant = parser.value(tenant);
    o.clientId = parser.value(clientId);
    if (o.tenant.isEmpty() || o.clientId.isEmpty())
        return Error::invalid(QStringLiteral("--tenant and --client-id cannot be empty"),
                              QStringLiteral("leave them out for the defaults"));
    o.clientSecret = qEnvironmentVariable(kSecretVariable, QLatin1String(kDefaultSecret));
    if (o.clientSecret.isEmpty())
        o.clientSecret = QLatin1String(kDefaultSecret);
    o.traceFolder = parser.value(trace);
    o.ewsAccount = parser.value(ewsAccount).trimmed().toLower();
    o.ewsDomain = parser.value(ewsDomain).trimmed().toLower();
    if (!o.ewsAccount.contains(QLatin1Char('@')) || o.ewsDomain.isEmpty())
        return Error::invalid(QStringLiteral("--ews-account must be an SMTP address and --ews-domain a domain"),
                              QStringLiteral("leave them out for the defaults"));
    o.ewsPassword = qEnvironmentVariable(kEwsPasswordVariable, QLatin1String(kDefaultEwsPassword));
    if (o.ewsPassword.isEmpty())
        o.ewsPassword = QLatin1String(kDefaultEwsPassword);
    const int mailboxes = parser.value(ewsMailboxes).toInt(&ok);
    if (!ok || mailboxes < 0 || mailboxes > 100000)
        return Error::invalid(QStringLiteral("--ews-mailboxes '%1' is not a count").arg(parser.value(ewsMailboxes)),
                              QStringLiteral("pass 0..100000"));
    o.ewsMailboxes = mailboxes;
    const int items = parser.value(ewsItems).toInt(&ok);
    if (!ok || items < 0 || items > 1000000)
        return Error::invalid(QStringLiteral("--ews-items '%1' is not a count").arg(parser.value(ewsItems)),
                              QStringLiteral("pass 0..1000000"));
    o.ewsItemsPerMailbox = items;
    const int backEnds = parser.value(ewsBackEnds).toInt(&ok);
    if (!ok || backEnds < 1 || backEnds > 64)
        return Error::invalid(QStringLiteral("--ews-back-ends '%1' is not a count").arg(parser.value(ewsBackEnds)),
                              QStringLiteral("pass 1..64"));
    o.ewsBackEnds = backEnds;
    return o;
}

} // namespace Liaison
