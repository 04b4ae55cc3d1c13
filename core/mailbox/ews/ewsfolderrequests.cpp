#include "mailbox/ews/ewsfolderrequests.h"

#include "mailbox/ews/ewsitemreader.h"
#include "mailbox/ews/ewssyncrequests.h"

using namespace Qt::StringLiterals;

namespace Liaison {

Result<QByteArray> EwsFindFolderRequest::build(const EwsRequestContext &context) const
{
    if (displayName.isEmpty())
        return Error::missing(u"EWS FindFolder needs a folder name"_s, u"Set the folder name in the profile"_s);
    EwsSoapWriter w(context);
    w.startM(u"FindFolder"_s);
    w.attribute(u"Traversal"_s, u"Shallow"_s);
    w.folderShape(u"IdOnly"_s, {u"folder:DisplayName"_s, u"folder:FolderClass"_s, u"folder:TotalCount"_s});
    w.xml().writeEmptyElement(u"m:IndexedPageFolderView"_s);
    w.attribute(u"MaxEntriesReturned"_s, u"100"_s);
    w.attribute(u"Offset"_s, u"0"_s);
    w.attribute(u"BasePoint"_s, u"Beginning"_s);
    w.startM(u"Restriction"_s);
    w.startT(u"IsEqualTo"_s);
    w.fieldUri(u"folder:DisplayName"_s);
    w.startT(u"FieldURIOrConstant"_s);
    w.xml().writeEmptyElement(u"t:Constant"_s);
    w.attribute(u"Value"_s, displayName);
    w.end();
    w.end();
    w.end();
    w.startM(u"ParentFolderIds"_s);
    w.folderRef(parent);
    w.end();
    w.end();
    return w.finish();
}

Result<QList<MailboxFolder>> EwsFindFolderRequest::parse(const EwsSoapResponse &response,
                                                         const EwsRequestContext &context)
{
    const EwsXmlNode *msg = nullptr;
    if (Status s = ewsFirstMessageStatus(response, u"FindFolder"_s, context, &msg); !s)
        return s.error();
    QList<MailboxFolder> out;
    if (const EwsXmlNode *folders = msg->path({u"RootFolder"_s, u"Folders"_s})) {
        for (const EwsXmlNode &f : folders->children)
            out << EwsItemReader::readFolder(f);
    }
    return out;
}

Result<QByteArray> EwsCreateFolderRequest::build(const EwsRequestContext &context) const
{
    static const QStringList allowed{u"Folder"_s, u"CalendarFolder"_s, u"ContactsFolder"_s, u"TasksFolder"_s};
    if (displayName.isEmpty())
        return Error::missing(u"EWS CreateFolder needs a folder name"_s, u"Set the folder name in the profile"_s);
    if (!allowed.contains(folderElement))
        return Error::invalid(u"Unknown Exchange folder type %1"_s.arg(folderElement),
                              u"Use Folder, CalendarFolder, ContactsFolder or TasksFolder"_s);
    EwsSoapWriter w(context);
    w.startM(u"CreateFolder"_s);
    w.startM(u"ParentFolderId"_s);
    w.folderRef(parent);
    w.end();
    w.startM(u"Folders"_s);
    w.startT(folderElement);
    w.textT(u"DisplayName"_s, displayName);
    w.end();
    w.end();
    w.end();
    return w.finish();
}

Result<MailboxFolder> EwsCreateFolderRequest::parse(const EwsSoapResponse &response, const EwsRequestContext &context)
{
    const EwsXmlNode *msg = nullptr;
    if (Status s = ewsFirstMessageStatus(response, u"CreateFolder"_s, context, &msg); !s)
        return s.error();
    const EwsXmlNode *folders = msg->child(u"Folders"_s);
    if (!folders || folders->children.isEmpty())
        return Error{Error::Code::Protocol, u"EWS CreateFolder answered without the new folder"_s,
                     u"Check the folder in Outlook; Liaison looks it up by name on the next run"_s};
    return EwsItemReader::readFolder(folders->children.constFirst());
}

} // namespace Liaison
