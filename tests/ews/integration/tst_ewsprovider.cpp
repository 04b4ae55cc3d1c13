// EwsMailboxProvider and EwsStreamingListener end to end against SandboxEws over real
// sockets: paged initial sync with persisted state, fetch, impersonation, folders and their
// hierarchy sync, and a streaming notification after an admin-API change.
#include "ewsprovidertestfixture.h"
#include "mailbox/ews/ewsautodiscoverclient.h"

using namespace Liaison;
using namespace Liaison::EwsProviderTest;
using namespace Qt::StringLiterals;

class TestEwsProvider : public Fixture
{
    Q_OBJECT

private Q_SLOTS:
    void initialSyncPagesWithPersistedStateAndFetches()
    {
        for (int i = 0; i < 23; ++i)
            QCOMPARE(addContact(kAnna, u"Given%1"_s.arg(i), u"Sur%1"_s.arg(i)).value(u"_status"_s).toInt(), 201);
        auto p = provider(kAnna);
        const MailboxFolderRef contacts = MailboxFolderRef::wellKnown(u"contacts"_s);
        QString state;
        QList<MailboxItemId> ids;
        int pages = 0;
        for (bool last = false; !last; ++pages) {
            QVERIFY(pages < 10);
            Slot<MailboxChangePage> page;
            p->syncChanges(contacts, state, 10, page.callback());
            QTRY_VERIFY_WITH_TIMEOUT(page.ready(), 20000);
            QVERIFY2(page.result().ok(), qPrintable(errText(page.result())));
            QVERIFY(page.result()->changes.size() <= 10);
            for (const MailboxChange &c : page.result()->changes) {
                QCOMPARE(c.type, MailboxChange::Type::Created);
                ids << c.id;
            }
            QVERIFY(!page.result()->syncState.isEmpty());
            state = page.result()->syncState;   // persisted after every page
            last = page.result()->includesLastItem;
        }
        QCOMPARE(ids.size(), 23);
        QVERIFY(pages >= 3);

        // Nothing new from the stored state; one admin change shows up.
        addContact(kAnna, u"Late"_s, u"Comer"_s);
        Slot<MailboxChangePage> delta;
        p->syncChanges(contacts, state, 512, delta.callback());
        QTRY_VERIFY_WITH_TIMEOUT(delta.ready(), 20000);
        QVERIFY2(delta.result().ok(), qPrintable(errText(delta.result())));
        QCOMPARE(delta.result()->changes.size(), 1);

        // Fetch in batches; a bad id in the middle fails alone, order is kept.
        p->setGetItemBatchSize(10);
        QList<MailboxItemId> want = ids;
        want.insert(5, MailboxItemId{u"AAMkBogusId"_s, {}});
        std::optional<QList<Result<MailboxItem>>> got;
        p->fetchItems(want, [&](QList<Result<MailboxItem>> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        QCOMPARE(got->size(), want.size());
        for (int i = 0; i < want.size(); ++i) {
            if (i == 5) {
                QVERIFY(!got->at(i).ok());
                continue;
            }
            QVERIFY2(got->at(i).ok(), qPrintable(errText(got->at(i))));
            const auto *c = std::get_if<MailboxContact>(&got->at(i).value());
            QVERIFY(c);
            QCOMPARE(c->id.id, want.at(i).id);
            QVERIFY(c->givenName.startsWith(u"Given"_s));
        }
    }

    void impersonationDeniedIsClear()
    {
        auto p = provider(kBob);
        Slot<MailboxChangePage> page;
        p->syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 100, page.callback());
        QTRY_VERIFY_WITH_TIMEOUT(page.ready(), 20000);
        QVERIFY(!page.result().ok());
        const Error e = page.result().error();
        QVERIFY2(e.message.contains(u"impersonation"_s) && e.message.contains(kBob), qPrintable(e.toString()));
        QVERIFY(!e.fix.isEmpty());
        QCOMPARE(e.recovery, Error::Recovery::None);   // waits for the admin, not for a retry
    }

    void ensureFolderCreatesOnceThenFinds()
    {
        auto p = provider(kAnna);
        Slot<MailboxFolder> first;
        p->ensureFolder(MailboxFolderRef::wellKnown(u"contacts"_s), u"CRM Contacts"_s, first.callback());
        QTRY_VERIFY_WITH_TIMEOUT(first.ready(), 20000);
        QVERIFY2(first.result().ok(), qPrintable(errText(first.result())));
        QVERIFY(!first.result()->id.isEmpty());
        Slot<MailboxFolder> second;
        p->ensureFolder(MailboxFolderRef::wellKnown(u"contacts"_s), u"CRM Contacts"_s, second.callback());
        QTRY_VERIFY_WITH_TIMEOUT(second.ready(), 20000);
        QVERIFY2(second.result().ok(), qPrintable(errText(second.result())));
        QCOMPARE(second.result()->id, first.result()->id);
        int named = 0;
        const QJsonArray folders = admin("GET", u"mailboxes/%1/folders"_s.arg(kAnna)).value(u"value"_s).toArray();
        for (const QJsonValue &f : folders)
            named += f.toObject().value(u"displayName"_s).toString() == u"CRM Contacts"_s ? 1 : 0;
        QCOMPARE(named, 1);
    }

    // The engine's sync folder is renamed, then deleted, in Outlook: the hierarchy sync says so.
    void folderHierarchySyncSeesRenameAndDelete()
    {
        auto p = provider(kAnna);
        const auto sync = [&p](const QString &state) {
            Slot<MailboxFolderChangePage> page;
            p->syncFolders(MailboxFolderRef::wellKnown(u"msgfolderroot"_s), state, page.callback());
            if (!QTest::qWaitFor([&page] { return page.ready(); }, 20000))
                return Result<MailboxFolderChangePage>(Error{Error::Code::Network, u"no answer"_s, {}});
            return page.result();
        };
        Slot<MailboxFolder> mine;
        p->ensureFolder(MailboxFolderRef::wellKnown(u"contacts"_s), u"CRM Contacts"_s, mine.callback());
        QTRY_VERIFY_WITH_TIMEOUT(mine.ready(), 20000);
        QVERIFY2(mine.result().ok(), qPrintable(errText(mine.result())));
        const QString folderId = mine.result()->id;

        const auto initial = sync({});
        QVERIFY2(initial.ok(), qPrintable(errText(initial)));
        QVERIFY(!initial->syncState.isEmpty());
        QString contactsId;
        bool sawMine = false;
        for (const MailboxFolderChange &c : initial->changes) {
            QCOMPARE(c.type, MailboxChange::Type::Created);
            if (c.folder.folderClass == u"IPF.Contact"_s && c.folder.displayName == u"Contacts"_s)
                contactsId = c.folder.id;
            sawMine = sawMine || (c.folder.id == folderId && c.folder.displayName == u"CRM Contacts"_s);
        }
        QVERIFY(sawMine);
        QVERIFY(!contactsId.isEmpty());

        const QString path = u"mailboxes/%1/folders/%2"_s.arg(kAnna, QString::fromLatin1(QUrl::toPercentEncoding(folderId)));
        QCOMPARE(admin("PATCH", path, {{u"displayName"_s, u"CRM Contacts (old)"_s}}).value(u"_status"_s).toInt(), 200);
        const auto renamed = sync(initial->syncState);
        QVERIFY2(renamed.ok(), qPrintable(errText(renamed)));
        QCOMPARE(renamed->changes.size(), 1);
        QCOMPARE(renamed->changes.first().type, MailboxChange::Type::Updated);
        QCOMPARE(renamed->changes.first().folder.id, folderId);
        QCOMPARE(renamed->changes.first().folder.displayName, u"CRM Contacts (old)"_s);
        QCOMPARE(renamed->changes.first().folder.parentId, contactsId);

        QCOMPARE(admin("DELETE", path).value(u"_status"_s).toInt(), 200);
        const auto deleted = sync(renamed->syncState);
        QVERIFY2(deleted.ok(), qPrintable(errText(deleted)));
        QCOMPARE(deleted->changes.size(), 1);
        QCOMPARE(deleted->changes.first().type, MailboxChange::Type::Deleted);
        QCOMPARE(deleted->changes.first().folder.id, folderId);

        // Nothing new: an empty page that keeps a usable state.
        const auto quiet = sync(deleted->syncState);
        QVERIFY2(quiet.ok(), qPrintable(errText(quiet)));
        QVERIFY(quiet->changes.isEmpty());
        QVERIFY(quiet->includesLastFolder);
    }

    // Every fault the sandbox can inject, one per page of a paged sync, then more during a
    // batched fetch. With the engine's rule (keep the last good SyncState, retry a failed page)
    // every contact arrives exactly once, and what fails says why in one line.
    void everyFaultModeRecoversAndLosesNothing()
    {
        constexpr int kContacts = 60;
        for (int i = 0; i < kContacts; ++i)
            QCOMPARE(addContact(kAnna, u"Given%1"_s.arg(i), u"Sur%1"_s.arg(i)).value(u"_status"_s).toInt(), 201);
        auto p = provider(kAnna);
        const QList<QJsonObject> faults{
            {{u"fault"_s, u"serverBusy"_s}, {u"backOffMs"_s, 200}},
            {{u"fault"_s, u"http503"_s}, {u"retryAfter"_s, 0}},
            {{u"fault"_s, u"slow"_s}, {u"delayMs"_s, 500}},
            {{u"fault"_s, u"drop"_s}, {u"times"_s, 2}},
            {{u"fault"_s, u"dropMidBody"_s}},
            {{u"fault"_s, u"malformedXml"_s}},
        };
        QString state;
        QList<MailboxItemId> seen;
        QStringList failures;
        int attempt = 0;
        for (bool last = false; !last; ++attempt) {
            QVERIFY(attempt < 40);
            if (attempt < faults.size())
                QVERIFY(admin("POST", u"faults"_s, faults.at(attempt)).value(u"_status"_s).toInt() < 300);
            Slot<MailboxChangePage> page;
            p->syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), state, 10, page.callback());
            QTRY_VERIFY_WITH_TIMEOUT(page.ready(), 30000);
            if (!page.result().ok()) {
                failures << page.result().error().toString();
                continue;   // the state of the last good page is kept: the page is asked again
            }
            for (const MailboxChange &c : page.result()->changes)
                seen << c.id;
            state = page.result()->syncState;
            last = page.result()->includesLastItem;
        }
        QSet<QString> unique;
        for (const MailboxItemId &id : seen)
            unique.insert(id.id);
        QCOMPARE(seen.size(), kContacts);
        QCOMPARE(unique.size(), kContacts);
        // Throttling, 503, slowness and drops are absorbed by the transport; a reply that is cut
        // off or not XML reaches the caller as one clear line, never with a secret in it.
        QVERIFY2(!failures.isEmpty() && failures.size() <= 2, qPrintable(failures.join(u" | "_s)));
        for (const QString &f : failures) {
            QVERIFY(!f.contains(u'\n'));
            QVERIFY(!f.contains(kPassword));
            QVERIFY2(f.contains(u"Fix:"_s), qPrintable(f));
        }

