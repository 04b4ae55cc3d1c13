#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QString>

namespace Liaison {

// A failed Dataverse call: {"error":{"code":"0x80040217","message":"..."}} plus the HTTP status,
// sorted into the few cases the engine acts on differently.
struct DataverseFault
{
    enum class Kind {
        NotFound,            // 404, 0x80040217 ObjectDoesNotExist, 0x80060891 key not found
        Duplicate,           // 0x80060892 alternate key taken, 0x80040237 duplicate record
        Conflict,            // 412 etag mismatch (0x80060882), or If-None-Match:* on an existing row
        Privilege,           // 403, 0x80040220, 0x80048306: the application user's role lacks a privilege
        Unauthorized,        // 401: token refused
        InvalidRequest,      // 400: bad payload (0x80048d19), validation (0x80044331), unknown column ...
        Throttled,           // 429 service protection: 0x80072322 requests, 0x80072321 time, 0x80072326 concurrency
        ServerBusy,          // 5xx
        Other,
    };

    int httpStatus = 0;
    QString code;            // "0x80040217"; empty when the body had none
    QString serverMessage;   // the server's message, one line, at most 300 characters
    Kind kind = Kind::Other;
    int retryAfterSeconds = -1;   // from Retry-After, when sent

    // Worth retrying later unchanged (throttling, 5xx).
    bool isTransient() const { return kind == Kind::Throttled || kind == Kind::ServerBusy; }

    // The one-line, actionable Error; `context` names the operation ("update contact 1234…").
    Error toError(const QString &context) const;

    // Reads any error reply; a body that is not Dataverse JSON still yields a fault from the status.
    static DataverseFault read(int httpStatus, const QByteArray &body, const QByteArray &retryAfterHeader = {});
};

} // namespace Liaison
