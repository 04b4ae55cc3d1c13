// bench_sandboxdataverse: whether the Dataverse sandbox keeps up as its tables grow. Prints
// figures, never passes or fails on time. Over HTTPS loopback, with the bearer token a client gets:
//   - $batch creates of 1,000 contacts each (one plain part per create, as the connector sends
//     them), the time of every batch that reaches a checkpoint (1,000, 10,000, 100,000 rows) and
//     every tenth one;
//   - at each checkpoint, the mean time of a PATCH by id, a DELETE by id, a GET by id, a GET
//     filtered on an indexed column (emailaddress1 eq '…'), and a delta (changes since a token
//     taken just before a few writes).
// Flat figures mean every operation costs the same whatever the table's size.
// Default run is short (10,000 rows); the issue's scale is
//   bench_sandboxdataverse --rows 100000
// The server runs on its own thread (SandboxThread), the client on the main thread.
#include "crm/dataverse/dataversebatchwriter.h"
#include "crm/dataverse/dataverserequest.h"
#include "net/httpclient.h"
#include "sandboxdataverse.h"
#include "sandboxhttpserver.h"
#include "sandboxthread.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QUuid>
#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

constexpr int kBatch = 1000;
constexpr int kProbes = 50; // requests per measured single operation

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

double statusMiB(const QByteArray &key)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(QByteArray(key + ':')))
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class Client
{
public:
    Client(SandboxThread &server, const QString &token)
        : m_server(server)
        , m_token(token)
    {
        m_http.setTraceDirectory({});
        m_root = server.baseUrl().resolved(QUrl(QString::fromLatin1(DataverseRequest::kApiPath)));
    }

    Reply send(const DataverseRequest &request)
    {
        HttpRequest http;
        http.method = request.method;
        http.url = request.url(m_root);
        for (const auto &[name, value] : request.headers)
            http.setHeader(name, value);
        http.setHeader("Authorization", "Bearer " + m_token.toLatin1());
        http.body = request.body;
        http.pinnedCertificates = {m_server.certificate()};
        http.timeoutMs = 600000;
        std::optional<Reply> reply;
        m_http.send(http, [&reply](HttpReply &r) { reply = Reply{r.statusCode(), r.body()}; });
        while (!reply)
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
        return *reply;
    }
    Reply get(const QString &path)
    {
        DataverseRequest r;
        r.method = "GET";
        r.path = path;
        DataverseRequest::addODataHeaders(r);
        return send(r);
    }

private:
    SandboxThread &m_server;
    QString m_token;
    HttpClient m_http;
    QUrl m_root;
};

QString email(qint64 n)
{
    return u"bench.%1@example.com"_s.arg(n);
}

