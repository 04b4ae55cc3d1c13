#include "sandboxewsautodiscover.h"

#include "mailbox/ews/ewsxml.h"
#include "mailbox/ews/ewsxmlnode.h"
#include "sandboxews.h"
#include "sandboxewsxml.h"
#include "sandboxhttpserver.h"

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

SandboxResponse xmlReply(int status, const QByteArray &body)
{
    SandboxResponse r;
    r.status = status;
    r.setHeader("Content-Type", "text/xml; charset=utf-8");
    r.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body;
    return r;
}

QString legacyDn(const QString &smtp)
{
    return u"/o=Sandbox/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn="_s + smtp.section(u'@', 0, 0);
}

} // namespace

SandboxResponse SandboxEwsAutodiscover::handle(const SandboxRequest &request)
{
    QString host = QString::fromLatin1(request.header("Host"));
    if (host.isEmpty() && m_ews.m_server)
        host = m_ews.m_server->baseUrl().authority();
    const QString base = (m_ews.m_server && m_ews.m_server->isTls() ? u"https://"_s : u"http://"_s) + host;
    const QString path = request.path.toLower();
    if (path == u"/autodiscover/autodiscover.xml"_s)
        return pox(request, base);
    if (path == u"/autodiscover/autodiscover.svc"_s)
        return soap(request, base);
    return SandboxResponse::text(404, "not found\n");
}

SandboxResponse SandboxEwsAutodiscover::pox(const SandboxRequest &request, const QString &base)
{
    const auto tree = EwsXmlNode::parse(request.body);
    const QString email = tree ? tree->path({u"Request"_s, u"EMailAddress"_s}) ? tree->path({u"Request"_s, u"EMailAddress"_s})->text.trimmed()
                                                                                : QString()
                               : QString();
    SandboxEwsXml x;
    x.start(u"Autodiscover"_s).attr(u"xmlns"_s, Ews::poxResponseNs());
    const auto redirect = m_ews.m_redirects.constFind(email.section(u'@', 1).toLower());
    const SandboxEwsMailbox *mb = m_ews.store().mailbox(email);
    if (redirect == m_ews.m_redirects.constEnd() && (!mb || email.isEmpty())) {
        x.start(u"Response"_s).start(u"Error"_s).attr(u"Time"_s, u"00:00:00.0000000"_s).attr(u"Id"_s, u"1"_s);
        x.element(u"ErrorCode"_s, u"500"_s).element(u"Message"_s, u"The e-mail address cannot be found."_s);
        x.start(u"DebugData"_s).end();
        return xmlReply(200, x.finish());
    }
    x.start(u"Response"_s).attr(u"xmlns"_s, Ews::poxOutlookResponseNs());
    if (redirect != m_ews.m_redirects.constEnd()) {
        x.start(u"Account"_s).element(u"AccountType"_s, u"email"_s);
        x.element(u"Action"_s, redirect->isUrl ? u"redirectUrl"_s : u"redirectAddr"_s);
        x.element(redirect->isUrl ? u"RedirectUrl"_s : u"RedirectAddr"_s, redirect->target);
        return xmlReply(200, x.finish());
    }
    const QString ews = base + QString::fromLatin1(SandboxEws::kEwsPath);
    x.start(u"User"_s).element(u"DisplayName"_s, mb->displayName).element(u"LegacyDN"_s, legacyDn(mb->smtp));
    x.element(u"AutoDiscoverSMTPAddress"_s, mb->smtp).element(u"DeploymentId"_s, u"5a0f4c1e-0000-4000-8000-00000000e115"_s).end();
    x.start(u"Account"_s).element(u"AccountType"_s, u"email"_s).element(u"Action"_s, u"settings"_s);
    x.element(u"MicrosoftOnline"_s, u"False"_s);
    for (const QString &type : {u"EXCH"_s, u"EXPR"_s}) {
        x.start(u"Protocol"_s).element(u"Type"_s, type).element(u"Server"_s, base.section(u'/', 2, 2));
        x.element(u"ASUrl"_s, ews).element(u"EwsUrl"_s, ews).end();
    }
    return xmlReply(200, x.finish());
}

