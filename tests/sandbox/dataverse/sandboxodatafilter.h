#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace Liaison {

// A parsed OData $filter, evaluated against sandbox rows. Supports comparisons (eq ne gt ge lt
// le) on strings, numbers, booleans, null, GUIDs and dates; and/or/not with parentheses; and
// contains/startswith/endswith. Parsed by a small recursive-descent parser over tokens.
class SandboxODataFilter
{
public:
    SandboxODataFilter();
    ~SandboxODataFilter();
    SandboxODataFilter(SandboxODataFilter &&) noexcept;
    SandboxODataFilter &operator=(SandboxODataFilter &&) noexcept;

    // Empty text parses to "match everything". On failure error() says what is wrong.
    static SandboxODataFilter parse(const QString &text);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QStringList columns() const;   // every column the filter names (to check them against the schema)
    bool matches(const QJsonObject &row) const;
    // A `column eq 'text'` (or GUID) that every matching row satisfies (the filter itself or one
    // side of a top-level and): (column, text) for an index lookup; nullopt if there is none.
    std::optional<std::pair<QString, QString>> equality() const;

    struct Node;

private:
    std::unique_ptr<Node> m_root;
    QString m_error;
};

} // namespace Liaison
