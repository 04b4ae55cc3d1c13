#pragma once

// FindFolder (by display name) and CreateFolder: Liaison's own folder under contacts etc.

#include "mailbox/ews/ewssoapresponse.h"
#include "mailbox/ews/ewssoapwriter.h"

namespace Liaison {

class EwsFindFolderRequest
{
public:
    MailboxFolderRef parent = MailboxFolderRef::wellKnown(QStringLiteral("msgfolderroot"));
    QString displayName;       // exact match (IsEqualTo folder:DisplayName)

    Result<QByteArray> build(const EwsRequestContext &context) const;
    // Matching folders (usually zero or one).
    static Result<QList<MailboxFolder>> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

class EwsCreateFolderRequest
{
public:
    MailboxFolderRef parent = MailboxFolderRef::wellKnown(QStringLiteral("contacts"));
    QString displayName;
    QString folderElement = QStringLiteral("ContactsFolder"); // or CalendarFolder, TasksFolder, Folder

    Result<QByteArray> build(const EwsRequestContext &context) const;
    static Result<MailboxFolder> parse(const EwsSoapResponse &response, const EwsRequestContext &context);
};

} // namespace Liaison
