#pragma once

#include "common/result.h"
#include "crm/dataverse/dataverserequest.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Liaison {

// Writes a Web API $batch body (multipart/mixed, CRLF line ends). Each addRequest()/addChangeSet()
// call is one "group"; DataverseBatchReader reports replies by the same group index, so a failed
// changeset (which Dataverse answers with a single error part) maps back to all of its writes.
class DataverseBatchWriter
{
public:
    static constexpr int kMaxRequests = 1000;   // Dataverse refuses bigger batches

    // `boundaryId` makes the output predictable for tests; empty picks a random UUID.
    explicit DataverseBatchWriter(const QString &boundaryId = {});

    // A request on its own (GETs go here: changesets may not contain them). Returns the group index.
    int addRequest(const DataverseRequest &request);
    // An atomic group of writes. Part i gets Content-ID firstContentId + i (unique in the batch), so a
    // later part of the same changeset may use "$<id>" as its path or in an @odata.bind value.
    // Returns the group index; the Content-IDs are available from contentIds().
    int addChangeSet(const QList<DataverseRequest> &requests);
    QList<int> contentIds(int group) const;       // empty for a group that is not a changeset
    // The Content-ID the next changeset part will get (to build "$n" references up front).
    int nextContentId() const { return m_nextContentId; }

    int groupCount() const { return m_groups.size(); }
    int requestCount() const;

    // POST $batch. Refuses an empty batch, more than 1000 requests, and GETs inside a changeset.
    // continueOnError adds "Prefer: odata.continue-on-error" so one failure does not stop the rest.
    Result<DataverseRequest> request(bool continueOnError = false) const;
    QByteArray contentType() const;

private:
    struct Group
    {
        bool changeSet = false;
        QList<DataverseRequest> requests;
        QList<int> contentIds;
    };

    void writePart(QByteArray &out, const DataverseRequest &request, int contentId) const;

    QString m_batchId;
    QList<Group> m_groups;
    int m_nextContentId = 1;
};

} // namespace Liaison
