#include "crm/dataverse/dataverseentitybody.h"
#include "crm/dataverse/dataversequery.h"
#include "crm/dataverse/dataverserequest.h"
#include "net/entratokenreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>
#include <QTimeZone>
#include <QUuid>

using namespace Liaison;
using namespace Qt::StringLiterals;

class TestDataverseRequests : public QObject
{
    Q_OBJECT

private:
    const QUrl m_root = QUrl(u"https://contoso.crm.dynamics.com/api/data/v9.2/"_s);

private Q_SLOTS:
    void apiRoot()
    {
        Result<QUrl> root = DataverseRequest::apiRoot(u"https://contoso.crm.dynamics.com/main.aspx?x=1"_s);
        QVERIFY(root.ok());
        QCOMPARE(root->toString(), u"https://contoso.crm.dynamics.com/api/data/v9.2/"_s);
        QVERIFY(!DataverseRequest::apiRoot(u"http://contoso.crm.dynamics.com"_s).ok());
        QVERIFY(!DataverseRequest::apiRoot(u"contoso"_s).ok());
    }

    void literalsAreEscaped()
    {
        QCOMPARE(DataverseFilter::stringLiteral(u"O'Brien"_s), u"'O''Brien'"_s);
        QCOMPARE(DataverseFilter::compare(u"lastname"_s, u"eq"_s, u"O'Brien"_s).value(), u"lastname eq 'O''Brien'"_s);
        QCOMPARE(DataverseFilter::compare(u"statecode"_s, u"eq"_s, 0).value(), u"statecode eq 0"_s);
        QCOMPARE(DataverseFilter::compare(u"donotemail"_s, u"ne"_s, true).value(), u"donotemail ne true"_s);
        QCOMPARE(DataverseFilter::compare(u"_ownerid_value"_s, u"eq"_s,
                                          QUuid(u"{465B158C-541C-E511-80D3-3863BB347BA8}"_s)).value(),
                 u"_ownerid_value eq 465b158c-541c-e511-80d3-3863bb347ba8"_s);
        QCOMPARE(DataverseFilter::compare(u"modifiedon"_s, u"ge"_s,
                                          QDateTime(QDate(2024, 3, 1), QTime(8, 0), QTimeZone(3600))).value(),
                 u"modifiedon ge 2024-03-01T07:00:00Z"_s);
        QCOMPARE(DataverseFilter::compare(u"emailaddress1"_s, u"eq"_s, QVariant()).value(), u"emailaddress1 eq null"_s);
        QCOMPARE(DataverseFilter::function(u"contains"_s, u"fullname"_s, u"a'b"_s).value(), u"contains(fullname,'a''b')"_s);
        // Injection attempts through names and operators are refused, not escaped.
        QVERIFY(!DataverseFilter::compare(u"lastname eq 'x' or true"_s, u"eq"_s, 1).ok());
        QVERIFY(!DataverseFilter::compare(u"lastname"_s, u"eq 1 or"_s, 1).ok());
        QVERIFY(!DataverseFilter::function(u"substringof"_s, u"a"_s, u"b"_s).ok());
    }

