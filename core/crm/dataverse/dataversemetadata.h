#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Liaison {

// A column of an entity type in $metadata.
struct DataverseProperty
{
    QString name;             // "firstname", "_parentcustomerid_value", "new_region"
    QString type;             // "Edm.String", "Edm.Int32", "Edm.DateTimeOffset" ...
    int maxLength = -1;       // Edm.String MaxLength when declared
    bool nullable = true;
    bool readOnly = false;    // Core.V1.Permissions = Read (e.g. fullname, createdon, modifiedon)
    bool computed = false;    // Core.V1.Computed
    QString lookupNavigation; // for _x_value: a navigation property bound to it by ReferentialConstraint

    bool isLookup() const { return name.startsWith(u'_') && name.endsWith(QLatin1String("_value")); }
};

struct DataverseNavigationProperty
{
    QString name;             // "parentcustomerid_account"
    QString targetType;       // "account" (namespace and Collection() stripped)
    bool collection = false;
    QString foreignKey;       // "_parentcustomerid_value" from ReferentialConstraint, if any
};

struct DataverseEntityType
{
    QString name;             // "contact"
    QString baseType;         // "crmbaseentity" (namespace stripped); empty for none
    bool isAbstract = false;
    QStringList keys;         // own <Key> only; see DataverseMetadata::keys() for inherited ones
    QList<DataverseProperty> properties;
    QList<DataverseNavigationProperty> navigationProperties;
};

// What a $metadata document says about entity types and entity sets. Lookups follow BaseType,
// so task inherits subject and scheduledend from activitypointer.
class DataverseMetadata
{
public:
    void addEntityType(const DataverseEntityType &type);
    void addEntitySet(const QString &setName, const QString &typeName);

    const DataverseEntityType *entityType(const QString &name) const;
    QStringList entityTypeNames() const;
    QString entityTypeOfSet(const QString &setName) const;    // "contacts" -> "contact"; empty if unknown
    QString entitySetOf(const QString &typeName) const;       // "contact" -> "contacts"; empty if none
    QStringList entitySetNames() const;
    // The entity set's Org.OData.Capabilities.V1.ChangeTracking/Supported; nullopt when $metadata
    // does not say (current Dataverse only annotates when asked with ?annotations=true).
    void setChangeTrackingSupported(const QString &setName, bool supported);
    std::optional<bool> changeTrackingSupported(const QString &setName) const;

    // A property of `typeName` or of one of its base types.
    std::optional<DataverseProperty> property(const QString &typeName, const QString &propertyName) const;
    std::optional<DataverseNavigationProperty> navigationProperty(const QString &typeName,
                                                                  const QString &name) const;
    QStringList keys(const QString &typeName) const;           // the first <Key> up the BaseType chain
    QList<DataverseProperty> allProperties(const QString &typeName) const;   // own first, then inherited

private:
    QHash<QString, DataverseEntityType> m_types;
    QHash<QString, QString> m_setToType;
    QHash<QString, QString> m_typeToSet;
    QHash<QString, bool> m_changeTracking;   // entity set -> Supported
};

} // namespace Liaison
