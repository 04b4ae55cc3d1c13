#pragma once

#include "objectcommand.h"

namespace Liaison {

struct Assignment;

// liaisonctl assignment: put users, or everyone with a CRM security profile, into a
// configuration; `list --effective` explains which configuration each user gets.
class AssignmentCommand : public ObjectCommand
{
public:
    using ObjectCommand::ObjectCommand;
    QString name() const override { return QStringLiteral("assignment"); }
    QString summary() const override
    {
        return QStringLiteral("who syncs with which configuration (individual assignments beat security profiles)");
    }

protected:
    QList<QCommandLineOption> options(const QString &verb) const override;
    QString referenceName() const override { return QStringLiteral("ID"); }
    QString verbHelp(const QString &verb) const override;
    void add(const QCommandLineParser &parser) override;
    void list(const QCommandLineParser &parser) override;
    void show(const QString &reference, const QCommandLineParser &parser) override;
    void set(const QString &reference, const QCommandLineParser &parser) override;
    void remove(const QString &reference, const QCommandLineParser &parser) override;

private:
    Assignment find(const QString &reference);
    qint64 assign(qint64 configurationId, const Assignment &target);
    void listEffective();
};

} // namespace Liaison
