#pragma once

#include "common/result.h"
#include "model/crmconnection.h"
#include "model/exchangeprofile.h"
#include "model/syncconfiguration.h"
#include "model/user.h"

namespace Liaison::Validation {

// Rules that hold for a value on its own (uniqueness and references are the store's job).
// Each failure names the field and the rule in one line.
Status validate(const ExchangeProfile &profile);
Status validate(const CrmConnection &connection);
Status validate(const SyncConfiguration &configuration);
Status validate(const User &user);

} // namespace Liaison::Validation
