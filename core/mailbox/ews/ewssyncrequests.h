#pragma once

// SyncFolderHierarchy and SyncFolderItems: build the request envelope, parse the response.

#include "mailbox/ews/ewssoapresponse.h"
#include "mailbox/ews/ewssoapwriter.h"

namespace Liaison {

class EwsSyncFolderHierarchyRequest
{
public:
    MailboxFolderRef folder = MailboxFolderRef::wellKnown(QStringLiteral("msgfolderroot"));
    QString syncState;         // empty on the first call

    QByteArray build(const EwsRequestContext &context) const;
    static Result<MailboxFolderChangePage> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

class EwsSyncFolderItemsRequest
{
public:
    static constexpr int kMaxChanges = 512; // MaxSyncChangesReturnedType

    MailboxFolderRef folder;
    QString syncState;         // empty on the first call
    int maxChanges = 100;      // clamped to 1..512

    // IdOnly shape: every extra property costs a server RPC; fetch with GetItem afterwards.
    QByteArray build(const EwsRequestContext &context) const;
    // ErrorInvalidSyncStateData / ErrorSyncFolderNotFound come back as Errors whose recovery
    // is ResetSyncState.
    static Result<MailboxChangePage> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

// Shared by the single-message operations: the first ResponseMessage's status as an Error.
Status ewsFirstMessageStatus(const EwsSoapResponse &response, const QString &operation,
                             const EwsRequestContext &context, const EwsXmlNode **message);

} // namespace Liaison
