// Activities in the Dataverse sandbox over real TLS sockets: activity parties by deep insert,
// PATCH (replace), $expand and GET activityparties; cascades, $batch rollback, change tracking,
// recurring appointment expansion and persistence of parties in the data folder.

#include <QDir>
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <QUuid>

#include "crm/dataverse/dataversebatchreader.h"
#include "crm/dataverse/dataversebatchwriter.h"
#include "crm/dataverse/dataversereader.h"
#include "sandboxdataversefixture.h"

using namespace Qt::Literals::StringLiterals;
using namespace Liaison;

namespace {

const QString kParties = u"appointment_activity_parties"_s;
const QString kAnnotation = u"_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname"_s;

QJsonObject boundParty(int mask, const QString &bindKey, const QString &reference)
{
    return {{u"participationtypemask"_s, mask}, {bindKey, reference}};
}

QJsonObject unresolvedParty(int mask, const QString &address)
{
    return {{u"participationtypemask"_s, mask}, {u"addressused"_s, address}};
}

QList<int> masksOf(const QJsonArray &parties)
{
    QList<int> out;
    for (const QJsonValue &p : parties)
        out.append(p.toObject().value(u"participationtypemask"_s).toInt());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestSandboxDataverseActivities : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const QString failed = m_fx->startSignedIn();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const SandboxReply seeded = m_fx->admin(
            "POST", u"seed"_s,
            {{u"contacts"_s, QJsonArray{QJsonObject{{u"firstname"_s, u"Ada"_s}, {u"lastname"_s, u"Lovelace"_s},
                                                    {u"emailaddress1"_s, u"ada@example.com"_s}}}},
             {u"systemusers"_s, QJsonArray{QJsonObject{{u"firstname"_s, u"Grace"_s}, {u"lastname"_s, u"Hopper"_s},
                                                       {u"internalemailaddress"_s, u"grace@contoso.com"_s}}}}});
        QCOMPARE(seeded.status, 200);
        m_contact = seeded.json().value(u"contacts"_s).toArray().first().toString();
        m_user = seeded.json().value(u"systemusers"_s).toArray().first().toString();
    }
    void cleanup() { m_fx.reset(); }

