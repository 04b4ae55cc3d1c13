#include "mailbox/ews/ewssoapresponse.h"

#include "mailbox/ews/ewsxml.h"

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {
Error protocol(const QString &message)
{
    return Error{Error::Code::Protocol, message,
                 u"Check that the URL points at an Exchange EWS endpoint (…/EWS/Exchange.asmx)"_s};
}
} // namespace

Result<EwsSoapResponse> EwsSoapResponse::parse(const QByteArray &xml, const EwsXmlLimits &limits)
{
    auto tree = EwsXmlNode::parse(xml, limits);
    if (!tree)
        return tree.error();
    EwsSoapResponse r;
    r.m_envelope = std::move(tree).value();
    if (!r.m_envelope.is(Ews::soapNs(), u"Envelope"_s))
        return protocol(u"EWS response is not a SOAP 1.1 envelope (root element %1)"_s.arg(r.m_envelope.name));
    const EwsXmlNode *body = r.m_envelope.child(u"Body"_s);
    if (!body)
        return protocol(u"EWS response has no SOAP Body"_s);

    if (const EwsXmlNode *header = r.m_envelope.child(u"Header"_s)) {
        if (const EwsXmlNode *v = header->child(u"ServerVersionInfo"_s)) {
            EwsServerVersion sv;
            sv.majorVersion = v->attribute(u"MajorVersion"_s).toInt();
            sv.minorVersion = v->attribute(u"MinorVersion"_s).toInt();
            sv.majorBuild = v->attribute(u"MajorBuildNumber"_s).toInt();
            sv.minorBuild = v->attribute(u"MinorBuildNumber"_s).toInt();
            sv.version = v->attribute(u"Version"_s);
            r.m_serverVersion = sv;
        }
    }

    if (const EwsXmlNode *fault = body->child(u"Fault"_s)) {
        EwsFault f;
        f.faultCode = fault->childText(u"faultcode"_s).trimmed();
        f.faultString = fault->childText(u"faultstring"_s).trimmed();
        if (const EwsXmlNode *detail = fault->child(u"detail"_s)) {
            f.responseCode = detail->childText(u"ResponseCode"_s).trimmed();
            f.message = detail->childText(u"Message"_s).trimmed();
            f.backOffMs = readBackOff(detail->child(u"MessageXml"_s));
        }
        if (f.responseCode.isEmpty()) {
            // faultcode is a QName like "a:ErrorServerBusy"; keep the local part if it is an EWS code.
            const QString local = f.faultCode.section(u':', -1);
            if (local.startsWith(u"Error"_s))
                f.responseCode = local;
        }
        r.m_fault = f;
    }
    return r;
}

const EwsXmlNode *EwsSoapResponse::operation() const
{
    const EwsXmlNode *body = m_envelope.child(u"Body"_s);
    if (!body || m_fault || body->children.isEmpty())
        return nullptr;
    return &body->children.constFirst();
}

EwsStatus EwsSoapResponse::readStatus(const EwsXmlNode &message)
{
    EwsStatus s;
    s.responseClass = message.attribute(u"ResponseClass"_s);
    if (s.responseClass.isEmpty())
        s.responseClass = u"Success"_s;
    const QString code = message.childText(u"ResponseCode"_s).trimmed();
    s.responseCode = code.isEmpty() ? u"NoError"_s : code;
    s.messageText = message.childText(u"MessageText"_s).trimmed();
    s.backOffMs = readBackOff(message.child(u"MessageXml"_s));
    return s;
}

qint64 EwsSoapResponse::readBackOff(const EwsXmlNode *messageXml)
{
    if (!messageXml)
        return -1;
    for (const EwsXmlNode *v : messageXml->childrenNamed(u"Value"_s)) {
        if (v->attribute(u"Name"_s) == u"BackOffMilliseconds"_s) {
            bool ok = false;
            const qint64 ms = v->text.trimmed().toLongLong(&ok);
            return ok && ms >= 0 ? ms : -1;
        }
    }
    return -1;
}

QList<std::pair<EwsStatus, const EwsXmlNode *>> EwsSoapResponse::responseMessages() const
{
    QList<std::pair<EwsStatus, const EwsXmlNode *>> out;
    const EwsXmlNode *op = operation();
    const EwsXmlNode *messages = op ? op->child(u"ResponseMessages"_s) : nullptr;
    if (!messages)
        return out;
    for (const EwsXmlNode &m : messages->children)
        out.append({readStatus(m), &m});
    return out;
}

Error EwsSoapResponse::faultError(const QString &account, const QString &mailbox) const
{
    if (!m_fault)
        return {Error{Error::Code::Internal, u"No SOAP fault"_s, {}}};
    if (!m_fault->responseCode.isEmpty()) {
        const QString text = m_fault->message.isEmpty() ? m_fault->faultString : m_fault->message;
        return EwsResponseCode::describe(m_fault->responseCode, text, account, mailbox);
    }
    return {Error{Error::Code::Protocol, u"Exchange answered with a SOAP fault (%1): %2"_s.arg(m_fault->faultCode, m_fault->faultString.left(300)),
                  u"Check the EWS URL, version and authentication; attach the request trace if it persists"_s}};
}

Status EwsSoapResponse::expect(const QString &operation, const QString &account, const QString &mailbox) const
{
    if (m_fault)
        return faultError(account, mailbox);
    const EwsXmlNode *op = this->operation();
    const QString wanted = operation + u"Response"_s;
    if (!op || op->name != wanted || op->ns != Ews::messagesNs())
        return protocol(u"Expected an EWS %1 but got %2"_s.arg(wanted, op ? op->name : u"an empty body"_s));
    return {};
}

} // namespace Liaison
