#include "crm/dataverse/dataversefault.h"

#include "crm/dataverse/dataversejson.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

QString oneLine(QString text)
{
    text.replace(u'\r', u' ').replace(u'\n', u' ');
    text = text.simplified();
    if (text.size() > 300)
        text = text.left(297) + u"..."_s;
    return text;
}

DataverseFault::Kind kindFor(int status, const QString &code)
{
    using Kind = DataverseFault::Kind;
    const QString c = code.toLower();
    if (c == u"0x80040217"_s || c == u"0x80060891"_s)
        return Kind::NotFound;
    if (c == u"0x80060892"_s || c == u"0x80040237"_s)
        return Kind::Duplicate;
    if (c == u"0x80060882"_s)
        return Kind::Conflict;
    if (c == u"0x80040220"_s || c == u"0x80048306"_s)
        return Kind::Privilege;
    if (c == u"0x80072322"_s || c == u"0x80072321"_s || c == u"0x80072326"_s)
        return Kind::Throttled;
    switch (status) {
    case 400: return Kind::InvalidRequest;
    case 401: return Kind::Unauthorized;
    case 403: return Kind::Privilege;
    case 404: return Kind::NotFound;
    case 412: return Kind::Conflict;
    case 429: return Kind::Throttled;
    default: break;
    }
    if (status >= 500 && status <= 599)
        return Kind::ServerBusy;
    return Kind::Other;
}

} // namespace

DataverseFault DataverseFault::read(int httpStatus, const QByteArray &body, const QByteArray &retryAfterHeader)
{
    DataverseFault fault;
    fault.httpStatus = httpStatus;
    // Small limits: an error body is a few hundred bytes; anything else is not a Dataverse error.
    const DataverseJsonLimits limits{256 * 1024, 8, 1000};
    Result<QJsonDocument> doc = DataverseJson::parseObject(body, u"error reply"_s, limits);
    if (doc) {
        const QJsonObject error = doc->object().value(u"error"_s).toObject();
        fault.code = error.value(u"code"_s).toString();
        fault.serverMessage = oneLine(error.value(u"message"_s).toString());
    }
    bool ok = false;
    const int seconds = retryAfterHeader.trimmed().toInt(&ok);
    if (ok && seconds >= 0)
        fault.retryAfterSeconds = seconds;
    fault.kind = kindFor(httpStatus, fault.code);
    return fault;
}

Error DataverseFault::toError(const QString &context) const
{
    const QString codePart = code.isEmpty() ? QString() : u" %1"_s.arg(code);
    const QString said = serverMessage.isEmpty() ? u"HTTP %1"_s.arg(httpStatus)
                                                 : u"%1 (HTTP %2%3)"_s.arg(serverMessage).arg(httpStatus).arg(codePart);
    switch (kind) {
    case Kind::NotFound:
        return Error::notFound(u"%1: the row does not exist in Dataverse: %2"_s.arg(context, said),
                               u"it was deleted or is not shared with the application user; the next sync relinks it"_s);
    case Kind::Duplicate:
        return Error::duplicate(u"%1: a row with the same key already exists: %2"_s.arg(context, said),
                                u"link to the existing row, or upsert by the alternate key"_s);
    case Kind::Conflict:
        return Error::conflict(u"%1: the row changed in Dataverse since it was read: %2"_s.arg(context, said),
                               u"re-read the row and apply the change again"_s);
    case Kind::Privilege:
        return Error::invalid(u"%1: the application user lacks a privilege: %2"_s.arg(context, said),
                              u"add the missing privilege to the application user's security role in the Power "
                              "Platform admin center"_s);
    case Kind::Unauthorized:
        return Error::invalid(u"%1: Dataverse refused the access token: %2"_s.arg(context, said),
                              u"make the app registration an application user of this environment and check the "
                              "tenant id"_s);
    case Kind::InvalidRequest:
        return Error::invalid(u"%1: Dataverse rejected the request: %2"_s.arg(context, said),
                              u"check the field mapping against the table's columns (liaisonctl validates it)"_s);
    case Kind::Throttled: {
        const QString wait = retryAfterSeconds >= 0 ? u"Retry-After %1 s"_s.arg(retryAfterSeconds)
                                                    : u"the back-off interval"_s;
        return Error{Error::Code::Network, u"%1: Dataverse service protection limit hit: %2"_s.arg(context, said),
                     u"Liaison waits %1 and retries; if it persists, lower concurrency or batch size"_s.arg(wait)};
    }
    case Kind::ServerBusy:
        return Error{Error::Code::Network, u"%1: Dataverse is unavailable: %2"_s.arg(context, said),
                     u"Liaison retries later; check the environment's health in the Power Platform admin center"_s};
    case Kind::Other:
        break;
    }
    return Error{Error::Code::Protocol, u"%1: unexpected Dataverse reply: %2"_s.arg(context, said), {}};
}

} // namespace Liaison
