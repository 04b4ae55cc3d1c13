#include "crm/dataverse/dataversebatchwriter.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

// Headers the outer batch request already carries, or that only make sense on a real connection.
bool isOuterOnlyHeader(const QByteArray &name)
{
    static const QByteArrayList outer = {"OData-MaxVersion", "OData-Version", "Accept", "Content-Length",
                                         "Authorization", "Host"};
    for (const QByteArray &o : outer)
        if (name.compare(o, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

DataverseBatchWriter::DataverseBatchWriter(const QString &boundaryId)
    : m_batchId(boundaryId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : boundaryId)
{
}

int DataverseBatchWriter::addRequest(const DataverseRequest &request)
{
    m_groups.append(Group{false, {request}, {}});
    return m_groups.size() - 1;
}

int DataverseBatchWriter::addChangeSet(const QList<DataverseRequest> &requests)
{
    Group g;
    g.changeSet = true;
    g.requests = requests;
    for (qsizetype i = 0; i < requests.size(); ++i)
        g.contentIds.append(m_nextContentId++);
    m_groups.append(g);
    return m_groups.size() - 1;
}

QList<int> DataverseBatchWriter::contentIds(int group) const
{
    return group >= 0 && group < m_groups.size() ? m_groups.at(group).contentIds : QList<int>();
}

int DataverseBatchWriter::requestCount() const
{
    int n = 0;
    for (const Group &g : m_groups)
        n += g.requests.size();
    return n;
}

QByteArray DataverseBatchWriter::contentType() const
{
    return "multipart/mixed; boundary=batch_" + m_batchId.toLatin1();
}

void DataverseBatchWriter::writePart(QByteArray &out, const DataverseRequest &request, int contentId) const
{
    out += "Content-Type: application/http\r\n"
           "Content-Transfer-Encoding: binary\r\n";
    if (contentId > 0)
        out += "Content-ID: " + QByteArray::number(contentId) + "\r\n";
    out += "\r\n";

    // Relative paths are written from the server root; "$n" references and absolute links stay as they are.
    QByteArray target = request.path.toUtf8();
    if (!target.startsWith('$') && !target.startsWith("https://") && !target.startsWith("http://"))
        target.prepend(DataverseRequest::kApiPath);
    out += request.method + ' ' + target + " HTTP/1.1\r\n";
    for (const auto &[name, value] : request.headers) {
        if (isOuterOnlyHeader(name))
            continue;
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            out += "Content-Type: application/json; type=entry\r\n";
        else
            out += name + ": " + value + "\r\n";
    }
    if (!request.body.isEmpty())
        out += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n";
    out += "\r\n";
    out += request.body;
    out += "\r\n";
}

Result<DataverseRequest> DataverseBatchWriter::request(bool continueOnError) const
{
    const int count = requestCount();
    if (count == 0)
        return Error::invalid(u"a $batch needs at least one request"_s);
    if (count > kMaxRequests)
        return Error::invalid(u"a $batch holds at most %1 requests; this one has %2"_s.arg(kMaxRequests).arg(count),
                              u"split the writes over several batches"_s);
    for (const Group &g : m_groups) {
        if (!g.changeSet)
            continue;
        if (g.requests.isEmpty())
            return Error::invalid(u"a $batch changeset is empty"_s);
        for (const DataverseRequest &r : g.requests)
            if (r.method == "GET")
                return Error::invalid(u"a GET of '%1' cannot go in a changeset"_s.arg(r.path.left(80)),
                                      u"add it with addRequest() instead"_s);
    }

    const QByteArray batchBoundary = "batch_" + m_batchId.toLatin1();
    QByteArray out;
    int changeSetNo = 0;
    for (const Group &g : m_groups) {
        out += "--" + batchBoundary + "\r\n";
        if (!g.changeSet) {
            writePart(out, g.requests.first(), 0);
            continue;
        }
        const QByteArray csBoundary = "changeset_" + m_batchId.toLatin1() + '_' + QByteArray::number(++changeSetNo);
        out += "Content-Type: multipart/mixed; boundary=" + csBoundary + "\r\n\r\n";
        for (qsizetype i = 0; i < g.requests.size(); ++i) {
            out += "--" + csBoundary + "\r\n";
            writePart(out, g.requests.at(i), g.contentIds.at(i));
        }
        out += "--" + csBoundary + "--\r\n";
    }
    out += "--" + batchBoundary + "--\r\n";

    DataverseRequest batch;
    batch.method = "POST";
    batch.path = u"$batch"_s;
    DataverseRequest::addODataHeaders(batch);
    batch.setHeader("Content-Type", contentType());
    if (continueOnError)
        batch.setHeader("Prefer", "odata.continue-on-error");
    batch.body = out;
    return batch;
}

} // namespace Liaison
