// SandboxEwsStore persistence: mailboxes, folders, stored items and tombstones; generated
// items are written as their generation parameters only.
#include "sandboxewsstore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Liaison {

QJsonObject SandboxEwsStore::toJson() const
{
    QJsonArray mailboxes;
    for (const SandboxEwsMailbox &mb : m_mailboxes) {
        QJsonArray folders;
        for (const QString &fid : mb.folders) {
            const SandboxEwsFolder &f = m_folders[fid];
            QJsonArray items;
            for (const QString &iid : f.items) {
                const SandboxEwsItem &i = m_items[iid];
                QJsonObject props;
                for (auto p = i.props.cbegin(); p != i.props.cend(); ++p)
                    props.insert(p.key(), QString::fromUtf8(p.value()));
                items.append(QJsonObject{{u"id"_s, i.id}, {u"kind"_s, int(i.kind)}, {u"version"_s, qint64(i.version)},
                                         {u"seq"_s, qint64(i.seq)}, {u"createdSeq"_s, qint64(i.createdSeq)},
                                         {u"contentSeq"_s, qint64(i.contentSeq)},
                                         {u"generatedIndex"_s, qint64(i.generatedIndex)},
                                         {u"created"_s, i.created}, {u"modified"_s, i.modified}, {u"props"_s, props}});
            }
            QJsonArray tombstones;
            for (const auto &[seq, id] : f.log) {
                if (f.tombstones.contains(id))
                    tombstones.append(QJsonObject{{u"id"_s, id}, {u"seq"_s, qint64(seq)},
                                                  {u"createdSeq"_s, qint64(f.tombstones[id].createdSeq)},
                                                  {u"kind"_s, int(f.tombstones[id].kind)},
                                                  {u"generatedIndex"_s, qint64(f.tombstones[id].generatedIndex)}});
            }
            // Generated items are saved as their parameters; only touched ones are stored.
            const SandboxEwsFolder::Generation &g = f.generation;
            const QJsonObject generation{{u"count"_s, qint64(g.count)}, {u"slot"_s, qint64(g.slot)},
                                         {u"seq"_s, qint64(g.seq)}, {u"at"_s, g.at}, {u"kind"_s, int(g.kind)},
                                         {u"tag"_s, g.tag}, {u"seed"_s, qint64(g.seed)}};
            QJsonObject folderProps;
            for (auto p = f.props.cbegin(); p != f.props.cend(); ++p)
                folderProps.insert(p.key(), QString::fromUtf8(p.value()));
            folders.append(QJsonObject{{u"id"_s, f.id}, {u"parentId"_s, f.parentId}, {u"generation"_s, generation},
                                       {u"props"_s, folderProps},
                                       {u"distinguishedId"_s, f.distinguishedId}, {u"displayName"_s, f.displayName},
                                       {u"folderClass"_s, f.folderClass}, {u"element"_s, f.element},
                                       {u"version"_s, qint64(f.version)}, {u"seq"_s, qint64(f.seq)},
                                       {u"createdSeq"_s, qint64(f.createdSeq)},
                                       {u"items"_s, items}, {u"tombstones"_s, tombstones}});
        }
        QJsonArray deleted;
        for (const SandboxEwsMailbox::DeletedFolder &d : mb.deletedFolders)
            deleted.append(QJsonObject{{u"id"_s, d.id}, {u"seq"_s, qint64(d.seq)}, {u"createdSeq"_s, qint64(d.createdSeq)}});
        mailboxes.append(QJsonObject{{u"smtp"_s, mb.smtp}, {u"displayName"_s, mb.displayName},
                                     {u"rootFolderId"_s, mb.rootFolderId}, {u"folders"_s, folders},
                                     {u"deletedFolders"_s, deleted}});
    }
    return {{u"seq"_s, qint64(m_seq)}, {u"nextId"_s, qint64(m_nextId)}, {u"mailboxes"_s, mailboxes}};
}