    void deepInsertAndReadBack()
    {
        const SandboxReply created = createAppointment(u"Kick-off"_s, threeParties());
        QCOMPARE(created.status, 204);
        const QString id = idOf(created);
        QVERIFY(!id.isEmpty());

        // The row itself: activitytypecode and instancetypecode filled in by the server.
        const SandboxReply row = call("GET", u"appointments(%1)?$select=subject,activitytypecode,instancetypecode"
                                             "&$expand=appointment_activity_parties($select=participationtypemask,"
                                             "_partyid_value,addressused)"_s.arg(id),
                                      {}, {{"Prefer", "odata.include-annotations=\"*\""}});   // for lookuplogicalname
        QCOMPARE(row.status, 200);
        const QJsonObject appointment = row.json();
        QCOMPARE(appointment.value(u"activitytypecode"_s).toString(), u"appointment"_s);
        QCOMPARE(appointment.value(u"instancetypecode"_s).toInt(), 0);
        QVERIFY(appointment.value(u"@odata.context"_s).toString().contains(
            u"appointment_activity_parties(participationtypemask,_partyid_value,addressused)"_s));
        const QJsonArray parties = appointment.value(kParties).toArray();
        QCOMPARE(parties.size(), 3);
        QCOMPARE(masksOf(parties), (QList<int>{5, 5, 7}));
        QSet<QString> seen;
        for (const QJsonValue &v : parties) {
            const QJsonObject p = v.toObject();
            QVERIFY(!p.value(u"activitypartyid"_s).toString().isEmpty());
            QVERIFY(!p.contains(u"ispartydeleted"_s));   // not selected
            const QString partyId = p.value(u"_partyid_value"_s).toString();
            if (partyId == m_contact) {
                QCOMPARE(p.value(kAnnotation).toString(), u"contact"_s);
                QCOMPARE(p.value(u"addressused"_s).toString(), u"ada@example.com"_s);   // from emailaddress1
            } else if (partyId == m_user) {
                QCOMPARE(p.value(kAnnotation).toString(), u"systemuser"_s);
                QCOMPARE(p.value(u"addressused"_s).toString(), u"grace@contoso.com"_s);   // from internalemailaddress
            } else {
                QVERIFY(p.value(u"_partyid_value"_s).isNull());
                QCOMPARE(p.value(u"addressused"_s).toString(), u"guest@example.com"_s);
            }
            seen.insert(partyId);
        }
        QCOMPARE(seen.size(), 3);

        // $expand without $select on a collection gives whole party rows.
        const SandboxReply list = call("GET", u"appointments?$select=subject&$expand=appointment_activity_parties"_s);
        QCOMPARE(list.status, 200);
        const QJsonArray rows = list.json().value(u"value"_s).toArray();
        QCOMPARE(rows.size(), 1);
        const QJsonArray full = rows.first().toObject().value(kParties).toArray();
        QCOMPARE(full.size(), 3);
        for (const QJsonValue &v : full) {
            QCOMPARE(v.toObject().value(u"ispartydeleted"_s).toBool(true), false);
            QCOMPARE(v.toObject().value(u"_activityid_value"_s).toString(), id);
            QVERIFY(v.toObject().value(u"@odata.etag"_s).toString().startsWith(u"W/\""_s));
        }

        // An email with from/to; then GET activityparties by one and by two activity ids.
        const SandboxReply email = call("POST", u"emails"_s,
                                        {{u"subject"_s, u"Hello"_s},
                                         {u"email_activity_parties"_s,
                                          QJsonArray{boundParty(1, u"partyid_systemuser@odata.bind"_s, systemuserRef()),
                                                     boundParty(2, u"partyid_contact@odata.bind"_s, contactRef())}}});
        QCOMPARE(email.status, 204);
        const QString emailId = idOf(email);
        const SandboxReply one = call("GET", u"activityparties?$select=participationtypemask&$filter=_activityid_value%20eq%20"_s + id);
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json().value(u"value"_s).toArray().size(), 3);
        const SandboxReply both = call("GET", u"activityparties?$select=participationtypemask,_activityid_value"
                                              "&$filter=_activityid_value%20eq%20%1%20or%20_activityid_value%20eq%20%2"_s
                                                  .arg(id, emailId));
        QCOMPARE(both.status, 200);
        const QJsonArray all = both.json().value(u"value"_s).toArray();
        QCOMPARE(all.size(), 5);
        QCOMPARE(masksOf(all), (QList<int>{1, 2, 5, 5, 7}));
        const SandboxReply emailRow = call("GET", u"emails(%1)?$select=activitytypecode"_s.arg(emailId));
        QCOMPARE(emailRow.json().value(u"activitytypecode"_s).toString(), u"email"_s);

