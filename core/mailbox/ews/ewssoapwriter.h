#pragma once

// The one SOAP 1.1 envelope writer for EWS. Builders open the body, write their operation
// element with the helpers below (children always in schema order) and call finish().

#include "mailbox/mailboxprovider.h"

#include <QByteArray>
#include <QXmlStreamWriter>

namespace Liaison {

// Per-request header settings.
struct EwsRequestContext
{
    QString serverVersion;     // RequestServerVersion; empty = Ews::defaultServerVersion()
    QString impersonatedSmtp;  // ExchangeImpersonation/ConnectingSID/SmtpAddress when set
    QString timeZoneId;        // TimeZoneContext/TimeZoneDefinition Id (Windows id) when set
    QString mailbox;           // DistinguishedFolderId/Mailbox when set (delegate / app access)
    QString account;           // service account, only for error messages; never sent
};

class EwsSoapWriter
{
public:
    // Writes the envelope, the header and opens soap:Body.
    explicit EwsSoapWriter(const EwsRequestContext &context);

    QXmlStreamWriter &xml() { return m_xml; }
    const EwsRequestContext &context() const { return m_context; }

    void startM(const QString &localName);
    void startT(const QString &localName);
    void end();
    void attribute(const QString &name, const QString &value);
    void textT(const QString &localName, const QString &text);
    void textM(const QString &localName, const QString &text);

    // t:ItemId Id= ChangeKey= (ChangeKey only when known), or t:OccurrenceItemId for an
    // occurrence id (MailboxItemId::instanceIndex)
    void itemId(const MailboxItemId &id, const QString &localName = QStringLiteral("ItemId"));
    // t:FolderId or t:DistinguishedFolderId (+ t:Mailbox/t:EmailAddress from the context)
    void folderRef(const MailboxFolderRef &folder);
    void fieldUri(const QString &uri);
    void indexedFieldUri(const QString &uri, const QString &index);
    void crmIdFieldUri();
    // ItemResponseShape / FolderResponseShape with optional AdditionalProperties (FieldURIs;
    // the CrmId extended property is added when withCrmId).
    void itemShape(const QString &baseShape, const QStringList &fieldUris, bool withCrmId);
    void folderShape(const QString &baseShape, const QStringList &fieldUris);

    // Closes the body and envelope and returns the UTF-8 bytes.
    QByteArray finish();

    static QString dateTimeUtc(const QDateTime &dt); // 2024-05-01T08:00:00Z

private:
    QByteArray m_bytes;
    QXmlStreamWriter m_xml;
    EwsRequestContext m_context;
    bool m_finished = false;
};

} // namespace Liaison