SandboxResponse SandboxEwsAutodiscover::soap(const SandboxRequest &request, const QString &base)
{
    const auto tree = EwsXmlNode::parse(request.body);
    const EwsXmlNode *req = tree ? tree->path({u"Body"_s, u"GetUserSettingsRequestMessage"_s, u"Request"_s}) : nullptr;
    SandboxEwsXml x;
    x.start(u"s:Envelope"_s).attr(u"xmlns:s"_s, Ews::soapNs()).attr(u"xmlns:a"_s, Ews::wsAddressingNs());
    x.start(u"s:Header"_s);
    x.start(u"a:Action"_s).attr(u"s:mustUnderstand"_s, u"1"_s)
        .text(u"http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse"_s).end();
    x.start(u"h:ServerVersionInfo"_s).attr(u"xmlns:h"_s, Ews::autodiscoverSoapNs());
    x.element(u"h:MajorVersion"_s, u"15"_s).element(u"h:MinorVersion"_s, u"1"_s).element(u"h:MajorBuildNumber"_s, u"2507"_s);
    x.element(u"h:MinorBuildNumber"_s, u"6"_s).element(u"h:Version"_s, u"Exchange2015"_s).end();
    x.end();
    x.start(u"s:Body"_s).start(u"GetUserSettingsResponseMessage"_s).attr(u"xmlns"_s, Ews::autodiscoverSoapNs());
    x.start(u"Response"_s).attr(u"xmlns:i"_s, Ews::xsiNs());
    if (!req) {
        x.element(u"ErrorCode"_s, u"InvalidRequest"_s).element(u"ErrorMessage"_s, u"The request is invalid."_s);
        return xmlReply(200, x.finish());
    }
    x.element(u"ErrorCode"_s, u"NoError"_s).start(u"ErrorMessage"_s).end();
    QStringList wanted;
    if (const EwsXmlNode *settings = req->child(u"RequestedSettings"_s)) {
        for (const EwsXmlNode *s : settings->childrenNamed(u"Setting"_s))
            wanted << s->text.trimmed();
    }
    x.start(u"UserResponses"_s);
    const EwsXmlNode *users = req->child(u"Users"_s);
    for (const EwsXmlNode *user : users ? users->childrenNamed(u"User"_s) : QList<const EwsXmlNode *>{}) {
        const QString smtp = user->childText(u"Mailbox"_s).trimmed().toLower();
        x.start(u"UserResponse"_s);
        const auto redirect = m_ews.m_redirects.constFind(smtp.section(u'@', 1));
        const SandboxEwsMailbox *mb = m_ews.store().mailbox(smtp);
        if (redirect != m_ews.m_redirects.constEnd()) {
            x.element(u"ErrorCode"_s, redirect->isUrl ? u"RedirectUrl"_s : u"RedirectAddress"_s);
            x.element(u"ErrorMessage"_s, u"Redirection address."_s).element(u"RedirectTarget"_s, redirect->target);
            x.start(u"UserSettingErrors"_s).end().start(u"UserSettings"_s).end().end();
            continue;
        }
        if (!mb) {
            x.element(u"ErrorCode"_s, u"InvalidUser"_s).element(u"ErrorMessage"_s, u"Invalid user: '%1'"_s.arg(smtp));
            x.start(u"RedirectTarget"_s).attr(u"i:nil"_s, u"true"_s).end();
            x.start(u"UserSettingErrors"_s).end().start(u"UserSettings"_s).end().end();
            continue;
        }
        x.element(u"ErrorCode"_s, u"NoError"_s).element(u"ErrorMessage"_s, u"No error."_s);
        x.start(u"RedirectTarget"_s).attr(u"i:nil"_s, u"true"_s).end();
        const QString ews = base + QString::fromLatin1(SandboxEws::kEwsPath);
        const QHash<QString, QString> values{
            {u"UserDisplayName"_s, mb->displayName}, {u"UserDN"_s, legacyDn(mb->smtp)},
            {u"ExternalEwsUrl"_s, ews}, {u"InternalEwsUrl"_s, ews},
            {u"GroupingInformation"_s, u"SANDBOX01"_s}, {u"AutoDiscoverSMTPAddress"_s, mb->smtp},
            {u"CasVersion"_s, u"15.01.2507.006"_s}, {u"EwsSupportedSchemas"_s, u"Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1"_s}};
        x.start(u"UserSettingErrors"_s);
        for (const QString &name : wanted) {
            if (!values.contains(name)) {
                x.start(u"UserSettingError"_s).element(u"ErrorCode"_s, u"SettingIsNotAvailable"_s);
                x.element(u"ErrorMessage"_s, u"User setting '%1' is not available."_s.arg(name)).element(u"SettingName"_s, name).end();
            }
        }
        x.end().start(u"UserSettings"_s);
        for (const QString &name : wanted) {
            if (values.contains(name))
                x.start(u"UserSetting"_s).attr(u"i:type"_s, u"StringSetting"_s).element(u"Name"_s, name)
                    .element(u"Value"_s, values.value(name)).end();
        }
        x.end().end();
    }
    return xmlReply(200, x.finish());
}

} // namespace Liaison
