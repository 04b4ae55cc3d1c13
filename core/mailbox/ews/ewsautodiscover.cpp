#include "mailbox/ews/ewsautodiscover.h"

#include "mailbox/ews/ewsxml.h"

#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

Error autodiscoverError(const QString &message)
{
    return Error{Error::Code::Protocol, message,
                 u"Check the Autodiscover DNS records of the domain, or enter the EWS URL in the profile by hand"_s};
}

Status checkAddress(const QString &address)
{
    if (address.isEmpty() || !address.contains(u'@'))
        return Error::invalid(u"Autodiscover needs an SMTP address, got \"%1\""_s.arg(address),
                              u"Enter the mailbox's primary SMTP address"_s);
    return {};
}

} // namespace

Result<QByteArray> EwsGetUserSettingsRequest::build() const
{
    if (Status s = checkAddress(mailbox); !s)
        return s.error();
    if (settings.isEmpty())
        return Error::missing(u"Autodiscover GetUserSettings needs at least one setting"_s, {});
    QByteArray out;
    QXmlStreamWriter x(&out);
    x.writeStartDocument();
    x.writeStartElement(u"soap:Envelope"_s);
    x.writeNamespace(Ews::soapNs(), u"soap"_s);
    x.writeNamespace(Ews::autodiscoverSoapNs(), u"a"_s);
    x.writeNamespace(Ews::wsAddressingNs(), u"wsa"_s);
    x.writeStartElement(u"soap:Header"_s);
    x.writeTextElement(u"a:RequestedServerVersion"_s, requestedServerVersion);
    x.writeTextElement(u"wsa:Action"_s,
                       u"http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings"_s);
    if (!url.isEmpty())
        x.writeTextElement(u"wsa:To"_s, url);
    x.writeEndElement();
    x.writeStartElement(u"soap:Body"_s);
    x.writeStartElement(u"a:GetUserSettingsRequestMessage"_s);
    x.writeStartElement(u"a:Request"_s);
    x.writeStartElement(u"a:Users"_s);
    x.writeStartElement(u"a:User"_s);
    x.writeTextElement(u"a:Mailbox"_s, mailbox);
    x.writeEndElement();
    x.writeEndElement();
    x.writeStartElement(u"a:RequestedSettings"_s);
    for (const QString &s : settings)
        x.writeTextElement(u"a:Setting"_s, s);
    x.writeEndElement();
    x.writeEndElement(); // Request
    x.writeEndElement(); // GetUserSettingsRequestMessage
    x.writeEndElement(); // Body
    x.writeEndElement(); // Envelope
    x.writeEndDocument();
    return out;
}

Result<EwsUserSettings> EwsGetUserSettingsRequest::parse(const QByteArray &xml)
{
    auto tree = EwsXmlNode::parse(xml);
    if (!tree)
        return tree.error();
    const EwsXmlNode &env = *tree;
    if (!env.is(Ews::soapNs(), u"Envelope"_s))
        return autodiscoverError(u"Autodiscover answer is not a SOAP envelope"_s);
    if (const EwsXmlNode *fault = env.path({u"Body"_s, u"Fault"_s}))
        return autodiscoverError(u"Autodiscover SOAP fault: %1"_s.arg(fault->childText(u"faultstring"_s).left(300)));
    const EwsXmlNode *response = env.path({u"Body"_s, u"GetUserSettingsResponseMessage"_s, u"Response"_s});
    if (!response || response->ns != Ews::autodiscoverSoapNs())
        return autodiscoverError(u"Autodiscover answer has no GetUserSettingsResponse"_s);
    const QString code = response->childText(u"ErrorCode"_s);
    if (!code.isEmpty() && code != u"NoError"_s)
        return autodiscoverError(u"Autodiscover failed with %1: %2"_s.arg(code, response->childText(u"ErrorMessage"_s).left(300)));
    const EwsXmlNode *user = response->path({u"UserResponses"_s, u"UserResponse"_s});
    if (!user)
        return autodiscoverError(u"Autodiscover answer has no UserResponse"_s);
    EwsUserSettings out;
    out.errorCode = user->childText(u"ErrorCode"_s);
    out.errorMessage = user->childText(u"ErrorMessage"_s);
    out.redirectTarget = user->childText(u"RedirectTarget"_s);
    if (const EwsXmlNode *list = user->child(u"UserSettings"_s)) {
        for (const EwsXmlNode *s : list->childrenNamed(u"UserSetting"_s))
            out.settings.insert(s->childText(u"Name"_s), s->childText(u"Value"_s));
    }
    if (out.errorCode != u"NoError"_s && out.errorCode != u"RedirectAddress"_s && out.errorCode != u"RedirectUrl"_s)
        return autodiscoverError(u"Autodiscover refused the mailbox (%1): %2"_s.arg(out.errorCode, out.errorMessage.left(300)));
    return out;
}

Result<QByteArray> EwsPoxAutodiscoverRequest::build() const
{
    if (Status s = checkAddress(emailAddress); !s)
        return s.error();
    QByteArray out;
    QXmlStreamWriter x(&out);
    x.writeStartDocument();
    x.writeStartElement(u"Autodiscover"_s);
    x.writeDefaultNamespace(Ews::poxRequestNs());
    x.writeStartElement(u"Request"_s);
    x.writeTextElement(u"EMailAddress"_s, emailAddress);
    x.writeTextElement(u"AcceptableResponseSchema"_s, Ews::poxOutlookResponseNs());
    x.writeEndElement();
    x.writeEndElement();
    x.writeEndDocument();
    return out;
}

Result<EwsPoxResult> EwsPoxAutodiscoverRequest::parse(const QByteArray &xml)
{
    auto tree = EwsXmlNode::parse(xml);
    if (!tree)
        return tree.error();
    const EwsXmlNode &root = *tree;
    if (root.name != u"Autodiscover"_s)
        return autodiscoverError(u"POX Autodiscover answer has root element %1"_s.arg(root.name));
    const EwsXmlNode *response = root.child(u"Response"_s);
    if (!response)
        return autodiscoverError(u"POX Autodiscover answer has no Response"_s);
    if (const EwsXmlNode *error = response->child(u"Error"_s))
        return autodiscoverError(u"POX Autodiscover error %1: %2"_s.arg(error->childText(u"ErrorCode"_s),
                                                                       error->childText(u"Message"_s).left(300)));
    const EwsXmlNode *account = response->child(u"Account"_s);
    if (!account)
        return autodiscoverError(u"POX Autodiscover answer has no Account"_s);
    EwsPoxResult out;
    out.action = account->childText(u"Action"_s);
    out.redirectAddress = account->childText(u"RedirectAddr"_s);
    out.redirectUrl = account->childText(u"RedirectUrl"_s);
    for (const EwsXmlNode *p : account->childrenNamed(u"Protocol"_s)) {
        const QString type = p->childText(u"Type"_s);
        if (type == u"EXCH"_s)
            out.internalEwsUrl = p->childText(u"EwsUrl"_s);
        else if (type == u"EXPR"_s)
            out.externalEwsUrl = p->childText(u"EwsUrl"_s);
    }
    if (out.action == u"settings"_s && out.ewsUrl().isEmpty())
        return autodiscoverError(u"POX Autodiscover answer has no EwsUrl"_s);
    return out;
}

} // namespace Liaison
