#include "sandboxdataversequeryoptions.h"

#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

QString SandboxDataverseQueryOptions::value(const SandboxRequest &request, const QString &name)
{
    return request.query.queryItemValue(name, QUrl::FullyDecoded);
}

// -1 / 0 / 1 the way Dataverse orders: nulls first, numbers numerically, text case-insensitively.
int SandboxDataverseQueryOptions::compare(const QJsonValue &a, const QJsonValue &b)
{
    const bool aNull = a.isNull() || a.isUndefined();
    const bool bNull = b.isNull() || b.isUndefined();
    if (aNull || bNull)
        return aNull == bNull ? 0 : (aNull ? -1 : 1);
    if (a.isDouble() && b.isDouble())
        return a.toDouble() < b.toDouble() ? -1 : (a.toDouble() > b.toDouble() ? 1 : 0);
    return QString::compare(a.toVariant().toString(), b.toVariant().toString(), Qt::CaseInsensitive);
}

std::optional<QList<std::pair<QString, QString>>> SandboxDataverseQueryOptions::keyValues(const QString &key)
{
    QList<std::pair<QString, QString>> out;
    qsizetype i = 0;
    while (i < key.size()) {
        const qsizetype eq = key.indexOf(u'=', i);
        if (eq <= i || eq + 1 >= key.size() || key.at(eq + 1) != u'\'')
            return std::nullopt;
        const QString column = key.mid(i, eq - i).trimmed();
        QString value;
        qsizetype j = eq + 2;
        for (;; ++j) {
            if (j >= key.size())
                return std::nullopt;   // unterminated literal
            if (key.at(j) == u'\'') {
                if (j + 1 < key.size() && key.at(j + 1) == u'\'') {   // '' is one quote
                    value += u'\'';
                    ++j;
                    continue;
                }
                break;
            }
            value += key.at(j);
        }
        out.append({column, value});
        i = j + 1;
        if (i < key.size()) {
            if (key.at(i) != u',')
                return std::nullopt;
            ++i;
        }
    }
    if (out.isEmpty())
        return std::nullopt;
    return out;
}

SandboxDataverseQueryOptions::Prefer SandboxDataverseQueryOptions::prefer(const SandboxRequest &request)
{
    Prefer prefer;
    for (const SandboxHeader &h : request.headers) {
        if (h.first.compare("Prefer", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &raw : h.second.split(',')) {
            const QByteArray item = raw.trimmed();
            if (item.startsWith("odata.maxpagesize="))
                prefer.maxPageSize = item.mid(18).toInt();
            else if (item == "odata.track-changes")
                prefer.trackChanges = true;
            else if (item.startsWith("odata.include-annotations"))
                prefer.annotations = true;
            else if (item == "return=representation")
                prefer.representation = true;
        }
    }
    return prefer;
}

QStringList SandboxDataverseQueryOptions::select(const SandboxRequest &request)
{
    QStringList select;
    for (const QString &c : value(request, u"$select"_s).split(u',', Qt::SkipEmptyParts))
        select.append(c.trimmed());
    return select;
}

} // namespace Liaison
