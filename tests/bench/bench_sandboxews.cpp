// bench_sandboxews: how the EWS sandbox and Liaison's real EWS client behave at scale. Prints
// figures, never passes or fails on time:
//   - generation time and peak RSS after generating N mailboxes x M items (virtual items), plus
//     --messages inbox messages each (default M);
//   - a full initial sync of S mailboxes (contacts, calendar, tasks) with EwsMailboxProvider
//     over HTTPS loopback: IdOnly SyncFolderItems pages of 512, then GetItem batches;
//     items/s, requests per item, p50/p95/max request latency, peak RSS (VmHWM).
// Default run is short (20 x 2,000, 2 synced); the scale is
//   bench_sandboxews --mailboxes 1000 --items 20000 --sync 5
// The server runs on its own thread (SandboxThread), the client on the main thread.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QTimeZone>

#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsmailboxprovider.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxewsgenerator.h"
#include "sandboxhttpserver.h"
#include "sandboxthread.h"

#include <algorithm>
#include <cstdio>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

const QString kAccount = u"svc-bench@contoso.test"_s;
const QString kPassword = u"Bench-Pass-1"_s;

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

// Peak and current resident set of this process (server and client share it), in MiB.
double statusMiB(const QByteArray &key)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(QByteArray(key + ':')))
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

template<typename T>
void waitFor(const T &done)
{
    while (!done())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype i = std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(i);
}

struct SyncStats
{
    qint64 items = 0;
    qint64 syncRequests = 0;
    qint64 getRequests = 0;
    qint64 errors = 0;
    QList<double> latencyMs;
    QString firstError;
};