// Runs `fn` kProbes times; the mean in ms. Counts replies with an unexpected status in *errors.
template<typename Fn> double meanMs(Fn fn, int *errors)
{
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < kProbes; ++i)
        if (!fn(i))
            ++*errors;
    return double(t.nsecsElapsed()) / 1e6 / kProbes;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Dataverse sandbox scale benchmark (prints figures; never fails on time)."_s);
    parser.addHelpOption();
    const QCommandLineOption rowsOpt(
        u"rows"_s, u"Contacts to create, in $batch requests of 1,000 (default 10000)."_s, u"n"_s, u"10000"_s);
    parser.addOption(rowsOpt);
    parser.process(app);
    const int batches = std::max(1, parser.value(rowsOpt).toInt() / kBatch);

    SandboxDataverse *dataverse = nullptr;
    SandboxThread server(
        [&dataverse](SandboxHttpServer &s) {
            SandboxDataverseOptions o;
            o.metadataPath = QString::fromLatin1(SandboxDataverseOptions::kBuiltInMetadata); // the real CSDL
            dataverse = new SandboxDataverse(o, &s); // lives and dies on the server thread
            (void)dataverse->install(s);
        },
        true);
    if (const Status started = server.startAndWait(); !started) {
        std::fprintf(stderr, "cannot start the sandbox: %s\n", qPrintable(started.error().toString()));
        return 1;
    }
    QString token;
    server.invoke([&](SandboxHttpServer &) { token = dataverse->issueToken(u"bench-client"_s); });
    Client client(server, token);

    out() << "bench_sandboxdataverse: " << batches * kBatch << " contacts in $batch requests of " << kBatch
          << ", single operations averaged over " << kProbes << Qt::endl;
    int errors = 0;
    QString firstError;
    const auto fail = [&](const Reply &r, const QString &what) {
        ++errors;
        if (firstError.isEmpty())
            firstError =
                what + u": HTTP "_s + QString::number(r.status) + u' ' + QString::fromUtf8(r.body.left(300));
    };
    QList<double> batchSecs;
    QStringList ids; // ids of rows still there, for the probes
    qint64 created = 0;
    QElapsedTimer wall;
    wall.start();
    for (int b = 1; b <= batches; ++b) {
        DataverseBatchWriter writer;
        for (int i = 0; i < kBatch; ++i) {
            ++created;
            const auto request =
                DataverseRequest::create(u"contacts"_s, {{u"firstname"_s, u"Bench"_s},
                                                         {u"lastname"_s, u"Person %1"_s.arg(created)},
                                                         {u"emailaddress1"_s, email(created)}});
            writer.addRequest(*request);
        }
        const auto batch = writer.request();
        QElapsedTimer t;
        t.start();
        const Reply reply = client.send(*batch);
        const double secs = double(t.nsecsElapsed()) / 1e9;
        batchSecs << secs;
        if (reply.status != 200 || reply.body.count("HTTP/1.1 204") != kBatch)
            fail(reply, u"batch %1"_s.arg(b));
        const int rows = b * kBatch;
        const bool checkpoint = rows == 1000 || rows == 10000 || rows == 100000 || b == batches;
        if (checkpoint || b % 10 == 0)
            out() << "  batch " << b << " (" << rows << " rows): " << QString::number(secs, 'f', 3) << " s"
                  << Qt::endl;
        if (!checkpoint)
            continue;

        // The ids of a few rows, by the indexed column the engine looks contacts up by.
        ids.clear();
        for (int i = 0; i < 2 * kProbes; ++i) {
            const qint64 n = created - kBatch + 1 + i;
            const Reply r = client.get(u"contacts?$select=contactid&$filter=emailaddress1%20eq%20'"_s +
                                       email(n) + u"'"_s);
            const QJsonArray value = r.json().value(u"value"_s).toArray();
            if (r.status != 200 || value.size() != 1) {
                fail(r, u"lookup"_s);
                break;
            }
            ids << value.first().toObject().value(u"contactid"_s).toString();
        }
        if (ids.size() < 2 * kProbes)
            break;
        // A delta token taken now; the probes below change 2 x kProbes rows.
        DataverseRequest tracked;
        tracked.method = "GET";
        tracked.path = u"contacts?$select=fullname"_s;
        DataverseRequest::addODataHeaders(tracked);
        tracked.setHeader("Prefer", "odata.track-changes,odata.maxpagesize=5000");
        QString deltaLink;
        for (Reply page = client.send(tracked);;) {
            const QJsonObject body = page.json();
            if (page.status != 200) {
                fail(page, u"initial tracked read"_s);
                break;
            }
            if (body.contains(u"@odata.deltaLink"_s)) {
                deltaLink = body.value(u"@odata.deltaLink"_s).toString();
                break;
            }
            const auto next = DataverseRequest::followLink(
                body.value(u"@odata.nextLink"_s).toString(),
                server.baseUrl().resolved(QUrl(u"/api/data/v9.2/"_s)), 5000, true);
            page = client.send(*next);
        }
        const double getMs = meanMs(
            [&](int i) {
                const Reply r = client.get(u"contacts("_s + ids[i] + u")?$select=fullname"_s);
                if (r.status != 200)
                    fail(r, u"get"_s);
                return r.status == 200;
            },
            &errors);
        const double queryMs = meanMs(
            [&](int i) {
                const Reply r = client.get(u"contacts?$select=fullname&$filter=emailaddress1%20eq%20'"_s +
                                           email(created - i) + u"'"_s);
                return r.status == 200 && r.json().value(u"value"_s).toArray().size() == 1;
            },
            &errors);
        const double updateMs = meanMs(
            [&](int i) {
                const Reply r = client.send(*DataverseRequest::update(
                    u"contacts"_s, ids[i], {{u"jobtitle"_s, u"Probe %1"_s.arg(i)}}));
                if (r.status != 204)
                    fail(r, u"update"_s);
                return r.status == 204;
            },
            &errors);
        const double deleteMs = meanMs(
            [&](int i) {
                const Reply r = client.send(*DataverseRequest::remove(u"contacts"_s, ids[kProbes + i]));
                if (r.status != 204)
                    fail(r, u"delete"_s);
                return r.status == 204;
            },
            &errors);
        double deltaMs = 0;
        int deltaEntries = 0;
        if (!deltaLink.isEmpty()) {
            const auto request = DataverseRequest::followLink(
                deltaLink, server.baseUrl().resolved(QUrl(u"/api/data/v9.2/"_s)), 5000, true);
            deltaMs = meanMs(
                [&](int) {
                    const Reply r = client.send(*request);
                    deltaEntries = int(r.json().value(u"value"_s).toArray().size());
                    return r.status == 200;
                },
                &errors);
        }
        out() << "  at " << rows << " rows: get by id " << QString::number(getMs, 'f', 2)
              << " ms, query by indexed "
              << "column " << QString::number(queryMs, 'f', 2) << " ms, update "
              << QString::number(updateMs, 'f', 2) << " ms, delete " << QString::number(deleteMs, 'f', 2)
              << " ms, delta (" << deltaEntries << " changes) " << QString::number(deltaMs, 'f', 2) << " ms"
              << Qt::endl;
    }
    const double total = double(wall.nsecsElapsed()) / 1e9;
    std::sort(batchSecs.begin(), batchSecs.end());
    out() << "batches: " << batchSecs.size() << ", min " << QString::number(batchSecs.first(), 'f', 3)
          << " s, median " << QString::number(batchSecs.at(batchSecs.size() / 2), 'f', 3) << " s, max "
          << QString::number(batchSecs.last(), 'f', 3) << " s; wall " << QString::number(total, 'f', 1)
          << " s" << Qt::endl;
    out() << "peak rss (VmHWM): " << QString::number(statusMiB("VmHWM"), 'f', 1) << " MiB" << Qt::endl;
    out() << "errors: " << errors << (firstError.isEmpty() ? QString() : u" (first: "_s + firstError + u')')
          << Qt::endl;
    server.stop();
    return errors == 0 ? 0 : 2; // fails only when it could not run, never on time
}