        // A batched fetch through a 503, two dropped connections and ErrorExceededConnectionCount: all
        // 60, in order.
        admin("POST", u"faults"_s, {{u"fault"_s, u"http503"_s}, {u"retryAfter"_s, 0}});
        admin("POST", u"faults"_s, {{u"fault"_s, u"drop"_s}, {u"times"_s, 2}});
        admin("POST", u"faults"_s, {{u"fault"_s, u"exceededConnectionCount"_s}});
        p->setGetItemBatchSize(25);
        std::optional<QList<Result<MailboxItem>>> got;
        p->fetchItems(seen, [&](QList<Result<MailboxItem>> r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 30000);
        QCOMPARE(got->size(), kContacts);
        for (int i = 0; i < kContacts; ++i) {
            QVERIFY2(got->at(i).ok(), qPrintable(errText(got->at(i))));
            QCOMPARE(std::get<MailboxContact>(got->at(i).value()).id.id, seen.at(i).id);
        }
        QCOMPARE(admin("GET", u"stats"_s).value(u"pendingFaults"_s).toInt(), 0);
        // The malformed reply has no EWS namespace, so the trace check lists it as not-ews.
    }

    void streamingNotificationArrivesQuickly()
    {
        SandboxEwsTestHttp::WatchedListener watched(m_conn.get(), kAnna, {MailboxFolderRef::wellKnown(u"contacts"_s)});
        QTRY_VERIFY_WITH_TIMEOUT(watched.streaming(), 20000);
        QTest::qWait(200);   // let the hanging request reach the server

        QElapsedTimer clock;
        clock.start();
        QCOMPARE(addContact(kAnna, u"Stream"_s, u"Test"_s).value(u"_status"_s).toInt(), 201);
        QTRY_VERIFY_WITH_TIMEOUT(watched.changed.count() >= 1, 10000);
        const qint64 latency = clock.elapsed();
        qInfo("EWS streaming notification latency: %lld ms", latency);
        QVERIFY2(latency < 2000, qPrintable(QString::number(latency)));
        QVERIFY(!watched.changed.at(0).at(0).toStringList().isEmpty());
        QVERIFY2(watched.problems.isEmpty(), qPrintable(watched.firstProblem()));
        watched.listener.stop();
    }

