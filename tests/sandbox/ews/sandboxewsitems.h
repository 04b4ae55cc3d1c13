#pragma once

#include <QJsonObject>
#include <QSet>

#include "mailbox/ews/ewsxmlnode.h"
#include "sandboxewsstore.h"
#include "sandboxewsxml.h"

namespace Liaison {

// Which properties a reply carries (ItemShape: BaseShape + AdditionalProperties).
struct SandboxEwsShape
{
    bool all = false;          // Default / AllProperties
    QSet<QString> keys;        // property keys (see SandboxEwsItems::keyForFieldUri)
};

// How an expanded occurrence differs from its master when rendered.
struct SandboxEwsOccurrence
{
    QString id;
    QString start;             // xs:dateTime
    QString end;
    QString itemType = QStringLiteral("Occurrence");
    QMap<QString, QByteArray> overrides;   // an exception's own properties (Subject, OriginalStart ...)
};

// Turns request XML into stored item properties and stored items back into schema-ordered XML.
class SandboxEwsItems
{
public:
    static QString keyForFieldUri(const QString &uri);
    static QString extendedKey(const EwsXmlNode &extendedFieldUri);
    // The property key of a FieldURI / IndexedFieldURI / ExtendedFieldURI element.
    static QString keyForPath(const EwsXmlNode &path);
    static SandboxEwsShape readShape(const EwsXmlNode *shape);

    // t:Contact / t:CalendarItem / t:Task with ItemId first, then the shape's properties.
    static void render(SandboxEwsXml &x, const SandboxEwsItem &item, const SandboxEwsShape &shape,
                       const SandboxEwsOccurrence *occurrence = nullptr);

    // The properties of a CreateItem element (ItemId/ParentFolderId etc. are ignored).
    static QMap<QString, QByteArray> propsFromElement(const EwsXmlNode &element);
    // SetItemField / DeleteItemField list -> changed keys (null value = remove). `error` gets
    // an EWS ResponseCode on failure.
    static QMap<QString, QByteArray> propsFromUpdates(const EwsXmlNode &updates, const SandboxEwsItem &item,
                                                      QString *error);

    // Admin API JSON: {"id","changeKey","kind","folderId","crmId","fields":{...}}.
    static QJsonObject toJson(const SandboxEwsItem &item);
    // {"Subject":"..","GivenName":"..","EmailAddresses":[..],"Categories":[..],"Body":"..","crmId":".."};
    // a string value starting with "<t:" is taken as the element's XML.
    static QMap<QString, QByteArray> propsFromJson(const QJsonObject &fields);
    static QByteArray textElement(const QString &name, const QString &text);
    static QByteArray crmIdProperty(const QString &crmId);
    static QString crmIdKey();
};

} // namespace Liaison