// One folder's full initial sync: SyncFolderItems pages, each page's ids fetched with GetItem
// batches, `parallel` GetItem calls in flight (as the engine does).
void syncFolder(EwsMailboxProvider &provider, const QString &folder, int pageSize, int batch, int parallel,
                SyncStats &stats)
{
    QString state;
    for (;;) {
        std::optional<Result<MailboxChangePage>> page;
        QElapsedTimer t;
        t.start();
        provider.syncChanges(MailboxFolderRef::wellKnown(folder), state, pageSize,
                             [&page](Result<MailboxChangePage> r) { page = std::move(r); });
        waitFor([&] { return page.has_value(); });
        stats.latencyMs << double(t.nsecsElapsed()) / 1e6;
        ++stats.syncRequests;
        if (!page->ok()) {
            ++stats.errors;
            if (stats.firstError.isEmpty())
                stats.firstError = page->error().toString();
            return;
        }
        QList<MailboxItemId> ids;
        for (const MailboxChange &c : (*page)->changes) {
            if (c.type != MailboxChange::Type::Deleted)
                ids << c.id;
        }
        int inFlight = 0;
        for (qsizetype from = 0; from < ids.size() || inFlight > 0;) {
            while (from < ids.size() && inFlight < parallel) {
                auto started = std::make_shared<QElapsedTimer>();
                started->start();
                ++inFlight;
                const QList<MailboxItemId> chunk = ids.mid(from, batch);
                from += chunk.size();
                provider.fetchItems(chunk, [&, started](QList<Result<MailboxItem>> results) {
                    stats.latencyMs << double(started->nsecsElapsed()) / 1e6;
                    ++stats.getRequests;
                    --inFlight;
                    for (const Result<MailboxItem> &r : results) {
                        if (r.ok()) {
                            ++stats.items;
                        } else {
                            ++stats.errors;
                            if (stats.firstError.isEmpty())
                                stats.firstError = r.error().toString();
                        }
                    }
                });
            }
            const int before = inFlight;
            waitFor([&] { return inFlight < before || (from >= ids.size() && inFlight == 0); });
        }
        state = (*page)->syncState;
        if ((*page)->includesLastItem)
            return;
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"EWS sandbox scale benchmark (prints figures; never fails on time)."_s);
    parser.addHelpOption();
    const QCommandLineOption mailboxesOpt(u"mailboxes"_s, u"Mailboxes to generate (default 20)."_s, u"n"_s, u"20"_s);
    const QCommandLineOption itemsOpt(u"items"_s, u"Items per mailbox (default 2000)."_s, u"n"_s, u"2000"_s);
    const QCommandLineOption syncOpt(u"sync"_s, u"Mailboxes to sync fully (default 2)."_s, u"n"_s, u"2"_s);
    const QCommandLineOption batchOpt(u"batch"_s, u"Items per GetItem (default 50, the provider's)."_s, u"n"_s,
                                      QString::number(EwsMailboxProvider::kGetItemBatch));
    const QCommandLineOption parallelOpt(u"parallel"_s, u"GetItem calls in flight (default 4)."_s, u"n"_s, u"4"_s);
    const QCommandLineOption messagesOpt(u"messages"_s, u"Inbox messages per mailbox (default: as --items)."_s, u"n"_s);
    parser.addOptions({mailboxesOpt, itemsOpt, syncOpt, batchOpt, parallelOpt, messagesOpt});
    parser.process(app);
    const int mailboxes = std::max(1, parser.value(mailboxesOpt).toInt());
    const int items = std::max(0, parser.value(itemsOpt).toInt());
    const int toSync = std::clamp(parser.value(syncOpt).toInt(), 0, mailboxes);
    const int batch = std::clamp(parser.value(batchOpt).toInt(), 1, 100);
    const int parallel = std::clamp(parser.value(parallelOpt).toInt(), 1, 8);
    const int messages = parser.isSet(messagesOpt) ? std::max(0, parser.value(messagesOpt).toInt()) : items;

    out() << "bench_sandboxews: " << mailboxes << " mailboxes x " << items << " items + " << messages
          << " inbox messages, full sync of " << toSync
          << " mailbox(es), GetItem batch " << batch << ", " << parallel << " in flight" << Qt::endl;
    out() << "rss before generation: " << QString::number(statusMiB("VmRSS"), 'f', 1) << " MiB" << Qt::endl;

    SandboxEws *ews = nullptr;
    SandboxThread server([&ews](SandboxHttpServer &s) {
        SandboxEwsOptions o;
        ews = new SandboxEws(o, &s);   // lives and dies on the server thread
        (void)ews->install(s);
        ews->addServiceAccount(kAccount, kPassword, {u"*"_s});
    }, true);
    if (const Status started = server.startAndWait(); !started) {
        std::fprintf(stderr, "cannot start the sandbox: %s\n", qPrintable(started.error().toString()));
        return 1;
    }

    QElapsedTimer gen;
    gen.start();
    qint64 generated = 0;
    server.invoke([&](SandboxHttpServer &) {
        ews->generateMailboxes(mailboxes, items, {}, messages);
        generated = ews->store().itemCount();
    });
    const double genSecs = double(gen.nsecsElapsed()) / 1e9;
    out() << "generation: " << generated << " items in " << QString::number(genSecs, 'f', 3) << " s, rss "
          << QString::number(statusMiB("VmRSS"), 'f', 1) << " MiB, peak rss (VmHWM) "
          << QString::number(statusMiB("VmHWM"), 'f', 1) << " MiB" << Qt::endl;

    HttpClient http;
    http.setTraceDirectory({});
    EwsConnectionSettings settings;
    settings.ewsUrl = server.baseUrl().resolved(QUrl(QString::fromLatin1(SandboxEws::kEwsPath)));
    settings.account = kAccount;
    settings.password = kPassword;
    settings.pinnedCertificates = {server.certificate()};
    EwsConnection connection(&http, settings);

    SyncStats stats;
    const int requestsBefore = server.server()->requestCount();
    QElapsedTimer wall;
    wall.start();
    for (int m = 1; m <= toSync; ++m) {
        const QString smtp = u"user%1@contoso.test"_s.arg(m, 4, 10, QChar(u'0'));
        EwsMailboxProvider provider(&connection, smtp);
        provider.setGetItemBatchSize(batch);
        QElapsedTimer one;
        one.start();
        const qint64 before = stats.items;
        for (const QString &folder : {u"contacts"_s, u"calendar"_s, u"tasks"_s})
            syncFolder(provider, folder, 512, batch, parallel, stats);
        out() << "  " << smtp << ": " << (stats.items - before) << " items in "
              << QString::number(double(one.nsecsElapsed()) / 1e9, 'f', 2) << " s" << Qt::endl;
    }
    const double syncSecs = double(wall.nsecsElapsed()) / 1e9;
    const qint64 requests = stats.syncRequests + stats.getRequests;
    const int serverRequests = server.server()->requestCount() - requestsBefore;
    if (toSync > 0) {
        out() << "initial sync: " << stats.items << " items from " << toSync << " mailbox(es) in "
              << QString::number(syncSecs, 'f', 2) << " s = "
              << QString::number(double(stats.items) / std::max(syncSecs, 1e-9), 'f', 0) << " items/s" << Qt::endl;
        out() << "requests: " << requests << " (" << stats.syncRequests << " SyncFolderItems, " << stats.getRequests
              << " GetItem; server saw " << serverRequests << ") = "
              << QString::number(double(requests) / double(std::max<qint64>(1, stats.items)), 'f', 4) << " per item"
              << Qt::endl;
        out() << "request latency: p50 " << QString::number(percentile(stats.latencyMs, 0.50), 'f', 1) << " ms, p95 "
              << QString::number(percentile(stats.latencyMs, 0.95), 'f', 1) << " ms, max "
              << QString::number(percentile(stats.latencyMs, 1.0), 'f', 1) << " ms" << Qt::endl;
        out() << "errors: " << stats.errors << (stats.firstError.isEmpty() ? QString() : u" (first: "_s + stats.firstError + u')')
              << Qt::endl;
    }
    // CalendarView over a generated calendar: the window maps to index ranges, no folder scan.
    if (items > 0) {
        EwsMailboxProvider provider(&connection, u"user0001@contoso.test"_s);
        const QDateTime from(QDate(2026, 5, 4), QTime(0, 0), QTimeZone::utc());
        for (const int days : {7, 365}) {
            std::optional<Result<QList<MailboxEvent>>> events;
            QElapsedTimer t;
            t.start();
            provider.listEvents(MailboxFolderRef::wellKnown(u"calendar"_s), from, from.addDays(days),
                                [&events](Result<QList<MailboxEvent>> r) { events = std::move(r); });
            waitFor([&] { return events.has_value(); });
            out() << "calendar view of " << days << " day(s): " << (events->ok() ? (*events)->size() : -1)
                  << " events in " << QString::number(double(t.nsecsElapsed()) / 1e6, 'f', 1) << " ms" << Qt::endl;
        }
    }
    out() << "peak rss (VmHWM): " << QString::number(statusMiB("VmHWM"), 'f', 1) << " MiB, rss now "
          << QString::number(statusMiB("VmRSS"), 'f', 1) << " MiB" << Qt::endl;
    server.stop();
    // A benchmark reports; it only fails when it could not run (errors or nothing synced).
    return stats.errors == 0 && (toSync == 0 || stats.items > 0) ? 0 : 2;
}
