// liaison-sandbox: the protocol sandboxes on 127.0.0.1 as one standalone process, so a person
// or the demo can point a Liaison profile at them without running the tests. Prints one
// machine-readable line when ready and serves until SIGINT/SIGTERM.
#include "sandboxappoptions.h"
#include "sandboxdataverse.h"
#include "sandboxews.h"
#include "sandboxhttpserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

using namespace Liaison;

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char one = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &one, 1);
}

// Quit the event loop from SIGINT/SIGTERM (a signal handler may only write to a socket).
Status installQuitOnSignal(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return Error{Error::Code::Internal, QStringLiteral("cannot create the signal socket pair"), {}};
    auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] {
        char c;
        [[maybe_unused]] const auto readBytes = ::read(g_signalFds[1], &c, 1);
        app.quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    return {};
}

Result<QByteArray> readFile(const QString &path, const QString &what, const QString &option)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("cannot read the %1 %2 (%3)").arg(what, path, file.errorString()),
                              QStringLiteral("pass a readable file with %1").arg(option));
    return file.readAll();
}

Status startServer(SandboxHttpServer &server, const SandboxAppOptions &options)
{
    if (!options.tls)
        return server.listen(options.port);
    if (!options.certFile.isEmpty()) {
        const Result<QByteArray> cert = readFile(options.certFile, QStringLiteral("certificate"), QStringLiteral("--cert"));
        if (!cert)
            return cert.error();
        const Result<QByteArray> key = readFile(options.keyFile, QStringLiteral("private key"), QStringLiteral("--key"));
        if (!key)
            return key.error();
        if (Status loaded = server.loadCertificate(*cert, *key); !loaded)
            return loaded;
    }
    if (Status listening = server.listenTls(options.port); !listening)
        return listening;
    if (!options.writeCertFile.isEmpty()) {
        QSaveFile out(options.writeCertFile);
        if (!out.open(QIODevice::WriteOnly) || out.write(server.certificate().toPem()) < 0 || !out.commit())
            return Error::invalid(QStringLiteral("cannot write the certificate to %1").arg(options.writeCertFile),
                                  QStringLiteral("pass a writable path with --write-cert"));
    }
    return {};
}

Status run(QCoreApplication &app, const SandboxAppOptions &options, SandboxHttpServer &server,
           SandboxDataverse &dataverse, SandboxEws &ews)
{
    // Checked here so the error names the option to fix, not an environment variable.
    if (const Result<QByteArray> metadata = readFile(options.metadataFile, QStringLiteral("Dataverse metadata"),
                                                     QStringLiteral("--metadata"));
        !metadata)
        return metadata.error();
    if (!options.dataFolder.isEmpty() && !QDir().mkpath(options.dataFolder))
        return Error::invalid(QStringLiteral("cannot create the data folder %1").arg(options.dataFolder),
                              QStringLiteral("pass a writable folder with --data"));
    if (!options.traceFolder.isEmpty())
        server.setTraceDirectory(options.traceFolder);

    dataverse.addClient(options.clientId, options.clientSecret);
    if (Status installed = dataverse.install(server); !installed)
        return installed;
    // The EWS sandbox shares the server: the service account may impersonate every mailbox.
    ews.addServiceAccount(options.ewsAccount, options.ewsPassword, {QStringLiteral("*")});
    if (Status installed = ews.install(server); !installed)
        return installed;
    if (ews.store().mailboxCount() == 0 && options.ewsMailboxes > 0) {
        ews.generateMailboxes(options.ewsMailboxes, options.ewsItemsPerMailbox, options.ewsDomain);
        if (Status saved = ews.save(); !saved)
            return saved;
    }

    if (Status quitOnSignal = installQuitOnSignal(app); !quitOnSignal)
        return quitOnSignal;
    return startServer(server, options);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("liaison-sandbox"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    QTextStream err(stderr);

    const Result<SandboxAppOptions> options = SandboxAppOptions::parse(QCoreApplication::arguments());
    if (!options) {
        err << "liaison-sandbox: " << options.error().toString() << Qt::endl;
        return 2;
    }

    SandboxHttpServer server;
    SandboxDataverseOptions dataverseOptions;
    dataverseOptions.tenant = options->tenant;
    dataverseOptions.metadataPath = options->metadataFile;
    dataverseOptions.dataFolder = options->dataFolder;
    SandboxDataverse dataverse(dataverseOptions);
    SandboxEwsOptions ewsOptions;
    ewsOptions.dataFolder = options->dataFolder;
    ewsOptions.domain = options->ewsDomain;
    ewsOptions.backEnds = options->ewsBackEnds;
    SandboxEws ews(ewsOptions);

    if (Status started = run(app, *options, server, dataverse, ews); !started) {
        Error e = started.error();
        if (e.fix.isEmpty())
            e.fix = QStringLiteral("see liaison-sandbox --help");
        err << "liaison-sandbox: " << e.toString() << Qt::endl;
        return 1;
    }

    // The one ready line scripts parse: base URL, then each module's paths. Never the secret.
    QString base = server.baseUrl().toString();
    if (!base.endsWith(QLatin1Char('/')))
        base += QLatin1Char('/');
    QTextStream(stdout) << "liaison-sandbox: listening on " << base << " (dataverse: /api/data/v9.2/"
                        << ", token: /" << options->tenant << "/oauth2/v2.0/token"
                        << ", admin: /sandbox/dataverse/, client-id: " << options->clientId
                        << "; ews: " << SandboxEws::kEwsPath << ", autodiscover: /autodiscover/autodiscover.svc"
                        << ", ews-admin: /sandbox/ews/, ews-account: " << options->ewsAccount
                        << ", ews-mailboxes: " << ews.store().mailboxCount() << ")" << Qt::endl;

    const int code = app.exec();
    server.close();
    if (Status saved = dataverse.save(); !saved) {
        err << "liaison-sandbox: " << saved.error().toString() << Qt::endl;
        return 1;
    }
    if (Status saved = ews.save(); !saved) {
        err << "liaison-sandbox: " << saved.error().toString() << Qt::endl;
        return 1;
    }
    return code;
}
