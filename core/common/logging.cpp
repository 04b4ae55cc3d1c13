#include "common/logging.h"

Q_LOGGING_CATEGORY(lcStore, "liaison.store")
Q_LOGGING_CATEGORY(lcSecrets, "liaison.secrets")
Q_LOGGING_CATEGORY(lcAdmin, "liaison.admin")
Q_LOGGING_CATEGORY(lcNet, "liaison.net")
Q_LOGGING_CATEGORY(lcNetTrace, "liaison.net.trace")
Q_LOGGING_CATEGORY(lcEws, "liaison.mailbox.ews")
Q_LOGGING_CATEGORY(lcDataverse, "liaison.crm.dataverse")
Q_LOGGING_CATEGORY(lcEngine, "liaison.engine")
