#pragma once

// Namespace constants and the Liaison extended property. Namespaces are http://, never https://
// (the XSD targetNamespace uses http; doc samples that print https break matching).

#include <QString>

namespace Liaison::Ews {

inline QString soapNs() { return QStringLiteral("http://schemas.xmlsoap.org/soap/envelope/"); }
inline QString typesNs() { return QStringLiteral("http://schemas.microsoft.com/exchange/services/2006/types"); }
inline QString messagesNs() { return QStringLiteral("http://schemas.microsoft.com/exchange/services/2006/messages"); }
inline QString errorsNs() { return QStringLiteral("http://schemas.microsoft.com/exchange/services/2006/errors"); }
inline QString autodiscoverSoapNs() { return QStringLiteral("http://schemas.microsoft.com/exchange/2010/Autodiscover"); }
inline QString wsAddressingNs() { return QStringLiteral("http://www.w3.org/2005/08/addressing"); }
inline QString xsiNs() { return QStringLiteral("http://www.w3.org/2001/XMLSchema-instance"); }
inline QString poxRequestNs() { return QStringLiteral("http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"); }
inline QString poxResponseNs() { return QStringLiteral("http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"); }
inline QString poxOutlookResponseNs() { return QStringLiteral("http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"); }

// Liaison's MAPI named-property set (PropertySetId is a bare GUID per types.xsd GuidType).
// Graph reads the same property as "String {GUID} Name CrmId", so tags survive a move to Graph.
inline QString liaisonPropertySetId() { return QStringLiteral("6b0a3e52-7f4c-4d1e-9a57-2c8e61d4b0a9"); }
inline QString crmIdPropertyName() { return QStringLiteral("CrmId"); }

inline QString defaultServerVersion() { return QStringLiteral("Exchange2013_SP1"); }

} // namespace Liaison::Ews