        // Tasks have no party navigation property: the sandbox refuses to expand one.
        QCOMPARE(call("GET", u"tasks?$expand=task_activity_parties"_s).status, 400);
    }

    void patchReplacesTheWholeSet()
    {
        const QString id = idOf(createAppointment(u"Review"_s, threeParties()));
        const QJsonObject before = call("GET", u"appointments(%1)?$select=subject"_s.arg(id)).json();
        const qint64 versionBefore = before.value(u"versionnumber"_s).toInteger();
        const QStringList oldIds = partyIds(id);
        QCOMPARE(oldIds.size(), 3);

        const SandboxReply patched = call("PATCH", u"appointments(%1)"_s.arg(id),
                                          {{kParties, QJsonArray{boundParty(6, u"partyid_contact@odata.bind"_s, contactRef())}}},
                                          {{"If-Match", "*"}});
        QCOMPARE(patched.status, 204);
        const QStringList newIds = partyIds(id);
        QCOMPARE(newIds.size(), 1);
        QVERIFY(!oldIds.contains(newIds.first()));
        const QJsonObject after = call("GET", u"appointments(%1)?$expand=appointment_activity_parties"_s.arg(id)).json();
        QVERIFY(after.value(u"versionnumber"_s).toInteger() > versionBefore);
        QVERIFY(after.value(u"@odata.etag"_s).toString() != before.value(u"@odata.etag"_s).toString());
        QCOMPARE(masksOf(after.value(kParties).toArray()), QList<int>{6});
        QCOMPARE(after.value(u"subject"_s).toString(), u"Review"_s);

        // A PATCH without the navigation property leaves the parties alone; an empty array clears them.
        QCOMPARE(call("PATCH", u"appointments(%1)"_s.arg(id), {{u"location"_s, u"Room 1"_s}}).status, 204);
        QCOMPARE(partyIds(id), newIds);
        QCOMPARE(call("PATCH", u"appointments(%1)"_s.arg(id), {{kParties, QJsonArray{}}}).status, 204);
        QCOMPARE(partyIds(id).size(), 0);
    }

    void badParticipationTypeMaskIsRefused()
    {
        const SandboxReply bad = createAppointment(u"Bad"_s, {boundParty(5, u"partyid_contact@odata.bind"_s, contactRef()),
                                                             unresolvedParty(2, u"x@example.com"_s)});
        QCOMPARE(bad.status, 400);
        const QString message = bad.json().value(u"error"_s).toObject().value(u"message"_s).toString();
        QVERIFY2(message.contains(u"participationtypemask value 2"_s), qPrintable(message));
        QVERIFY(message.contains(u"appointment"_s));

        // Email takes 1-4 only.
        const SandboxReply badEmail = call("POST", u"emails"_s,
                                           {{u"email_activity_parties"_s, QJsonArray{unresolvedParty(5, u"x@example.com"_s)}}});
        QCOMPARE(badEmail.status, 400);
        QVERIFY(badEmail.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"value 5"_s));
        // Nor may a party lack its mask, or name a column activityparty does not have.
        QCOMPARE(createAppointment(u"NoMask"_s, {QJsonObject{{u"addressused"_s, u"x@example.com"_s}}}).status, 400);
        QJsonObject odd = unresolvedParty(5, u"x@example.com"_s);
        odd.insert(u"nosuchcolumn"_s, 1);
        QCOMPARE(createAppointment(u"Odd"_s, {odd}).status, 400);

        QCOMPARE(rowCount(u"appointments"_s), 0);
        QCOMPARE(rowCount(u"emails"_s), 0);
        QCOMPARE(rowCount(u"activityparties"_s), 0);
    }

    void bindToMissingRowLeavesNothing()
    {
        const QString ghost = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const SandboxReply refused = createAppointment(
            u"Ghost"_s, {boundParty(5, u"partyid_systemuser@odata.bind"_s, systemuserRef()),
                         boundParty(5, u"partyid_contact@odata.bind"_s, u"/contacts(%1)"_s.arg(ghost))});
        QCOMPARE(refused.status, 404);
        const QJsonObject error = refused.json().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"0x80040217"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(ghost));
        QCOMPARE(rowCount(u"appointments"_s), 0);
        QCOMPARE(rowCount(u"activityparties"_s), 0);

        // A PATCH with a bad bind changes nothing either.
        const QString id = idOf(createAppointment(u"Kept"_s, threeParties()));
        const SandboxReply patch = call("PATCH", u"appointments(%1)"_s.arg(id),
                                        {{u"subject"_s, u"Changed"_s},
                                         {kParties, QJsonArray{boundParty(5, u"partyid_contact@odata.bind"_s,
                                                                          u"/contacts(%1)"_s.arg(ghost))}}});
        QCOMPARE(patch.status, 404);
        QCOMPARE(partyIds(id).size(), 3);
        QCOMPARE(call("GET", u"appointments(%1)?$select=subject"_s.arg(id)).json().value(u"subject"_s).toString(),
                 u"Kept"_s);
    }

    void activityPartiesAreReadOnly()
    {
        const QString id = idOf(createAppointment(u"Direct"_s, threeParties()));
        const QString partyId = partyIds(id).first();
        const SandboxReply post = call("POST", u"activityparties"_s,
                                       {{u"participationtypemask"_s, 5}, {u"addressused"_s, u"x@example.com"_s}});
        QCOMPARE(post.status, 405);
        QVERIFY(post.json().value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"'Create' method"_s));
        QCOMPARE(call("PATCH", u"activityparties(%1)"_s.arg(partyId), {{u"addressused"_s, u"y@example.com"_s}}).status, 405);
        QCOMPARE(call("DELETE", u"activityparties(%1)"_s.arg(partyId)).status, 405);
        QCOMPARE(call("GET", u"activityparties(%1)"_s.arg(partyId)).status, 405);
        QCOMPARE(partyIds(id).size(), 3);
    }

    void deleteCascadesToParties()
    {
        const QString keep = idOf(createAppointment(u"Keep"_s, threeParties()));
        const QString gone = idOf(createAppointment(u"Gone"_s, threeParties()));
        QCOMPARE(rowCount(u"activityparties"_s), 6);
        QCOMPARE(call("DELETE", u"appointments(%1)"_s.arg(gone)).status, 204);
        QCOMPARE(partyIds(gone).size(), 0);
        QCOMPARE(partyIds(keep).size(), 3);
        QCOMPARE(rowCount(u"activityparties"_s), 3);
    }

    void batchRollbackRestoresParties()
    {
        DataverseBatchWriter failing;
        failing.addChangeSet(
            {*DataverseRequest::create(u"appointments"_s, {{u"subject"_s, u"Batched"_s}, {kParties, threeParties()}}),
             *DataverseRequest::update(u"contacts"_s, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                       {{u"lastname"_s, u"Nobody"_s}})});
        const SandboxReply reply = m_fx->send(*failing.request());
        QCOMPARE(reply.status, 200);
        const Result<QList<DataverseBatchPart>> parts = DataverseBatchReader::read(reply.header("Content-Type"), reply.body);
        QVERIFY(parts.ok());
        QCOMPARE(parts->size(), 1);
        QCOMPARE(parts->at(0).status, 404);
        QCOMPARE(rowCount(u"appointments"_s), 0);
        QCOMPARE(rowCount(u"activityparties"_s), 0);

        // A good changeset: the party binds to the contact created by the first part ($n).
        DataverseBatchWriter good;
        const int first = good.nextContentId();
        good.addChangeSet({*DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"New"_s},
                                                                     {u"emailaddress1"_s, u"new@example.com"_s}}),
                           *DataverseRequest::create(u"appointments"_s,
                                                     {{u"subject"_s, u"Bound"_s},
                                                      {kParties, QJsonArray{boundParty(5, u"partyid_contact@odata.bind"_s,
                                                                                       u"$%1"_s.arg(first))}}})});
        const SandboxReply ok = m_fx->send(*good.request());
        const Result<QList<DataverseBatchPart>> okParts = DataverseBatchReader::read(ok.header("Content-Type"), ok.body);
        QVERIFY(okParts.ok());
        QCOMPARE(okParts->size(), 2);
        QCOMPARE(okParts->at(1).status, 204);
        const QString contactId = DataverseReader::idFromEntityUrl(QString::fromUtf8(okParts->at(0).header("OData-EntityId")));
        const QString appointmentId = DataverseReader::idFromEntityUrl(QString::fromUtf8(okParts->at(1).header("OData-EntityId")));
        const QJsonArray parties = call("GET", u"appointments(%1)?$expand=appointment_activity_parties"_s.arg(appointmentId))
                                       .json().value(kParties).toArray();
        QCOMPARE(parties.size(), 1);
        QCOMPARE(parties.first().toObject().value(u"_partyid_value"_s).toString(), contactId);
        QCOMPARE(parties.first().toObject().value(u"addressused"_s).toString(), u"new@example.com"_s);
    }

    void changeTrackingReportsPartyChanges()
    {
        const QString id = idOf(createAppointment(u"Tracked"_s, threeParties()));
        QCOMPARE(createAppointment(u"Other"_s, {}).status, 204);
        const QList<std::pair<QByteArray, QByteArray>> tracking{{"Prefer", "odata.track-changes"}};
        const SandboxReply initial = call("GET", u"appointments?$select=subject"_s, {}, tracking);
        QCOMPARE(initial.status, 200);
        QCOMPARE(initial.json().value(u"value"_s).toArray().size(), 2);
        const QString deltaLink = initial.json().value(u"@odata.deltaLink"_s).toString();
        QVERIFY(!deltaLink.isEmpty());
        // Change tracking keeps refusing $expand.
        QCOMPARE(call("GET", u"appointments?$select=subject&$expand=appointment_activity_parties"_s, {}, tracking).status, 400);

        QCOMPARE(call("PATCH", u"appointments(%1)"_s.arg(id),
                      {{kParties, QJsonArray{unresolvedParty(6, u"late@example.com"_s)}}}).status, 204);
        const Result<DataverseRequest> follow = DataverseRequest::followLink(deltaLink, m_fx->apiRoot, 0, true);
        QVERIFY(follow.ok());
        const SandboxReply delta = m_fx->send(*follow);
        QCOMPARE(delta.status, 200);
        const QJsonArray changed = delta.json().value(u"value"_s).toArray();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().toObject().value(u"activityid"_s).toString(), id);
    }

    void weeklyMasterExpandsInstances()
    {
        const SandboxReply created = call(
            "POST", u"recurringappointmentmasters"_s,
            {{u"subject"_s, u"Stand-up"_s},
             {u"location"_s, u"Room 2"_s},
             {u"recurrencepatterntype"_s, 1},
             {u"interval"_s, 1},
             {u"daysofweekmask"_s, 0x02 | 0x08},   // Monday, Wednesday
             {u"patternstartdate"_s, u"2025-03-03T00:00:00Z"_s},
             {u"patternendtype"_s, 2},
             {u"occurrences"_s, 5},
             {u"starttime"_s, u"2025-03-03T09:00:00Z"_s},
             {u"endtime"_s, u"2025-03-03T09:30:00Z"_s},
             {u"recurringappointmentmaster_activity_parties"_s,
              QJsonArray{boundParty(7, u"partyid_systemuser@odata.bind"_s, systemuserRef()),
                         boundParty(5, u"partyid_contact@odata.bind"_s, contactRef())}}});
        QCOMPARE(created.status, 204);
        const QString masterId = idOf(created);
        const QJsonObject master = call("GET", u"recurringappointmentmasters(%1)?$select=instancetypecode,activitytypecode"
                                               "&$expand=recurringappointmentmaster_activity_parties"_s.arg(masterId)).json();
        QCOMPARE(master.value(u"instancetypecode"_s).toInt(), 1);
        QCOMPARE(master.value(u"activitytypecode"_s).toString(), u"recurringappointmentmaster"_s);
        QCOMPARE(masksOf(master.value(u"recurringappointmentmaster_activity_parties"_s).toArray()), (QList<int>{5, 7}));

        const QJsonArray instances = instancesOf(masterId);
        QStringList starts;
        for (const QJsonValue &v : instances) {
            const QJsonObject instance = v.toObject();
            starts.append(instance.value(u"scheduledstart"_s).toString());
            QCOMPARE(instance.value(u"instancetypecode"_s).toInt(), 2);
            QCOMPARE(instance.value(u"subject"_s).toString(), u"Stand-up"_s);
            QCOMPARE(instance.value(u"location"_s).toString(), u"Room 2"_s);
            QCOMPARE(masksOf(instance.value(kParties).toArray()), (QList<int>{5, 7}));   // copied from the master
        }
        QCOMPARE(starts, (QStringList{u"2025-03-03T09:00:00Z"_s, u"2025-03-05T09:00:00Z"_s, u"2025-03-10T09:00:00Z"_s,
                                      u"2025-03-12T09:00:00Z"_s, u"2025-03-17T09:00:00Z"_s}));
        QCOMPARE(instances.first().toObject().value(u"scheduledend"_s).toString(), u"2025-03-03T09:30:00Z"_s);

        // Every other Monday with no end: capped at 12 months after patternstartdate (27 Mondays).
        const QString biweekly = idOf(call("POST", u"recurringappointmentmasters"_s,
                                           {{u"subject"_s, u"1:1"_s}, {u"recurrencepatterntype"_s, 1}, {u"interval"_s, 2},
                                            {u"daysofweekmask"_s, 0x02}, {u"patternstartdate"_s, u"2025-03-03"_s},
                                            {u"patternendtype"_s, 1}, {u"starttime"_s, u"2025-03-03T14:00:00Z"_s},
                                            {u"endtime"_s, u"2025-03-03T15:00:00Z"_s}}));
        const QJsonArray twoWeekly = instancesOf(biweekly);
        QCOMPARE(twoWeekly.size(), 27);
        QCOMPARE(twoWeekly.at(1).toObject().value(u"scheduledstart"_s).toString(), u"2025-03-17T14:00:00Z"_s);
        QCOMPARE(twoWeekly.last().toObject().value(u"scheduledstart"_s).toString(), u"2026-03-02T14:00:00Z"_s);

        // Daily every 3 days until a pattern end date; monthly stores the master only.
        const QString daily = idOf(call("POST", u"recurringappointmentmasters"_s,
                                        {{u"subject"_s, u"Daily"_s}, {u"recurrencepatterntype"_s, 0}, {u"interval"_s, 3},
                                         {u"patternstartdate"_s, u"2025-03-01"_s}, {u"patternendtype"_s, 3},
                                         {u"patternenddate"_s, u"2025-03-10"_s}, {u"starttime"_s, u"2025-03-01T08:00:00Z"_s},
                                         {u"endtime"_s, u"2025-03-01T08:15:00Z"_s}}));
        QCOMPARE(instancesOf(daily).size(), 4);   // 1st, 4th, 7th, 10th
        const QString monthly = idOf(call("POST", u"recurringappointmentmasters"_s,
                                          {{u"subject"_s, u"Monthly"_s}, {u"recurrencepatterntype"_s, 2}, {u"interval"_s, 1},
                                           {u"dayofmonth"_s, 3}, {u"patternstartdate"_s, u"2025-03-03"_s},
                                           {u"patternendtype"_s, 1}, {u"starttime"_s, u"2025-03-03T10:00:00Z"_s},
                                           {u"endtime"_s, u"2025-03-03T11:00:00Z"_s}}));
        QVERIFY(!monthly.isEmpty());
        QCOMPARE(instancesOf(monthly).size(), 0);

        // Deleting the master deletes its instances and their parties.
        const int partiesBefore = rowCount(u"activityparties"_s);
        QCOMPARE(call("DELETE", u"recurringappointmentmasters(%1)"_s.arg(masterId)).status, 204);
        QCOMPARE(instancesOf(masterId).size(), 0);
        QCOMPARE(rowCount(u"activityparties"_s), partiesBefore - 12);   // 2 on the master + 2 on each of 5 instances
        QCOMPARE(instancesOf(biweekly).size(), 27);
    }

    void partiesSurviveARestart()
    {
        const QString folder = QStringLiteral(LIAISON_TEST_OUTPUT_DIR) + u"/dvactivities-"_s
                             + QUuid::createUuid().toString(QUuid::WithoutBraces);
        SandboxDataverseOptions options = SandboxDataverseFixture::options();
        options.dataFolder = folder;
        QString appointmentId;
        QString contactId;
        {
            SandboxHttpServer server;
            SandboxDataverse dataverse(options);
            QVERIFY(dataverse.install(server).ok());
            QVERIFY(server.listenTls().ok());
            const QString token = dataverse.issueToken(QString::fromLatin1(SandboxDataverseFixture::kClientId));
            SandboxDataverseError e;
            contactId = dataverse.store().create(u"contacts"_s, {{u"lastname"_s, u"Kept"_s},
                                                                 {u"emailaddress1"_s, u"kept@example.com"_s}}, &e)
                            ->value(u"contactid"_s).toString();
            const SandboxReply created = sendTo(server, token, "POST", u"appointments"_s,
                                                {{u"subject"_s, u"Persisted"_s},
                                                 {kParties, QJsonArray{boundParty(5, u"partyid_contact@odata.bind"_s,
                                                                                  u"/contacts(%1)"_s.arg(contactId)),
                                                                       unresolvedParty(6, u"guest@example.com"_s)}}});
            QCOMPARE(created.status, 204);   // the API saved the data folder after the write
            appointmentId = DataverseReader::idFromEntityUrl(QString::fromUtf8(created.header("OData-EntityId")));
        }
        SandboxHttpServer server;
        SandboxDataverse reloaded(options);
        QVERIFY(reloaded.install(server).ok());
        QVERIFY(server.listenTls().ok());
        const QString token = reloaded.issueToken(QString::fromLatin1(SandboxDataverseFixture::kClientId));
        const SandboxReply row = sendTo(server, token, "GET",
                                        u"appointments(%1)?$expand=appointment_activity_parties"_s.arg(appointmentId));
        QCOMPARE(row.status, 200);
        const QJsonArray parties = row.json().value(kParties).toArray();
        QCOMPARE(masksOf(parties), (QList<int>{5, 6}));
        for (const QJsonValue &v : parties) {
            const QJsonObject p = v.toObject();
            if (p.value(u"participationtypemask"_s).toInt() == 5) {
                QCOMPARE(p.value(u"_partyid_value"_s).toString(), contactId);
                QCOMPARE(p.value(kAnnotation).toString(), u"contact"_s);
                QCOMPARE(p.value(u"addressused"_s).toString(), u"kept@example.com"_s);
            } else {
                QCOMPARE(p.value(u"addressused"_s).toString(), u"guest@example.com"_s);
            }
        }
        // Deleting after the restart still cascades.
        QCOMPARE(sendTo(server, token, "DELETE", u"appointments(%1)"_s.arg(appointmentId)).status, 204);
        QCOMPARE(reloaded.store().parties(appointmentId).size(), 0);
        QDir(folder).removeRecursively();
    }

    // Activity states (reference/entities/task.md, appointment.md): defaults on create, statecode
    // not taken on create, a statuscode that belongs to its statecode, closed activities read-only
    // until reopened through statecode/statuscode.
    void activityStatesFollowTheirTables()
    {
        const auto stateOf = [this](const QString &path) {
            const QJsonObject row = call("GET", path + u"?$select=statecode,statuscode"_s).json();
            return std::make_pair(row.value(u"statecode"_s).toInt(-1), row.value(u"statuscode"_s).toInt(-1));
        };
        const auto errorOf = [](const SandboxReply &r) {
            return std::make_pair(r.status,
                                  r.json().value(u"error"_s).toObject().value(u"code"_s).toString());
        };
        const std::pair<int, QString> readOnly{400, u"0x8004022e"_s};
        const std::pair<int, QString> badStatus{400, u"0x80048408"_s};

        // A task starts Open / Not Started; a statuscode of another state is refused; statecode is not taken.
        const QString task = idOf(call("POST", u"tasks"_s, {{u"subject"_s, u"Call back"_s}}));
        const QString path = u"tasks(%1)"_s.arg(task);
        QCOMPARE(stateOf(path), std::make_pair(0, 2));
        QCOMPARE(errorOf(call("POST", u"tasks"_s, {{u"subject"_s, u"Done already"_s}, {u"statuscode"_s, 5}})),
                 badStatus);
        const QString inProgress = idOf(
            call("POST", u"tasks"_s, {{u"subject"_s, u"Busy"_s}, {u"statecode"_s, 1}, {u"statuscode"_s, 3}}));
        QCOMPARE(stateOf(u"tasks(%1)"_s.arg(inProgress)), std::make_pair(0, 3));

        // Within a state any of its statuscodes; a statecode change without one takes its default.
        QCOMPARE(call("PATCH", path, {{u"statuscode"_s, 7}}).status, 204);
        QCOMPARE(stateOf(path), std::make_pair(0, 7));
        const SandboxReply mismatched = call("PATCH", path, {{u"statecode"_s, 1}, {u"statuscode"_s, 6}});
        QCOMPARE(errorOf(mismatched), badStatus);
        QVERIFY2(
            mismatched.json()
                .value(u"error"_s)
                .toObject()
                .value(u"message"_s)
                .toString()
                .startsWith(u"6 is not a valid status code for state code TaskState.Completed on task"_s),
            mismatched.body.constData());
        QCOMPARE(errorOf(call("PATCH", path, {{u"statecode"_s, 9}})), badStatus);
        QCOMPARE(call("PATCH", path, {{u"statecode"_s, 1}}).status, 204);
        QCOMPARE(stateOf(path), std::make_pair(1, 5));

        // Completed is read-only: edits are refused, reopening works, then edits do again.
        QCOMPARE(errorOf(call("PATCH", path, {{u"subject"_s, u"Changed"_s}})), readOnly);
        QCOMPARE(errorOf(call("PATCH", path, {{u"statuscode"_s, 5}})), readOnly);
        QCOMPARE(call("PATCH", path, {{u"statecode"_s, 0}, {u"statuscode"_s, 3}}).status, 204);
        QCOMPARE(stateOf(path), std::make_pair(0, 3));
        QCOMPARE(call("PATCH", path, {{u"subject"_s, u"Changed"_s}}).status, 204);
        QCOMPARE(call("PATCH", path, {{u"statecode"_s, 2}, {u"statuscode"_s, 6}}).status, 204);
        QCOMPARE(errorOf(call("PATCH", path, {{u"description"_s, u"x"_s}})), readOnly); // Canceled too

        // An appointment is Scheduled / Busy on create, whatever statecode it was sent with.
        const QJsonObject times{{u"subject"_s, u"Review"_s},
                                {u"scheduledstart"_s, u"2026-05-04T09:00:00Z"_s},
                                {u"scheduledend"_s, u"2026-05-04T10:00:00Z"_s}};
        const QString appointment = idOf(call("POST", u"appointments"_s, times));
        const QString apath = u"appointments(%1)"_s.arg(appointment);
        QCOMPARE(stateOf(apath), std::make_pair(3, 5));
        QJsonObject open = times;
        open.insert(u"statecode"_s, 0);
        QCOMPARE(stateOf(u"appointments(%1)"_s.arg(idOf(call("POST", u"appointments"_s, open)))),
                 std::make_pair(3, 5));
        QJsonObject wrong = times;
        wrong.insert(u"statuscode"_s, 1); // Free belongs to Open
        QCOMPARE(errorOf(call("POST", u"appointments"_s, wrong)), badStatus);
        QCOMPARE(call("PATCH", apath, {{u"statuscode"_s, 6}}).status, 204); // Out of Office
        QCOMPARE(call("PATCH", apath, {{u"statecode"_s, 2}, {u"statuscode"_s, 4}}).status, 204);
        QCOMPARE(errorOf(call("PATCH", apath, {{u"location"_s, u"Room 1"_s}})), readOnly);
        QCOMPARE(call("PATCH", apath, {{u"statecode"_s, 3}}).status, 204);
        QCOMPARE(stateOf(apath), std::make_pair(3, 5));
    }

