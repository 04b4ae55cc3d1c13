#include "mailbox/ews/ewssyncrequests.h"

#include "mailbox/ews/ewsitemreader.h"

using namespace Qt::StringLiterals;

namespace Liaison {

Status ewsFirstMessageStatus(const EwsSoapResponse &response, const QString &operation,
                             const EwsRequestContext &context, const EwsXmlNode **message)
{
    const QString mailbox = context.impersonatedSmtp.isEmpty() ? context.mailbox : context.impersonatedSmtp;
    if (Status s = response.expect(operation, context.account, mailbox); !s)
        return s;
    const auto messages = response.responseMessages();
    if (messages.isEmpty())
        return Error{Error::Code::Protocol, u"EWS %1 response has no ResponseMessage"_s.arg(operation),
                     u"Check that the server is Exchange 2010 SP2 or later"_s};
    const auto &[status, node] = messages.constFirst();
    if (status.isError())
        return status.describe(context.account, mailbox);
    *message = node;
    return {};
}

QByteArray EwsSyncFolderHierarchyRequest::build(const EwsRequestContext &context) const
{
    EwsSoapWriter w(context);
    w.startM(u"SyncFolderHierarchy"_s);
    w.folderShape(u"IdOnly"_s, {u"folder:DisplayName"_s, u"folder:FolderClass"_s, u"folder:ParentFolderId"_s});
    w.startM(u"SyncFolderId"_s);
    w.folderRef(folder);
    w.end();
    if (!syncState.isEmpty())
        w.textM(u"SyncState"_s, syncState);
    w.end();
    return w.finish();
}

Result<MailboxFolderChangePage> EwsSyncFolderHierarchyRequest::parse(const EwsSoapResponse &response,
                                                                 const EwsRequestContext &context)
{
    const EwsXmlNode *msg = nullptr;
    if (Status s = ewsFirstMessageStatus(response, u"SyncFolderHierarchy"_s, context, &msg); !s)
        return s.error();
    MailboxFolderChangePage page;
    page.syncState = msg->childText(u"SyncState"_s);
    page.includesLastFolder = msg->childText(u"IncludesLastFolderInRange"_s) != u"false"_s;
    if (const EwsXmlNode *changes = msg->child(u"Changes"_s)) {
        for (const EwsXmlNode &c : changes->children) {
            MailboxFolderChange change;
            if (c.name == u"Delete"_s) {
                change.type = MailboxChange::Type::Deleted;
                change.folder.id = c.child(u"FolderId"_s) ? c.child(u"FolderId"_s)->attribute(u"Id"_s) : QString();
            } else if (!c.children.isEmpty()) {
                change.type = c.name == u"Create"_s ? MailboxChange::Type::Created : MailboxChange::Type::Updated;
                change.folder = EwsItemReader::readFolder(c.children.constFirst());
            }
            page.changes << change;
        }
    }
    return page;
}

QByteArray EwsSyncFolderItemsRequest::build(const EwsRequestContext &context) const
{
    EwsSoapWriter w(context);
    w.startM(u"SyncFolderItems"_s);
    w.itemShape(u"IdOnly"_s, {}, false);
    w.startM(u"SyncFolderId"_s);
    w.folderRef(folder);
    w.end();
    if (!syncState.isEmpty())
        w.textM(u"SyncState"_s, syncState);
    w.textM(u"MaxChangesReturned"_s, QString::number(std::clamp(maxChanges, 1, kMaxChanges)));
    w.textM(u"SyncScope"_s, u"NormalItems"_s);
    w.end();
    return w.finish();
}

Result<MailboxChangePage> EwsSyncFolderItemsRequest::parse(const EwsSoapResponse &response,
                                                           const EwsRequestContext &context)
{
    const EwsXmlNode *msg = nullptr;
    if (Status s = ewsFirstMessageStatus(response, u"SyncFolderItems"_s, context, &msg); !s)
        return s.error();
    MailboxChangePage page;
    page.syncState = msg->childText(u"SyncState"_s);
    page.includesLastItem = msg->childText(u"IncludesLastItemInRange"_s) != u"false"_s;
    const EwsXmlNode *changes = msg->child(u"Changes"_s);
    if (!changes)
        return page;
    for (const EwsXmlNode &c : changes->children) {
        MailboxChange change;
        if (c.name == u"Create"_s || c.name == u"Update"_s) {
            change.type = c.name == u"Create"_s ? MailboxChange::Type::Created : MailboxChange::Type::Updated;
            if (c.children.isEmpty())
                continue;
            const EwsXmlNode &item = c.children.constFirst();
            change.itemClass = item.name;
            change.id = EwsItemReader::readItemId(item.child(u"ItemId"_s));
        } else if (c.name == u"Delete"_s) {
            change.type = MailboxChange::Type::Deleted;
            change.id = EwsItemReader::readItemId(c.child(u"ItemId"_s));
        } else if (c.name == u"ReadFlagChange"_s) {
            change.type = MailboxChange::Type::ReadFlagChanged;
            change.id = EwsItemReader::readItemId(c.child(u"ItemId"_s));
            change.isRead = c.childText(u"IsRead"_s) == u"true"_s;
        } else {
            continue;
        }
        if (change.id.isEmpty())
            return Error{Error::Code::Protocol, u"EWS SyncFolderItems change without an ItemId"_s,
                         u"Report this with the request trace; the server answer is malformed"_s};
        page.changes << change;
    }
    return page;
}

} // namespace Liaison
