#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

#include "sandboxmessage.h"

namespace Liaison {

// Server-driven paging for one collection request: the page size from Prefer odata.maxpagesize
// (default and cap 5000), and a $skiptoken cookie in Dataverse's shape
// (<cookie pagenumber="2" last="…" …/>) saying where the next page starts.
class SandboxDataversePaging
{
public:
    SandboxDataversePaging(const SandboxRequest &request, int maxPageSize);

    bool isValid() const { return m_valid; }   // false: the $skiptoken was not ours
    int pageSize() const { return m_pageSize; }

    // Rows ordered by primary id: the page after the last id of the previous page.
    QList<QJsonObject> pageAfterId(const QList<QJsonObject> &rows, const QString &primaryId);
    // Rows in a client-chosen order: the page at the previous pages' offset.
    QList<QJsonObject> pageAtOffset(const QList<QJsonObject> &rows);
    // The version a tracked read is pinned to: taken from the cookie, else `current` (first page).
    qint64 snapshotVersion(qint64 current);

    // For pages the caller reads itself (from an index or the change log): where the previous page
    // ended, and where this one ends.
    QString lastId() const { return m_last; }
    qint64 lastVersion() const { return m_last.toLongLong(); }
    void took(const QString &last, bool more)
    {
        m_last = last;
        m_hasMore = more;
    }

    bool hasMore() const { return m_hasMore; }
    // `collectionUrl` + the request's query (minus $skiptoken) + the next page's $skiptoken.
    QString nextLink(const QString &collectionUrl) const;

private:
    const SandboxRequest &m_request;
    int m_pageSize = 5000;
    bool m_valid = true;
    int m_pageNumber = 1;
    QString m_last;
    qint64 m_offset = 0;
    qint64 m_until = 0;
    bool m_hasMore = false;
};

} // namespace Liaison
