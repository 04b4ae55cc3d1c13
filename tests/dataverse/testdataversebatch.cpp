#include "crm/dataverse/dataversebatchreader.h"
#include "crm/dataverse/dataversebatchwriter.h"
#include "crm/dataverse/dataverseentitybody.h"
#include "crm/dataverse/dataversereader.h"

#include <QFile>
#include <QTest>

using namespace Liaison;
using namespace Qt::StringLiterals;

namespace {

QByteArray batchReply()
{
    QFile f(QStringLiteral(LIAISON_SOURCE_DIR "/tests/dataverse/data/batch-reply.txt"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing batch-reply.txt");
    return f.readAll();
}

const QByteArray kReplyType = "multipart/mixed; boundary=batchresponse_f44bd09d-573f-4a30-bca0-2e500ee7e139";
const QString kContactId = u"465b158c-541c-e511-80d3-3863bb347ba8"_s;

} // namespace

class TestDataverseBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writerShape()
    {
        DataverseBatchWriter writer(u"fixed"_s);
        const int firstId = writer.nextContentId();
        QCOMPARE(firstId, 1);
        DataverseEntityBody task;
        task.set(u"subject"_s, u"Follow up"_s);
        QVERIFY(task.bindToContentId(u"regardingobjectid_contact_task"_s, firstId).ok());
        const int cs = writer.addChangeSet({DataverseRequest::create(u"contacts"_s, {{u"lastname"_s, u"Ng"_s}}).value(),
                                            DataverseRequest::create(u"tasks"_s, task.toJson()).value()});
        const int get = writer.addRequest(DataverseRequest::retrieve(u"contacts"_s, kContactId, {u"fullname"_s}).value());
        QCOMPARE(cs, 0);
        QCOMPARE(get, 1);
        QCOMPARE(writer.contentIds(cs), (QList<int>{1, 2}));
        QVERIFY(writer.contentIds(get).isEmpty());
        QCOMPARE(writer.requestCount(), 3);

        const Result<DataverseRequest> batch = writer.request(true);
        QVERIFY(batch.ok());
        QCOMPARE(batch->method, QByteArray("POST"));
        QCOMPARE(batch->path, u"$batch"_s);
        QCOMPARE(batch->header("Content-Type"), QByteArray("multipart/mixed; boundary=batch_fixed"));
        QCOMPARE(batch->header("Prefer"), QByteArray("odata.continue-on-error"));

        const QByteArray body = batch->body;
        QVERIFY(body.startsWith("--batch_fixed\r\nContent-Type: multipart/mixed; boundary=changeset_fixed_1\r\n\r\n"
                                "--changeset_fixed_1\r\nContent-Type: application/http\r\n"
                                "Content-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
                                "POST /api/data/v9.2/contacts HTTP/1.1\r\n"));
        QVERIFY(body.contains("Content-Type: application/json; type=entry\r\n"));
        QVERIFY(body.contains("Content-ID: 2\r\n\r\nPOST /api/data/v9.2/tasks HTTP/1.1\r\n"));
        QVERIFY(body.contains("\"regardingobjectid_contact_task@odata.bind\":\"$1\""));
        QVERIFY(body.contains("--changeset_fixed_1--\r\n--batch_fixed\r\n"));
        QVERIFY(body.contains(QByteArray("GET /api/data/v9.2/contacts(" + kContactId.toLatin1() + ")?$select=fullname HTTP/1.1\r\n")));
        QVERIFY(body.endsWith("--batch_fixed--\r\n"));
        // Outer-only headers are not repeated per part; bodies carry their length.
        QVERIFY(!body.contains("OData-MaxVersion"));
        QVERIFY(body.contains("Content-Length: 17\r\n\r\n{\"lastname\":\"Ng\"}"));
        // Every line ends with CRLF.
        for (qsizetype i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1))
            QVERIFY2(i > 0 && body.at(i - 1) == '\r', "bare LF in batch body");
    }

