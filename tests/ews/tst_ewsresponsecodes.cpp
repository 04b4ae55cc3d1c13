// EWS ResponseCode -> admin-facing Error: the right kind, a fix naming the accounts involved,
// and the retry / resync / refetch hints the engine acts on.

#include "mailbox/ews/ewsresponsecode.h"
#include "mailbox/ews/ewssoapresponse.h"

#include <QTest>

using namespace Liaison;
using namespace Qt::StringLiterals;

class TestEwsResponseCodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapping_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("transient");
        QTest::addColumn<bool>("resetSyncState");
        QTest::addColumn<bool>("refetch");
        QTest::addColumn<QString>("fixContains");

        const auto row = [](const char *code, Error::Code kind, bool transient, bool reset, bool refetch,
                            const QString &fix) {
            QTest::newRow(code) << QString::fromLatin1(code) << static_cast<int>(kind) << transient << reset << refetch
                                << fix;
        };
        row("ErrorImpersonateUserDenied", Error::Code::Conflict, false, false, false, u"ApplicationImpersonation"_s);
        row("ErrorImpersonationDenied", Error::Code::Conflict, false, false, false, u"svc-liaison@contoso.example"_s);
        row("ErrorAccessDenied", Error::Code::Conflict, false, false, false, u"Add-MailboxPermission"_s);
        row("ErrorNonExistentMailbox", Error::Code::NotFound, false, false, false, u"SMTP address"_s);
        row("ErrorInvalidSyncStateData", Error::Code::Conflict, false, true, false, u"resynchronizes"_s);
        row("ErrorSyncFolderNotFound", Error::Code::NotFound, false, true, false, u"sync state"_s);
        row("ErrorServerBusy", Error::Code::Network, true, false, false, u"throttling"_s);
        row("ErrorIrresolvableConflict", Error::Code::Conflict, false, false, true, u"re-reads"_s);
        row("ErrorChangeKeyRequiredForWriteOperations", Error::Code::Conflict, false, false, true, u"ChangeKey"_s);
        row("ErrorItemNotFound", Error::Code::NotFound, false, false, false, u"deleted or moved"_s);
        row("ErrorCalendarViewRangeTooBig", Error::Code::Invalid, false, false, false, u"2 years"_s);
        row("ErrorExceededConnectionCount", Error::Code::Network, true, false, false, u"EWSMaxConcurrency"_s);
        row("ErrorMailboxStoreUnavailable", Error::Code::Network, true, false, false, u"mounted"_s);
        row("ErrorSubscriptionNotFound", Error::Code::NotFound, true, false, false, u"subscribes again"_s);
        row("ErrorQuotaExceeded", Error::Code::Storage, false, false, false, u"quota"_s);
        row("ErrorSchemaValidation", Error::Code::Protocol, false, false, false, u"Liaison bug"_s);
        row("ErrorSomethingNew", Error::Code::Protocol, false, false, false, u"ErrorSomethingNew"_s);
    }

    void mapping()
    {
        QFETCH(QString, code);
        QFETCH(int, kind);
        QFETCH(bool, transient);
        QFETCH(bool, resetSyncState);
        QFETCH(bool, refetch);
        QFETCH(QString, fixContains);

        const QString account = u"svc-liaison@contoso.example"_s;
        const QString mailbox = u"anna.berg@contoso.example"_s;
        const Error info = EwsResponseCode::describe(code, u"Server says no."_s, account, mailbox);
        QCOMPARE(static_cast<int>(info.code), kind);
        QCOMPARE(info.recovery == Error::Recovery::RetryLater, transient);
        QCOMPARE(info.recovery == Error::Recovery::ResetSyncState, resetSyncState);
        QCOMPARE(info.recovery == Error::Recovery::Refetch, refetch);
        QCOMPARE(EwsResponseCode::isTransient(code), transient);
        QVERIFY2(info.message.contains(code), qPrintable(info.message));
        QVERIFY2(info.message.contains(u"Server says no."_s), qPrintable(info.message));
        QVERIFY2(info.fix.contains(fixContains), qPrintable(info.fix));
        QVERIFY(!info.message.contains(u'\n'));
        QVERIFY(!info.message.contains(u"%1"_s) && !info.message.contains(u"%2"_s));
        QVERIFY(!info.fix.contains(u"%1"_s) && !info.fix.contains(u"%2"_s));
    }

    void impersonationFixNamesTheServiceAccount()
    {
        const Error info = EwsResponseCode::describe(u"ErrorImpersonateUserDenied"_s, {},
                                                            u"svc-liaison@contoso.example"_s,
                                                            u"anna.berg@contoso.example"_s);
        QVERIFY(info.message.contains(u"anna.berg@contoso.example"_s));
        QVERIFY(info.fix.contains(u"New-ManagementRoleAssignment -Role ApplicationImpersonation -User svc-liaison@contoso.example"_s));
        QVERIFY(info.toString().contains(u"Fix:"_s));
        // Without names the text still reads well.
        const Error anon = EwsResponseCode::describe(u"ErrorImpersonateUserDenied"_s);
        QVERIFY(anon.message.contains(u"the mailbox"_s));
        QVERIFY(anon.fix.contains(u"<service account>"_s));
    }

    void serverTextStaysOneShortLine()
    {
        const QString longText = u"line one\r\nline two\n"_s + QString(1000, u'x');
        const Error info = EwsResponseCode::describe(u"ErrorItemNotFound"_s, longText);
        QVERIFY(!info.message.contains(u'\n'));
        QVERIFY(!info.message.contains(u'\r'));
        QVERIFY(info.message.contains(u"line one line two"_s));
        QVERIFY(info.message.size() < 450);
    }

    void statusDescribeUsesTheTable()
    {
        EwsStatus s;
        s.responseClass = u"Error"_s;
        s.responseCode = u"ErrorInvalidSyncStateData"_s;
        QVERIFY(s.isError());
        QVERIFY(s.describe().recovery == Error::Recovery::ResetSyncState);
        EwsStatus ok;
        QVERIFY(!ok.isError());
        EwsStatus warning;
        warning.responseClass = u"Warning"_s;
        QVERIFY(!warning.isError());
    }
};

QTEST_GUILESS_MAIN(TestEwsResponseCodes)
#include "tst_ewsresponsecodes.moc"
