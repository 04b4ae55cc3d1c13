#include "sandboxewsxml.h"

#include "mailbox/ews/ewsxml.h"

using namespace Qt::StringLiterals;

namespace Liaison {

SandboxEwsXml &SandboxEwsXml::start(const QString &qname)
{
    closePending();
    m_out += '<';
    m_out += qname.toUtf8();
    m_stack.append(qname);
    m_pending = true;
    return *this;
}

SandboxEwsXml &SandboxEwsXml::attr(const QString &name, const QString &value)
{
    m_out += ' ';
    m_out += name.toUtf8();
    m_out += "=\"";
    m_out += escape(value, true).toUtf8();
    m_out += '"';
    return *this;
}

SandboxEwsXml &SandboxEwsXml::text(const QString &value)
{
    closePending();
    m_out += escape(value).toUtf8();
    return *this;
}

SandboxEwsXml &SandboxEwsXml::element(const QString &qname, const QString &value)
{
    return start(qname).text(value).end();
}

SandboxEwsXml &SandboxEwsXml::raw(const QByteArray &xml)
{
    closePending();
    m_out += xml;
    return *this;
}

SandboxEwsXml &SandboxEwsXml::end()
{
    if (m_stack.isEmpty())
        return *this;
    const QString name = m_stack.takeLast();
    if (m_pending) {
        m_out += "/>";
        m_pending = false;
    } else {
        m_out += "</";
        m_out += name.toUtf8();
        m_out += '>';
    }
    return *this;
}

QByteArray SandboxEwsXml::finish()
{
    while (!m_stack.isEmpty())
        end();
    return m_out;
}

void SandboxEwsXml::closePending()
{
    if (m_pending) {
        m_out += '>';
        m_pending = false;
    }
}

QString SandboxEwsXml::escape(const QString &value, bool attribute)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '&': out += u"&amp;"_s; break;
        case '<': out += u"&lt;"_s; break;
        case '>': out += u"&gt;"_s; break;
        case '"': out += attribute ? u"&quot;"_s : u"\""_s; break;
        case '\n': out += attribute ? u"&#10;"_s : u"\n"_s; break;
        case '\r': out += u"&#13;"_s; break;
        case '\t': out += attribute ? u"&#9;"_s : u"\t"_s; break;
        default:
            if (c.unicode() < 0x20)
                continue;   // not representable in XML 1.0
            out += c;
        }
    }
    return out;
}

QByteArray SandboxEwsXml::envelope(const QByteArray &body)
{
    QByteArray out;
    out.reserve(body.size() + 600);
    out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
           "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
           "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
           "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
           "<s:Header><t:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"1\" MajorBuildNumber=\"2507\" "
           "MinorBuildNumber=\"6\" Version=\"V2017_07_11\"/></s:Header><s:Body>";
    out += body;
    out += "</s:Body></s:Envelope>";
    return out;
}

QByteArray SandboxEwsXml::fault(const QString &faultCode, const QString &responseCode, const QString &message,
                                qint64 backOffMs)
{
    SandboxEwsXml x;
    x.start(u"s:Fault"_s);
    x.start(u"faultcode"_s);
    if (faultCode.startsWith(u"a:"_s))
        x.attr(u"xmlns:a"_s, Ews::typesNs());
    x.text(faultCode).end();
    x.start(u"faultstring"_s).attr(u"xml:lang"_s, u"en-US"_s).text(message).end();
    x.start(u"detail"_s);
    if (!responseCode.isEmpty()) {
        x.start(u"e:ResponseCode"_s).attr(u"xmlns:e"_s, Ews::errorsNs()).text(responseCode).end();
        x.start(u"e:Message"_s).attr(u"xmlns:e"_s, Ews::errorsNs()).text(message).end();
    }
    if (backOffMs >= 0) {
        x.start(u"t:MessageXml"_s);
        x.start(u"t:Value"_s).attr(u"Name"_s, u"BackOffMilliseconds"_s).text(QString::number(backOffMs)).end();
        x.end();
    }
    return envelope(x.finish());
}

QByteArray SandboxEwsXml::serialize(const EwsXmlNode &node)
{
    SandboxEwsXml x;
    const std::function<void(const EwsXmlNode &)> write = [&](const EwsXmlNode &n) {
        x.start(u"t:"_s + n.name);
        for (const auto &[name, value] : n.attributes) {
            if (name != u"xmlns"_s)
                x.attr(name, value);
        }
        if (n.children.isEmpty()) {
            if (!n.text.isEmpty())
                x.text(n.text);
        } else {
            for (const EwsXmlNode &c : n.children)
                write(c);
        }
        x.end();
    };
    write(node);
    return x.finish();
}

Result<EwsXmlNode> SandboxEwsXml::parseFragment(const QByteArray &fragment)
{
    const QByteArray wrapped = "<w xmlns:t=\"" + Ews::typesNs().toUtf8() + "\">" + fragment + "</w>";
    auto tree = EwsXmlNode::parse(wrapped);
    if (!tree)
        return tree.error();
    if (tree->children.isEmpty())
        return Error::invalid(u"empty sandbox fragment"_s);
    return tree->children.constFirst();
}

} // namespace Liaison
