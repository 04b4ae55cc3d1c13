#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "sandboxdataverseapi.h"
#include "sandboxmessage.h"

namespace Liaison {

// Executes one POST $batch: multipart/mixed parts run in order through SandboxDataverseApi;
// a changeset (nested multipart) is all-or-nothing: the first failing request restores the
// store as it was before the changeset and the reply carries that one error. "$n" paths and
// @odata.bind values refer to rows created earlier in the changeset by Content-ID.
// Without Prefer odata.continue-on-error the batch stops at the first failure.
class SandboxDataverseBatch
{
public:
    explicit SandboxDataverseBatch(SandboxDataverseApi &api) : m_api(api) {}

    SandboxResponse execute(const SandboxRequest &request, const QString &root, const QString &userId);

    // Splits a multipart body on its boundary; each part without the delimiter's line break.
    static QList<QByteArray> splitMultipart(const QByteArray &body, const QByteArray &boundary);
    // Splits "headers CRLF CRLF rest" (bare LF accepted).
    static QList<SandboxHeader> readHeaders(const QByteArray &part, QByteArray *rest, QByteArray *firstLine = nullptr);
    static QByteArray boundaryOf(const QByteArray &contentType);

private:
    struct Outcome
    {
        SandboxResponse response;
        QByteArray contentId;
    };
    // Parses one application/http part into a request and runs it.
    Outcome run(const QByteArray &part, const QString &root, const QString &userId,
                const SandboxDataverseApi::ContentIds *contentIds);
    static QByteArray serialize(const SandboxResponse &response, const QByteArray &contentId);

    SandboxDataverseApi &m_api;
};

} // namespace Liaison
