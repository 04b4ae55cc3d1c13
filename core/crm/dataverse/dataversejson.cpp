#include "crm/dataverse/dataversejson.h"

#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

Error protocolError(const QString &message, const QString &fix = {})
{
    return Error{Error::Code::Protocol, message, fix};
}

} // namespace

Status DataverseJson::checkLimits(const QByteArray &body, const QString &what, const DataverseJsonLimits &limits)
{
    if (body.size() > limits.maxBytes)
        return protocolError(u"%1 is %2 bytes, over the %3-byte limit"_s.arg(what).arg(body.size()).arg(limits.maxBytes),
                             u"request fewer rows per page (Prefer: odata.maxpagesize) or fewer columns"_s);

    int depth = 0;
    qsizetype items = 0;
    bool inString = false;
    bool escaped = false;
    bool sawValueInContainer = false;   // a container that already holds a value counts ',' as a new item
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body.at(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            sawValueInContainer = true;
            break;
        case '{':
        case '[':
            if (++depth > limits.maxDepth)
                return protocolError(u"%1 nests deeper than %2 levels (at byte %3)"_s.arg(what).arg(limits.maxDepth).arg(i));
            sawValueInContainer = false;
            break;
        case '}':
        case ']':
            if (sawValueInContainer)
                ++items;
            --depth;
            sawValueInContainer = true;
            break;
        case ',':
            ++items;
            break;
        case ' ': case '\t': case '\r': case '\n': case ':':
            break;
        default:
            sawValueInContainer = true;
            break;
        }
        if (items > limits.maxItems)
            return protocolError(u"%1 has more than %2 items"_s.arg(what).arg(limits.maxItems),
                                 u"request fewer rows per page (Prefer: odata.maxpagesize)"_s);
    }
    return {};
}

Result<QJsonDocument> DataverseJson::parseObject(const QByteArray &body, const QString &what,
                                                 const DataverseJsonLimits &limits)
{
    if (body.trimmed().isEmpty())
        return protocolError(u"%1 is empty; expected a JSON object"_s.arg(what));
    if (Status s = checkLimits(body, what, limits); !s)
        return s.error();

    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return protocolError(u"%1 is not valid JSON: %2 at byte %3"_s.arg(what, parseError.errorString())
                                 .arg(parseError.offset));
    if (!doc.isObject())
        return protocolError(u"%1 is JSON but not an object"_s.arg(what));
    return doc;
}

} // namespace Liaison
