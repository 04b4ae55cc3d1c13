#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "common/result.h"
#include "mailbox/ews/ewsxmlnode.h"

namespace Liaison {

// A fast append-only XML writer for the EWS sandbox's replies. Unlike QXmlStreamWriter it can
// splice in stored item fragments (serialized "t:" elements) verbatim, which keeps GetItem and
// SyncFolderItems pages cheap at scale.
class SandboxEwsXml
{
public:
    // Starts an element ("m:GetItemResponse"); attributes may follow until content is added.
    SandboxEwsXml &start(const QString &qname);
    SandboxEwsXml &attr(const QString &name, const QString &value);
    SandboxEwsXml &text(const QString &value);
    SandboxEwsXml &element(const QString &qname, const QString &value);
    SandboxEwsXml &raw(const QByteArray &xml);
    SandboxEwsXml &end();
    // Closes every open element.
    QByteArray finish();
    QByteArray &bytes() { return m_out; }

    static QString escape(const QString &value, bool attribute = false);

    // The whole SOAP envelope around a body (ServerVersionInfo in the header, always).
    static QByteArray envelope(const QByteArray &body);
    // An EWS SOAP fault (HTTP 500) with e:ResponseCode and optional BackOffMilliseconds.
    static QByteArray fault(const QString &faultCode, const QString &responseCode, const QString &message,
                            qint64 backOffMs = -1);

    // Serializes a parsed types-namespace element as "t:" markup (attributes and text escaped).
    static QByteArray serialize(const EwsXmlNode &node);
    // Parses one stored fragment (declares the t: prefix around it).
    static Result<EwsXmlNode> parseFragment(const QByteArray &fragment);

private:
    void closePending();
    QByteArray m_out;
    QList<QString> m_stack;
    bool m_pending = false;
};

} // namespace Liaison
