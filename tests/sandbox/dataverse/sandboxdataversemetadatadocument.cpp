#include "sandboxdataversemetadatadocument.h"

namespace Liaison {

namespace {

constexpr const char *kCapabilities = "<Annotation Term=\"Org.OData.Capabilities.V1.";

// The value of attribute `name` in the start tag at the front of `element`.
QByteArray attribute(const QByteArray &element, const QByteArray &name)
{
    const qsizetype tagEnd = element.indexOf('>');
    const QByteArray needle = ' ' + name + "=\"";
    const qsizetype at = element.indexOf(needle);
    if (at < 0 || (tagEnd >= 0 && at > tagEnd))
        return {};
    const qsizetype start = at + needle.size();
    return element.mid(start, element.indexOf('"', start) - start);
}

// The end (one past) of the Annotation element starting at `start`, nested ones included.
qsizetype annotationEnd(const QByteArray &text, qsizetype start)
{
    qsizetype pos = start;
    int depth = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf("<Annotation", pos);
        const qsizetype close = text.indexOf("</Annotation>", pos);
        if (open >= 0 && (close < 0 || open < close)) {
            const qsizetype tagEnd = text.indexOf('>', open);
            if (tagEnd < 0)
                return -1;
            if (text.at(tagEnd - 1) != '/')
                ++depth;
            else if (depth == 0)
                return tagEnd + 1;   // a self-closing annotation on its own
            pos = tagEnd + 1;
        } else if (close >= 0) {
            pos = close + qsizetype(qstrlen("</Annotation>"));
            if (--depth == 0)
                return pos;
        } else {
            return -1;
        }
    }
    return -1;
}

} // namespace

QByteArray SandboxDataverseMetadataDocument::render(const QByteArray &csdl, const SandboxDataverseStore &store,
                                                    bool annotations)
{
    QByteArray out;
    out.reserve(csdl.size());
    qsizetype pos = 0;
    while (true) {
        const qsizetype start = csdl.indexOf("<EntitySet ", pos);
        const qsizetype tagEnd = start < 0 ? -1 : csdl.indexOf('>', start);
        if (tagEnd < 0)
            break;
        if (csdl.at(tagEnd - 1) == '/') {   // <EntitySet .../> has nothing to change
            out += csdl.mid(pos, tagEnd + 1 - pos);
            pos = tagEnd + 1;
            continue;
        }
        const qsizetype end = csdl.indexOf("</EntitySet>", tagEnd);
        if (end < 0)
            break;
        out += csdl.mid(pos, start - pos);
        const QByteArray element = csdl.mid(start, end - start);
        const QString name = QString::fromUtf8(attribute(element, "Name"));
        out += annotations ? withChangeTracking(element, store.changeTracking(name)) : withoutCapabilities(element);
        pos = end;
    }
    out += csdl.mid(pos);
    return out;
}

QByteArray SandboxDataverseMetadataDocument::withChangeTracking(QByteArray entitySet, bool supported)
{
    const qsizetype term = entitySet.indexOf("Term=\"Org.OData.Capabilities.V1.ChangeTracking\"");
    if (term < 0)
        return entitySet;
    const qsizetype end = annotationEnd(entitySet, entitySet.lastIndexOf('<', term));
    const qsizetype property = entitySet.indexOf("Property=\"Supported\"", term);
    const qsizetype value = property < 0 ? -1 : entitySet.indexOf("Bool=\"", property);
    if (value < 0 || (end >= 0 && value > end))
        return entitySet;
    const qsizetype from = value + 6;
    return entitySet.replace(from, entitySet.indexOf('"', from) - from, supported ? "true" : "false");
}

QByteArray SandboxDataverseMetadataDocument::withoutCapabilities(QByteArray entitySet)
{
    qsizetype at = entitySet.indexOf(kCapabilities);
    while (at >= 0) {
        const qsizetype end = annotationEnd(entitySet, at);
        if (end < 0)
            break;
        // Take the annotation's whole line: its indentation and the line break after it.
        qsizetype from = at;
        while (from > 0 && (entitySet.at(from - 1) == ' ' || entitySet.at(from - 1) == '\t'))
            --from;
        qsizetype to = end;
        if (from > 0 && entitySet.at(from - 1) == '\n') {
            if (entitySet.mid(to, 2) == "\r\n")
                to += 2;
            else if (entitySet.mid(to, 1) == "\n")
                to += 1;
        } else {
            from = at;
        }
        entitySet.remove(from, to - from);
        at = entitySet.indexOf(kCapabilities, from);
    }
    return entitySet;
}

} // namespace Liaison
