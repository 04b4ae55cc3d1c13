#include "crm/dataverse/dataverseentitybody.h"

#include "crm/dataverse/dataverserequest.h"

using namespace Qt::StringLiterals;

namespace Liaison {
namespace {

Error badProperty(const QString &name)
{
    return Error::invalid(u"'%1' is not a valid Dataverse property name"_s.arg(name.left(80)),
                          u"use the navigation property's schema name, e.g. parentcustomerid_account"_s);
}

} // namespace

DataverseEntityBody &DataverseEntityBody::set(const QString &column, const QJsonValue &value)
{
    m_object.insert(column, value);
    return *this;
}

Status DataverseEntityBody::bind(const QString &navigationProperty, const QString &entitySet, const QString &id)
{
    if (!DataverseRequest::isIdentifier(navigationProperty))
        return badProperty(navigationProperty);
    Result<QString> ref = DataverseRequest::bindReference(entitySet, id);
    if (!ref)
        return ref.error();
    m_object.insert(QString(navigationProperty + u"@odata.bind"_s), ref.value());
    return {};
}

Status DataverseEntityBody::bindToContentId(const QString &navigationProperty, int contentId)
{
    if (!DataverseRequest::isIdentifier(navigationProperty))
        return badProperty(navigationProperty);
    if (contentId <= 0)
        return Error::invalid(u"Content-ID references start at 1"_s);
    m_object.insert(QString(navigationProperty + u"@odata.bind"_s), QString(u'$' + QString::number(contentId)));
    return {};
}

Status DataverseEntityBody::addParty(const QString &partiesProperty, const QString &partyNavigation,
                                     const QString &entitySet, const QString &id, DataverseParticipation role)
{
    if (!DataverseRequest::isIdentifier(partiesProperty))
        return badProperty(partiesProperty);
    if (!DataverseRequest::isIdentifier(partyNavigation))
        return badProperty(partyNavigation);
    Result<QString> ref = DataverseRequest::bindReference(entitySet, id);
    if (!ref)
        return ref.error();
    QJsonArray parties = m_object.value(partiesProperty).toArray();
    parties.append(QJsonObject{{QString(partyNavigation + u"@odata.bind"_s), ref.value()},
                               {u"participationtypemask"_s, static_cast<int>(role)}});
    m_object.insert(partiesProperty, parties);
    return {};
}

Status DataverseEntityBody::addUnresolvedParty(const QString &partiesProperty, const QString &address,
                                               DataverseParticipation role)
{
    if (!DataverseRequest::isIdentifier(partiesProperty))
        return badProperty(partiesProperty);
    if (address.trimmed().isEmpty())
        return Error::missing(u"an unresolved party needs an address"_s);
    QJsonArray parties = m_object.value(partiesProperty).toArray();
    parties.append(QJsonObject{{u"addressused"_s, address.trimmed()},
                               {u"participationtypemask"_s, static_cast<int>(role)}});
    m_object.insert(partiesProperty, parties);
    return {};
}

} // namespace Liaison
