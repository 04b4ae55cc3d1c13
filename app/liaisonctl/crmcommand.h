#pragma once

#include "objectcommand.h"

namespace Liaison {

struct CrmConnection;

// liaisonctl crm: CRM connections (Dataverse, Salesforce), client secret via --secret-stdin.
class CrmCommand : public ObjectCommand
{
public:
    using ObjectCommand::ObjectCommand;
    QString name() const override { return QStringLiteral("crm"); }
    QString summary() const override { return QStringLiteral("CRM connections (Dataverse, Salesforce)"); }

protected:
    QList<QCommandLineOption> options(const QString &verb) const override;
    QStringList valueHelp() const override;
    void add(const QCommandLineParser &parser) override;
    void list(const QCommandLineParser &parser) override;
    void show(const QString &reference, const QCommandLineParser &parser) override;
    void set(const QString &reference, const QCommandLineParser &parser) override;
    void remove(const QString &reference, const QCommandLineParser &parser) override;

private:
    static void apply(const QCommandLineParser &parser, CrmConnection &connection);
};

} // namespace Liaison
