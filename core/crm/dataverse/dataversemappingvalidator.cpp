#include "crm/dataverse/dataversemappingvalidator.h"

#include "crm/dataverse/dataversefieldconverter.h"
#include "crm/dataverse/dataversefieldmap.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

bool writesToCrm(SyncDirection d)
{
    return d == SyncDirection::Both || d == SyncDirection::ExchangeToCrm;
}

bool writesToExchange(SyncDirection d)
{
    return d == SyncDirection::Both || d == SyncDirection::CrmToExchange;
}

} // namespace

DataverseMappingValidator::DataverseMappingValidator(const DataverseMetadata &metadata) : m_metadata(metadata) {}

QList<Error> DataverseMappingValidator::problems(ObjectType type, const QList<FieldMapping> &mappings) const
{
    const QString object = toName(type);
    const QString table = DataverseFieldMap::entityFor(type);
    QList<Error> found;
    if (!m_metadata.entityType(table)) {
        found.append(Error::notFound(u"%1: table '%2' is not in the environment's $metadata"_s.arg(object, table),
                                     u"check that the CRM connection points at a Dynamics 365 environment"_s));
        return found;
    }

    QSet<QString> crmWritten;
    QSet<QString> exchangeWritten;
    for (const FieldMapping &m : mappings) {
        if (m.direction == SyncDirection::Off)
            continue;
        const QString label = u"%1: %2 -> %3"_s.arg(object, m.exchangeField, m.crmField);
        if (m.exchangeField.trimmed().isEmpty() || m.crmField.trimmed().isEmpty()) {
            found.append(Error::missing(u"%1: a mapping has an empty field name"_s.arg(object),
                                        u"name both the Exchange field and the CRM column"_s));
            continue;
        }
        const std::optional<ExchangeFieldInfo> exchange = DataverseFieldMap::exchangeField(type, m.exchangeField);
        if (!exchange) {
            found.append(Error::notFound(u"%1: '%2' is not an Exchange %3 field Liaison can sync"_s
                                             .arg(label, m.exchangeField, object),
                                         u"pick a field from `liaisonctl mapping fields %1`"_s.arg(object)));
            continue;
        }
        const std::optional<DataverseProperty> column = m_metadata.property(table, m.crmField);
        if (!column) {
            QString fix = u"use a column of table '%1'; custom columns carry the publisher prefix, e.g. new_"_s
                              .arg(table);
            for (const DataverseProperty &p : m_metadata.allProperties(table))
                if (p.name.compare(m.crmField, Qt::CaseInsensitive) == 0 || p.name == u'_' + m.crmField + u"_value"_s) {
                    fix = u"did you mean '%1'?"_s.arg(p.name);
                    break;
                }
            found.append(Error::notFound(u"%1: column '%2' does not exist on table '%3'"_s.arg(label, m.crmField, table),
                                         fix));
            continue;
        }
        const QString reason = DataverseFieldConverter::incompatibility(*exchange, column->type, m.direction);
        if (!reason.isEmpty()) {
            found.append(Error::invalid(u"%1: types do not match: %2"_s.arg(label, reason),
                                        u"map a column of a matching type or change the direction"_s));
            continue;
        }
        if (writesToCrm(m.direction) && (column->readOnly || column->computed)) {
            found.append(Error::invalid(u"%1: column '%2' is read-only in Dataverse"_s.arg(label, m.crmField),
                                        u"set the mapping's direction to crm-to-exchange"_s));
            continue;
        }
        if (writesToCrm(m.direction)) {
            if (crmWritten.contains(m.crmField))
                found.append(Error::duplicate(u"%1: column '%2' is written by two mappings"_s.arg(label, m.crmField),
                                              u"keep one mapping that writes it"_s));
            crmWritten.insert(m.crmField);
        }
        if (writesToExchange(m.direction)) {
            if (exchangeWritten.contains(exchange->name))
                found.append(Error::duplicate(u"%1: Exchange field '%2' is written by two mappings"_s
                                                  .arg(label, exchange->name),
                                              u"keep one mapping that writes it"_s));
            exchangeWritten.insert(exchange->name);
        }
    }
    return found;
}

QList<Error> DataverseMappingValidator::problems(const SyncConfiguration &configuration) const
{
    QList<Error> found;
    for (ObjectType t : kAllObjectTypes) {
        const ObjectSettings settings = configuration.objects.value(t);
        if (settings.direction == SyncDirection::Off)
            continue;
        const QList<FieldMapping> mappings = settings.mappings.isEmpty() ? DataverseFieldMap::defaults(t)
                                                                         : settings.mappings;
        found.append(problems(t, mappings));
    }
    return found;
}

Status DataverseMappingValidator::validate(const SyncConfiguration &configuration) const
{
    const QList<Error> found = problems(configuration);
    if (found.isEmpty())
        return {};
    Error first = found.first();
    if (found.size() > 1)
        first.message += u" (and %1 more)"_s.arg(found.size() - 1);
    return first;
}

} // namespace Liaison
