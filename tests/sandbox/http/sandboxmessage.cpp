#include "sandboxmessage.h"

namespace Liaison {

namespace {
QByteArray findHeader(const QList<SandboxHeader> &headers, const QByteArray &name, bool *found = nullptr)
{
    for (const SandboxHeader &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            if (found)
                *found = true;
            return h.second;
        }
    }
    if (found)
        *found = false;
    return {};
}
} // namespace

QByteArray SandboxRequest::header(const QByteArray &name) const
{
    return findHeader(headers, name);
}

bool SandboxRequest::hasHeader(const QByteArray &name) const
{
    bool found = false;
    findHeader(headers, name, &found);
    return found;
}

SandboxResponse &SandboxResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (SandboxHeader &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return *this;
        }
    }
    headers.append({name, value});
    return *this;
}

QByteArray SandboxResponse::header(const QByteArray &name) const
{
    return findHeader(headers, name);
}

SandboxResponse SandboxResponse::text(int status, const QByteArray &body)
{
    SandboxResponse r{status, {}, body};
    r.setHeader("Content-Type", "text/plain; charset=utf-8");
    return r;
}

SandboxResponse SandboxResponse::json(int status, const QByteArray &body)
{
    SandboxResponse r{status, {}, body};
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    return r;
}

SandboxResponse SandboxResponse::xml(int status, const QByteArray &body)
{
    SandboxResponse r{status, {}, body};
    r.setHeader("Content-Type", "text/xml; charset=utf-8");
    return r;
}

SandboxResponse SandboxResponse::throttled(int status, int retryAfterSeconds)
{
    SandboxResponse r = text(status, "throttled\n");
    r.setHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    return r;
}

QByteArray SandboxResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

} // namespace Liaison