private:
    QString contactRef() const { return u"/contacts(%1)"_s.arg(m_contact); }
    QString systemuserRef() const { return u"/systemusers(%1)"_s.arg(m_user); }

    QJsonArray threeParties() const
    {
        return {boundParty(5, u"partyid_contact@odata.bind"_s, contactRef()),
                boundParty(7, u"partyid_systemuser@odata.bind"_s, systemuserRef()),
                unresolvedParty(5, u"guest@example.com"_s)};
    }

    static DataverseRequest request(const QByteArray &method, const QString &path, const QJsonObject &body,
                                    const QList<std::pair<QByteArray, QByteArray>> &headers)
    {
        DataverseRequest r;
        r.method = method;
        r.path = path;
        DataverseRequest::addODataHeaders(r);
        if (method == "POST" || method == "PATCH") {
            r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            r.setHeader("Content-Type", "application/json");
        }
        for (const auto &[name, value] : headers)
            r.setHeader(name, value);
        return r;
    }

    SandboxReply call(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                      const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return m_fx->send(request(method, path, body, headers));
    }

    // The Web API of a sandbox other than the fixture's (the persistence test's own servers).
    SandboxReply sendTo(SandboxHttpServer &server, const QString &token, const QByteArray &method, const QString &path,
                        const QJsonObject &body = {})
    {
        const DataverseRequest r = request(method, path, body, {{"Prefer", "odata.include-annotations=\"*\""}});
        HttpRequest http;
        http.method = r.method;
        http.url = r.url(*DataverseRequest::apiRoot(server.baseUrl().toString()));
        for (const auto &[name, value] : r.headers)
            http.setHeader(name, value);
        http.setHeader("Authorization", "Bearer " + token.toLatin1());
        http.body = r.body;
        http.pinnedCertificates = {server.certificate()};
        http.timeoutMs = 20000;
        SandboxReply out;
        bool done = false;
        QEventLoop loop;
        m_fx->client.send(http, [&](HttpReply &reply) {
            out.status = reply.statusCode();
            out.body = reply.body();
            out.headers = reply.rawHeaders();
            done = true;
            loop.quit();
        });
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        if (!done)
            loop.exec();
        return out;
    }

    SandboxReply createAppointment(const QString &subject, const QJsonArray &parties)
    {
        QJsonObject body{{u"subject"_s, subject}, {u"scheduledstart"_s, u"2025-05-01T09:00:00Z"_s},
                         {u"scheduledend"_s, u"2025-05-01T10:00:00Z"_s}};
        if (!parties.isEmpty())
            body.insert(kParties, parties);
        return call("POST", u"appointments"_s, body);
    }

    static QString idOf(const SandboxReply &created)
    {
        return DataverseReader::idFromEntityUrl(QString::fromUtf8(created.header("OData-EntityId")));
    }

    QStringList partyIds(const QString &activityId)
    {
        const SandboxReply reply = call("GET", u"activityparties?$select=activitypartyid&$filter=_activityid_value%20eq%20"_s
                                                   + activityId);
        QStringList ids;
        for (const QJsonValue &v : reply.json().value(u"value"_s).toArray())
            ids.append(v.toObject().value(u"activitypartyid"_s).toString());
        ids.sort();
        return ids;
    }

    QJsonArray instancesOf(const QString &masterId)
    {
        return call("GET", u"appointments?$select=subject,location,scheduledstart,scheduledend,instancetypecode,seriesid"
                           "&$filter=seriesid%20eq%20%1&$orderby=scheduledstart&$expand=appointment_activity_parties"_s
                               .arg(masterId))
            .json().value(u"value"_s).toArray();
    }

    int rowCount(const QString &entitySet)
    {
        return int(m_fx->admin("GET", entitySet).json().value(u"value"_s).toArray().size());
    }

    std::unique_ptr<SandboxDataverseFixture> m_fx;
    QString m_contact;
    QString m_user;
};

QTEST_GUILESS_MAIN(TestSandboxDataverseActivities)
#include "testsandboxdataverseactivities.moc"
