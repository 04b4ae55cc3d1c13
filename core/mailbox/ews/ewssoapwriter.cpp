#include "mailbox/ews/ewssoapwriter.h"

#include "mailbox/ews/ewsxml.h"

using namespace Qt::StringLiterals;

namespace Liaison {

EwsSoapWriter::EwsSoapWriter(const EwsRequestContext &context)
    : m_xml(&m_bytes)
    , m_context(context)
{
    m_xml.writeStartDocument();
    m_xml.writeStartElement(u"soap:Envelope"_s);
    m_xml.writeNamespace(Ews::soapNs(), u"soap"_s);
    m_xml.writeNamespace(Ews::typesNs(), u"t"_s);
    m_xml.writeNamespace(Ews::messagesNs(), u"m"_s);
    m_xml.writeStartElement(u"soap:Header"_s);

    m_xml.writeStartElement(u"t:RequestServerVersion"_s);
    m_xml.writeAttribute(u"Version"_s,
                         m_context.serverVersion.isEmpty() ? Ews::defaultServerVersion() : m_context.serverVersion);
    m_xml.writeEndElement();

    if (!m_context.impersonatedSmtp.isEmpty()) {
        m_xml.writeStartElement(u"t:ExchangeImpersonation"_s);
        m_xml.writeStartElement(u"t:ConnectingSID"_s);
        m_xml.writeTextElement(u"t:SmtpAddress"_s, m_context.impersonatedSmtp);
        m_xml.writeEndElement();
        m_xml.writeEndElement();
    }
    if (!m_context.timeZoneId.isEmpty()) {
        m_xml.writeStartElement(u"t:TimeZoneContext"_s);
        m_xml.writeStartElement(u"t:TimeZoneDefinition"_s);
        m_xml.writeAttribute(u"Id"_s, m_context.timeZoneId);
        m_xml.writeEndElement();
        m_xml.writeEndElement();
    }
    m_xml.writeEndElement(); // Header
    m_xml.writeStartElement(u"soap:Body"_s);
}

void EwsSoapWriter::startM(const QString &localName) { m_xml.writeStartElement(u"m:"_s + localName); }
void EwsSoapWriter::startT(const QString &localName) { m_xml.writeStartElement(u"t:"_s + localName); }
void EwsSoapWriter::end() { m_xml.writeEndElement(); }
void EwsSoapWriter::attribute(const QString &name, const QString &value) { m_xml.writeAttribute(name, value); }
void EwsSoapWriter::textT(const QString &localName, const QString &text) { m_xml.writeTextElement(u"t:"_s + localName, text); }
void EwsSoapWriter::textM(const QString &localName, const QString &text) { m_xml.writeTextElement(u"m:"_s + localName, text); }

void EwsSoapWriter::itemId(const MailboxItemId &id, const QString &localName)
{
    if (id.isOccurrence() && localName == u"ItemId"_s) {
        // Wherever the schema takes an ItemId in a BaseItemIdType choice, an occurrence can be
        // named through its master instead.
        m_xml.writeEmptyElement(u"t:OccurrenceItemId"_s);
        m_xml.writeAttribute(u"RecurringMasterId"_s, id.id);
        if (!id.changeKey.isEmpty())
            m_xml.writeAttribute(u"ChangeKey"_s, id.changeKey);
        m_xml.writeAttribute(u"InstanceIndex"_s, QString::number(id.instanceIndex));
        return;
    }
    m_xml.writeEmptyElement(u"t:"_s + localName);
    m_xml.writeAttribute(u"Id"_s, id.id);
    if (!id.changeKey.isEmpty())
        m_xml.writeAttribute(u"ChangeKey"_s, id.changeKey);
}

void EwsSoapWriter::folderRef(const MailboxFolderRef &folder)
{
    if (!folder.folderId.isEmpty()) {
        m_xml.writeEmptyElement(u"t:FolderId"_s);
        m_xml.writeAttribute(u"Id"_s, folder.folderId);
        return;
    }
    m_xml.writeStartElement(u"t:DistinguishedFolderId"_s);
    m_xml.writeAttribute(u"Id"_s, folder.distinguishedId);
    if (!m_context.mailbox.isEmpty()) {
        m_xml.writeStartElement(u"t:Mailbox"_s);
        m_xml.writeTextElement(u"t:EmailAddress"_s, m_context.mailbox);
        m_xml.writeEndElement();
    }
    m_xml.writeEndElement();
}

void EwsSoapWriter::fieldUri(const QString &uri)
{
    m_xml.writeEmptyElement(u"t:FieldURI"_s);
    m_xml.writeAttribute(u"FieldURI"_s, uri);
}

void EwsSoapWriter::indexedFieldUri(const QString &uri, const QString &index)
{
    m_xml.writeEmptyElement(u"t:IndexedFieldURI"_s);
    m_xml.writeAttribute(u"FieldURI"_s, uri);
    m_xml.writeAttribute(u"FieldIndex"_s, index);
}

void EwsSoapWriter::crmIdFieldUri()
{
    m_xml.writeEmptyElement(u"t:ExtendedFieldURI"_s);
    m_xml.writeAttribute(u"PropertySetId"_s, Ews::liaisonPropertySetId());
    m_xml.writeAttribute(u"PropertyName"_s, Ews::crmIdPropertyName());
    m_xml.writeAttribute(u"PropertyType"_s, u"String"_s);
}

void EwsSoapWriter::itemShape(const QString &baseShape, const QStringList &fieldUris, bool withCrmId)
{
    startM(u"ItemShape"_s);
    textT(u"BaseShape"_s, baseShape);
    if (!fieldUris.isEmpty() || withCrmId) {
        // BodyType precedes AdditionalProperties in ItemResponseShapeType.
        if (fieldUris.contains(u"item:Body"_s))
            textT(u"BodyType"_s, u"Text"_s);
        startT(u"AdditionalProperties"_s);
        for (const QString &uri : fieldUris)
            fieldUri(uri);
        if (withCrmId)
            crmIdFieldUri();
        end();
    }
    end();
}

void EwsSoapWriter::folderShape(const QString &baseShape, const QStringList &fieldUris)
{
    startM(u"FolderShape"_s);
    textT(u"BaseShape"_s, baseShape);
    if (!fieldUris.isEmpty()) {
        startT(u"AdditionalProperties"_s);
        for (const QString &uri : fieldUris)
            fieldUri(uri);
        end();
    }
    end();
}

QByteArray EwsSoapWriter::finish()
{
    if (!m_finished) {
        m_xml.writeEndElement(); // Body
        m_xml.writeEndElement(); // Envelope
        m_xml.writeEndDocument();
        m_finished = true;
    }
    return m_bytes;
}

QString EwsSoapWriter::dateTimeUtc(const QDateTime &dt)
{
    return dt.toUTC().toString(Qt::ISODate); // Qt writes the trailing Z for UTC
}

} // namespace Liaison
