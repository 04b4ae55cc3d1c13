#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

#include "sandboxmessage.h"

namespace Liaison {

// Reading a Web API request's query options and Prefer header, for SandboxDataverseApi.
class SandboxDataverseQueryOptions
{
public:
    struct Prefer
    {
        int maxPageSize = 0;
        bool trackChanges = false;
        bool annotations = false;
        bool representation = false;
    };

    // A query option, percent-decoded ("" if absent).
    static QString value(const SandboxRequest &request, const QString &name);
    static Prefer prefer(const SandboxRequest &request);
    static QStringList select(const SandboxRequest &request);   // $select=a,b -> {a, b}
    // "new_exchangeid='a''b',x='y'" -> pairs; nullopt if it is not key syntax.
    static std::optional<QList<std::pair<QString, QString>>> keyValues(const QString &key);
    // -1 / 0 / 1 the way Dataverse orders: nulls first, numbers numerically, text case-insensitively.
    static int compare(const QJsonValue &a, const QJsonValue &b);
};

} // namespace Liaison
