// The EWS sandbox answering as Exchange does where a client could come to rely on a difference:
// what each response shape and operation returns (property-sets-and-response-shapes-in-ews-in-
// exchange.md, finditem-operation.md, syncfolderitems-operation.md), the folder operations and
// typed folders (deletefolder-operation.md, updatefolder-operation.md), and the restrictions
// FindItem and FindFolder evaluate or refuse (restriction.md). Hand-made envelopes over real
// loopback sockets; every request and reply in the trace is validated against Microsoft's schema.
#include "../../../ews/integration/ewstracecheck.h"
#include "mailbox/ews/ewsitemrequests.h"
#include "mailbox/ews/ewsnotificationrequests.h"
#include "mailbox/ews/ewsxml.h"
#include "net/httpclient.h"
#include "sandboxews.h"
#include "sandboxewstesthttp.h"

#include <QtTest>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {
const QString kAccount = u"svc-liaison@contoso.test"_s;
const QString kPassword = u"Sandbox-Pass-1"_s;
const QString kAnna = u"anna@contoso.test"_s;
const QString kCrmId = u"2f1c4a8e-0b7d-4c55-9e3a-5d1f00a1b2c3"_s;
} // namespace

class TestSandboxEwsConformance : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxHttpServer> m_server;
    std::unique_ptr<SandboxEws> m_ews;
    std::unique_ptr<HttpClient> m_client;
    QString m_traceDir;
    QHash<QString, QString> m_brokenOnPurpose;

    static EwsRequestContext as(const QString &mailbox)
    {
        return SandboxEwsTestHttp::impersonating(kAccount, mailbox);
    }

    // An envelope impersonating Anna around one operation element.
    static QByteArray envelope(const QString &operation)
    {
        return (u"<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
                "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><s:Header>"
                "<t:RequestServerVersion "
                "Version=\"Exchange2013_SP1\"/><t:ExchangeImpersonation><t:ConnectingSID>"
                "<t:SmtpAddress>%1</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation></s:Header>"
                "<s:Body>%2</s:Body></s:Envelope>"_s.arg(kAnna, operation))
            .toUtf8();
    }

    Result<EwsSoapResponse> call(const QString &tag, const QString &operation, int *status = nullptr)
    {
        return ews(envelope(operation), tag, status);
    }

    Result<EwsSoapResponse> ews(const QByteArray &body, const QString &tag, int *status = nullptr)
    {
        HttpReply *reply = m_client->send(
            SandboxEwsTestHttp::post(SandboxEwsTestHttp::url(*m_server, u"/EWS/Exchange.asmx"_s), body,
                                     SandboxEwsTestHttp::basic(kAccount, kPassword), tag));
        SandboxEwsTestHttp::wait(reply);
        if (status)
            *status = reply->statusCode();
        const QByteArray bytes = reply->body();
        reply->deleteLater();
        return EwsSoapResponse::parse(bytes);
    }

    static QString code(const Result<EwsSoapResponse> &r)
    {
        if (!r)
            return r.error().message;
        if (r->fault())
            return u"fault:"_s + r->fault()->responseCode;
        const auto messages = r->responseMessages();
        return messages.isEmpty() ? u"(none)"_s : messages.first().first.responseCode;
    }

    // The item elements of the first response message: under m:Items (GetItem), m:RootFolder/t:Items
    // (FindItem) or m:Changes/t:Create (SyncFolderItems).
    static QList<const EwsXmlNode *> items(const Result<EwsSoapResponse> &r)
    {
        QList<const EwsXmlNode *> out;
        if (!r || r->responseMessages().isEmpty())
            return out;
        const EwsXmlNode *m = r->responseMessages().first().second;
        if (const EwsXmlNode *list =
                m->child(u"Items"_s) ? m->child(u"Items"_s) : m->path({u"RootFolder"_s, u"Items"_s})) {
            for (const EwsXmlNode &i : list->children)
                out << &i;
        }
        if (const EwsXmlNode *changes = m->child(u"Changes"_s)) {
            for (const EwsXmlNode &c : changes->children) {
                if (!c.children.isEmpty())
                    out << &c.children.constFirst();
            }
        }
        return out;
    }

    static QStringList names(const EwsXmlNode *item)
    {
        QStringList out;
        for (const EwsXmlNode &c : item->children)
            out << c.name;
        return out;
    }

    static QString shape(const QString &base, const QString &extra = {})
    {
        return u"<m:ItemShape><t:BaseShape>%1</t:BaseShape>%2</m:ItemShape>"_s.arg(
            base, extra.isEmpty() ? QString()
                                  : u"<t:AdditionalProperties>"_s + extra + u"</t:AdditionalProperties>"_s);
    }

    static QString crmIdPath()
    {
        return u"<t:ExtendedFieldURI PropertySetId=\"%1\" PropertyName=\"CrmId\" PropertyType=\"String\"/>"_s
            .arg(Ews::liaisonPropertySetId());
    }

    MailboxItemId create(const MailboxItem &item)
    {
        EwsCreateItemRequest req;
        req.items = {item};
        const auto response = ews(*req.build(as(kAnna)), u"CreateItem"_s);
        const auto ids = response ? EwsCreateItemRequest::parse(*response, as(kAnna))
                                  : Result<QList<EwsOutcome<MailboxItemId>>>(response.error());
        return ids && ids->size() == 1 && ids->first().ok() ? *ids->first().value : MailboxItemId{};
    }

    static QString getItem(const QString &id, const QString &itemShape)
    {
        return u"<m:GetItem>%1<m:ItemIds><t:ItemId Id=\"%2\"/></m:ItemIds></m:GetItem>"_s.arg(itemShape, id);
    }

    static QString findItem(const QString &folder, const QString &itemShape, const QString &restriction = {})
    {
        return u"<m:FindItem Traversal=\"Shallow\">%1<m:IndexedPageItemView MaxEntriesReturned=\"100\" "
               u"Offset=\"0\" "
               "BasePoint=\"Beginning\"/>%2<m:ParentFolderIds><t:DistinguishedFolderId "
               "Id=\"%3\"/></m:ParentFolderIds>"
               "</m:FindItem>"_s.arg(itemShape, restriction, folder);
    }

    static QString calendarView(const QString &itemShape, const QString &restriction = {})
    {
        return u"<m:FindItem Traversal=\"Shallow\">%1<m:CalendarView StartDate=\"2026-03-01T00:00:00Z\" "
               "EndDate=\"2026-03-31T00:00:00Z\"/>%2<m:ParentFolderIds><t:DistinguishedFolderId "
               "Id=\"calendar\"/>"
               "</m:ParentFolderIds></m:FindItem>"_s.arg(itemShape, restriction);
    }

    static QString syncItems(const QString &folder, const QString &itemShape)
    {
        return u"<m:SyncFolderItems>%1<m:SyncFolderId><t:DistinguishedFolderId Id=\"%2\"/></m:SyncFolderId>"
               "<m:MaxChangesReturned>100</m:MaxChangesReturned></m:SyncFolderItems>"_s.arg(itemShape,
                                                                                            folder);
    }

    static MailboxContact contact(const QString &given, const QString &surname, const QString &crmId = kCrmId)
    {
        MailboxContact c;
        c.givenName = given;
        c.surname = surname;
        c.fileAs = surname + u", "_s + given;
        c.companyName = u"Fabrikam"_s;
        c.jobTitle = u"Buyer"_s;
        c.emailAddresses = {u"%1@fabrikam.example"_s.arg(given.toLower())};
        c.notes = u"Met at the fair"_s;
        c.crmId = crmId;
        return c;
    }

    MailboxItemId meeting()
    {
        MailboxEvent e;
        e.subject = u"Review"_s;
        e.body = u"Agenda: numbers"_s;
        e.location = u"Room 1"_s;
        e.start = QDateTime(QDate(2026, 3, 2), QTime(8, 0), QTimeZone::utc());
        e.end = e.start.addSecs(1800);
        e.attendees = {{u"Jörg"_s, u"joerg@fabrikam.example"_s, MailboxAttendeeRole::Required, {}}};
        e.crmId = kCrmId;
        return create(e);
    }

    static QString createItems(const QString &folder, const QString &items)
    {
        return u"<m:CreateItem><m:SavedItemFolderId><t:DistinguishedFolderId "
               u"Id=\"%1\"/></m:SavedItemFolderId>"
               "<m:Items>%2</m:Items></m:CreateItem>"_s.arg(folder, items);
    }

    static QString rawContact(const QString &given, const QString &surname, const QString &company,
                              const QString &department, const QString &crmId = {})
    {
        const QString extended =
            crmId.isEmpty() ? QString()
                            : u"<t:ExtendedProperty>%1<t:Value>%2</t:Value></t:ExtendedProperty>"_s.arg(
                                  crmIdPath(), crmId);
        return u"<t:Contact>%1<t:FileAs>%2</t:FileAs><t:GivenName>%3</t:GivenName><t:CompanyName>%4</"
               u"t:CompanyName>"
               "<t:EmailAddresses><t:Entry Key=\"EmailAddress1\">%5@example.com</t:Entry></t:EmailAddresses>"
               "<t:Department>%6</t:Department><t:Surname>%2</t:Surname></t:Contact>"_s.arg(
                   extended, surname, given, company, given.toLower(), department);
    }

    // The given names of what FindItem on contacts (or Subjects on tasks) found with `restriction`.
    QStringList found(const QString &folder, const QString &restriction, QString *responseCode = nullptr)
    {
        const QString field = folder == u"contacts"_s ? u"contacts:GivenName"_s : u"item:Subject"_s;
        const auto r =
            call(u"Restricted"_s,
                 findItem(folder, shape(u"IdOnly"_s, u"<t:FieldURI FieldURI=\"%1\"/>"_s.arg(field)),
                          u"<m:Restriction>%1</m:Restriction>"_s.arg(restriction)));
        if (responseCode)
            *responseCode = code(r);
        QStringList out;
        for (const EwsXmlNode *i : items(r))
            out << i->childText(field.section(u':', 1, 1));
        out.sort();
        return out;
    }

    static QString equalTo(const QString &path, const QString &value, const QString &op = u"IsEqualTo"_s)
    {
        return u"<t:%3>%1<t:FieldURIOrConstant><t:Constant Value=\"%2\"/></t:FieldURIOrConstant></t:%3>"_s
            .arg(path, value, op);
    }

    static QString field(const QString &uri) { return u"<t:FieldURI FieldURI=\"%1\"/>"_s.arg(uri); }

    static QString containsOn(const QString &path, const QString &value, const QString &mode,
                              const QString &comparison)
    {
        return u"<t:Contains ContainmentMode=\"%3\" ContainmentComparison=\"%4\">%1<t:Constant Value=\"%2\"/></t:Contains>"_s
            .arg(path, value, mode, comparison);
    }

    // A folder reply's first folder element (m:Folders/t:* or m:RootFolder/t:Folders/t:*).
    static const EwsXmlNode *firstFolder(const Result<EwsSoapResponse> &r)
    {
        if (!r || r->responseMessages().isEmpty())
            return nullptr;
        const EwsXmlNode *m = r->responseMessages().first().second;
        const EwsXmlNode *list =
            m->child(u"Folders"_s) ? m->child(u"Folders"_s) : m->path({u"RootFolder"_s, u"Folders"_s});
        return list && !list->children.isEmpty() ? &list->children.constFirst() : nullptr;
    }

    static QString folderId(const QString &id, const QString &changeKey = {})
    {
        return changeKey.isEmpty() ? u"<t:FolderId Id=\"%1\"/>"_s.arg(id)
                                   : u"<t:FolderId Id=\"%1\" ChangeKey=\"%2\"/>"_s.arg(id, changeKey);
    }

    static QString getFolder(const QString &ref, const QString &base, const QString &extra = {})
    {
        return u"<m:GetFolder><m:FolderShape><t:BaseShape>%1</t:BaseShape>%2</m:FolderShape><m:FolderIds>%3</m:FolderIds></m:GetFolder>"_s
            .arg(base,
                 extra.isEmpty() ? QString()
                                 : u"<t:AdditionalProperties>"_s + extra + u"</t:AdditionalProperties>"_s,
                 ref);
    }

    static QString setFolderField(const QString &ref, const QString &path, const QString &element,
                                  const QString &value)
    {
        return u"<m:UpdateFolder><m:FolderChanges><t:FolderChange>%1<t:Updates><t:SetFolderField>%2<t:%3>%4</"
               u"t:%3>"
               "</t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>"_s.arg(
                   ref, path, element, value);
    }

    static QString deleteFolderField(const QString &ref, const QString &path)
    {
        return u"<m:UpdateFolder><m:FolderChanges><t:FolderChange>%1<t:Updates><t:DeleteFolderField>%2</"
               u"t:DeleteFolderField>"
               "</t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>"_s.arg(ref, path);
    }

    static QString syncHierarchy(const QString &state = {})
    {
        return u"<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>IdOnly</"
               u"t:BaseShape><t:AdditionalProperties>"
               "<t:FieldURI FieldURI=\"folder:DisplayName\"/><t:FieldURI FieldURI=\"folder:ParentFolderId\"/>"
               "</t:AdditionalProperties></m:FolderShape>%1</m:SyncFolderHierarchy>"_s.arg(
                   state.isEmpty() ? QString() : u"<m:SyncState>%1</m:SyncState>"_s.arg(state));
    }

    // A streaming subscription on `folders` and its open GetStreamingEvents reply; what arrives is
    // appended to *received.
    HttpReply *stream(const QList<MailboxFolderRef> &folders, QByteArray *received)
    {
        const QList<HttpHeader> anchor{{"X-AnchorMailbox", kAnna.toUtf8()}};
        EwsSubscribeRequest subscribe;
        subscribe.folders = folders;
        HttpReply *reply = m_client->send(SandboxEwsTestHttp::post(
            SandboxEwsTestHttp::url(*m_server, u"/EWS/Exchange.asmx"_s), *subscribe.build(as(kAnna)),
            SandboxEwsTestHttp::basic(kAccount, kPassword), u"Subscribe"_s, anchor));
        SandboxEwsTestHttp::wait(reply);
        const auto sub = EwsSubscribeRequest::parse(*EwsSoapResponse::parse(reply->body()), as(kAnna));
        reply->deleteLater();
        if (!sub)
            return nullptr;
        EwsGetStreamingEventsRequest events;
        events.subscriptionIds = {sub->subscriptionId};
        events.connectionTimeoutMinutes = 1;
        HttpRequest r = HttpRequest::post(SandboxEwsTestHttp::url(*m_server, u"/EWS/Exchange.asmx"_s),
                                          *events.build(as(kAnna)), "text/xml; charset=utf-8");
        r.setHeader("Authorization", SandboxEwsTestHttp::basic(kAccount, kPassword));
        r.setHeader("X-AnchorMailbox", kAnna.toUtf8());
        r.streaming = true;
        r.traceTag = u"GetStreamingEvents"_s;
        HttpReply *open = m_client->send(r);
        connect(open, &HttpReply::readyRead, this, [open, received] { *received += open->readAvailable(); });
        return open;
    }

