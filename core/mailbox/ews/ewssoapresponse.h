#pragma once

// A parsed EWS SOAP response: the bounded XML tree, the SOAP fault if any, ServerVersionInfo,
// and the per-item ResponseMessages (so a batch can partly fail). Operation classes turn it
// into typed results; the transport looks at fault()/backOff for throttling first.

#include "mailbox/ews/ewsresponsecode.h"
#include "mailbox/ews/ewsxmlnode.h"

#include <optional>

namespace Liaison {

struct EwsServerVersion
{
    int majorVersion = 0;
    int minorVersion = 0;
    int majorBuild = 0;
    int minorBuild = 0;
    QString version;           // "V2018_01_08", "Exchange2013_SP1", ...
};

struct EwsFault
{
    QString faultCode;         // "a:ErrorServerBusy", "soap:Client", ...
    QString faultString;
    QString responseCode;      // detail/e:ResponseCode, e.g. ErrorServerBusy (may be empty)
    QString message;           // detail/e:Message
    qint64 backOffMs = -1;     // detail/t:MessageXml/t:Value[@Name=BackOffMilliseconds]
};

// One m:*ResponseMessage: the per-item status.
struct EwsStatus
{
    QString responseClass = QStringLiteral("Success"); // Success | Warning | Error
    QString responseCode = QStringLiteral("NoError");
    QString messageText;
    qint64 backOffMs = -1;

    bool isError() const { return responseClass == QLatin1String("Error"); }
    Error describe(const QString &account = {}, const QString &mailbox = {}) const
    {
        return EwsResponseCode::describe(responseCode, messageText, account, mailbox);
    }
};

// Per-item result of a batch: status, and the value when the item succeeded.
template<typename T>
struct EwsOutcome
{
    EwsStatus status;
    std::optional<T> value;
    bool ok() const { return !status.isError() && value.has_value(); }
};

class EwsSoapResponse
{
public:
    static Result<EwsSoapResponse> parse(const QByteArray &xml, const EwsXmlLimits &limits = {});

    const EwsXmlNode &envelope() const { return m_envelope; }
    const std::optional<EwsFault> &fault() const { return m_fault; }
    const std::optional<EwsServerVersion> &serverVersion() const { return m_serverVersion; }

    // The Body's operation element (m:GetItemResponse ...), nullptr on a fault.
    const EwsXmlNode *operation() const;
    // Every m:*ResponseMessage in order, with its status. Pointers live as long as this object.
    QList<std::pair<EwsStatus, const EwsXmlNode *>> responseMessages() const;

    // The fault as an Error (message + admin fix); call only when fault() is set.
    Error faultError(const QString &account = {}, const QString &mailbox = {}) const;

    // Checks the response is for `operation` ("GetItem") and is not a fault; the message
    // elements are then read with responseMessages().
    Status expect(const QString &operation, const QString &account = {}, const QString &mailbox = {}) const;

    static EwsStatus readStatus(const EwsXmlNode &message);
    static qint64 readBackOff(const EwsXmlNode *messageXml);

private:
    EwsXmlNode m_envelope;
    std::optional<EwsFault> m_fault;
    std::optional<EwsServerVersion> m_serverVersion;
};

} // namespace Liaison
