// DataverseConnector with activities against the Dataverse sandbox over TLS loopback: appointment
// and email parties written as deep inserts, replaced on update, read back on fetchRecord and on
// every change-tracking page (which cannot $expand), chunked for many activities; recurring masters.
#include <QJsonArray>
#include <QTest>

#include "connectortestutil.h"
#include "crm/dataverse/dataverseactivityparties.h"

using namespace Qt::StringLiterals;
using namespace Liaison;

namespace {

using Role = CrmActivityParty::Role;

CrmActivityParty party(Role role, const QString &entity, const QString &id, const QString &address = {})
{
    return CrmActivityParty{role, entity, id, address};
}

CrmWrite activityWrite(const QString &entity, CrmWrite::Kind kind, const QString &id, const QJsonObject &fields,
                       std::optional<QList<CrmActivityParty>> parties)
{
    CrmWrite w;
    w.kind = kind;
    w.entity = entity;
    w.id = id;
    w.fields = fields;
    w.parties = std::move(parties);
    return w;
}

QStringList describe(const QList<CrmActivityParty> &parties)
{
    QStringList out;
    for (const CrmActivityParty &p : parties)
        out << u"%1:%2:%3:%4"_s.arg(DataverseActivityParties::mask(p.role)).arg(p.entity, p.id, p.address);
    return out;
}

} // namespace

class TestDataverseConnectorActivities : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxDataverseFixture> m_fx;
    QString m_ada;   // contact
    QString m_sam;   // systemuser

    QString createRow(const QString &entitySet, const QJsonObject &fields)
    {
        SandboxDataverseError error;
        const std::optional<QJsonObject> row = m_fx->dataverse.store().create(entitySet, fields, &error);
        return row ? row->value(entitySet == u"contacts"_s ? u"contactid"_s : u"systemuserid"_s).toString() : QString();
    }

    QString createAppointment(ConnectorRig &rig, const QString &subject, const QList<CrmActivityParty> &parties)
    {
        const auto created = rig.write({activityWrite(u"appointment"_s, CrmWrite::Kind::Create, {},
                                                      {{u"subject"_s, subject},
                                                       {u"scheduledstart"_s, u"2026-12-01T09:00:00Z"_s},
                                                       {u"scheduledend"_s, u"2026-12-01T10:00:00Z"_s}},
                                                      parties)});
        if (!created || created->size() != 1 || !created->at(0).ok) {
            qWarning() << (created ? created->value(0).error.toString() : created.error().toString());
            return {};
        }
        return created->at(0).id;
    }

