#pragma once

#include "objectcommand.h"

namespace Liaison {

struct User;

// liaisonctl user: CRM users whose mailboxes sync; referenced by id, address or CRM id.
class UserCommand : public ObjectCommand
{
public:
    using ObjectCommand::ObjectCommand;
    QString name() const override { return QStringLiteral("user"); }
    QString summary() const override { return QStringLiteral("CRM users whose Exchange mailboxes sync"); }

protected:
    QList<QCommandLineOption> options(const QString &verb) const override;
    QString referenceName() const override { return QStringLiteral("ID|EMAIL|CRM-USER-ID"); }
    void add(const QCommandLineParser &parser) override;
    void list(const QCommandLineParser &parser) override;
    void show(const QString &reference, const QCommandLineParser &parser) override;
    void set(const QString &reference, const QCommandLineParser &parser) override;
    void remove(const QString &reference, const QCommandLineParser &parser) override;

private:
    void apply(const QCommandLineParser &parser, User &user);
};

} // namespace Liaison