private Q_SLOTS:
    void init()
    {
        m_traceDir = EwsTraceCheck::traceDir(QString::fromLatin1(QTest::currentTestFunction()));
        m_client = std::make_unique<HttpClient>();
        m_client->setTraceDirectory(m_traceDir);
        m_brokenOnPurpose.clear();
        m_server = std::make_unique<SandboxHttpServer>();
        SandboxEwsOptions o;
        o.keepAliveMs = 300;
        o.streamingMinuteMs = 2000;
        m_ews = std::make_unique<SandboxEws>(o);
        m_ews->addServiceAccount(kAccount, kPassword, {kAnna});
        m_ews->addMailbox(kAnna, u"Anna Berg"_s);
        QVERIFY(m_ews->install(*m_server));
        QVERIFY(m_server->listen());
    }

    void cleanup()
    {
        m_client.reset();
        m_ews.reset();
        m_server.reset();
        if (!QTest::currentTestFailed()) {
            QString output;
            QVERIFY2(EwsTraceCheck::validate(m_traceDir, &output, m_brokenOnPurpose) >= 0,
                     qPrintable(output.right(3000)));
        }
    }

    // Default is the short per-type list, AllProperties the first-class properties; an extended
    // property comes only when asked for by path, in every operation.
    void extendedPropertiesOnlyByPath()
    {
        const MailboxItemId id = create(contact(u"Jörg"_s, u"Müller"_s));
        QVERIFY(!id.isEmpty());

        auto r = call(u"GetItemDefault"_s, getItem(id.id, shape(u"Default"_s)));
        QCOMPARE(code(r), u"NoError"_s);
        QStringList got = names(items(r).first());
        QVERIFY2(got.contains(u"FileAs"_s) && got.contains(u"CompanyName"_s) &&
                     got.contains(u"EmailAddresses"_s) && got.contains(u"JobTitle"_s),
                 qPrintable(got.join(u' ')));
        QVERIFY2(!got.contains(u"ExtendedProperty"_s) && !got.contains(u"GivenName"_s) &&
                     !got.contains(u"Body"_s),
                 qPrintable(got.join(u' ')));

        r = call(u"GetItemAll"_s, getItem(id.id, shape(u"AllProperties"_s)));
        got = names(items(r).first());
        QVERIFY2(got.contains(u"GivenName"_s) && got.contains(u"Body"_s) && got.contains(u"ItemClass"_s),
                 qPrintable(got.join(u' ')));
        QVERIFY2(!got.contains(u"ExtendedProperty"_s), qPrintable(got.join(u' ')));

        r = call(u"GetItemPath"_s, getItem(id.id, shape(u"IdOnly"_s, crmIdPath())));
        got = names(items(r).first());
        QCOMPARE(got, (QStringList{u"ItemId"_s, u"ExtendedProperty"_s}));
        QCOMPARE(items(r).first()->child(u"ExtendedProperty"_s)->childText(u"Value"_s), kCrmId);

        r = call(u"FindItemAll"_s, findItem(u"contacts"_s, shape(u"AllProperties"_s)));
        QCOMPARE(code(r), u"NoError"_s);
        QCOMPARE(items(r).size(), 1);
        got = names(items(r).first());
        QVERIFY2(got.contains(u"GivenName"_s), qPrintable(got.join(u' ')));
        QVERIFY2(!got.contains(u"ExtendedProperty"_s) && !got.contains(u"Body"_s),
                 qPrintable(got.join(u' ')));
        r = call(u"FindItemPath"_s, findItem(u"contacts"_s, shape(u"IdOnly"_s, crmIdPath())));
        QCOMPARE(names(items(r).first()), (QStringList{u"ItemId"_s, u"ExtendedProperty"_s}));

        r = call(u"SyncAll"_s, syncItems(u"contacts"_s, shape(u"AllProperties"_s)));
        QCOMPARE(code(r), u"NoError"_s);
        got = names(items(r).first());
        QVERIFY2(got.contains(u"Surname"_s), qPrintable(got.join(u' ')));
        QVERIFY2(!got.contains(u"ExtendedProperty"_s) && !got.contains(u"Body"_s),
                 qPrintable(got.join(u' ')));
        r = call(u"SyncDefault"_s, syncItems(u"contacts"_s, shape(u"Default"_s)));
        got = names(items(r).first());
        QVERIFY2(got.contains(u"FileAs"_s) && !got.contains(u"Surname"_s) &&
                     !got.contains(u"ExtendedProperty"_s),
                 qPrintable(got.join(u' ')));
        r = call(u"SyncPath"_s, syncItems(u"contacts"_s, shape(u"IdOnly"_s, crmIdPath())));
        QCOMPARE(names(items(r).first()), (QStringList{u"ItemId"_s, u"ExtendedProperty"_s}));
    }

    // FindItem and SyncFolderItems return no bodies, attachments or recipient lists, and refuse
    // them when asked by name; GetItem returns them. FindItem names the organizer without address.
    void summariesLeaveOutBodiesAndRecipients()
    {
        const MailboxItemId id = meeting();
        QVERIFY(!id.isEmpty());
        auto r = call(u"ViewAll"_s, calendarView(shape(u"AllProperties"_s)));
        QCOMPARE(code(r), u"NoError"_s);
        QCOMPARE(items(r).size(), 1);
        QStringList got = names(items(r).first());
        QVERIFY2(got.contains(u"Subject"_s) && got.contains(u"Location"_s) && got.contains(u"Organizer"_s),
                 qPrintable(got.join(u' ')));
        QVERIFY2(!got.contains(u"Body"_s) && !got.contains(u"RequiredAttendees"_s) &&
                     !got.contains(u"ExtendedProperty"_s),
                 qPrintable(got.join(u' ')));
        const EwsXmlNode *organizer = items(r).first()->path({u"Organizer"_s, u"Mailbox"_s});
        QVERIFY(organizer);
        QCOMPARE(organizer->childText(u"Name"_s), u"Anna Berg"_s);
        QVERIFY(!organizer->child(u"EmailAddress"_s));

        for (const QString &uri : {u"item:Body"_s, u"calendar:RequiredAttendees"_s, u"item:Attachments"_s}) {
            const QString path = u"<t:FieldURI FieldURI=\"%1\"/>"_s.arg(uri);
            QCOMPARE(code(call(u"ViewAsks"_s, calendarView(shape(u"IdOnly"_s, path)))),
                     u"ErrorInvalidPropertyForOperation"_s);
            QCOMPARE(code(call(u"SyncAsks"_s, syncItems(u"calendar"_s, shape(u"IdOnly"_s, path)))),
                     u"ErrorInvalidPropertyForOperation"_s);
        }
        r = call(u"SyncAll"_s, syncItems(u"calendar"_s, shape(u"AllProperties"_s)));
        got = names(items(r).first());
        QVERIFY2(got.contains(u"Start"_s) && !got.contains(u"Body"_s) &&
                     !got.contains(u"RequiredAttendees"_s),
                 qPrintable(got.join(u' ')));

        r = call(u"GetAll"_s, getItem(id.id, shape(u"AllProperties"_s)));
        got = names(items(r).first());
        QVERIFY2(got.contains(u"Body"_s) && got.contains(u"RequiredAttendees"_s), qPrintable(got.join(u' ')));
        QVERIFY(items(r).first()->path({u"Organizer"_s, u"Mailbox"_s, u"EmailAddress"_s}));
        QVERIFY2(!got.contains(u"ExtendedProperty"_s), qPrintable(got.join(u' ')));
        r = call(u"GetDefault"_s, getItem(id.id, shape(u"Default"_s)));
        got = names(items(r).first());
        QVERIFY2(got.contains(u"Start"_s) && got.contains(u"Organizer"_s) &&
                     !got.contains(u"RequiredAttendees"_s) && !got.contains(u"UID"_s),
                 qPrintable(got.join(u' ')));
    }

    // A FieldURI outside the schema fails schema validation, as on Exchange; it is never ignored.
    void unknownFieldUriIsASchemaFault()
    {
        const MailboxItemId id = create(contact(u"Ann"_s, u"Lee"_s));
        m_brokenOnPurpose.insert(u"Bogus-request"_s, u"item:Bogus is outside the schema on purpose"_s);
        int status = 0;
        auto r =
            call(u"Bogus"_s, getItem(id.id, shape(u"IdOnly"_s, u"<t:FieldURI FieldURI=\"item:Bogus\"/>"_s)),
                 &status);
        QCOMPARE(status, 500);
        QCOMPARE(code(r), u"fault:ErrorSchemaValidation"_s);
        r = call(u"Bogus"_s,
                 findItem(u"contacts"_s,
                          shape(u"IdOnly"_s,
                                u"<t:IndexedFieldURI FieldURI=\"contacts:Bogus\" FieldIndex=\"x\"/>"_s)),
                 &status);
        QCOMPARE(status, 500);
        QCOMPARE(code(r), u"fault:ErrorSchemaValidation"_s);
    }
    // A t:Folder created with a typed class comes back as that type everywhere, as Exchange
    // makes it; a typed element works too, and refuses a class of its own.
    void foldersTakeTheTypeOfTheirClass()
    {
        const QList<std::pair<QString, QString>> cases{{u"IPF.Contact"_s, u"ContactsFolder"_s},
                                                       {u"IPF.Appointment"_s, u"CalendarFolder"_s},
                                                       {u"IPF.Task"_s, u"TasksFolder"_s},
                                                       {u"IPF.Contact.Custom"_s, u"ContactsFolder"_s},
                                                       {u"IPF.Note"_s, u"Folder"_s}};
        auto sync = call(u"Hierarchy"_s, syncHierarchy());
        QCOMPARE(code(sync), u"NoError"_s);
        const QString state = sync->responseMessages().first().second->childText(u"SyncState"_s);
        QHash<QString, QString> ids;
        for (const auto &[cls, element] : cases) {
            const auto created =
                call(u"CreateFolder"_s,
                     u"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id=\"msgfolderroot\"/>"
                     "</m:ParentFolderId><m:Folders><t:Folder><t:FolderClass>%1</t:FolderClass>"
                     "<t:DisplayName>%1 folder</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>"_s.arg(
                         cls));
            QCOMPARE(code(created), u"NoError"_s);
            QCOMPARE(firstFolder(created)->name, element);
            const QString id = firstFolder(created)->child(u"FolderId"_s)->attribute(u"Id"_s);
            ids.insert(id, element);
            const auto got = call(u"GetFolder"_s, getFolder(folderId(id), u"AllProperties"_s));
            QCOMPARE(firstFolder(got)->name, element);
            QCOMPARE(firstFolder(got)->childText(u"FolderClass"_s), cls);
            const auto find = call(
                u"FindFolder"_s,
                u"<m:FindFolder Traversal=\"Shallow\"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>"
                "</m:FolderShape><m:Restriction>%1</m:Restriction><m:ParentFolderIds>"
                "<t:DistinguishedFolderId Id=\"msgfolderroot\"/></m:ParentFolderIds></m:FindFolder>"_s.arg(
                    equalTo(field(u"folder:DisplayName"_s), cls + u" folder"_s)));
            QCOMPARE(code(find), u"NoError"_s);
            QVERIFY(firstFolder(find));
            QCOMPARE(firstFolder(find)->name, element);
        }
        sync = call(u"Hierarchy"_s, syncHierarchy(state));
        const EwsXmlNode *changes = sync->responseMessages().first().second->child(u"Changes"_s);
        QCOMPARE(changes->children.size(), cases.size());
        for (const EwsXmlNode &c : changes->children) {
            const EwsXmlNode &f = c.children.constFirst();
            QCOMPARE(f.name, ids.value(f.child(u"FolderId"_s)->attribute(u"Id"_s)));
        }
        // A typed element makes a typed folder; it takes no class of its own (ErrorNoFolderClassOverride).
        auto typed =
            call(u"CreateFolder"_s,
                 u"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id=\"contacts\"/>"
                 "</m:ParentFolderId><m:Folders><t:ContactsFolder><t:DisplayName>Typed</t:DisplayName>"
                 "</t:ContactsFolder></m:Folders></m:CreateFolder>"_s);
        QCOMPARE(firstFolder(typed)->name, u"ContactsFolder"_s);
        typed = call(u"CreateFolder"_s,
                     u"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id=\"contacts\"/>"
                     "</m:ParentFolderId><m:Folders><t:TasksFolder><t:FolderClass>IPF.Task</t:FolderClass>"
                     "<t:DisplayName>Typed 2</t:DisplayName></t:TasksFolder></m:Folders></m:CreateFolder>"_s);
        QCOMPARE(code(typed), u"ErrorNoFolderClassOverride"_s);
    }

    // UpdateFolder renames and sets or deletes extended properties with the ChangeKey checked;
    // DeleteFolder hard-deletes or moves to Deleted Items; default folders stay. Hierarchy sync and
    // streaming notifications see each change as Exchange reports it.
    void updateAndDeleteFolders()
    {
        const QString tag =
            u"<t:ExtendedFieldURI PropertySetId=\"%1\" PropertyName=\"Owner\" PropertyType=\"String\"/>"_s
                .arg(Ews::liaisonPropertySetId());
        auto created =
            call(u"CreateFolder"_s,
                 u"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id=\"contacts\"/>"
                 "</m:ParentFolderId><m:Folders><t:ContactsFolder><t:DisplayName>Liaison</t:DisplayName>"
                 "<t:ExtendedProperty>%1<t:Value>sync</t:Value></t:ExtendedProperty>"
                 "</t:ContactsFolder></m:Folders></m:CreateFolder>"_s.arg(tag));
        QCOMPARE(code(created), u"NoError"_s);
        const QString id = firstFolder(created)->child(u"FolderId"_s)->attribute(u"Id"_s);
        const QString key1 = firstFolder(created)->child(u"FolderId"_s)->attribute(u"ChangeKey"_s);
        QVERIFY(call(
            u"Sibling"_s,
            u"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id=\"contacts\"/></m:ParentFolderId>"
            "<m:Folders><t:ContactsFolder><t:DisplayName>Taken</t:DisplayName></t:ContactsFolder>"
            "</m:Folders></m:CreateFolder>"_s));
        // The extended property comes only by path.
        QVERIFY(!firstFolder(call(u"GetAll"_s, getFolder(folderId(id), u"AllProperties"_s)))
                     ->child(u"ExtendedProperty"_s));
        QCOMPARE(firstFolder(call(u"GetPath"_s, getFolder(folderId(id), u"IdOnly"_s, tag)))
                     ->path({u"ExtendedProperty"_s, u"Value"_s})
                     ->text,
                 u"sync"_s);
        auto sync = call(u"Hierarchy"_s, syncHierarchy());
        const QString state = sync->responseMessages().first().second->childText(u"SyncState"_s);
        QByteArray received;
        HttpReply *open = stream({MailboxFolderRef::wellKnown(u"contacts"_s)}, &received);
        QVERIFY(open);
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("ConnectionStatus>OK"), 5000);

        const QString rename = u"<t:DisplayName>Liaison (old)</t:DisplayName>"_s;
        QCOMPARE(code(call(u"Stale"_s, setFolderField(folderId(id, u"AAAAAAAAAAA="_s),
                                                      field(u"folder:DisplayName"_s), u"Folder"_s, rename))),
                 u"ErrorIrresolvableConflict"_s);
        auto updated = call(u"Rename"_s, setFolderField(folderId(id, key1), field(u"folder:DisplayName"_s),
                                                        u"ContactsFolder"_s, rename));
        QCOMPARE(code(updated), u"NoError"_s);
        const QString key2 = firstFolder(updated)->child(u"FolderId"_s)->attribute(u"ChangeKey"_s);
        QVERIFY(key2 != key1);
        QCOMPARE(firstFolder(call(u"GetDefault"_s, getFolder(folderId(id), u"Default"_s)))
                     ->childText(u"DisplayName"_s),
                 u"Liaison (old)"_s);
        QCOMPARE(
            code(call(u"Taken"_s, setFolderField(folderId(id), field(u"folder:DisplayName"_s), u"Folder"_s,
                                                 u"<t:DisplayName>taken</t:DisplayName>"_s))),
            u"ErrorFolderExists"_s);
        QCOMPARE(code(call(u"NoName"_s, deleteFolderField(folderId(id), field(u"folder:DisplayName"_s)))),
                 u"ErrorInvalidPropertyDelete"_s);
        QCOMPARE(code(call(u"Count"_s, setFolderField(folderId(id), field(u"folder:TotalCount"_s),
                                                      u"Folder"_s, u"<t:TotalCount>3</t:TotalCount>"_s))),
                 u"ErrorInvalidPropertySet"_s);
        QCOMPARE(
            code(call(u"Retype"_s, setFolderField(folderId(id), field(u"folder:FolderClass"_s), u"Folder"_s,
                                                  u"<t:FolderClass>IPF.Appointment</t:FolderClass>"_s))),
            u"ErrorObjectTypeChanged"_s);
        QCOMPARE(code(call(u"Retype"_s, setFolderField(folderId(id), field(u"folder:DisplayName"_s),
                                                       u"CalendarFolder"_s, rename))),
                 u"ErrorObjectTypeChanged"_s);
        QCOMPARE(
            code(call(u"SetTag"_s,
                      setFolderField(
                          folderId(id), tag, u"Folder"_s,
                          u"<t:ExtendedProperty>%1<t:Value>done</t:Value></t:ExtendedProperty>"_s.arg(tag)))),
            u"NoError"_s);
        QCOMPARE(firstFolder(call(u"GetPath"_s, getFolder(folderId(id), u"IdOnly"_s, tag)))
                     ->path({u"ExtendedProperty"_s, u"Value"_s})
                     ->text,
                 u"done"_s);
        QCOMPARE(code(call(u"DropTag"_s, deleteFolderField(folderId(id), tag))), u"NoError"_s);
        QVERIFY(!firstFolder(call(u"GetPath"_s, getFolder(folderId(id), u"IdOnly"_s, tag)))
                     ->child(u"ExtendedProperty"_s));

        // The rename: the folder's ModifiedEvent, and an Update in the hierarchy.
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("ModifiedEvent"), 5000);
        sync = call(u"Hierarchy"_s, syncHierarchy(state));
        const EwsXmlNode *change =
            sync->responseMessages().first().second->path({u"Changes"_s, u"Update"_s, u"ContactsFolder"_s});
        QVERIFY(change);
        QCOMPARE(change->childText(u"DisplayName"_s), u"Liaison (old)"_s);
        const QString state2 = sync->responseMessages().first().second->childText(u"SyncState"_s);

        // Default folders cannot be deleted; a missing folder is ErrorItemNotFound.
        QCOMPARE(code(call(u"DeleteDefault"_s,
                           u"<m:DeleteFolder DeleteType=\"HardDelete\"><m:FolderIds>"
                           "<t:DistinguishedFolderId Id=\"contacts\"/></m:FolderIds></m:DeleteFolder>"_s)),
                 u"ErrorDeleteDistinguishedFolder"_s);
        // Outlook's Delete: the folder moves to Deleted Items with its id (MovedEvent, Update).
        const QString deleteIt =
            u"<m:DeleteFolder DeleteType=\"%1\"><m:FolderIds>%2</m:FolderIds></m:DeleteFolder>"_s;
        QCOMPARE(code(call(u"MoveToTrash"_s, deleteIt.arg(u"MoveToDeletedItems"_s, folderId(id)))),
                 u"NoError"_s);
        QTRY_VERIFY_WITH_TIMEOUT(received.contains("MovedEvent"), 5000);
        QVERIFY(received.contains("OldParentFolderId"));
        const QString trash =
            firstFolder(
                call(u"Trash"_s, getFolder(u"<t:DistinguishedFolderId Id=\"deleteditems\"/>"_s, u"IdOnly"_s)))
                ->child(u"FolderId"_s)
                ->attribute(u"Id"_s);
        const auto getMoved = call(u"GetMoved"_s, getFolder(folderId(id), u"AllProperties"_s));
        const EwsXmlNode *moved = firstFolder(getMoved); // points into getMoved, which must outlive it
        QVERIFY(moved);
        QCOMPARE(moved->child(u"ParentFolderId"_s)->attribute(u"Id"_s), trash);
        sync = call(u"Hierarchy"_s, syncHierarchy(state2));
        change =
            sync->responseMessages().first().second->path({u"Changes"_s, u"Update"_s, u"ContactsFolder"_s});
        QVERIFY(change);
        QCOMPARE(change->child(u"ParentFolderId"_s)->attribute(u"Id"_s), trash);
        const QString state3 = sync->responseMessages().first().second->childText(u"SyncState"_s);
        // In Deleted Items, a delete removes it: a Delete in the hierarchy, a DeletedEvent.
        QCOMPARE(code(call(u"HardDelete"_s, deleteIt.arg(u"HardDelete"_s, folderId(id)))), u"NoError"_s);
        QCOMPARE(code(call(u"Gone"_s, getFolder(folderId(id), u"IdOnly"_s))), u"ErrorFolderNotFound"_s);
        QCOMPARE(code(call(u"Again"_s, deleteIt.arg(u"HardDelete"_s, folderId(id)))), u"ErrorItemNotFound"_s);
        sync = call(u"Hierarchy"_s, syncHierarchy(state3));
        const EwsXmlNode *gone =
            sync->responseMessages().first().second->path({u"Changes"_s, u"Delete"_s, u"FolderId"_s});
        QVERIFY(gone);
        QCOMPARE(gone->attribute(u"Id"_s), id);
        open->abort();
        open->deleteLater();
    }

    // FindItem evaluates every documented search expression over the stored properties,
    // against constants and other properties; a comparison on a missing property is false.
    void restrictionsFilter()
    {
        QCOMPARE(
            code(call(u"Seed"_s,
                      createItems(u"contacts"_s,
                                  rawContact(u"Anna"_s, u"Zed"_s, u"Fabrikam Ltd"_s, u"Sales"_s, kCrmId) +
                                      rawContact(u"Bob"_s, u"Young"_s, u"Contoso"_s, u"Contoso"_s) +
                                      rawContact(u"Can"_s, u"Çelik"_s, u"Fabrikam"_s, u"Buying"_s)))),
            u"NoError"_s);
        const QString company = field(u"contacts:CompanyName"_s);
        const QString crm = u"<t:Exists>%1</t:Exists>"_s.arg(crmIdPath());
        QCOMPARE(found(u"contacts"_s, u"<t:And>%1%2</t:And>"_s.arg(equalTo(company, u"fabrikam ltd"_s), crm)),
                 QStringList{u"Anna"_s});
        QCOMPARE(found(u"contacts"_s,
                       u"<t:Or>%1%2</t:Or>"_s.arg(equalTo(field(u"contacts:GivenName"_s), u"bob"_s),
                                                  equalTo(field(u"contacts:GivenName"_s), u"Anna"_s))),
                 (QStringList{u"Anna"_s, u"Bob"_s}));
        QCOMPARE(found(u"contacts"_s, u"<t:Not>%1</t:Not>"_s.arg(crm)), (QStringList{u"Bob"_s, u"Can"_s}));
        QCOMPARE(found(u"contacts"_s, equalTo(crmIdPath(), kCrmId)), QStringList{u"Anna"_s});
        QCOMPARE(found(u"contacts"_s, equalTo(crmIdPath(), kCrmId, u"IsNotEqualTo"_s)),
                 QStringList{}); // others lack it
        QCOMPARE(found(u"contacts"_s, equalTo(company, u"Contoso"_s, u"IsNotEqualTo"_s)),
                 (QStringList{u"Anna"_s, u"Can"_s}));
        QCOMPARE(found(u"contacts"_s, containsOn(company, u"fabrik"_s, u"Substring"_s, u"IgnoreCase"_s)),
                 (QStringList{u"Anna"_s, u"Can"_s}));
        QCOMPARE(found(u"contacts"_s, containsOn(company, u"fabrik"_s, u"Substring"_s, u"Exact"_s)),
                 QStringList{});
        QCOMPARE(found(u"contacts"_s, containsOn(company, u"Fabrikam"_s, u"FullString"_s, u"Exact"_s)),
                 QStringList{u"Can"_s});
        QCOMPARE(found(u"contacts"_s, containsOn(company, u"Fab"_s, u"Prefixed"_s, u"Exact"_s)),
                 (QStringList{u"Anna"_s, u"Can"_s}));
        QCOMPARE(found(u"contacts"_s, containsOn(company, u"Lt"_s, u"PrefixOnWords"_s, u"Exact"_s)),
                 QStringList{u"Anna"_s});
        QCOMPARE(found(u"contacts"_s, containsOn(company, u"Lt"_s, u"ExactPhrase"_s, u"Exact"_s)),
                 QStringList{});
        QCOMPARE(found(u"contacts"_s, containsOn(company, u"Fabrikam"_s, u"ExactPhrase"_s, u"Exact"_s)),
                 (QStringList{u"Anna"_s, u"Can"_s}));
        QCOMPARE(found(u"contacts"_s, containsOn(field(u"contacts:Surname"_s), u"celik"_s, u"FullString"_s,
                                                 u"IgnoreCase"_s)),
                 QStringList{});
        QCOMPARE(found(u"contacts"_s, containsOn(field(u"contacts:Surname"_s), u"celik"_s, u"FullString"_s,
                                                 u"IgnoreCaseAndNonSpacingCharacters"_s)),
                 QStringList{u"Can"_s});
        QCOMPARE(
            found(
                u"contacts"_s,
                equalTo(
                    u"<t:IndexedFieldURI FieldURI=\"contacts:EmailAddress\" FieldIndex=\"EmailAddress1\"/>"_s,
                    u"bob@example.com"_s)),
            QStringList{u"Bob"_s});
        // Against another property: CompanyName = Department.
        QCOMPARE(found(u"contacts"_s,
                       u"<t:IsEqualTo>%1<t:FieldURIOrConstant>%2</t:FieldURIOrConstant></t:IsEqualTo>"_s.arg(
                           company, field(u"contacts:Department"_s))),
                 QStringList{u"Bob"_s});

        const QString task =
            u"<t:Task><t:Subject>%1</t:Subject><t:DueDate>%2</t:DueDate><t:PercentComplete>%3</t:PercentComplete></t:Task>"_s;
        QCOMPARE(
            code(call(u"Seed"_s,
                      createItems(u"tasks"_s, task.arg(u"Half"_s, u"2026-04-01T00:00:00Z"_s, u"50"_s) +
                                                  task.arg(u"Done"_s, u"2026-05-01T00:00:00Z"_s, u"100"_s)))),
            u"NoError"_s);
        const QString percent = field(u"task:PercentComplete"_s);
        QCOMPARE(found(u"tasks"_s, equalTo(percent, u"50"_s, u"IsGreaterThan"_s)), QStringList{u"Done"_s});
        QCOMPARE(found(u"tasks"_s, equalTo(percent, u"50"_s, u"IsGreaterThanOrEqualTo"_s)),
                 (QStringList{u"Done"_s, u"Half"_s}));
        QCOMPARE(found(u"tasks"_s, equalTo(percent, u"100"_s, u"IsLessThan"_s)), QStringList{u"Half"_s});
        QCOMPARE(found(u"tasks"_s, equalTo(percent, u"9"_s, u"IsLessThanOrEqualTo"_s)),
                 QStringList{}); // numbers, not text
        QCOMPARE(found(u"tasks"_s,
                       equalTo(field(u"task:DueDate"_s), u"2026-04-15T00:00:00Z"_s, u"IsGreaterThan"_s)),
                 QStringList{u"Done"_s});
        // Excludes: 50 & 4 == 0, 100 & 4 != 0.
        QCOMPARE(found(u"tasks"_s, u"<t:Excludes>%1<t:Bitmask Value=\"0x4\"/></t:Excludes>"_s.arg(percent)),
                 QStringList{u"Half"_s});
    }

    // What the sandbox cannot evaluate is refused with Exchange's response code, never ignored.
    void restrictionsRefuseWhatTheyCannotEvaluate()
    {
        QCOMPARE(code(call(u"Seed"_s, createItems(u"contacts"_s, rawContact(u"Anna"_s, u"Zed"_s,
                                                                            u"Fabrikam"_s, u"Sales"_s)))),
                 u"NoError"_s);
        QString result;
        QCOMPARE(found(u"contacts"_s, equalTo(field(u"calendar:RequiredAttendees"_s), u"x"_s), &result),
                 QStringList{});
        QCOMPARE(result, u"ErrorUnsupportedPathForQuery"_s);
        found(u"contacts"_s, equalTo(field(u"folder:DisplayName"_s), u"x"_s), &result);
        QCOMPARE(result, u"ErrorUnsupportedPathForQuery"_s);
        found(u"contacts"_s, equalTo(field(u"contacts:EmailAddresses"_s), u"x"_s), &result);
        QCOMPARE(result, u"ErrorUnsupportedPathForQuery"_s);
        found(u"tasks"_s, equalTo(field(u"task:PercentComplete"_s), u"half"_s, u"IsGreaterThan"_s), &result);
        QCOMPARE(result, u"ErrorInvalidValueForProperty"_s);
        found(u"contacts"_s, u"<t:Exists>%1</t:Exists>"_s.arg(field(u"message:IsRead"_s)), &result);
        QCOMPARE(result, u"ErrorInvalidPropertyForExists"_s);
        found(u"contacts"_s,
              u"<t:Excludes>%1<t:Bitmask Value=\"1\"/></t:Excludes>"_s.arg(field(u"item:Subject"_s)),
              &result);
        QCOMPARE(result, u"ErrorUnsupportedPathForQuery"_s);
        found(u"tasks"_s,
              u"<t:Excludes>%1<t:Bitmask Value=\"0x\"/></t:Excludes>"_s.arg(field(u"task:PercentComplete"_s)),
              &result);
        QCOMPARE(result, u"ErrorInvalidExcludesRestriction"_s);
        found(u"contacts"_s, containsOn(field(u"task:PercentComplete"_s), u"5"_s, u"Substring"_s, u"Exact"_s),
              &result);
        QCOMPARE(result, u"ErrorUnsupportedPathForQuery"_s);

        // With a CalendarView, Exchange takes no restriction at all.
        const auto view =
            call(u"ViewRestricted"_s,
                 calendarView(shape(u"IdOnly"_s), u"<m:Restriction>%1</m:Restriction>"_s.arg(
                                                      equalTo(field(u"item:Subject"_s), u"x"_s))));
        QCOMPARE(code(view), u"ErrorInvalidRequest"_s);
        QCOMPARE(view->responseMessages().first().first.messageText,
                 u"Restrictions and sort order may not be specified for a CalendarView."_s);
        // FindFolder: folder properties only.
        const auto folders =
            call(u"FindFolder"_s,
                 u"<m:FindFolder Traversal=\"Shallow\"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>"
                 "</m:FolderShape><m:Restriction>%1</m:Restriction><m:ParentFolderIds>"
                 "<t:DistinguishedFolderId Id=\"msgfolderroot\"/></m:ParentFolderIds></m:FindFolder>"_s.arg(
                     equalTo(field(u"item:Subject"_s), u"x"_s)));
        QCOMPARE(code(folders), u"ErrorUnsupportedPathForQuery"_s);
        // An unknown FieldURI fails schema validation.
        m_brokenOnPurpose.insert(u"Bogus-request"_s, u"item:Nope is outside the schema on purpose"_s);
        int status = 0;
        const auto bogus =
            call(u"Bogus"_s,
                 findItem(u"contacts"_s, shape(u"IdOnly"_s),
                          u"<m:Restriction>%1</m:Restriction>"_s.arg(equalTo(field(u"item:Nope"_s), u"x"_s))),
                 &status);
        QCOMPARE(status, 500);
        QCOMPARE(code(bogus), u"fault:ErrorSchemaValidation"_s);
    }
};

QTEST_GUILESS_MAIN(TestSandboxEwsConformance)
#include "testsandboxewsconformance.moc"
