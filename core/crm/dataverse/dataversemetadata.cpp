#include "crm/dataverse/dataversemetadata.h"

#include <QSet>
#include <algorithm>

namespace Liaison {
namespace {

constexpr int kMaxBaseDepth = 16; // guards against a BaseType cycle in a hostile document

} // namespace

void DataverseMetadata::addEntityType(const DataverseEntityType &type)
{
    m_types.insert(type.name, type);
}

void DataverseMetadata::addEntitySet(const QString &setName, const QString &typeName)
{
    m_setToType.insert(setName, typeName);
    if (!m_typeToSet.contains(typeName))
        m_typeToSet.insert(typeName, setName);
}

const DataverseEntityType *DataverseMetadata::entityType(const QString &name) const
{
    auto it = m_types.constFind(name);
    return it == m_types.cend() ? nullptr : &it.value();
}

QStringList DataverseMetadata::entityTypeNames() const
{
    QStringList names = m_types.keys();
    std::sort(names.begin(), names.end());
    return names;
}

QString DataverseMetadata::entityTypeOfSet(const QString &setName) const
{
    return m_setToType.value(setName);
}

QString DataverseMetadata::entitySetOf(const QString &typeName) const
{
    return m_typeToSet.value(typeName);
}

void DataverseMetadata::setChangeTrackingSupported(const QString &setName, bool supported)
{
    m_changeTracking.insert(setName, supported);
}

std::optional<bool> DataverseMetadata::changeTrackingSupported(const QString &setName) const
{
    const auto it = m_changeTracking.constFind(setName);
    return it == m_changeTracking.constEnd() ? std::nullopt : std::optional<bool>(*it);
}

QStringList DataverseMetadata::entitySetNames() const
{
    QStringList names = m_setToType.keys();
    std::sort(names.begin(), names.end());
    return names;
}

std::optional<DataverseProperty> DataverseMetadata::property(const QString &typeName,
                                                             const QString &propertyName) const
{
    const DataverseEntityType *type = entityType(typeName);
    for (int depth = 0; type && depth < kMaxBaseDepth; ++depth) {
        for (const DataverseProperty &p : type->properties)
            if (p.name == propertyName)
                return p;
        type = type->baseType.isEmpty() ? nullptr : entityType(type->baseType);
    }
    return std::nullopt;
}

std::optional<DataverseNavigationProperty> DataverseMetadata::navigationProperty(const QString &typeName,
                                                                                 const QString &name) const
{
    const DataverseEntityType *type = entityType(typeName);
    for (int depth = 0; type && depth < kMaxBaseDepth; ++depth) {
        for (const DataverseNavigationProperty &n : type->navigationProperties)
            if (n.name == name)
                return n;
        type = type->baseType.isEmpty() ? nullptr : entityType(type->baseType);
    }
    return std::nullopt;
}

QStringList DataverseMetadata::keys(const QString &typeName) const
{
    const DataverseEntityType *type = entityType(typeName);
    for (int depth = 0; type && depth < kMaxBaseDepth; ++depth) {
        if (!type->keys.isEmpty())
            return type->keys;
        type = type->baseType.isEmpty() ? nullptr : entityType(type->baseType);
    }
    return {};
}

QList<DataverseProperty> DataverseMetadata::allProperties(const QString &typeName) const
{
    QList<DataverseProperty> result;
    QSet<QString> seen;
    const DataverseEntityType *type = entityType(typeName);
    for (int depth = 0; type && depth < kMaxBaseDepth; ++depth) {
        for (const DataverseProperty &p : type->properties)
            if (!seen.contains(p.name)) {
                seen.insert(p.name);
                result.append(p);
            }
        type = type->baseType.isEmpty() ? nullptr : entityType(type->baseType);
    }
    return result;
}

} // namespace Liaison
