#include "crm/dataverse/dataversemetadatareader.h"

#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

Error metadataError(const QString &message)
{
    return Error{Error::Code::Protocol, u"$metadata: "_s + message,
                 u"fetch $metadata again; if it repeats, report the environment's version"_s};
}

// "Microsoft.Dynamics.CRM.contact" / "mscrm.contact" -> "contact"; "Collection(mscrm.x)" -> "x".
QString unqualified(QString typeName, bool *collection = nullptr)
{
    const bool isCollection = typeName.startsWith(u"Collection("_s) && typeName.endsWith(u')');
    if (isCollection)
        typeName = typeName.mid(11, typeName.size() - 12);
    if (collection)
        *collection = isCollection;
    const qsizetype dot = typeName.lastIndexOf(u'.');
    return dot < 0 ? typeName : typeName.mid(dot + 1);
}

class Parser
{
public:
    Parser(const QByteArray &xml, const DataverseMetadataReader::Limits &limits)
        : m_xml(xml)
        , m_limits(limits)
    {
    }

    Result<DataverseMetadata> run()
    {
        while (!m_xml.atEnd()) {
            switch (m_xml.readNext()) {
            case QXmlStreamReader::DTD:
                return metadataError(u"the document declares a DTD, which Liaison does not accept"_s);
            case QXmlStreamReader::EntityReference:
                return metadataError(u"the document uses an entity reference '%1'"_s.arg(m_xml.name()));
            case QXmlStreamReader::StartElement:
                if (++m_depth > m_limits.maxDepth)
                    return metadataError(
                        u"elements nest deeper than %1 levels (line %2)"_s.arg(m_limits.maxDepth)
                            .arg(m_xml.lineNumber()));
                startElement();
                break;
            case QXmlStreamReader::EndElement:
                --m_depth;
                endElement();
                break;
            case QXmlStreamReader::Characters:
                if (m_inPermissionMember && m_property)
                    m_permissionText += m_xml.text();
                break;
            default:
                break;
            }
        }
        if (m_xml.hasError())
            return metadataError(u"%1 at line %2"_s.arg(m_xml.errorString()).arg(m_xml.lineNumber()));
        if (m_sawSchema == false)
            return metadataError(u"no <Schema> element; this is not an OData CSDL document"_s);
        linkLookups();
        return m_model;
    }

private:
    QString attr(QLatin1StringView name) const { return m_xml.attributes().value(name).toString(); }

    void startElement()
    {
        const auto name = m_xml.name();
        if (name == "Schema"_L1) {
            m_sawSchema = true;
        } else if (name == "EntityType"_L1) {
            m_type = DataverseEntityType{};
            m_type->name = attr("Name"_L1);
            m_type->baseType = unqualified(attr("BaseType"_L1));
            m_type->isAbstract = attr("Abstract"_L1) == u"true"_s;
        } else if (m_type && name == "PropertyRef"_L1) {
            const QString key = attr("Name"_L1);
            if (!m_type->keys.contains(key))
                m_type->keys.append(key);
        } else if (m_type && name == "Property"_L1) {
            m_property = DataverseProperty{};
            m_property->name = attr("Name"_L1);
            m_property->type = attr("Type"_L1);
            bool ok = false;
            const int maxLength = attr("MaxLength"_L1).toInt(&ok);
            m_property->maxLength = ok ? maxLength : -1;
            m_property->nullable = attr("Nullable"_L1) != u"false"_s;
        } else if (m_type && name == "NavigationProperty"_L1) {
            m_navigation = DataverseNavigationProperty{};
            m_navigation->name = attr("Name"_L1);
            m_navigation->targetType = unqualified(attr("Type"_L1), &m_navigation->collection);
        } else if (m_navigation && name == "ReferentialConstraint"_L1) {
            m_navigation->foreignKey = attr("Property"_L1);
        } else if (m_property && name == "Annotation"_L1) {
            const QString term = attr("Term"_L1);
            if (term == u"Org.OData.Core.V1.Computed"_s)
                m_property->computed = attr("Bool"_L1) != u"false"_s;
            else if (term == u"Org.OData.Core.V1.Permissions"_s) {
                m_inPermissions = true;
                m_permissionText.clear();
                const QString inline_ = attr("EnumMember"_L1); // the attribute form of the same annotation
                if (!inline_.isEmpty())
                    m_permissionText = inline_;
            }
        } else if (m_inPermissions && name == "EnumMember"_L1) {
            m_inPermissionMember = true;
        } else if (name == "EntitySet"_L1) {
            m_entitySet = attr("Name"_L1);
            m_model.addEntitySet(m_entitySet, unqualified(attr("EntityType"_L1)));
        } else if (!m_entitySet.isEmpty() && name == "Annotation"_L1) {
            m_inChangeTracking = attr("Term"_L1) == u"Org.OData.Capabilities.V1.ChangeTracking"_s;
        } else if (m_inChangeTracking && name == "PropertyValue"_L1 &&
                   attr("Property"_L1) == u"Supported"_s) {
            m_model.setChangeTrackingSupported(m_entitySet, attr("Bool"_L1) == u"true"_s);
        }
    }

