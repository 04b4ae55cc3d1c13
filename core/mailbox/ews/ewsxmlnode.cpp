#include "mailbox/ews/ewsxmlnode.h"

#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {
Error protocolError(const QString &message)
{
    return Error{Error::Code::Protocol, message,
                 u"Check that the URL points at an Exchange EWS endpoint and not at a proxy or login page"_s};
}
} // namespace

Result<EwsXmlNode> EwsXmlNode::parse(const QByteArray &xml, const EwsXmlLimits &limits)
{
    if (xml.size() > limits.maxBytes)
        return protocolError(u"EWS response too large (%1 bytes, limit %2)"_s.arg(xml.size()).arg(limits.maxBytes));

    QXmlStreamReader reader(xml);
    // Undeclared entities fail the parse; we also reject any DTD before it can declare one.
    QList<EwsXmlNode *> stack;
    EwsXmlNode root;
    bool haveRoot = false;
    int elements = 0;

    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        switch (token) {
        case QXmlStreamReader::DTD:
            return protocolError(u"EWS response rejected: it contains a DOCTYPE (DTDs are never allowed)"_s);
        case QXmlStreamReader::EntityReference:
            return protocolError(u"EWS response rejected: it contains an entity reference"_s);
        case QXmlStreamReader::StartElement: {
            if (++elements > limits.maxElements)
                return protocolError(u"EWS response rejected: more than %1 elements"_s.arg(limits.maxElements));
            if (stack.size() >= limits.maxDepth)
                return protocolError(u"EWS response rejected: nesting deeper than %1 levels"_s.arg(limits.maxDepth));
            EwsXmlNode *node = nullptr;
            if (stack.isEmpty()) {
                if (haveRoot)
                    return protocolError(u"EWS response has more than one root element"_s);
                haveRoot = true;
                node = &root;
            } else {
                stack.last()->children.append(EwsXmlNode());
                node = &stack.last()->children.last();
            }
            node->ns = reader.namespaceUri().toString();
            node->name = reader.name().toString();
            const auto attrs = reader.attributes();
            node->attributes.reserve(attrs.size());
            for (const auto &a : attrs)
                node->attributes.append({a.name().toString(), a.value().toString()});
            stack.append(node);
            break;
        }
        case QXmlStreamReader::EndElement:
            if (!stack.isEmpty())
                stack.removeLast();
            break;
        case QXmlStreamReader::Characters:
            if (!stack.isEmpty() && !reader.isWhitespace())
                stack.last()->text += reader.text();
            else if (!stack.isEmpty() && !stack.last()->text.isEmpty())
                stack.last()->text += reader.text();
            break;
        default:
            break;
        }
    }
    if (reader.hasError()) {
        return protocolError(u"EWS response is not well-formed XML (line %1: %2)"_s.arg(reader.lineNumber())
                                 .arg(reader.errorString()));
    }
    if (!haveRoot)
        return protocolError(u"EWS response is empty"_s);
    return root;
}

QString EwsXmlNode::attribute(const QString &local) const
{
    for (const auto &[k, v] : attributes) {
        if (k == local)
            return v;
    }
    return {};
}

bool EwsXmlNode::hasAttribute(const QString &local) const
{
    return std::any_of(attributes.cbegin(), attributes.cend(), [&](const auto &a) { return a.first == local; });
}

const EwsXmlNode *EwsXmlNode::child(const QString &local) const
{
    for (const EwsXmlNode &c : children) {
        if (c.name == local)
            return &c;
    }
    return nullptr;
}

QList<const EwsXmlNode *> EwsXmlNode::childrenNamed(const QString &local) const
{
    QList<const EwsXmlNode *> out;
    for (const EwsXmlNode &c : children) {
        if (c.name == local)
            out.append(&c);
    }
    return out;
}

QString EwsXmlNode::childText(const QString &local) const
{
    const EwsXmlNode *c = child(local);
    return c ? c->text : QString();
}

const EwsXmlNode *EwsXmlNode::path(std::initializer_list<QString> locals) const
{
    const EwsXmlNode *n = this;
    for (const QString &l : locals) {
        n = n->child(l);
        if (!n)
            return nullptr;
    }
    return n;
}

} // namespace Liaison
