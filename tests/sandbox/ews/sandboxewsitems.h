#pragma once

#include <QJsonObject>
#include <QSet>

#include "mailbox/ews/ewsxmlnode.h"
#include "sandboxewsrestriction.h"
#include "sandboxewsstore.h"
#include "sandboxewsxml.h"

namespace Liaison {

// Which properties a reply carries (ItemShape: BaseShape + AdditionalProperties), as Exchange
// shapes them: Default is a short per-type list, AllProperties the first-class properties;
// neither ever carries an extended property, which comes only when asked for by path.
struct SandboxEwsShape
{
    enum class Base { IdOnly, Default, AllProperties };
    // Where the shape is used: FindItem and SyncFolderItems never return bodies, attachments or
    // recipient lists (a summary); FindItem gives From, Sender and Organizer by Name only.
    enum class Use { GetItem, FindItem, SyncFolderItems };
    Base base = Base::IdOnly;
    Use use = Use::GetItem;
    QSet<QString> keys;        // AdditionalProperties (see SandboxEwsItems::keyForFieldUri)
    QString error;             // a ResponseCode: the shape asks for what the operation cannot return
    QString fault;             // a schema fault's text: a FieldURI the schema does not know

    bool summary() const { return use != Use::GetItem; }
    bool anyProperty() const { return base != Base::IdOnly || !keys.isEmpty(); }
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
    static SandboxEwsShape readShape(const EwsXmlNode *shape, SandboxEwsShape::Use use = SandboxEwsShape::Use::GetItem);
    // A t:FieldURI / t:IndexedFieldURI whose FieldURI types.xsd lists (ExtendedFieldURI: true).
    static bool schemaKnows(const EwsXmlNode &path);
    // The SOAP fault text Exchange gives for a FieldURI outside the schema.
    static QString unknownFieldUriFault(const EwsXmlNode &path);

    // A property's values for a restriction (SandboxEwsRestriction::Values): stored or derived,
    // an extended property's Value(s), a dictionary entry, Categories' strings; nullopt if absent.
    static std::optional<QStringList> valuesOf(const SandboxEwsItem &item, const SandboxEwsPath &path);

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