    void writerRoundTripsThroughReader()
    {
        // Our own output parses as multipart: the writer and reader agree on framing.
        DataverseBatchWriter writer(u"rt"_s);
        writer.addRequest(DataverseRequest::retrieve(u"contacts"_s, kContactId, {}).value());
        const Result<DataverseRequest> batch = writer.request();
        QVERIFY(batch.ok());
        // A request body is not a response, so the reader refuses its status line, proving it looked inside.
        const auto parsed = DataverseBatchReader::read(batch->header("Content-Type"), batch->body);
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error().message.contains(u"HTTP status line"_s));
    }

    void writerRefuses()
    {
        DataverseBatchWriter empty;
        QVERIFY(!empty.request().ok());

        DataverseBatchWriter withGet;
        withGet.addChangeSet({DataverseRequest::retrieve(u"contacts"_s, kContactId, {}).value()});
        const Result<DataverseRequest> r = withGet.request();
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(u"changeset"_s));

        DataverseBatchWriter tooMany;
        const DataverseRequest del = DataverseRequest::remove(u"contacts"_s, kContactId).value();
        for (int i = 0; i <= DataverseBatchWriter::kMaxRequests; ++i)
            tooMany.addRequest(del);
        const Result<DataverseRequest> big = tooMany.request();
        QVERIFY(!big.ok());
        QVERIFY(big.error().message.contains(u"1000"_s));
    }

    void readerOnRealisticReply()
    {
        const auto parts = DataverseBatchReader::read(kReplyType, batchReply());
        QVERIFY2(parts.ok(), qPrintable(parts.ok() ? QString() : parts.error().message));
        QCOMPARE(parts->size(), 4);

        // Group 0: a changeset that succeeded, two parts.
        const DataverseBatchPart &created = parts->at(0);
        QCOMPARE(created.group, 0);
        QVERIFY(created.inChangeSet);
        QCOMPARE(created.contentId, u"1"_s);
        QCOMPARE(created.status, 204);
        QCOMPARE(created.reason, u"No Content"_s);
        QVERIFY(created.ok());
        QCOMPARE(DataverseReader::idFromEntityUrl(QString::fromLatin1(created.header("odata-entityid"))),
                 u"e73ffc82-e292-ed11-aad1-000d3a9933c9"_s);
        QCOMPARE(parts->at(1).group, 0);
        QCOMPARE(parts->at(1).contentId, u"2"_s);

        // Group 1: a failed changeset, answered by one error part.
        const DataverseBatchPart &failed = parts->at(2);
        QCOMPARE(failed.group, 1);
        QVERIFY(!failed.inChangeSet);
        QCOMPARE(failed.status, 412);
        QVERIFY(!failed.ok());
        const DataverseFault fault = failed.fault();
        QCOMPARE(fault.kind, DataverseFault::Kind::Conflict);
        QCOMPARE(fault.code, u"0x80060882"_s);
        QVERIFY(fault.toError(u"update task"_s).message.contains(u"RowVersion"_s));

        // Group 2: a GET with a JSON body.
        const DataverseBatchPart &get = parts->at(3);
        QCOMPARE(get.group, 2);
        QCOMPARE(get.status, 200);
        const auto page = DataverseReader::readCollection(get.body, DataverseEntityInfo::forLogicalName(u"task"_s));
        QVERIFY(page.ok());
        QCOMPARE(page->rows.size(), 1);
        QCOMPARE(page->rows.first().fields.value(u"subject"_s).toString(), u"Call back"_s);
    }

    void readerAcceptsBareLf()
    {
        QByteArray lf = batchReply();
        lf.replace("\r\n", "\n");
        const auto parts = DataverseBatchReader::read(kReplyType, lf);
        QVERIFY(parts.ok());
        QCOMPARE(parts->size(), 4);
        QCOMPARE(parts->at(3).status, 200);
        // Quoted boundary parameter.
        const auto quoted = DataverseBatchReader::read(
            "multipart/mixed;boundary=\"batchresponse_f44bd09d-573f-4a30-bca0-2e500ee7e139\"", lf);
        QVERIFY(quoted.ok());
    }

    void hostileReplies_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("inMessage");
        const QByteArray reply = batchReply();
        QTest::newRow("wrong boundary") << QByteArray("multipart/mixed; boundary=batchresponse_other") << reply
                                        << u"never appears"_s;
        QTest::newRow("no boundary") << QByteArray("multipart/mixed") << reply << u"boundary is missing"_s;
        QTest::newRow("not multipart") << QByteArray("application/json") << reply << u"not multipart/mixed"_s;
        QTest::newRow("truncated") << kReplyType << reply.left(reply.size() / 2) << u"truncated"_s;
        QTest::newRow("truncated changeset") << kReplyType << reply.left(900) << u"truncated"_s;
        QTest::newRow("empty") << kReplyType << QByteArray() << u"never appears"_s;
        QTest::newRow("garbage status")
            << QByteArray("multipart/mixed; boundary=b")
            << QByteArray("--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 abc Nope\r\n\r\n--b--\r\n")
            << u"bad status line"_s;
        QTest::newRow("unknown part type")
            << QByteArray("multipart/mixed; boundary=b")
            << QByteArray("--b\r\nContent-Type: text/html\r\n\r\n<html/>\r\n--b--\r\n") << u"text/html"_s;
        QTest::newRow("nested changesets")
            << QByteArray("multipart/mixed; boundary=b")
            << QByteArray("--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n"
                          "Content-Type: multipart/mixed; boundary=d\r\n\r\n--d--\r\n--c--\r\n--b--\r\n")
            << u"nests"_s;
        QTest::newRow("header without colon")
            << QByteArray("multipart/mixed; boundary=b")
            << QByteArray("--b\r\nthis is not a header\r\n\r\nHTTP/1.1 200 OK\r\n\r\n--b--\r\n") << u"malformed header"_s;
        QByteArray many;
        for (int i = 0; i < 2100; ++i)
            many += "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
        many += "--b--\r\n";
        QTest::newRow("too many parts") << QByteArray("multipart/mixed; boundary=b") << many << u"more than 2000 parts"_s;
    }

    void hostileReplies()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, inMessage);
        const auto parts = DataverseBatchReader::read(contentType, body);
        QVERIFY(!parts.ok());
        QVERIFY2(parts.error().message.contains(inMessage), qPrintable(parts.error().message));
        QCOMPARE(parts.error().code, Error::Code::Protocol);
    }

    void sizeLimit()
    {
        DataverseBatchLimits limits;
        limits.maxBytes = 100;
        const auto parts = DataverseBatchReader::read(kReplyType, batchReply(), limits);
        QVERIFY(!parts.ok());
        QVERIFY(parts.error().message.contains(u"100-byte limit"_s));
    }
};

QTEST_GUILESS_MAIN(TestDataverseBatch)
#include "testdataversebatch.moc"
