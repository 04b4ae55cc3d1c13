#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonDocument>

namespace Liaison {

// Bounds for untrusted JSON. Checked on the raw bytes before QJsonDocument builds anything,
// so a hostile reply costs one linear scan, not memory.
struct DataverseJsonLimits
{
    qsizetype maxBytes = 64 * 1024 * 1024;   // a 5000-row page with wide rows stays well below this
    int maxDepth = 32;                        // Dataverse rows nest 3-4 levels ($expand adds a few)
    qsizetype maxItems = 500'000;             // array elements plus object members, whole document
};

class DataverseJson
{
public:
    // Parses `body` as a JSON object. Errors name the limit or the parse error and its offset;
    // `what` says what was being read ("contacts page", "token reply").
    static Result<QJsonDocument> parseObject(const QByteArray &body, const QString &what,
                                             const DataverseJsonLimits &limits = {});

    // The scan alone: checks size, depth and item count without parsing.
    static Status checkLimits(const QByteArray &body, const QString &what, const DataverseJsonLimits &limits = {});
};

} // namespace Liaison
