#include "sandboxdataversepaging.h"

#include <QUrl>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

SandboxDataversePaging::SandboxDataversePaging(const SandboxRequest &request, int maxPageSize)
    : m_request(request), m_pageSize(maxPageSize > 0 ? qMin(maxPageSize, 5000) : 5000)
{
    const QString token = request.query.queryItemValue(u"$skiptoken"_s, QUrl::FullyDecoded);
    if (token.isEmpty())
        return;
    QXmlStreamReader xml(token);
    if (!xml.readNextStartElement() || xml.name() != u"cookie"_s) {
        m_valid = false;
        return;
    }
    const QXmlStreamAttributes a = xml.attributes();
    bool ok = true;
    m_pageNumber = a.value(u"pagenumber"_s).toInt(&ok);
    m_valid = ok && m_pageNumber > 1;
    m_last = a.value(u"last"_s).toString();
    m_offset = a.value(u"offset"_s).toLongLong();
    m_until = a.value(u"until"_s).toLongLong();
}

QList<QJsonObject> SandboxDataversePaging::pageAfterId(const QList<QJsonObject> &rows, const QString &primaryId)
{
    QList<QJsonObject> page;
    for (const QJsonObject &row : rows) {
        const QString id = row.value(primaryId).toString();
        if (!m_last.isEmpty() && id <= m_last)
            continue;
        if (page.size() == m_pageSize) {
            m_hasMore = true;
            break;
        }
        page.append(row);
    }
    if (!page.isEmpty())
        m_last = page.last().value(primaryId).toString();
    return page;
}

QList<QJsonObject> SandboxDataversePaging::pageAtOffset(const QList<QJsonObject> &rows)
{
    const QList<QJsonObject> page = rows.mid(m_offset, m_pageSize);
    m_offset += page.size();
    m_hasMore = m_offset < rows.size();
    return page;
}

qint64 SandboxDataversePaging::snapshotVersion(qint64 current)
{
    if (m_until <= 0)
        m_until = current;
    return m_until;
}

QString SandboxDataversePaging::nextLink(const QString &collectionUrl) const
{
    QString link = collectionUrl + u'?';
    for (const auto &[name, value] : m_request.query.queryItems(QUrl::FullyDecoded)) {
        if (name == u"$skiptoken"_s)
            continue;
        link += name + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(value, "$'(),:")) + u'&';
    }
    QString cookie = u"<cookie pagenumber=\"%1\" last=\"%2\" offset=\"%3\""_s.arg(m_pageNumber + 1).arg(m_last).arg(m_offset);
    if (m_until > 0)
        cookie += u" until=\"%1\""_s.arg(m_until);
    cookie += u" istracking=\"%1\" />"_s.arg(m_until > 0 ? u"True"_s : u"False"_s);
    return link + u"$skiptoken="_s + QString::fromLatin1(QUrl::toPercentEncoding(cookie));
}

} // namespace Liaison