void SandboxEwsStore::fromJson(const QJsonObject &json)
{
    reset();
    m_seq = quint64(json.value(u"seq"_s).toInteger());
    m_nextId = quint64(json.value(u"nextId"_s).toInteger(1));
    for (const QJsonValue &mv : json.value(u"mailboxes"_s).toArray()) {
        const QJsonObject mo = mv.toObject();
        SandboxEwsMailbox mb;
        mb.smtp = mo.value(u"smtp"_s).toString();
        mb.displayName = mo.value(u"displayName"_s).toString();
        mb.rootFolderId = mo.value(u"rootFolderId"_s).toString();
        for (const QJsonValue &fv : mo.value(u"folders"_s).toArray()) {
            const QJsonObject fo = fv.toObject();
            SandboxEwsFolder f;
            f.id = fo.value(u"id"_s).toString();
            f.parentId = fo.value(u"parentId"_s).toString();
            f.mailbox = mb.smtp;
            f.distinguishedId = fo.value(u"distinguishedId"_s).toString();
            f.displayName = fo.value(u"displayName"_s).toString();
            f.folderClass = fo.value(u"folderClass"_s).toString();
            f.element = fo.value(u"element"_s).toString();
            const QJsonObject folderProps = fo.value(u"props"_s).toObject();
            for (auto p = folderProps.begin(); p != folderProps.end(); ++p)
                f.props.insert(p.key(), p.value().toString().toUtf8());
            f.version = quint32(fo.value(u"version"_s).toInteger(1));
            f.seq = quint64(fo.value(u"seq"_s).toInteger());
            f.createdSeq = quint64(fo.value(u"createdSeq"_s).toInteger(qint64(f.seq)));
            for (const QJsonValue &iv : fo.value(u"items"_s).toArray()) {
                const QJsonObject io = iv.toObject();
                SandboxEwsItem i;
                i.id = io.value(u"id"_s).toString();
                i.folderId = f.id;
                i.kind = SandboxEwsKind(io.value(u"kind"_s).toInt());
                i.version = quint32(io.value(u"version"_s).toInteger(1));
                i.seq = quint64(io.value(u"seq"_s).toInteger());
                i.createdSeq = quint64(io.value(u"createdSeq"_s).toInteger());
                i.contentSeq = quint64(io.value(u"contentSeq"_s).toInteger(qint64(i.seq)));
                i.generatedIndex = quint32(io.value(u"generatedIndex"_s).toInteger());
                if (i.generatedIndex)
                    f.touched.insert(i.generatedIndex);
                i.created = io.value(u"created"_s).toInteger();
                i.modified = io.value(u"modified"_s).toInteger();
                const QJsonObject props = io.value(u"props"_s).toObject();
                for (auto p = props.begin(); p != props.end(); ++p)
                    i.props.insert(p.key(), p.value().toString().toUtf8());
                f.items.insert(i.id);
                if (i.seq)
                    f.log.emplace(i.seq, i.id);
                m_items.insert(i.id, i);
            }
            for (const QJsonValue &tv : fo.value(u"tombstones"_s).toArray()) {
                const QJsonObject to = tv.toObject();
                const QString id = to.value(u"id"_s).toString();
                const auto index = quint32(to.value(u"generatedIndex"_s).toInteger());
                f.tombstones.insert(id, {quint64(to.value(u"createdSeq"_s).toInteger()),
                                         SandboxEwsKind(to.value(u"kind"_s).toInt()), index});
                if (index)
                    f.touched.insert(index);
                f.log.emplace(quint64(to.value(u"seq"_s).toInteger()), id);
            }
            const QJsonObject go = fo.value(u"generation"_s).toObject();
            f.generation = {quint32(go.value(u"count"_s).toInteger()), quint32(go.value(u"slot"_s).toInteger()),
                            quint64(go.value(u"seq"_s).toInteger()), go.value(u"at"_s).toInteger(),
                            SandboxEwsKind(go.value(u"kind"_s).toInt()), go.value(u"tag"_s).toString(),
                            quint32(go.value(u"seed"_s).toInteger())};
            if (f.generation.count && f.generation.slot) {
                if (m_generatedFolders.size() < qsizetype(f.generation.slot))
                    m_generatedFolders.resize(f.generation.slot);
                m_generatedFolders[f.generation.slot - 1] = f.id;
                m_generatedAlive += f.generation.count - f.touched.size();
            }
            if (!f.distinguishedId.isEmpty())
                mb.distinguished.insert(f.distinguishedId, f.id);
            mb.folders.append(f.id);
            m_folders.insert(f.id, f);
        }
        for (const QJsonValue &dv : mo.value(u"deletedFolders"_s).toArray()) {
            const QJsonObject d = dv.toObject();
            mb.deletedFolders.append({d.value(u"id"_s).toString(), quint64(d.value(u"seq"_s).toInteger()),
                                      quint64(d.value(u"createdSeq"_s).toInteger())});
        }
        addMissingDefaultFolders(mb, quint32(m_mailboxes.size() + 1));
        m_mailboxes.insert(mb.smtp, mb);
    }
}

} // namespace Liaison
