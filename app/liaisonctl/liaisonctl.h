#pragma once

#include "clicontext.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace Liaison {

class ObjectCommand;

// `liaisonctl [--db FILE] [--json] OBJECT VERB [options]`: global options, refusal of
// secrets on the command line, dispatch to the object's command, errors to exit codes.
class LiaisonCtl
{
public:
    LiaisonCtl();
    ~LiaisonCtl();

    // arguments without the program name; returns the process exit code.
    int run(const QStringList &arguments);

private:
    int dispatch(const QStringList &arguments);
    ObjectCommand *command(const QString &name) const;
    QString help() const;

    CliContext m_context;
    std::vector<std::unique_ptr<ObjectCommand>> m_commands;
};

} // namespace Liaison
