#pragma once

#include "mailbox/ews/ewsxmlnode.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

namespace Liaison {

// A property a restriction names: its key (as SandboxEwsItems stores it, or a folder field),
// the dictionary entry and part of an IndexedFieldURI, and how its values compare.
struct SandboxEwsPath
{
    enum class Type { String, Number, Date, Bool };
    QString key;   // "Subject", "EmailAddresses", "ExtendedProperty#<set>#<name>", "DisplayName" ...
    QString index; // IndexedFieldURI FieldIndex ("EmailAddress1", "Business")
    QString part;  // PhysicalAddress part ("City")
    Type type = Type::String;
};

// The FindItem / FindFolder Restriction (restriction.md): And, Or, Not, Exists, Excludes,
// IsEqualTo, IsNotEqualTo, IsGreaterThan(OrEqualTo), IsLessThan(OrEqualTo) and Contains with
// its ContainmentMode and ContainmentComparison, against a constant or another property.
// A comparison on a property the object does not have is false, as in Exchange (MAPI).
// What the sandbox cannot evaluate is refused with the documented response code, never
// ignored: a structured property (recipients, recurrence, ...) is ErrorUnsupportedPathForQuery.
class SandboxEwsRestriction
{
public:
    enum class Target { Items, Folders };
    // A property's values on one object (several for Categories), nullopt when it has none.
    using Values = std::function<std::optional<QStringList>(const SandboxEwsPath &path)>;

    SandboxEwsRestriction();
    ~SandboxEwsRestriction();
    SandboxEwsRestriction(SandboxEwsRestriction &&) noexcept;
    SandboxEwsRestriction &operator=(SandboxEwsRestriction &&) noexcept;

    // m:Restriction (nullptr = none). A parse failure leaves `error` (a ResponseCode, with
    // `errorText`) or `fault` (a schema validation failure's text).
    static SandboxEwsRestriction parse(const EwsXmlNode *restriction, Target target);

    bool isEmpty() const;
    bool matches(const Values &values) const;
    // Whether nothing can match without the property `key` (the CrmId lookup skips generated items).
    bool needsProperty(const QString &key) const;

    QString error;
    QString errorText;
    QString fault;

    struct Node;

private:
    std::unique_ptr<Node> m_root;
};

} // namespace Liaison