    void fieldFilters()
    {
        QCOMPARE(DataverseFilter::fromFieldFilter({u"address1_city"_s, u"eq"_s, u"Zürich"_s}).value(),
                 u"address1_city eq 'Zürich'"_s);
        QCOMPARE(DataverseFilter::fromFieldFilter({u"jobtitle"_s, u"not-contains"_s, u"intern"_s}).value(),
                 u"not contains(jobtitle,'intern')"_s);
        QCOMPARE(DataverseFilter::fromFieldFilter({u"emailaddress1"_s, u"not-empty"_s, {}}).value(),
                 u"emailaddress1 ne null"_s);
        const Result<QString> bad = DataverseFilter::fromFieldFilter({u"jobtitle"_s, u"like"_s, u"x"_s});
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.contains(u"like"_s));
    }

    void queryUrlAndHeaders()
    {
        const Result<DataverseRequest> r = DataverseQuery(u"contacts"_s)
                                               .select({u"firstname"_s, u"lastname"_s})
                                               .filter(DataverseFilter::compare(u"lastname"_s, u"eq"_s, u"O'Brien & Sons #1+2"_s).value())
                                               .filter(u"statecode eq 0"_s)
                                               .orderBy(u"modifiedon"_s, true)
                                               .top(50)
                                               .maxPageSize(500)
                                               .request();
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->method, QByteArray("GET"));
        const QUrl url = r->url(m_root);
        QCOMPARE(url.path(), u"/api/data/v9.2/contacts"_s);
        // The query decodes back to exactly what was meant: & # + and the quote did not leak.
        const QUrlQuery query(url);
        QCOMPARE(query.queryItemValue(u"$filter"_s, QUrl::FullyDecoded),
                 u"(lastname eq 'O''Brien & Sons #1+2') and (statecode eq 0)"_s);
        QCOMPARE(query.queryItemValue(u"$select"_s), u"firstname,lastname"_s);
        QCOMPARE(query.queryItemValue(u"$orderby"_s, QUrl::FullyDecoded), u"modifiedon desc"_s);
        QCOMPARE(query.queryItemValue(u"$top"_s), u"50"_s);
        QVERIFY(!url.toEncoded().contains("& Sons"));
        QVERIFY(url.toEncoded().contains("%26"));
        QVERIFY(url.toEncoded().contains("%2B"));
        QVERIFY(r->header("Prefer").contains("odata.maxpagesize=500"));
        QVERIFY(r->header("Prefer").contains("odata.include-annotations=\"*\""));
        QCOMPARE(r->header("odata-version"), QByteArray("4.0"));
        QCOMPARE(r->header("Accept"), QByteArray("application/json"));
    }

    void trackChangesRules()
    {
        const Result<DataverseRequest> ok = DataverseQuery(u"contacts"_s)
                                                .select({u"firstname"_s, u"modifiedon"_s})
                                                .trackChanges()
                                                .maxPageSize(5000)
                                                .request();
        QVERIFY(ok.ok());
        QVERIFY(ok->header("Prefer").startsWith("odata.track-changes,odata.maxpagesize=5000"));

        const Result<DataverseRequest> filtered =
            DataverseQuery(u"contacts"_s).trackChanges().filter(u"statecode eq 0"_s).request();
        QVERIFY(!filtered.ok());
        QVERIFY(filtered.error().message.contains(u"$filter"_s));
        QVERIFY(!DataverseQuery(u"contacts"_s).trackChanges().top(5).request().ok());
        QVERIFY(!DataverseQuery(u"contacts"_s).trackChanges().orderBy(u"createdon"_s).request().ok());
        QVERIFY(!DataverseQuery(u"contacts"_s).maxPageSize(5001).request().ok());
        QVERIFY(!DataverseQuery(u"contacts"_s).select({u"first name"_s}).request().ok());
        QVERIFY(!DataverseQuery(u"contacts?$top=1"_s).request().ok());
    }

    void expandAndCount()
    {
        const Result<DataverseRequest> r = DataverseQuery(u"appointments"_s)
                                               .select({u"subject"_s})
                                               .expand(u"appointment_activity_parties"_s,
                                                       {u"participationtypemask"_s, u"_partyid_value"_s})
                                               .count()
                                               .request();
        QVERIFY(r.ok());
        QCOMPARE(r->path, u"appointments?$select=subject&$expand=appointment_activity_parties($select="
                          "participationtypemask,_partyid_value)&$count=true"_s);
    }

    void entityRequests()
    {
        const QString id = u"465B158C-541C-E511-80D3-3863BB347BA8"_s;
        const Result<DataverseRequest> get = DataverseRequest::retrieve(u"contacts"_s, id, {u"firstname"_s});
        QVERIFY(get.ok());
        QCOMPARE(get->url(m_root).toString(),
                 u"https://contoso.crm.dynamics.com/api/data/v9.2/contacts(465b158c-541c-e511-80d3-3863bb347ba8)?$select=firstname"_s);
        QVERIFY(!DataverseRequest::retrieve(u"contacts"_s, u"1 or 1=1"_s, {}).ok());

        // Update never creates: If-Match * without an etag, the etag when given.
        const Result<DataverseRequest> upd = DataverseRequest::update(u"contacts"_s, id, {{u"firstname"_s, u"Ann"_s}});
        QCOMPARE(upd->method, QByteArray("PATCH"));
        QCOMPARE(upd->header("If-Match"), QByteArray("*"));
        QCOMPARE(upd->body, QByteArray(R"({"firstname":"Ann"})"));
        const Result<DataverseRequest> upd2 =
            DataverseRequest::update(u"contacts"_s, id, {{u"firstname"_s, u"Ann"_s}}, u"W/\"12350427\""_s);
        QCOMPARE(upd2->header("If-Match"), QByteArray("W/\"12350427\""));

        const Result<QString> key = DataverseRequest::alternateKeyPath(u"contacts"_s, {{u"new_exchangeid"_s, u"AAMk/a'b"_s}});
        QVERIFY(key.ok());
        QCOMPARE(key.value(), u"contacts(new_exchangeid='AAMk%2Fa''b')"_s);
        const DataverseRequest createOnly = DataverseRequest::upsert(key.value(), {}, DataverseRequest::UpsertMode::CreateOnly);
        QCOMPARE(createOnly.header("If-None-Match"), QByteArray("*"));
        QVERIFY(createOnly.header("If-Match").isEmpty());
        const DataverseRequest any = DataverseRequest::upsert(key.value(), {}, DataverseRequest::UpsertMode::CreateOrUpdate);
        QVERIFY(any.header("If-None-Match").isEmpty() && any.header("If-Match").isEmpty());

        const Result<DataverseRequest> create = DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"X"_s}}, true);
        QCOMPARE(create->method, QByteArray("POST"));
        QCOMPARE(create->header("Prefer"), QByteArray("return=representation"));
        QCOMPARE(create->header("Content-Type"), QByteArray("application/json; charset=utf-8"));

        const Result<DataverseRequest> del = DataverseRequest::remove(u"tasks"_s, id, u"W/\"5\""_s);
        QCOMPARE(del->method, QByteArray("DELETE"));
        QCOMPARE(del->header("If-Match"), QByteArray("W/\"5\""));
    }

    void bodiesBindLookupsAndParties()
    {
        DataverseEntityBody body;
        body.set(u"subject"_s, u"Quarterly review"_s).set(u"scheduledstart"_s, u"2024-03-14T09:00:00Z"_s);
        QVERIFY(body.bind(u"regardingobjectid_account_appointment"_s, u"accounts"_s,
                          u"7d577253-3ef0-e311-b3e7-00155d01e70c"_s).ok());
        QVERIFY(body.addParty(u"appointment_activity_parties"_s, u"partyid_systemuser"_s, u"systemusers"_s,
                              u"e5a1be7f-5d88-ee11-8179-000d3a9933c9"_s, DataverseParticipation::Organizer).ok());
        QVERIFY(body.addParty(u"appointment_activity_parties"_s, u"partyid_contact"_s, u"contacts"_s,
                              u"465b158c-541c-e511-80d3-3863bb347ba8"_s, DataverseParticipation::RequiredAttendee).ok());
        QVERIFY(body.addUnresolvedParty(u"appointment_activity_parties"_s, u"guest@example.org"_s,
                                        DataverseParticipation::OptionalAttendee).ok());
        QVERIFY(!body.bind(u"parentcustomerid_account"_s, u"accounts"_s, u"not-a-guid"_s).ok());
        QVERIFY(!body.bind(u"x@odata.bind"_s, u"accounts"_s, u"7d577253-3ef0-e311-b3e7-00155d01e70c"_s).ok());

        const QJsonObject o = body.toJson();
        QCOMPARE(o.value(u"regardingobjectid_account_appointment@odata.bind"_s).toString(),
                 u"/accounts(7d577253-3ef0-e311-b3e7-00155d01e70c)"_s);
        const QJsonArray parties = o.value(u"appointment_activity_parties"_s).toArray();
        QCOMPARE(parties.size(), 3);
        QCOMPARE(parties.at(0).toObject().value(u"participationtypemask"_s).toInt(), 7);
        QCOMPARE(parties.at(1).toObject().value(u"partyid_contact@odata.bind"_s).toString(),
                 u"/contacts(465b158c-541c-e511-80d3-3863bb347ba8)"_s);
        QCOMPARE(parties.at(1).toObject().value(u"participationtypemask"_s).toInt(), 5);
        QCOMPARE(parties.at(2).toObject().value(u"addressused"_s).toString(), u"guest@example.org"_s);
        QCOMPARE(static_cast<int>(DataverseInstanceType::RecurringException), 3);

        DataverseEntityBody ref;
        QVERIFY(ref.bindToContentId(u"primarycontactid"_s, 2).ok());
        QCOMPARE(ref.toJson().value(u"primarycontactid@odata.bind"_s).toString(), u"$2"_s);
    }

    void followLinkStaysOnHost()
    {
        const QString next = u"https://contoso.crm.dynamics.com/api/data/v9.2/contacts?$select=fullname&$skiptoken=%3Ccookie%20pagenumber=%222%22%20/%3E"_s;
        const Result<DataverseRequest> r = DataverseRequest::followLink(next, m_root, 1000, false);
        QVERIFY(r.ok());
        QCOMPARE(r->url(m_root).toEncoded(), next.toUtf8());   // verbatim, no re-encoding
        QVERIFY(r->header("Prefer").contains("odata.maxpagesize=1000"));
        QVERIFY(!DataverseRequest::followLink(u"https://evil.example/api/data/v9.2/contacts"_s, m_root, 0, true).ok());
        QVERIFY(!DataverseRequest::followLink(u"http://contoso.crm.dynamics.com/api/data/v9.2/contacts"_s, m_root, 0, true).ok());
        QVERIFY(!DataverseRequest::followLink(u"/api/data/v9.2/contacts"_s, m_root, 0, true).ok());
    }

    void tokenRequest()
    {
        const QString secret = u"s3cr&t=value+x"_s;
        const Result<HttpRequest> r = EntraTokenReply::request(u"contoso.onmicrosoft.com"_s,
                                                               u"6731de76-14a6-49ae-97bc-6eba6914391e"_s, secret,
                                                               u"https://contoso.crm.dynamics.com"_s);
        QVERIFY(r.ok());
        QCOMPARE(r->method, QByteArray("POST"));
        QCOMPARE(r->url.toString(), u"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"_s);
        const QUrlQuery form(QString::fromUtf8(r->body));
        QCOMPARE(form.queryItemValue(u"grant_type"_s), u"client_credentials"_s);
        QCOMPARE(form.queryItemValue(u"client_secret"_s, QUrl::FullyDecoded), secret);
        QCOMPARE(form.queryItemValue(u"scope"_s, QUrl::FullyDecoded), u"https://contoso.crm.dynamics.com/.default"_s);
        const Result<HttpRequest> bad = EntraTokenReply::request(u"x/../y"_s, u"6731de76-14a6-49ae-97bc-6eba6914391e"_s,
                                                                          secret, u"https://contoso.crm.dynamics.com"_s);
        QVERIFY(!bad.ok());
        QVERIFY(!bad.error().toString().contains(secret));
        QVERIFY(!EntraTokenReply::request(u"contoso.onmicrosoft.com"_s, u"6731de76-14a6-49ae-97bc-6eba6914391e"_s, {},
                                              u"https://contoso.crm.dynamics.com"_s).ok());
    }
};

QTEST_GUILESS_MAIN(TestDataverseRequests)
#include "testdataverserequests.moc"