    // Outlook's Delete moves the item to Deleted Items: Exchange sends a MovedEvent (old parent =
    // the synced folder), no DeletedEvent. The listener must report the synced folder as changed,
    // and its next sync reports the item deleted (not lost, not still there).
    void itemMovedToDeletedItemsIsADelete()
    {
        const QString gone = addContact(kAnna, u"Moved"_s, u"Away"_s).value(u"id"_s).toString();
        const QString kept = addContact(kAnna, u"Stays"_s, u"Here"_s).value(u"id"_s).toString();
        QString contactsId;
        for (const QJsonValue &v :
             admin("GET", u"mailboxes/%1/folders"_s.arg(kAnna)).value(u"value"_s).toArray()) {
            if (v.toObject().value(u"distinguishedId"_s).toString() == u"contacts"_s)
                contactsId = v.toObject().value(u"id"_s).toString();
        }
        QVERIFY(!gone.isEmpty() && !kept.isEmpty() && !contactsId.isEmpty());
        auto p = provider(kAnna);
        Slot<MailboxChangePage> initial;
        p->syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 100, initial.callback());
        QTRY_VERIFY_WITH_TIMEOUT(initial.ready(), 20000);
        QVERIFY2(initial.result().ok(), qPrintable(errText(initial.result())));
        QCOMPARE(initial.result()->changes.size(), 2);

