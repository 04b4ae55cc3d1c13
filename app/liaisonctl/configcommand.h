#pragma once

#include "objectcommand.h"

namespace Liaison {

struct SyncConfiguration;

// liaisonctl config: sync configurations (what syncs, which way, field mappings, filters).
class ConfigCommand : public ObjectCommand
{
public:
    using ObjectCommand::ObjectCommand;
    QString name() const override { return QStringLiteral("config"); }
    QString summary() const override { return QStringLiteral("sync configurations: directions, conflicts, mappings, filters"); }

protected:
    QList<QCommandLineOption> options(const QString &verb) const override;
    QStringList valueHelp() const override;
    void add(const QCommandLineParser &parser) override;
    void list(const QCommandLineParser &parser) override;
    void show(const QString &reference, const QCommandLineParser &parser) override;
    void set(const QString &reference, const QCommandLineParser &parser) override;
    void remove(const QString &reference, const QCommandLineParser &parser) override;

private:
    // --check-crm: AdminService validates the mappings against that connection's $metadata.
    void installCrmCheck(const QCommandLineParser &parser);
    static void apply(const QCommandLineParser &parser, SyncConfiguration &configuration);
    static void applyMapping(const QString &spec, SyncConfiguration &configuration);
    static void applyUnmapping(const QString &spec, SyncConfiguration &configuration);
    static void applyFilter(const QString &spec, SyncConfiguration &configuration);
};

} // namespace Liaison
