#pragma once

#include "objectcommand.h"

namespace Liaison {

struct ExchangeProfile;

// liaisonctl profile: Exchange connection profiles (EWS or Graph), secret via --secret-stdin.
class ProfileCommand : public ObjectCommand
{
public:
    using ObjectCommand::ObjectCommand;
    QString name() const override { return QStringLiteral("profile"); }
    QString summary() const override { return QStringLiteral("Exchange connection profiles (EWS or Microsoft Graph)"); }

protected:
    QList<QCommandLineOption> options(const QString &verb) const override;
    QStringList valueHelp() const override;
    void add(const QCommandLineParser &parser) override;
    void list(const QCommandLineParser &parser) override;
    void show(const QString &reference, const QCommandLineParser &parser) override;
    void set(const QString &reference, const QCommandLineParser &parser) override;
    void remove(const QString &reference, const QCommandLineParser &parser) override;

private:
    static void apply(const QCommandLineParser &parser, ExchangeProfile &profile);
};

} // namespace Liaison
