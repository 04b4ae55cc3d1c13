#pragma once

// The fixture shared by the end-to-end EWS provider tests: a SandboxEws on a loopback
// SandboxHttpServer, one service account impersonating anna (not bob), a traced HttpClient,
// and helpers for the sandbox's JSON admin API.

#include <QtTest>

#include "ewstracecheck.h"
#include "mailbox/ews/ewsconnection.h"
#include "mailbox/ews/ewsmailboxprovider.h"
#include "mailbox/ews/ewsstreaminglistener.h"
#include "net/httpclient.h"
#include "../../sandbox/ews/test/sandboxewstesthttp.h"
#include "sandboxews.h"
#include "sandboxhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Liaison::EwsProviderTest {

using namespace Qt::StringLiterals;

inline const QString kAccount = u"svc-liaison@contoso.test"_s;
inline const QString kPassword = u"Pa55word!"_s;
inline const QString kAnna = u"anna@contoso.test"_s;
inline const QString kBob = u"bob@contoso.test"_s;

template<typename R>
QString errText(const R &r)
{
    return r.ok() ? QString() : r.error().toString();
}

template<typename T>
struct Slot
{
    std::shared_ptr<std::optional<Result<T>>> value = std::make_shared<std::optional<Result<T>>>();
    MailboxProvider::Callback<T> callback() const
    {
        auto v = value;
        return [v](Result<T> r) { *v = std::move(r); };
    }
    bool ready() const { return value->has_value(); }
    const Result<T> &result() const { return value->value(); }
};

class Fixture : public QObject
{
    Q_OBJECT

protected:
    std::unique_ptr<SandboxHttpServer> m_server;
    std::unique_ptr<SandboxEws> m_ews;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<HttpClient> m_adminHttp;
    std::unique_ptr<EwsConnection> m_conn;
    QString m_trace;

    std::unique_ptr<EwsMailboxProvider> provider(const QString &mailbox)
    {
        return std::make_unique<EwsMailboxProvider>(m_conn.get(), mailbox);
    }

    // The sandbox's JSON admin API, over HTTP like a test harness would use it.
    QJsonObject admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return SandboxEwsTestHttp::admin(*m_adminHttp, *m_server, method, path, body);
    }

    QJsonObject addContact(const QString &mailbox, const QString &given, const QString &surname)
    {
        return admin("POST", u"mailboxes/%1/folders/contacts/items"_s.arg(mailbox),
                     {{u"kind"_s, u"Contact"_s},
                      {u"fields"_s, QJsonObject{{u"GivenName"_s, given}, {u"Surname"_s, surname},
                                               {u"DisplayName"_s, QString(given + u' ' + surname)}}}});
    }

protected Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<SandboxHttpServer>();
        SandboxEwsOptions options;
        options.keepAliveMs = 2000;
        options.streamingMinuteMs = 5000;
        m_ews = std::make_unique<SandboxEws>(options);
        QVERIFY(m_ews->install(*m_server).ok());
        m_ews->addServiceAccount(kAccount, kPassword, {kAnna});
        m_ews->addMailbox(kAnna, u"Anna"_s);
        m_ews->addMailbox(kBob, u"Bob"_s);
        QVERIFY(m_server->listen().ok());

        m_trace = EwsTraceCheck::traceDir(QString::fromLatin1(QTest::currentTestFunction()));
        m_http = std::make_unique<HttpClient>();
        m_http->setTraceDirectory(m_trace);
        m_adminHttp = std::make_unique<HttpClient>();
        m_adminHttp->setTraceDirectory({});
        m_conn = std::make_unique<EwsConnection>(
            m_http.get(), SandboxEwsTestHttp::connectionSettings(*m_server, kAccount, kPassword));
    }

    void cleanup()
    {
        m_conn.reset();
        m_http.reset();
        m_adminHttp.reset();
        m_ews.reset();
        m_server.reset();
        LIAISON_VALIDATE_TRACE(m_trace);
    }
};

} // namespace Liaison::EwsProviderTest
