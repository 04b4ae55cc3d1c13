#include "crm/crmconnector.h"

namespace Liaison {

// Out of line so the vtable lives in one object file.
CrmConnector::~CrmConnector() = default;

} // namespace Liaison