private Q_SLOTS:
    void init()
    {
        earlyCallbacks() = 0;
        m_fx = std::make_unique<SandboxDataverseFixture>();
        const Status started = m_fx->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
        m_ada = createRow(u"contacts"_s, {{u"firstname"_s, u"Ada"_s}, {u"lastname"_s, u"Lovelace"_s},
                                          {u"emailaddress1"_s, u"ada@fabrikam.test"_s}});
        m_sam = createRow(u"systemusers"_s, {{u"firstname"_s, u"Sam"_s}, {u"lastname"_s, u"Seller"_s},
                                             {u"internalemailaddress"_s, u"sam@contoso.test"_s}});
        QVERIFY(!m_ada.isEmpty() && !m_sam.isEmpty());
    }
    void cleanup()
    {
        QCOMPARE(earlyCallbacks(), 0);
        m_fx.reset();
    }

    void appointmentPartiesRoundTrip()
    {
        ConnectorRig rig(*m_fx);
        const QString id = createAppointment(rig, u"Renewal"_s,
                                             {party(Role::Organizer, u"systemuser"_s, m_sam),
                                              party(Role::RequiredAttendee, u"contact"_s, m_ada),
                                              party(Role::OptionalAttendee, {}, {}, u"guest@example.test"_s)});
        QVERIFY(!id.isEmpty());

        const Result<CrmRecord> read = rig.read(u"appointment"_s, id, {u"subject"_s});
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
        // Bound parties carry the address Dataverse resolved from the row; sorted by role.
        QCOMPARE(describe(read->parties),
                 QStringList({u"5:contact:%1:ada@fabrikam.test"_s.arg(m_ada), u"6:::guest@example.test"_s,
                              u"7:systemuser:%1:sam@contoso.test"_s.arg(m_sam)}));

        // Update without parties leaves them; with a list it replaces the whole set.
        auto kept = rig.write({activityWrite(u"appointment"_s, CrmWrite::Kind::Update, id, {{u"subject"_s, u"Renewal 2"_s}},
                                             std::nullopt)});
        QVERIFY(kept.ok() && kept->at(0).ok);
        QCOMPARE(rig.read(u"appointment"_s, id)->parties.size(), 3);
        auto replaced = rig.write({activityWrite(u"appointment"_s, CrmWrite::Kind::Update, id, {},
                                                 QList<CrmActivityParty>{party(Role::Organizer, u"systemuser"_s, m_sam),
                                                                         party(Role::RequiredAttendee, {}, {},
                                                                               u"new@example.test"_s)})});
        QVERIFY2(replaced.ok() && replaced->at(0).ok, qPrintable(replaced->value(0).error.toString()));
        QCOMPARE(describe(rig.read(u"appointment"_s, id)->parties),
                 QStringList({u"5:::new@example.test"_s, u"7:systemuser:%1:sam@contoso.test"_s.arg(m_sam)}));
    }

    void partiesComeWithEveryChangePage()
    {
        ConnectorRig rig(*m_fx);
        const QString id = createAppointment(rig, u"Kickoff"_s, {party(Role::RequiredAttendee, u"contact"_s, m_ada)});
        QVERIFY(!id.isEmpty());
        const Result<CrmChangeSet> first = rig.changes(u"appointment"_s, {u"subject"_s}, {});
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
        QCOMPARE(first->upserts.size(), 1);
        QCOMPARE(first->upserts.at(0).parties.size(), 1);
        QCOMPARE(first->upserts.at(0).parties.at(0).id, m_ada);

        // A party change alone is a change of the appointment, and the delta brings the new set.
        auto changed = rig.write({activityWrite(u"appointment"_s, CrmWrite::Kind::Update, id, {},
                                                QList<CrmActivityParty>{party(Role::OptionalAttendee, u"contact"_s, m_ada)})});
        QVERIFY(changed.ok() && changed->at(0).ok);
        const Result<CrmChangeSet> delta = rig.changes(u"appointment"_s, {u"subject"_s}, first->nextToken);
        QVERIFY2(delta.ok(), qPrintable(delta.ok() ? QString() : delta.error().toString()));
        QCOMPARE(delta->upserts.size(), 1);
        QCOMPARE(describe(delta->upserts.at(0).parties), QStringList{u"6:contact:%1:ada@fabrikam.test"_s.arg(m_ada)});

        auto removed = rig.write({activityWrite(u"appointment"_s, CrmWrite::Kind::Delete, id, {}, std::nullopt)});
        QVERIFY(removed.ok() && removed->at(0).ok);
        const Result<CrmChangeSet> gone = rig.changes(u"appointment"_s, {u"subject"_s}, delta->nextToken);
        QVERIFY(gone.ok());
        QCOMPARE(gone->deletes.size(), 1);
        QCOMPARE(gone->deletes.at(0).id, id);
    }

    // 120 activities: their parties come in three queries of at most 50 ids, each to its own row.
    void manyActivitiesAreChunked()
    {
        DataverseConnectorOptions options;
        options.batchThreshold = 2;
        ConnectorRig rig(*m_fx, options);
        QList<CrmWrite> writes;
        for (int i = 0; i < 120; ++i)
            writes << activityWrite(u"appointment"_s, CrmWrite::Kind::Create, {}, {{u"subject"_s, u"Visit %1"_s.arg(i)}},
                                    QList<CrmActivityParty>{party(Role::RequiredAttendee, {}, {},
                                                                  u"guest%1@example.test"_s.arg(i))});
        const auto created = rig.write(writes);
        QVERIFY(created.ok());
        for (const CrmWriteResult &r : *created)
            QVERIFY2(r.ok, qPrintable(r.error.toString()));
        const Result<CrmChangeSet> all = rig.changes(u"appointment"_s, {u"subject"_s}, {});
        QVERIFY(all.ok());
        QCOMPARE(all->upserts.size(), 120);
        for (const CrmRecord &row : all->upserts) {
            const QString n = row.fields.value(u"subject"_s).toString().mid(6);
            QCOMPARE(describe(row.parties), QStringList{u"5:::guest%1@example.test"_s.arg(n)});
        }
    }

    void emailPartiesAndRefusedRoles()
    {
        ConnectorRig rig(*m_fx);
        const auto email = rig.write({activityWrite(u"email"_s, CrmWrite::Kind::Create, {}, {{u"subject"_s, u"Quote"_s}},
                                                    QList<CrmActivityParty>{party(Role::Sender, u"systemuser"_s, m_sam),
                                                                            party(Role::To, u"contact"_s, m_ada),
                                                                            party(Role::Cc, {}, {}, u"cc@example.test"_s)})});
        QVERIFY(email.ok());
        QVERIFY2(email->at(0).ok, qPrintable(email->at(0).error.toString()));
        QCOMPARE(describe(rig.read(u"email"_s, email->at(0).id)->parties),
                 QStringList({u"1:systemuser:%1:sam@contoso.test"_s.arg(m_sam),
                              u"2:contact:%1:ada@fabrikam.test"_s.arg(m_ada), u"3:::cc@example.test"_s}));

        // A sender on an appointment is refused before anything is sent, naming the role.
        const int before = m_fx->dataverse.store().rowCount(u"appointments"_s);
        const auto refused = rig.write({activityWrite(u"appointment"_s, CrmWrite::Kind::Create, {}, {{u"subject"_s, u"x"_s}},
                                                      QList<CrmActivityParty>{party(Role::Sender, u"contact"_s, m_ada)})});
        QVERIFY(refused.ok());
        QVERIFY(!refused->at(0).ok);
        QCOMPARE(refused->at(0).error.code, Error::Code::Invalid);
        QVERIFY2(refused->at(0).error.message.contains(u"sender"_s), qPrintable(refused->at(0).error.message));
        // A party on a row that does not exist: Dataverse refuses the whole create.
        const auto missing = rig.write({activityWrite(
            u"appointment"_s, CrmWrite::Kind::Create, {}, {{u"subject"_s, u"y"_s}},
            QList<CrmActivityParty>{party(Role::RequiredAttendee, u"contact"_s, u"00000000-0000-0000-0000-00000000beef"_s)})});
        QVERIFY(missing.ok());
        QVERIFY(!missing->at(0).ok);
        QCOMPARE(m_fx->dataverse.store().rowCount(u"appointments"_s), before);
        // Tasks have no parties at all.
        const auto task = rig.write({activityWrite(u"task"_s, CrmWrite::Kind::Create, {}, {{u"subject"_s, u"z"_s}},
                                                   QList<CrmActivityParty>{})});
        QVERIFY(task.ok());
        QVERIFY(!task->at(0).ok);
    }

    // A weekly series: the master keeps the parties, Dataverse expands instances into appointments
    // (instancetypecode 2, seriesid = the master), which change tracking then reports.
    void recurringMasterExpandsInstances()
    {
        ConnectorRig rig(*m_fx);
        const auto master = rig.write({activityWrite(
            u"recurringappointmentmaster"_s, CrmWrite::Kind::Create, {},
            {{u"subject"_s, u"Weekly sync"_s}, {u"recurrencepatterntype"_s, 1}, {u"interval"_s, 1},
             {u"daysofweekmask"_s, 0x02}, {u"patternstartdate"_s, u"2026-12-07T00:00:00Z"_s}, {u"patternendtype"_s, 2},
             {u"occurrences"_s, 4}, {u"starttime"_s, u"2026-12-07T09:00:00Z"_s}, {u"endtime"_s, u"2026-12-07T09:30:00Z"_s}},
            QList<CrmActivityParty>{party(Role::Organizer, u"systemuser"_s, m_sam),
                                    party(Role::RequiredAttendee, u"contact"_s, m_ada)})});
        QVERIFY(master.ok());
        QVERIFY2(master->at(0).ok, qPrintable(master->at(0).error.toString()));
        const QString masterId = master->at(0).id;
        QCOMPARE(rig.read(u"recurringappointmentmaster"_s, masterId)->parties.size(), 2);

        const Result<CrmChangeSet> instances =
            rig.changes(u"appointment"_s, {u"subject"_s, u"instancetypecode"_s, u"seriesid"_s, u"scheduledstart"_s}, {});
        QVERIFY2(instances.ok(), qPrintable(instances.ok() ? QString() : instances.error().toString()));
        QStringList starts;
        for (const CrmRecord &row : instances->upserts) {
            QCOMPARE(row.fields.value(u"instancetypecode"_s).toInt(), 2);
            QCOMPARE(DataverseRequest::normalizedGuid(row.fields.value(u"seriesid"_s).toString()), masterId);
            starts << row.fields.value(u"scheduledstart"_s).toString().left(10);
        }
        starts.sort();
        QCOMPARE(starts, QStringList({u"2026-12-07"_s, u"2026-12-14"_s, u"2026-12-21"_s, u"2026-12-28"_s}));
    }
};

QTEST_GUILESS_MAIN(TestDataverseConnectorActivities)
#include "testdataverseconnectoractivities.moc"
