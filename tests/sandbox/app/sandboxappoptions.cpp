#include "sandboxappoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace Liaison {

namespace {

// Fixed defaults so a profile written once keeps working across sandbox restarts.
constexpr auto kDefaultTenant = "6f1c2a4e-7d3b-4c59-9e2a-5b8d0c3f1a27";
constexpr auto kDefaultClientId = "0c4d2b7e-9a13-4f6e-8b25-3e7a1d9c5f40";
constexpr auto kDefaultSecret = "sandbox-secret";   // a test server's well-known secret

} // namespace

Result<SandboxAppOptions> SandboxAppOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs Liaison's protocol sandboxes (Dataverse) on 127.0.0.1 until SIGINT/SIGTERM.\n"
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
    const QCommandLineOption metadata(QStringLiteral("metadata"), QStringLiteral("Dataverse CSDL served as $metadata."),
                                      QStringLiteral("file"), QStringLiteral(LIAISON_DATAVERSE_METADATA));
    const QCommandLineOption tenant(QStringLiteral("tenant"), QStringLiteral("Entra tenant id in the token path."),
                                    QStringLiteral("id"), QLatin1String(kDefaultTenant));
    const QCommandLineOption clientId(QStringLiteral("client-id"), QStringLiteral("Application (client) id accepted."),
                                      QStringLiteral("id"), QLatin1String(kDefaultClientId));
    const QCommandLineOption trace(QStringLiteral("trace"), QStringLiteral("Write protocol traces to this folder."),
                                   QStringLiteral("dir"));
    parser.addOptions({port, tls, cert, key, writeCert, data, metadata, tenant, clientId, trace});
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
    return o;
}

} // namespace Liaison