    void endElement()
    {
        const auto name = m_xml.name();
        if (name == "EntitySet"_L1) {
            m_entitySet.clear();
            m_inChangeTracking = false;
        } else if (name == "EnumMember"_L1) {
            m_inPermissionMember = false;
        } else if (name == "Annotation"_L1 && m_inPermissions) {
            m_inPermissions = false;
            // Read-only when the only permission is Read (Read|Write would list both).
            if (m_property && m_permissionText.contains(u"PermissionType/Read"_s) &&
                !m_permissionText.contains(u"PermissionType/Write"_s) &&
                !m_permissionText.contains(u"ReadWrite"_s))
                m_property->readOnly = true;
        } else if (name == "Property"_L1 && m_property && m_type) {
            m_type->properties.append(*m_property);
            m_property.reset();
        } else if (name == "NavigationProperty"_L1 && m_navigation && m_type) {
            m_type->navigationProperties.append(*m_navigation);
            m_navigation.reset();
        } else if (name == "EntityType"_L1 && m_type) {
            if (!m_type->name.isEmpty())
                m_model.addEntityType(*m_type);
            m_type.reset();
        }
    }

    // Tie each _x_value column to the navigation property that writes it (via @odata.bind).
    void linkLookups()
    {
        for (const QString &typeName : m_model.entityTypeNames()) {
            DataverseEntityType type = *m_model.entityType(typeName);
            bool changed = false;
            for (DataverseProperty &p : type.properties) {
                if (!p.isLookup())
                    continue;
                for (const DataverseNavigationProperty &n : type.navigationProperties)
                    if (n.foreignKey == p.name) {
                        p.lookupNavigation = n.name;
                        changed = true;
                        break;
                    }
            }
            if (changed)
                m_model.addEntityType(type);
        }
    }

    QXmlStreamReader m_xml;
    DataverseMetadataReader::Limits m_limits;
    DataverseMetadata m_model;
    std::optional<DataverseEntityType> m_type;
    std::optional<DataverseProperty> m_property;
    std::optional<DataverseNavigationProperty> m_navigation;
    QString m_permissionText;
    int m_depth = 0;
    bool m_sawSchema = false;
    bool m_inPermissions = false;
    bool m_inPermissionMember = false;
    QString m_entitySet; // inside <EntitySet>: its annotations are capabilities
    bool m_inChangeTracking = false;
};

} // namespace

Result<DataverseMetadata> DataverseMetadataReader::read(const QByteArray &xml, const Limits &limits)
{
    if (xml.size() > limits.maxBytes)
        return metadataError(u"%1 bytes exceed the %2-byte limit"_s.arg(xml.size()).arg(limits.maxBytes));
    Parser parser(xml, limits);
    return parser.run();
}

} // namespace Liaison
