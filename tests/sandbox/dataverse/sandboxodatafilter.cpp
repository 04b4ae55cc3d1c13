#include "sandboxodatafilter.h"

#include <QDateTime>
#include <QJsonValue>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace Liaison {

namespace {

enum class TokenKind { Word, String, Open, Close, Comma, End };

struct Token
{
    TokenKind kind = TokenKind::End;
    QString text;
};

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u':' || c == u'.' || c == u'+';
}

// Splits the filter into tokens; returns an error text for an unterminated string or a stray character.
QString tokenize(const QString &text, std::vector<Token> &out)
{
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'(' || c == u')' || c == u',') {
            out.push_back({c == u'(' ? TokenKind::Open : c == u')' ? TokenKind::Close : TokenKind::Comma, QString(c)});
            ++i;
        } else if (c == u'\'') {
            QString value;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                if (text.at(i) == u'\'') {
                    if (i + 1 < text.size() && text.at(i + 1) == u'\'') {
                        value += u'\'';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                value += text.at(i++);
            }
            if (!closed)
                return u"unterminated string literal"_s;
            out.push_back({TokenKind::String, value});
        } else if (isWordChar(c)) {
            const qsizetype start = i;
            while (i < text.size() && isWordChar(text.at(i)))
                ++i;
            out.push_back({TokenKind::Word, text.mid(start, i - start)});
        } else {
            return u"unexpected character '%1' at position %2"_s.arg(c).arg(i);
        }
    }
    out.push_back({TokenKind::End, {}});
    return {};
}

bool isIdentifier(const QString &word)
{
    if (word.isEmpty() || word.at(0).isDigit())
        return false;
    for (QChar c : word)
        if (!(c.isLetterOrNumber() || c == u'_'))
            return false;
    return true;
}

} // namespace

struct SandboxODataFilter::Node
{
    enum class Kind { All, Compare, Function, And, Or, Not };
    enum class Literal { String, Number, Bool, Null, Guid, Date };

    Kind kind = Kind::All;
    QString op;          // eq ... le, or the function name
    QString column;
    Literal literal = Literal::Null;
    QString text;        // string / guid literal
    double number = 0;
    bool boolean = false;
    QDateTime date;
    std::unique_ptr<Node> left;
    std::unique_ptr<Node> right;
};

namespace {

using Node = SandboxODataFilter::Node;

class Parser
{
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    std::unique_ptr<Node> parseAll()
    {
        auto node = parseOr();
        if (node && peek().kind != TokenKind::End)
            fail(u"unexpected '%1'"_s.arg(peek().text));
        return m_error.isEmpty() ? std::move(node) : nullptr;
    }
    QString error() const { return m_error; }

private:
    const Token &peek() const { return m_tokens[m_pos]; }
    Token take() { return m_tokens[m_pos < m_tokens.size() - 1 ? m_pos++ : m_pos]; }
    bool takeKeyword(const QString &word)
    {
        if (peek().kind == TokenKind::Word && peek().text.compare(word, Qt::CaseInsensitive) == 0) {
            ++m_pos;
            return true;
        }
        return false;
    }
    std::unique_ptr<Node> fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return nullptr;
    }
    bool expect(TokenKind kind, const QString &what)
    {
        if (take().kind == kind)
            return true;
        fail(u"expected %1"_s.arg(what));
        return false;
    }

    // Parsing, evaluating and freeing the tree all recurse: a hostile $filter such as 2,000 '('
    // or 'not not not ...' must be refused before it exhausts the stack (found by fuzz_sandbox_odata).
    static constexpr int kMaxDepth = 64;
    static constexpr int kMaxConditions = 500;
    bool deeper()
    {
        if (++m_depth <= kMaxDepth)
            return true;
        fail(u"the filter nests more than %1 levels deep"_s.arg(kMaxDepth));
        return false;
    }

    std::unique_ptr<Node> binary(Node::Kind kind, std::unique_ptr<Node> l, std::unique_ptr<Node> r)
    {
        if (!l || !r)
            return nullptr;
        if (++m_conditions > kMaxConditions)
            return fail(u"the filter has more than %1 conditions"_s.arg(kMaxConditions));
        auto node = std::make_unique<Node>();
        node->kind = kind;
        node->left = std::move(l);
        node->right = std::move(r);
        return node;
    }

    std::unique_ptr<Node> parseOr()
    {
        auto node = parseAnd();
        while (node && takeKeyword(u"or"_s))
            node = binary(Node::Kind::Or, std::move(node), parseAnd());
        return node;
    }

