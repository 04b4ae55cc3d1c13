#pragma once

#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <functional>

#include "mailbox/ews/ewsxmlnode.h"
#include "sandboxewsstore.h"
#include "sandboxewsxml.h"

namespace Liaison {

// Who is calling and on whose behalf, for one SOAP request.
struct SandboxEwsContext
{
    SandboxEwsStore *store = nullptr;
    QString account;           // the authenticated service account
    QString mailbox;           // acting mailbox (impersonated, else the account's own), lower case
    QStringList impersonable;  // lower case; "*" = every mailbox
    bool impersonating = false;   // then only the impersonated mailbox is reachable
    int *invalidSyncStates = nullptr;   // admin fault: the next N SyncFolderItems fail
    QJsonArray *outbox = nullptr;       // meeting requests/cancellations "sent" by the server
    // Admin fault: the next batch CreateItem stops after `after` items, as one cut off at
    // EWS's time limit: the rest answer `code` (ErrorTimeoutExpired, ErrorServerBusy ...).
    struct BatchCutOff
    {
        int times = 0;
        int after = 0;
        QString code;
        qint64 backOffMs = -1;
    };
    BatchCutOff *batchCutOff = nullptr;
    int backEnd = 0;           // the mailbox back end the request landed on (streaming affinity)
    // Hierarchy changes made through EWS (CreateFolder), for streaming notifications.
    std::function<void(const SandboxEwsFolder &folder, SandboxEwsStore::Event event)> folderChanged;
    std::function<void(const SandboxEwsFolder &folder, const QString &oldParentId)> folderMoved;

    bool mayAccess(const QString &smtp) const
    {
        const QString s = smtp.toLower();
        if (impersonating)
            return s == mailbox;
        return s == mailbox || s == account.toLower() || impersonable.contains(s) || impersonable.contains(QStringLiteral("*"));
    }

    // t:FolderId or t:DistinguishedFolderId (with an optional t:Mailbox) -> the folder, or
    // nullptr with the EWS ResponseCode in *code.
    SandboxEwsFolder *folder(const EwsXmlNode &ref, QString *code) const
    {
        QString smtp = mailbox;
        if (const EwsXmlNode *mb = ref.child(QStringLiteral("Mailbox"))) {
            smtp = mb->childText(QStringLiteral("EmailAddress")).trimmed().toLower();
            if (!store->mailbox(smtp)) {
                *code = QStringLiteral("ErrorNonExistentMailbox");
                return nullptr;
            }
            if (!mayAccess(smtp)) {
                *code = QStringLiteral("ErrorAccessDenied");
                return nullptr;
            }
        }
        const QString id = ref.attribute(QStringLiteral("Id"));
        if (ref.name == QStringLiteral("FolderId")) {
            SandboxEwsFolder *f = store->folder(id);
            if (f && !mayAccess(f->mailbox)) {
                *code = QStringLiteral("ErrorAccessDenied");
                return nullptr;
            }
            if (!f)
                *code = id.isEmpty() || QByteArray::fromBase64(id.toLatin1()).size() < 8 ? QStringLiteral("ErrorInvalidIdMalformed")
                                                                                          : QStringLiteral("ErrorFolderNotFound");
            return f;
        }
        SandboxEwsFolder *f = store->resolveFolder(smtp, id);
        if (!f)
            *code = QStringLiteral("ErrorFolderNotFound");
        return f;
    }
};

// What an operation answers: the body element, or a SOAP fault (HTTP 500).
struct SandboxEwsReply
{
    QByteArray body;
    QString faultCode;         // "a:ErrorSchemaValidation", "soap:Client" ...
    QString faultResponseCode; // non-empty = fault
    QString faultMessage;

    static SandboxEwsReply ok(const QByteArray &body)
    {
        SandboxEwsReply r;
        r.body = body;
        return r;
    }
    static SandboxEwsReply fault(const QString &code, const QString &message, const QString &faultCode = {})
    {
        SandboxEwsReply r;
        r.faultCode = faultCode.isEmpty() ? QStringLiteral("a:") + code : faultCode;
        r.faultResponseCode = code;
        r.faultMessage = message;
        return r;
    }
};

// m:<element> ResponseClass="Error" with MessageText, ResponseCode, DescriptiveLinkKey; left open.
inline void sandboxEwsErrorMessage(SandboxEwsXml &x, const QString &element, const QString &code, const QString &text)
{
    x.start(QStringLiteral("m:") + element).attr(QStringLiteral("ResponseClass"), QStringLiteral("Error"));
    x.element(QStringLiteral("m:MessageText"), text.isEmpty() ? code : text);
    x.element(QStringLiteral("m:ResponseCode"), code);
    x.element(QStringLiteral("m:DescriptiveLinkKey"), QStringLiteral("0"));
}

// m:<element> ResponseClass="Success" with ResponseCode NoError; left open.
inline void sandboxEwsSuccessMessage(SandboxEwsXml &x, const QString &element)
{
    x.start(QStringLiteral("m:") + element).attr(QStringLiteral("ResponseClass"), QStringLiteral("Success"));
    x.element(QStringLiteral("m:ResponseCode"), QStringLiteral("NoError"));
}

} // namespace Liaison