        SandboxEwsTestHttp::WatchedListener watched(m_conn.get(), kAnna,
                                                    {MailboxFolderRef::wellKnown(u"contacts"_s)});
        QTRY_VERIFY_WITH_TIMEOUT(watched.streaming(), 20000);
        QTest::qWait(200); // let the hanging request reach the server
        const QJsonObject moved =
            admin("DELETE",
                  u"mailboxes/%1/items/%2"_s.arg(kAnna, QString::fromLatin1(QUrl::toPercentEncoding(gone))));
        QCOMPARE(moved.value(u"_status"_s).toInt(), 200);
        QVERIFY(!moved.value(u"movedTo"_s).toString().isEmpty()); // a move, as Outlook does it
        QTRY_VERIFY_WITH_TIMEOUT(watched.sawChangeOf(contactsId), 10000);
        QVERIFY2(watched.problems.isEmpty(), qPrintable(watched.firstProblem()));
        watched.listener.stop();

        Slot<MailboxChangePage> delta;
        p->syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), initial.result()->syncState, 100,
                       delta.callback());
        QTRY_VERIFY_WITH_TIMEOUT(delta.ready(), 20000);
        QVERIFY2(delta.result().ok(), qPrintable(errText(delta.result())));
        QCOMPARE(delta.result()->changes.size(), 1);
        QCOMPARE(delta.result()->changes.first().type, MailboxChange::Type::Deleted);
        QCOMPARE(delta.result()->changes.first().id.id, gone);
    }

    void serverBusyFromSandboxIsAbsorbed()
    {
        QCOMPARE(admin("POST", u"faults"_s, {{u"fault"_s, u"serverBusy"_s}, {u"backOffMs"_s, 300}, {u"times"_s, 1}})
                     .value(u"_status"_s).toInt() / 100, 2);
        QSignalSpy paused(m_http.get(), &HttpClient::lanePaused);
        auto p = provider(kAnna);
        Slot<MailboxChangePage> page;
        p->syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 100, page.callback());
        QTRY_VERIFY_WITH_TIMEOUT(page.ready(), 20000);
        QVERIFY2(page.result().ok(), qPrintable(errText(page.result())));
        QCOMPARE(paused.count(), 1);
        QCOMPARE(paused.at(0).at(1).toLongLong(), 300);
    }

    void invalidSyncStateSaysResync()
    {
        m_ews->failNextSyncStates(1);
        auto p = provider(kAnna);
        Slot<MailboxChangePage> page;
        p->syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), u"H4sIAAAAAAAEAO29"_s, 100, page.callback());
        QTRY_VERIFY_WITH_TIMEOUT(page.ready(), 20000);
        QVERIFY(!page.result().ok());
        QVERIFY2(page.result().error().message.contains(u"sync state"_s), qPrintable(errText(page.result())));
        // The engine learns what to do from the provider-neutral error, not from the EWS code.
        QCOMPARE(page.result().error().recovery, Error::Recovery::ResetSyncState);
    }

    // Autodiscover against the sandbox's own routes (not canned files): SOAP GetUserSettings, POX,
    // a domain redirect to another address; the EWS URL found then serves a real sync.
    void autodiscoverFindsTheSandboxThenSyncs()
    {
        const QUrl base = m_server->baseUrl();
        const auto discover = [&](const QString &address, QList<EwsAutodiscoverCandidate::Kind> kinds) {
            EwsAutodiscoverClient client(m_http.get());
            client.setCredentials(ExchangeAuth::Basic, kAccount, kPassword);
            client.setCandidateFunction([base, kinds](const QString &) {
                QList<EwsAutodiscoverCandidate> out;
                for (const auto kind : kinds)
                    out.append({kind, base.resolved(QUrl(kind == EwsAutodiscoverCandidate::Kind::Soap
                                                             ? u"/autodiscover/autodiscover.svc"_s
                                                             : u"/autodiscover/autodiscover.xml"_s))});
                return out;
            });
            auto slot = std::make_shared<std::optional<Result<EwsAutodiscoverResult>>>();
            client.discover(address, [slot](Result<EwsAutodiscoverResult> r) { *slot = std::move(r); });
            (void)QTest::qWaitFor([slot] { return slot->has_value(); }, 20000);   // a timeout is reported below
            return slot->value_or(Result<EwsAutodiscoverResult>(Error{Error::Code::Network, u"timed out"_s, {}}));
        };
        const QUrl ews = base.resolved(QUrl(QString::fromLatin1(SandboxEws::kEwsPath)));
        const Result<EwsAutodiscoverResult> soap = discover(kAnna, {EwsAutodiscoverCandidate::Kind::Soap});
        QVERIFY2(soap.ok(), qPrintable(errText(soap)));
        QCOMPARE(soap->ewsUrl, ews);
        QCOMPARE(soap->mailbox, kAnna);
        const Result<EwsAutodiscoverResult> pox = discover(kAnna, {EwsAutodiscoverCandidate::Kind::Pox});
        QVERIFY2(pox.ok(), qPrintable(errText(pox)));
        QCOMPARE(pox->ewsUrl, ews);

        // A second SMTP domain whose Autodiscover points at Anna's address.
        m_ews->setAutodiscoverRedirect(u"fabrikam.test"_s, kAnna, false);
        const Result<EwsAutodiscoverResult> redirected =
            discover(u"anna@fabrikam.test"_s, {EwsAutodiscoverCandidate::Kind::Soap, EwsAutodiscoverCandidate::Kind::Pox});
        QVERIFY2(redirected.ok(), qPrintable(errText(redirected)));
        QCOMPARE(redirected->mailbox, kAnna);
        QCOMPARE(redirected->ewsUrl, ews);

        // An unknown mailbox is an error that names it, not a guess.
        const Result<EwsAutodiscoverResult> unknown = discover(u"nobody@contoso.test"_s, {EwsAutodiscoverCandidate::Kind::Soap});
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().toString().contains(u"nobody@contoso.test"_s), qPrintable(unknown.error().toString()));

        EwsConnectionSettings s;
        s.ewsUrl = redirected->ewsUrl;
        s.account = kAccount;
        s.password = kPassword;
        EwsConnection discovered(m_http.get(), s);
        EwsMailboxProvider p(&discovered, redirected->mailbox);
        addContact(kAnna, u"Ada"_s, u"Lovelace"_s);
        Slot<MailboxChangePage> page;
        p.syncChanges(MailboxFolderRef::wellKnown(u"contacts"_s), {}, 100, page.callback());
        QTRY_VERIFY_WITH_TIMEOUT(page.ready(), 20000);
        QVERIFY2(page.result().ok(), qPrintable(errText(page.result())));
        QCOMPARE(page.result()->changes.size(), 1);
    }

    void bearerTokenIsRenewedAfter401()
    {
        const QString good = m_ews->issueToken(kAccount);
        int asked = 0;
        int invalidated = 0;
        EwsConnectionSettings s = m_conn->settings();
        s.auth = ExchangeAuth::OAuth2;
        s.account = kAccount;
        s.password.clear();
        s.bearer = [&](std::function<void(Result<QString>)> done) {
            ++asked;
            done(invalidated == 0 ? u"expired-token"_s : good);   // the first one is stale
        };
        s.invalidateBearer = [&] { ++invalidated; };
        EwsConnection bearerConn(m_http.get(), s);
        EwsMailboxProvider p(&bearerConn, kAnna);
        Slot<MailboxFolder> folder;
        p.ensureFolder(MailboxFolderRef::wellKnown(u"contacts"_s), u"CRM"_s, folder.callback());
        QTRY_VERIFY_WITH_TIMEOUT(folder.ready(), 20000);
        QVERIFY2(folder.result().ok(), qPrintable(errText(folder.result())));
        QCOMPARE(invalidated, 1);
        QVERIFY(asked >= 2);
        bool sawBearer = false;
        for (const SandboxRequest &r : m_server->requests())
            sawBearer = sawBearer || r.header("Authorization") == "Bearer " + good.toUtf8();
        QVERIFY(sawBearer);
    }
};

QTEST_MAIN(TestEwsProvider)
#include "tst_ewsprovider.moc"