    std::unique_ptr<Node> parseAnd()
    {
        auto node = parseUnary();
        while (node && takeKeyword(u"and"_s))
            node = binary(Node::Kind::And, std::move(node), parseUnary());
        return node;
    }

    std::unique_ptr<Node> parseUnary()
    {
        if (takeKeyword(u"not"_s)) {
            if (!deeper())
                return nullptr;
            auto inner = parseUnary();
            --m_depth;
            if (!inner)
                return nullptr;
            auto node = std::make_unique<Node>();
            node->kind = Node::Kind::Not;
            node->left = std::move(inner);
            return node;
        }
        return parsePrimary();
    }

    std::unique_ptr<Node> parsePrimary()
    {
        if (peek().kind == TokenKind::Open) {
            ++m_pos;
            if (!deeper())
                return nullptr;
            auto node = parseOr();
            --m_depth;
            if (node && !expect(TokenKind::Close, u"')'"_s))
                return nullptr;
            return node;
        }
        const Token first = take();
        if (first.kind != TokenKind::Word || !isIdentifier(first.text))
            return fail(u"expected a column name or function, found '%1'"_s.arg(first.text));
        const QString name = first.text;
        static const QStringList functions = {u"contains"_s, u"startswith"_s, u"endswith"_s};
        if (peek().kind == TokenKind::Open && functions.contains(name.toLower())) {
            ++m_pos;
            const Token column = take();
            if (column.kind != TokenKind::Word || !isIdentifier(column.text))
                return fail(u"%1 needs a column name first"_s.arg(name));
            if (!expect(TokenKind::Comma, u"','"_s))
                return nullptr;
            const Token value = take();
            if (value.kind != TokenKind::String)
                return fail(u"%1 needs a string literal"_s.arg(name));
            if (!expect(TokenKind::Close, u"')'"_s))
                return nullptr;
            auto node = std::make_unique<Node>();
            node->kind = Node::Kind::Function;
            node->op = name.toLower();
            node->column = column.text;
            node->literal = Node::Literal::String;
            node->text = value.text;
            return node;
        }
        static const QStringList operators = {u"eq"_s, u"ne"_s, u"gt"_s, u"ge"_s, u"lt"_s, u"le"_s};
        const Token op = take();
        if (op.kind != TokenKind::Word || !operators.contains(op.text.toLower()))
            return fail(u"expected a comparison operator after '%1'"_s.arg(name));
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Compare;
        node->op = op.text.toLower();
        node->column = name;
        if (!readLiteral(*node))
            return nullptr;
        return node;
    }

    bool readLiteral(Node &node)
    {
        const Token value = take();
        if (value.kind == TokenKind::String) {
            node.literal = Node::Literal::String;
            node.text = value.text;
            return true;
        }
        if (value.kind != TokenKind::Word) {
            fail(u"expected a value after '%1'"_s.arg(node.op));
            return false;
        }
        const QString word = value.text;
        const QString lower = word.toLower();
        bool isNumber = false;
        const double number = word.toDouble(&isNumber);
        if (lower == u"null"_s) {
            node.literal = Node::Literal::Null;
        } else if (lower == u"true"_s || lower == u"false"_s) {
            node.literal = Node::Literal::Bool;
            node.boolean = lower == u"true"_s;
        } else if (word.size() == 36 && !QUuid::fromString(word).isNull()) {
            node.literal = Node::Literal::Guid;
            node.text = lower;
        } else if (isNumber) {
            node.literal = Node::Literal::Number;
            node.number = number;
        } else if (QDateTime date = QDateTime::fromString(word, Qt::ISODateWithMs); date.isValid()) {
            node.literal = Node::Literal::Date;
            node.date = date.toUTC();
        } else if (QDate day = QDate::fromString(word, Qt::ISODate); day.isValid()) {
            node.literal = Node::Literal::Date;
            node.date = day.startOfDay(Qt::UTC);
        } else {
            fail(u"'%1' is not a valid literal"_s.arg(word));
            return false;
        }
        return true;
    }

    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    QString m_error;
    int m_depth = 0;
    int m_conditions = 0;
};

bool applyOrder(const QString &op, int order)
{
    if (op == u"eq"_s) return order == 0;
    if (op == u"ne"_s) return order != 0;
    if (op == u"gt"_s) return order > 0;
    if (op == u"ge"_s) return order >= 0;
    if (op == u"lt"_s) return order < 0;
    return order <= 0;   // le
}

