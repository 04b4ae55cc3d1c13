#include "crm/dataverse/dataversechangetoken.h"

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

QString isoText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

Error badToken()
{
    return Error::invalid(u"the stored Dataverse change token is not one this version of Liaison wrote"_s,
                          u"discard the token and run a full sync"_s);
}

} // namespace

QString DataverseChangeToken::encode() const
{
    switch (mode) {
    case Mode::Initial:
        return {};
    case Mode::ChangeTracking:
        return u"dvct;1;"_s + link;
    case Mode::Watermark:
        return u"dvwm;1;"_s + isoText(since) + u';' + isoText(newest) + u';' + link;
    }
    return {};
}

Result<DataverseChangeToken> DataverseChangeToken::decode(const QString &text)
{
    DataverseChangeToken token;
    if (text.isEmpty())
        return token;
    if (text.startsWith(u"dvct;1;"_s)) {
        token.mode = Mode::ChangeTracking;
        token.link = text.mid(7);
        return token;
    }
    if (!text.startsWith(u"dvwm;1;"_s))
        return badToken();
    // Two date fields, then the link (which may itself contain ';').
    const qsizetype a = text.indexOf(u';', 7);
    const qsizetype b = a < 0 ? -1 : text.indexOf(u';', a + 1);
    if (b < 0)
        return badToken();
    const QString since = text.mid(7, a - 7);
    const QString newest = text.mid(a + 1, b - a - 1);
    token.mode = Mode::Watermark;
    token.since = QDateTime::fromString(since, Qt::ISODateWithMs);
    token.newest = QDateTime::fromString(newest, Qt::ISODateWithMs);
    if ((!since.isEmpty() && !token.since.isValid()) || (!newest.isEmpty() && !token.newest.isValid()))
        return badToken();
    token.link = text.mid(b + 1);
    return token;
}

} // namespace Liaison
