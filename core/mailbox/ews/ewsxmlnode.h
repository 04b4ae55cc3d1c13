#pragma once

// A small, bounded XML tree for EWS responses. Parsing refuses DTDs and entity references
// outright (no XXE, no billion laughs) and caps depth, element count and input size, so a
// hostile or broken server yields an Error, never a crash or a memory blow-up.

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <utility>

namespace Liaison {

struct EwsXmlLimits
{
    int maxDepth = 64;
    int maxElements = 200000;
    qsizetype maxBytes = 64 * 1024 * 1024;
};

class EwsXmlNode
{
public:
    QString ns;
    QString name;      // local name
    QString text;      // concatenated character data (direct children only)
    QList<std::pair<QString, QString>> attributes; // local name -> value (namespaces ignored)
    QList<EwsXmlNode> children;

    static Result<EwsXmlNode> parse(const QByteArray &xml, const EwsXmlLimits &limits = {});

    bool is(const QString &ns_, const QString &local) const { return ns == ns_ && name == local; }
    QString attribute(const QString &local) const;
    bool hasAttribute(const QString &local) const;
    // First direct child with this local name (any namespace), or nullptr.
    const EwsXmlNode *child(const QString &local) const;
    QList<const EwsXmlNode *> childrenNamed(const QString &local) const;
    // Text of the first direct child with this local name ("" when absent).
    QString childText(const QString &local) const;
    // Walks a path of local names: path({u"Body", u"Fault"}).
    const EwsXmlNode *path(std::initializer_list<QString> locals) const;
};

} // namespace Liaison
