#pragma once

#include "sandboxmessage.h"

namespace Liaison {

class SandboxEws;

// Autodiscover for the sandbox: POX (autodiscover.xml, Outlook response schema) and SOAP
// GetUserSettings (autodiscover.svc), both pointing at <base>/EWS/Exchange.asmx, plus the
// per-domain redirects set with SandboxEws::setAutodiscoverRedirect.
class SandboxEwsAutodiscover
{
public:
    explicit SandboxEwsAutodiscover(SandboxEws &ews) : m_ews(ews) {}
    SandboxResponse handle(const SandboxRequest &request);

private:
    SandboxResponse pox(const SandboxRequest &request, const QString &base);
    SandboxResponse soap(const SandboxRequest &request, const QString &base);

    SandboxEws &m_ews;
};

} // namespace Liaison
