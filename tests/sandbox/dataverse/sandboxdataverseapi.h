#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>

#include "sandboxdataverseannotations.h"
#include "sandboxdataversenavigation.h"
#include "sandboxdataverseowner.h"
#include "sandboxdataversequeryoptions.h"
#include "sandboxdataversestore.h"
#include "sandboxmessage.h"

namespace Liaison {

class DataverseMetadata;

// The Web API under /api/data/v9.2/ after authentication: $metadata, collections ($select,
// $filter, $top, $orderby, server-driven paging, change tracking), single rows, create,
// update with etags, delete, $batch, and set(id)/navigation[/$ref] (SandboxDataverseReferences). Works on a SandboxDataverseStore. Activities take
// their parties by deep insert / PATCH of <table>_activity_parties and $expand them;
// activityparties itself is GET-collection only.
class SandboxDataverseApi
{
public:
    static constexpr const char *kApiPath = "/api/data/v9.2/";
    static constexpr int kMaxPageSize = 5000;

    explicit SandboxDataverseApi(SandboxDataverseStore &store);
    ~SandboxDataverseApi();

    // The CSDL served as $metadata. Its entity types also decide which columns exist: a name
    // that is not a property gets Dataverse's 400. Empty: every identifier is accepted.
    bool setMetadata(const QByteArray &csdl);
    QByteArray metadataXml() const { return m_metadataXml; }

    // Content-ID -> entity URL of rows created earlier in the same $batch changeset.
    using ContentIds = QHash<QString, QString>;

    // `root` is the absolute API root links are built on ("https://127.0.0.1:1234/api/data/v9.2/").
    SandboxResponse handle(const SandboxRequest &request, const QString &root, const QString &userId,
                           const ContentIds *contentIds = nullptr);

    SandboxDataverseStore &store() { return m_store; }
    // Impersonation: the real caller's systemuserid while handle() runs as another user (empty: none).
    void setOnBehalfOf(const QString &callerId) { m_onBehalfOf = callerId; }

    // {"error":{"code":"0x...","message":"..."}} with the status.
    static SandboxResponse error(int status, const QByteArray &code, const QString &message);
    static SandboxResponse error(const SandboxDataverseError &e) { return error(e.status, e.code, e.message); }

private:
    friend class SandboxDataverseReferences;   // serves set(id)/navigation[/$ref] with the helpers below
    struct Target
    {
        const SandboxDataverseTable *table = nullptr;
        QString id;          // empty: the collection (or an alternate key that matches no row yet)
        QList<std::pair<QString, QString>> keyValues;   // addressed by alternate key: column -> value
        bool byKey() const { return !keyValues.isEmpty(); }
    };
    using Prefer = SandboxDataverseQueryOptions::Prefer;

    using Expand = SandboxDataverseNavigation::Expand;

    SandboxResponse route(const SandboxRequest &request, const QString &root, const QString &userId,
                          const ContentIds *contentIds);
    // The service document's entity sets: (name, url) in $metadata's EntityContainer order.
    QList<std::pair<QString, QString>> serviceEntitySets() const;

    SandboxResponse getCollection(const SandboxRequest &request, const Target &target, const QString &root);
    SandboxResponse getTracked(const SandboxRequest &request, const Target &target, const QString &root,
                               const Prefer &prefer, const QStringList &select);
    SandboxResponse getRow(const SandboxRequest &request, const Target &target, const QString &root);
    SandboxResponse create(const SandboxRequest &request, const Target &target, const QString &root,
                           const ContentIds *contentIds);
    SandboxResponse update(const SandboxRequest &request, const Target &target, const QString &root,
                           const ContentIds *contentIds);
    SandboxResponse remove(const SandboxRequest &request, const Target &target);

    // Request body -> store fields: checks columns, resolves "x@odata.bind" into "_x_value".
    bool readBody(const SandboxRequest &request, const SandboxDataverseTable &table,
                  const ContentIds *contentIds, QJsonObject *fields, SandboxResponse *failure) const;
    // Moves the table's *_activity_parties array out of `fields` into *parties (checked, binds
    // resolved); leaves *parties empty when the body has none.
    bool takeParties(const SandboxDataverseTable &table, const ContentIds *contentIds, QJsonObject *fields,
                     std::optional<QList<QJsonObject>> *parties, SandboxResponse *failure) const;
    bool applyParties(const SandboxDataverseTable &table, const QString &id, const QList<QJsonObject> &parties,
                      QJsonObject *row, SandboxDataverseError *e);
    // $expand=<navigation>[($select=...)][,...] over collection-valued navigations; a response on failure.
    std::optional<SandboxResponse> readExpand(const SandboxRequest &request, const SandboxDataverseTable &table,
                                              Expand *expand) const;
    QJsonObject withExpand(QJsonObject body, const SandboxDataverseTable &table, const QString &id,
                           const Expand &expand) const;
    static QStringList contextColumns(const QStringList &select, const Expand &expand);
    // A Dataverse 400 for the first column the table does not have; nullopt if all exist.
    std::optional<SandboxResponse> checkColumns(const SandboxDataverseTable &table, const QStringList &columns,
                                                bool writing) const;
    QJsonObject present(const SandboxDataverseTable &table, const QJsonObject &row, const QStringList &select) const;
    static QString contextFor(const QString &root, const SandboxDataverseTable &table, const QStringList &select);
    static QString entityUrl(const QString &root, const SandboxDataverseTable &table, const QString &id);
    static QString etagOf(const QJsonObject &row);

    SandboxDataverseStore &m_store;
    SandboxDataverseCaller m_caller;   // of the request being handled
    SandboxDataverseAnnotations m_annotations;   // what its Prefer header asks to annotate
    QString m_onBehalfOf;
    QByteArray m_metadataXml;
    std::unique_ptr<DataverseMetadata> m_metadata;
};

} // namespace Liaison