template<typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

bool compare(const Node &node, const QJsonValue &value)
{
    const bool missing = value.isNull() || value.isUndefined();
    if (node.literal == Node::Literal::Null)
        return node.op == u"eq"_s ? missing : node.op == u"ne"_s ? !missing : false;
    if (missing)
        return node.op == u"ne"_s;
    switch (node.literal) {
    case Node::Literal::Number:
        return applyOrder(node.op, threeWay(value.toDouble(), node.number));
    case Node::Literal::Bool:
        return applyOrder(node.op, threeWay(value.toBool(), node.boolean));
    case Node::Literal::Date: {
        const QString text = value.toString();
        // Edm.Date columns hold "yyyy-MM-dd": compare them as midnight UTC.
        const QDateTime date = text.size() == 10 ? QDate::fromString(text, Qt::ISODate).startOfDay(Qt::UTC)
                                                 : QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!date.isValid())
            return false;
        return applyOrder(node.op, threeWay(date.toUTC(), node.date));
    }
    case Node::Literal::Guid:
    case Node::Literal::String: {
        const QString text = value.isString() ? value.toString() : value.toVariant().toString();
        return applyOrder(node.op, QString::compare(text, node.text, Qt::CaseInsensitive));
    }
    case Node::Literal::Null:
        break;
    }
    return false;
}

bool evaluate(const Node &node, const QJsonObject &row)
{
    switch (node.kind) {
    case Node::Kind::All:
        return true;
    case Node::Kind::And:
        return evaluate(*node.left, row) && evaluate(*node.right, row);
    case Node::Kind::Or:
        return evaluate(*node.left, row) || evaluate(*node.right, row);
    case Node::Kind::Not:
        return !evaluate(*node.left, row);
    case Node::Kind::Compare:
        return compare(node, row.value(node.column));
    case Node::Kind::Function: {
        const QString text = row.value(node.column).toString();
        if (node.op == u"contains"_s)
            return text.contains(node.text, Qt::CaseInsensitive);
        if (node.op == u"startswith"_s)
            return text.startsWith(node.text, Qt::CaseInsensitive);
        return text.endsWith(node.text, Qt::CaseInsensitive);
    }
    }
    return false;
}

void collectColumns(const Node &node, QStringList &out)
{
    if (!node.column.isEmpty() && !out.contains(node.column))
        out.append(node.column);
    if (node.left)
        collectColumns(*node.left, out);
    if (node.right)
        collectColumns(*node.right, out);
}

} // namespace

SandboxODataFilter::SandboxODataFilter() = default;
SandboxODataFilter::~SandboxODataFilter() = default;
SandboxODataFilter::SandboxODataFilter(SandboxODataFilter &&) noexcept = default;
SandboxODataFilter &SandboxODataFilter::operator=(SandboxODataFilter &&) noexcept = default;

SandboxODataFilter SandboxODataFilter::parse(const QString &text)
{
    SandboxODataFilter filter;
    if (text.trimmed().isEmpty())
        return filter;
    std::vector<Token> tokens;
    if (const QString error = tokenize(text, tokens); !error.isEmpty()) {
        filter.m_error = error;
        return filter;
    }
    Parser parser(std::move(tokens));
    filter.m_root = parser.parseAll();
    if (!filter.m_root)
        filter.m_error = parser.error().isEmpty() ? u"invalid filter"_s : parser.error();
    return filter;
}

QStringList SandboxODataFilter::columns() const
{
    QStringList out;
    if (m_root)
        collectColumns(*m_root, out);
    return out;
}

namespace {

const Node *equalityNode(const Node &node)
{
    if (node.kind == Node::Kind::Compare && node.op == u"eq"_s &&
        (node.literal == Node::Literal::String || node.literal == Node::Literal::Guid) &&
        !node.text.isEmpty())
        return &node;
    if (node.kind != Node::Kind::And)
        return nullptr;
    if (const Node *left = equalityNode(*node.left))
        return left;
    return equalityNode(*node.right);
}

} // namespace

std::optional<std::pair<QString, QString>> SandboxODataFilter::equality() const
{
    const Node *node = m_root ? equalityNode(*m_root) : nullptr;
    if (!node)
        return std::nullopt;
    return std::make_pair(node->column, node->text);
}

bool SandboxODataFilter::matches(const QJsonObject &row) const
{
    return !m_root || evaluate(*m_root, row);
}

} // namespace Liaison
