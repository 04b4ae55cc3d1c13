#pragma once

#include "common/result.h"
#include "crm/dataverse/dataversefault.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace Liaison {

// One HTTP response inside a $batch reply.
struct DataverseBatchPart
{
    int group = -1;                 // index of the DataverseBatchWriter group it answers
    bool inChangeSet = false;       // true when it came from a changeset response
    QString contentId;              // the request's Content-ID, when it had one
    int status = 0;                 // 204, 201, 200, 400, 412 ...
    QString reason;                 // "No Content"
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;                // JSON or empty

    bool ok() const { return status >= 200 && status <= 299; }
    QByteArray header(const QByteArray &name) const;   // case-insensitive; empty if absent
    DataverseFault fault() const { return DataverseFault::read(status, body, header("Retry-After")); }
};

struct DataverseBatchLimits
{
    qsizetype maxBytes = 64 * 1024 * 1024;
    int maxParts = 2000;            // 1000 requests plus slack for changeset wrappers
    int maxHeaderLines = 100;       // per part
};

// Reads a $batch reply (multipart/mixed, nested changeset responses). Accepts CRLF and bare LF.
//
// Group numbering follows the top-level parts: a successful changeset is one group holding many
// parts; a failed changeset is answered by one error part for the whole group. Without
// odata.continue-on-error Dataverse stops at the first failure, so groups after it are absent:
// treat them as not executed.
class DataverseBatchReader
{
public:
    // `contentType` is the reply's Content-Type header (carries the boundary).
    static Result<QList<DataverseBatchPart>> read(const QByteArray &contentType, const QByteArray &body,
                                                  const DataverseBatchLimits &limits = {});

    // The boundary parameter of a multipart Content-Type; empty if there is none.
    static QByteArray boundary(const QByteArray &contentType);
};

} // namespace Liaison
