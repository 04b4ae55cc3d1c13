// DataverseConnector: the activity parties of appointments and emails, read after their rows.
#include "crm/dataverse/dataverseactivityparties.h"
#include "crm/dataverse/dataverseconnector.h"
#include "crm/dataverse/dataversereader.h"

#include <QHash>
#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

// What one attach round collects; shared by the chunk queries it runs in parallel.
struct PartyRound
{
    QList<CrmRecord> records;
    QHash<QString, QList<CrmActivityParty>> byActivity;
    int pending = 0;
    bool failed = false;
    std::function<void(Result<QList<CrmRecord>>)> done;
};

// A stable order, so that a re-read of unchanged parties compares equal.
void sortParties(QList<CrmActivityParty> &parties)
{
    std::sort(parties.begin(), parties.end(), [](const CrmActivityParty &a, const CrmActivityParty &b) {
        const int ma = DataverseActivityParties::mask(a.role), mb = DataverseActivityParties::mask(b.role);
        if (ma != mb)
            return ma < mb;
        if (a.address != b.address)
            return a.address < b.address;
        return a.id < b.id;
    });
}

} // namespace

void DataverseConnector::attachParties(QList<CrmRecord> records,
                                       std::function<void(Result<QList<CrmRecord>>)> done)
{
    QStringList ids;
    for (const CrmRecord &r : records)
        if (DataverseActivityParties::hasParties(r.entity))
            ids << r.id;
    if (ids.isEmpty())
        return done(std::move(records));
    auto round = std::make_shared<PartyRound>();
    round->records = std::move(records);
    round->done = std::move(done);
    round->pending = int((ids.size() + DataverseActivityParties::kIdsPerQuery - 1) /
                         DataverseActivityParties::kIdsPerQuery);
    for (qsizetype at = 0; at < ids.size(); at += DataverseActivityParties::kIdsPerQuery) {
        Result<DataverseRequest> request = DataverseActivityParties::query(
            ids.mid(at, DataverseActivityParties::kIdsPerQuery), m_options.pageSize);
        if (!request) {
            round->failed = true;
            return later<QList<CrmRecord>>(round->done, request.error());
        }
        readParties(*request, round);
    }
}

void DataverseConnector::readParties(const DataverseRequest &request, std::shared_ptr<void> state)
{
    auto round = std::static_pointer_cast<PartyRound>(state);
    static const DataverseEntityInfo partyTable = DataverseEntityInfo::forLogicalName(u"activityparty"_s);
    call(request, u"Parties"_s, [this, round](const Reply &r) {
        if (round->failed)
            return;
        Result<DataverseCollection> page = Error{};
        if (auto e = failure(r, u"read activity parties"_s))
            page = *e;
        else
            page = DataverseReader::readCollection(r.body, partyTable);
        if (!page) {
            round->failed = true;
            return round->done(page.error());
        }
        for (const CrmRecord &row : page->rows) {
            QString activityId;
            const CrmActivityParty party = DataverseActivityParties::fromRow(row.fields, &activityId);
            round->byActivity[activityId].append(party);
        }
        if (!page->nextLink.isEmpty()) { // many parties on these activities: the chunk goes on
            Result<DataverseRequest> next =
                DataverseRequest::followLink(page->nextLink, m_root, m_options.pageSize, false);
            if (!next) {
                round->failed = true;
                return round->done(next.error());
            }
            return readParties(*next, round);
        }
        if (--round->pending > 0)
            return;
        for (CrmRecord &record : round->records) {
            if (!DataverseActivityParties::hasParties(record.entity))
                continue;
            record.parties = round->byActivity.value(record.id);
            sortParties(record.parties);
        }
        round->done(std::move(round->records));
    });
}

} // namespace Liaison
