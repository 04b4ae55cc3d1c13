#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>

namespace Liaison {

// The opaque CrmChangeSet::nextToken of the Dataverse connector. It records how the table is read,
// so a token stays valid when the connector's per-table choice is remembered elsewhere:
//   ChangeTracking: the @odata.nextLink (more pages) or @odata.deltaLink (next round), verbatim.
//   Watermark:      tables without change tracking are read by modifiedon >= since; `newest` carries
//                   the newest modifiedon seen over the pages of one round, `link` the nextLink.
// Text form: "dvct;1;<link>" or "dvwm;1;<since ISO>;<newest ISO>;<link>" (empty fields allowed).
struct DataverseChangeToken
{
    enum class Mode { Initial, ChangeTracking, Watermark };

    Mode mode = Mode::Initial;
    QString link;
    QDateTime since;      // Watermark: invalid = the first, full read
    QDateTime newest;     // Watermark: newest modifiedon seen in this round so far

    QString encode() const;
    // Empty text is Initial; anything not written by encode() is refused (Invalid, says to resync).
    static Result<DataverseChangeToken> decode(const QString &text);
};

} // namespace Liaison
