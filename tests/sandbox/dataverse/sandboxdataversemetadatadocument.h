#pragma once

#include <QByteArray>

#include "sandboxdataversestore.h"

namespace Liaison {

// The $metadata document as the sandbox serves it, from the stored CSDL:
//  - with ?annotations=true every annotation is kept and each entity set's
//    Org.OData.Capabilities.V1.ChangeTracking/Supported follows the store's change tracking switch;
//  - without it the Capabilities annotations on entity sets are left out, as current Dataverse
//    leaves most annotations out unless asked. Everything else is copied byte for byte.
class SandboxDataverseMetadataDocument
{
public:
    static QByteArray render(const QByteArray &csdl, const SandboxDataverseStore &store, bool annotations);

private:
    static QByteArray withChangeTracking(QByteArray entitySet, bool supported);
    static QByteArray withoutCapabilities(QByteArray entitySet);
};

} // namespace Liaison
