#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Liaison {

// Task completion as Exchange keeps it (percentcomplete.md, completedate.md, status.md):
// Status, PercentComplete and CompleteDate set one another, and in a request that sets more
// than one of them the last one processed decides. PercentComplete 100, a CompleteDate or
// Status Completed complete the task (100 %, Completed, CompleteDate now unless given);
// Status NotStarted or PercentComplete 0 reopen it as not started, a PercentComplete between
// them as in progress; reopening clears CompleteDate. IsComplete is derived (read-only).
class SandboxEwsTasks
{
public:
    // `delta` (property key -> serialized element, null = removed) is about to be applied over
    // `before`; `order` lists the keys in the order the request set them. Adds what the
    // completion properties imply to `delta`.
    static void applyCompletion(const QMap<QString, QByteArray> &before, QMap<QString, QByteArray> &delta,
                                const QStringList &order);
    static bool isCompletionKey(const QString &key);
};

} // namespace Liaison
