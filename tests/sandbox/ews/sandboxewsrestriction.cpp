#include "sandboxewsrestriction.h"

#include "sandboxewsitems.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>
#include <vector>

using namespace Qt::StringLiterals;

namespace Liaison {

struct SandboxEwsRestriction::Node
{
    enum class Op {
        And,
        Or,
        Not,
        Exists,
        Excludes,
        Equal,
        NotEqual,
        Greater,
        GreaterEqual,
        Less,
        LessEqual,
        Contains
    };
    enum class Mode { FullString, Prefixed, Substring, PrefixOnWords, ExactPhrase };
    Op op = Op::And;
    std::vector<std::unique_ptr<Node>> children;
    SandboxEwsPath path;
    std::optional<SandboxEwsPath> other; // FieldURIOrConstant naming a property
    QString constant;
    Mode mode = Mode::FullString;
    bool ignoreCase = false;
    bool ignoreNonSpacing = false;
    quint64 bitmask = 0;
};

namespace {

using Node = SandboxEwsRestriction::Node;
using Type = SandboxEwsPath::Type;

constexpr int kMaxNodes = 255; // ErrorRestrictionTooLong beyond

const QHash<QString, Node::Op> &comparisons()
{
    static const QHash<QString, Node::Op> ops{
        {u"IsEqualTo"_s, Node::Op::Equal},       {u"IsNotEqualTo"_s, Node::Op::NotEqual},
        {u"IsGreaterThan"_s, Node::Op::Greater}, {u"IsGreaterThanOrEqualTo"_s, Node::Op::GreaterEqual},
        {u"IsLessThan"_s, Node::Op::Less},       {u"IsLessThanOrEqualTo"_s, Node::Op::LessEqual}};
    return ops;
}

// Item properties whose value is a structure (recipients, recurrence, time zones ...): the
// sandbox cannot compare them, so a restriction on them is refused.
const QSet<QString> &structuredKeys()
{
    static const QSet<QString> keys{u"ItemId"_s,
                                    u"ParentFolderId"_s,
                                    u"MimeContent"_s,
                                    u"MimeContentUTF8"_s,
                                    u"Attachments"_s,
                                    u"ResponseObjects"_s,
                                    u"EffectiveRights"_s,
                                    u"ConversationId"_s,
                                    u"Flag"_s,
                                    u"UniqueBody"_s,
                                    u"NormalizedBody"_s,
                                    u"TextBody"_s,
                                    u"InternetMessageHeaders"_s,
                                    u"EntityExtractionResult"_s,
                                    u"PolicyTag"_s,
                                    u"ArchiveTag"_s,
                                    u"Recurrence"_s,
                                    u"RequiredAttendees"_s,
                                    u"OptionalAttendees"_s,
                                    u"Resources"_s,
                                    u"Organizer"_s,
                                    u"ModifiedOccurrences"_s,
                                    u"DeletedOccurrences"_s,
                                    u"FirstOccurrence"_s,
                                    u"LastOccurrence"_s,
                                    u"StartTimeZone"_s,
                                    u"EndTimeZone"_s,
                                    u"MeetingTimeZone"_s,
                                    u"ConflictingMeetings"_s,
                                    u"AdjacentMeetings"_s,
                                    u"EnhancedLocation"_s,
                                    u"From"_s,
                                    u"Sender"_s,
                                    u"ToRecipients"_s,
                                    u"CcRecipients"_s,
                                    u"BccRecipients"_s,
                                    u"ReplyTo"_s,
                                    u"ReceivedBy"_s,
                                    u"ReceivedRepresenting"_s,
                                    u"EmailAddresses"_s,
                                    u"PhoneNumbers"_s,
                                    u"PhysicalAddresses"_s,
                                    u"ImAddresses"_s,
                                    u"CompleteName"_s,
                                    u"Children"_s,
                                    u"Companies"_s,
                                    u"Contacts"_s,
                                    u"DirectReports"_s,
                                    u"Photo"_s,
                                    u"Members"_s,
                                    u"Delegator"_s};
    return keys;
}

Type itemFieldType(const QString &key)
{
    static const QSet<QString> dates{u"Start"_s,
                                     u"End"_s,
                                     u"OriginalStart"_s,
                                     u"DateTimeCreated"_s,
                                     u"LastModifiedTime"_s,
                                     u"DateTimeReceived"_s,
                                     u"DateTimeSent"_s,
                                     u"DueDate"_s,
                                     u"StartDate"_s,
                                     u"CompleteDate"_s,
                                     u"ReminderDueBy"_s,
                                     u"ReminderNextTime"_s,
                                     u"Birthday"_s,
                                     u"WeddingAnniversary"_s,
                                     u"AppointmentReplyTime"_s,
                                     u"RecurrenceId"_s,
                                     u"DateTimeStamp"_s,
                                     u"AssignedTime"_s,
                                     u"RetentionDate"_s};
    static const QSet<QString> numbers{u"PercentComplete"_s,
                                       u"Size"_s,
                                       u"ReminderMinutesBeforeStart"_s,
                                       u"ActualWork"_s,
                                       u"TotalWork"_s,
                                       u"ChangeCount"_s,
                                       u"AppointmentSequenceNumber"_s,
                                       u"AppointmentState"_s,
                                       u"ConflictingMeetingCount"_s,
                                       u"AdjacentMeetingCount"_s,
                                       u"IconIndex"_s};
    static const QSet<QString> bools{u"IsAllDayEvent"_s,
                                     u"IsRecurring"_s,
                                     u"IsMeeting"_s,
                                     u"IsCancelled"_s,
                                     u"IsRead"_s,
                                     u"IsDraft"_s,
                                     u"IsFromMe"_s,
                                     u"IsResend"_s,
                                     u"IsSubmitted"_s,
                                     u"IsUnmodified"_s,
                                     u"IsAssociated"_s,
                                     u"HasAttachments"_s,
                                     u"ReminderIsSet"_s,
                                     u"IsComplete"_s,
                                     u"IsResponseRequested"_s,
                                     u"IsReadReceiptRequested"_s,
                                     u"IsDeliveryReceiptRequested"_s,
                                     u"MeetingRequestWasSent"_s,
                                     u"AllowNewTimeProposal"_s,
                                     u"IsOnlineMeeting"_s,
                                     u"IsTeamTask"_s};
    if (dates.contains(key))
        return Type::Date;
    if (numbers.contains(key))
        return Type::Number;
    if (bools.contains(key))
        return Type::Bool;
    return Type::String;
}

Type extendedType(const QString &propertyType)
{
    static const QSet<QString> numbers{u"Short"_s,
                                       u"Integer"_s,
                                       u"Long"_s,
                                       u"Float"_s,
                                       u"Double"_s,
                                       u"Currency"_s,
                                       u"ApplicationTime"_s,
                                       u"ShortArray"_s,
                                       u"IntegerArray"_s,
                                       u"LongArray"_s,
                                       u"FloatArray"_s,
                                       u"DoubleArray"_s,
                                       u"CurrencyArray"_s,
                                       u"ApplicationTimeArray"_s};
    if (numbers.contains(propertyType))
        return Type::Number;
    if (propertyType == u"SystemTime"_s || propertyType == u"SystemTimeArray"_s)
        return Type::Date;
    if (propertyType == u"Boolean"_s)
        return Type::Bool;
    return Type::String;
}

// The flags that Exists refuses (exists.md, ErrorInvalidPropertyForExists): use IsEqualTo.
bool isFlag(const QString &key)
{
    static const QSet<QString> flags{u"IsRead"_s,      u"IsFromMe"_s,     u"IsResend"_s,
                                     u"IsSubmitted"_s, u"IsUnmodified"_s, u"IsDraft"_s};
    return flags.contains(key);
}

std::optional<double> number(const QString &s)
{
    bool ok = false;
    const double v = s.trimmed().toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

std::optional<qint64> dateMs(const QString &s)
{
    QDateTime dt = QDateTime::fromString(s.trimmed(), Qt::ISODateWithMs);
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(s.trimmed().left(10), Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        dt = QDateTime(d, QTime(0, 0), QTimeZone::utc());
    }
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc());
    return dt.toMSecsSinceEpoch();
}

std::optional<bool> boolean(const QString &s)
{
    const QString t = s.trimmed().toLower();
    if (t == u"true"_s || t == u"1"_s)
        return true;
    if (t == u"false"_s || t == u"0"_s)
        return false;
    return std::nullopt;
}

bool coercible(const QString &value, Type type)
{
    switch (type) {
    case Type::String:
        return true;
    case Type::Number:
        return number(value).has_value();
    case Type::Date:
        return dateMs(value).has_value();
    case Type::Bool:
        return boolean(value).has_value();
    }
    return false;
}

// <0, 0, >0; nullopt when a value does not have the type (a stored value that is not comparable).
std::optional<int> compare(const QString &a, const QString &b, Type type)
{
    const auto order = [](auto x, auto y) { return x < y ? -1 : x > y ? 1 : 0; };
    switch (type) {
    case Type::String:
        return QString::compare(a, b, Qt::CaseInsensitive);
    case Type::Number: {
        const auto x = number(a), y = number(b);
        return x && y ? std::optional<int>(order(*x, *y)) : std::nullopt;
    }
    case Type::Date: {
        const auto x = dateMs(a), y = dateMs(b);
        return x && y ? std::optional<int>(order(*x, *y)) : std::nullopt;
    }
    case Type::Bool: {
        const auto x = boolean(a), y = boolean(b);
        return x && y ? std::optional<int>(order(int(*x), int(*y))) : std::nullopt;
    }
    }
    return std::nullopt;
}

QString normalized(const QString &s, bool ignoreCase, bool ignoreNonSpacing)
{
    QString out = s;
    if (ignoreNonSpacing) {
        out = out.normalized(QString::NormalizationForm_D);
        out.removeIf([](QChar c) { return c.category() == QChar::Mark_NonSpacing; });
    }
    return ignoreCase ? out.toCaseFolded() : out;
}

bool wordStart(const QString &s, qsizetype i)
{
    return i == 0 || !s.at(i - 1).isLetterOrNumber();
}

bool wordEnd(const QString &s, qsizetype i)
{
    return i >= s.size() || !s.at(i).isLetterOrNumber();
}

bool contains(const Node &n, const QString &value)
{
    const QString v = normalized(value, n.ignoreCase, n.ignoreNonSpacing);
    const QString c = normalized(n.constant, n.ignoreCase, n.ignoreNonSpacing);
    switch (n.mode) {
    case Node::Mode::FullString:
        return v == c;
    case Node::Mode::Prefixed:
        return v.startsWith(c);
    case Node::Mode::Substring:
        return v.contains(c);
    case Node::Mode::PrefixOnWords:
    case Node::Mode::ExactPhrase:
        for (qsizetype i = v.indexOf(c); i >= 0; i = v.indexOf(c, i + 1)) {
            if (wordStart(v, i) && (n.mode == Node::Mode::PrefixOnWords || wordEnd(v, i + c.size())))
                return true;
        }
        return false;
    }
    return false;
}

class Parser
{
public:
    explicit Parser(SandboxEwsRestriction::Target target, SandboxEwsRestriction &out)
        : m_target(target)
        , m_out(out)
    {
    }

    std::unique_ptr<Node> expression(const EwsXmlNode &e)
    {
        if (++m_nodes > kMaxNodes)
            return refuse(u"ErrorRestrictionTooLong"_s, u"Restriction contains too many elements."_s);
        auto n = std::make_unique<Node>();
        if (e.name == u"And"_s || e.name == u"Or"_s || e.name == u"Not"_s) {
            n->op = e.name == u"And"_s ? Node::Op::And : e.name == u"Or"_s ? Node::Op::Or : Node::Op::Not;
            for (const EwsXmlNode &c : e.children) {
                auto child = expression(c);
                if (!child)
                    return nullptr;
                n->children.push_back(std::move(child));
            }
            if (n->children.empty() || (n->op == Node::Op::Not && n->children.size() != 1))
                return schemaFault(
                    u"The element '%1' has an invalid number of search expressions."_s.arg(e.name));
            return n;
        }
        const EwsXmlNode *pathElement = e.children.isEmpty() ? nullptr : &e.children.constFirst();
        if (e.name == u"Exists"_s) {
            n->op = Node::Op::Exists;
            if (!pathElement || !path(*pathElement, &n->path))
                return pathElement ? nullptr : schemaFault(u"Exists has no property path."_s);
            if (isFlag(n->path.key))
                return refuse(u"ErrorInvalidPropertyForExists"_s,
                              u"The property can not be used with this type of restriction."_s);
            return n;
        }
        if (e.name == u"Excludes"_s) {
            n->op = Node::Op::Excludes;
            if (!pathElement || !path(*pathElement, &n->path))
                return pathElement ? nullptr : schemaFault(u"Excludes has no property path."_s);
            if (n->path.type != Type::Number)
                return refuse(u"ErrorUnsupportedPathForQuery"_s,
                              u"The property can not be used with this type of restriction."_s);
            QString mask =
                e.child(u"Bitmask"_s) ? e.child(u"Bitmask"_s)->attribute(u"Value"_s).trimmed() : QString();
            static const QRegularExpression schemaPattern(u"^(((0x|0X)[0-9A-Fa-f]*)|([0-9]*))$"_s);
            if (!schemaPattern.match(mask).hasMatch())
                return schemaFault(u"The value '%1' is not a valid Bitmask."_s.arg(mask));
            bool ok = false;
            n->bitmask = mask.startsWith(u"0x"_s, Qt::CaseInsensitive) ? mask.mid(2).toULongLong(&ok, 16)
                                                                       : mask.toULongLong(&ok);
            if (!ok)
                return refuse(u"ErrorInvalidExcludesRestriction"_s,
                              u"The bitmask of the Excludes restriction is invalid."_s);
            return n;
        }
        if (e.name == u"Contains"_s) {
            n->op = Node::Op::Contains;
            if (!pathElement || !path(*pathElement, &n->path))
                return pathElement ? nullptr : schemaFault(u"Contains has no property path."_s);
            if (n->path.type != Type::String)
                return refuse(u"ErrorUnsupportedPathForQuery"_s,
                              u"The property can not be used with this type of restriction."_s);
            const EwsXmlNode *constant = e.child(u"Constant"_s);
            if (!constant)
                return schemaFault(u"Contains has no Constant."_s);
            n->constant = constant->attribute(u"Value"_s);
            static const QHash<QString, Node::Mode> modes{{u"FullString"_s, Node::Mode::FullString},
                                                          {u"Prefixed"_s, Node::Mode::Prefixed},
                                                          {u"Substring"_s, Node::Mode::Substring},
                                                          {u"PrefixOnWords"_s, Node::Mode::PrefixOnWords},
                                                          {u"ExactPhrase"_s, Node::Mode::ExactPhrase}};
            const QString mode = e.attribute(u"ContainmentMode"_s);
            if (!mode.isEmpty() && !modes.contains(mode))
                return schemaFault(u"The value '%1' is not a valid ContainmentMode."_s.arg(mode));
            n->mode = modes.value(mode, Node::Mode::FullString);
            // Exact, IgnoreCase, IgnoreNonSpacingCharacters, Loose and their combinations; a
            // loose comparison ignores case and non-spacing characters here.
            static const QStringList comparisons{u"Exact"_s,
                                                 u"IgnoreCase"_s,
                                                 u"IgnoreNonSpacingCharacters"_s,
                                                 u"Loose"_s,
                                                 u"IgnoreCaseAndNonSpacingCharacters"_s,
                                                 u"LooseAndIgnoreCase"_s,
                                                 u"LooseAndIgnoreNonSpace"_s,
                                                 u"LooseAndIgnoreCaseAndIgnoreNonSpace"_s};
            const QString cmp = e.attribute(u"ContainmentComparison"_s);
            if (!cmp.isEmpty() && !comparisons.contains(cmp))
                return schemaFault(u"The value '%1' is not a valid ContainmentComparison."_s.arg(cmp));
            n->ignoreCase = cmp.contains(u"IgnoreCase"_s) || cmp.startsWith(u"Loose"_s);
            n->ignoreNonSpacing = cmp.contains(u"NonSpac"_s) || cmp.startsWith(u"Loose"_s);
            return n;
        }
        if (comparisons().contains(e.name)) {
            n->op = comparisons().value(e.name);
            if (!pathElement || !path(*pathElement, &n->path))
                return pathElement ? nullptr : schemaFault(u"%1 has no property path."_s.arg(e.name));
            const EwsXmlNode *rhs = e.child(u"FieldURIOrConstant"_s);
            const EwsXmlNode *value = rhs && !rhs->children.isEmpty() ? &rhs->children.constFirst() : nullptr;
            if (!value)
                return schemaFault(u"%1 has no FieldURIOrConstant."_s.arg(e.name));
            if (value->name == u"Constant"_s) {
                n->constant = value->attribute(u"Value"_s);
                // constant.md: the value must be coercible into the property's type.
                if (!coercible(n->constant, n->path.type))
                    return refuse(u"ErrorInvalidValueForProperty"_s, u"The value is invalid for property."_s);
                return n;
            }
            SandboxEwsPath other;
            if (!path(*value, &other))
                return nullptr;
            n->other = other;
            return n;
        }
        return schemaFault(u"The element '%1' is not a search expression."_s.arg(e.name));
    }

private:
    std::nullptr_t refuse(const QString &code, const QString &text)
    {
        if (m_out.error.isEmpty() && m_out.fault.isEmpty()) {
            m_out.error = code;
            m_out.errorText = text;
        }
        return nullptr;
    }

    std::nullptr_t schemaFault(const QString &text)
    {
        if (m_out.error.isEmpty() && m_out.fault.isEmpty())
            m_out.fault = u"The request failed schema validation: "_s + text;
        return nullptr;
    }

    // A t:FieldURI, t:IndexedFieldURI or t:ExtendedFieldURI -> the property, or false with the
    // refusal recorded.
    bool path(const EwsXmlNode &e, SandboxEwsPath *out)
    {
        if (e.name != u"FieldURI"_s && e.name != u"IndexedFieldURI"_s && e.name != u"ExtendedFieldURI"_s) {
            schemaFault(u"The element '%1' is not a property path."_s.arg(e.name));
            return false;
        }
        if (!SandboxEwsItems::schemaKnows(e)) {
            if (m_out.error.isEmpty() && m_out.fault.isEmpty())
                m_out.fault = SandboxEwsItems::unknownFieldUriFault(e);
            return false;
        }
        const QString unsupported = u"The property can not be used with this type of restriction."_s;
        if (e.name == u"ExtendedFieldURI"_s) {
            out->key = SandboxEwsItems::extendedKey(e);
            out->type = extendedType(e.attribute(u"PropertyType"_s));
            return true;
        }
        const QString uri = e.attribute(u"FieldURI"_s);
        const QString prefix = uri.section(u':', 0, 0);
        if (m_target == SandboxEwsRestriction::Target::Folders) {
            static const QHash<QString, Type> folderFields{{u"DisplayName"_s, Type::String},
                                                           {u"FolderClass"_s, Type::String},
                                                           {u"TotalCount"_s, Type::Number},
                                                           {u"ChildFolderCount"_s, Type::Number},
                                                           {u"UnreadCount"_s, Type::Number}};
            const QString field = uri.section(u':', 1, 1);
            if (e.name != u"FieldURI"_s || prefix != u"folder"_s || !folderFields.contains(field)) {
                refuse(u"ErrorUnsupportedPathForQuery"_s, unsupported);
                return false;
            }
            out->key = field;
            out->type = folderFields.value(field);
            return true;
        }
        if (prefix == u"folder"_s) {
            refuse(u"ErrorUnsupportedPathForQuery"_s, unsupported);
            return false;
        }
        out->key = SandboxEwsItems::keyForFieldUri(uri);
        if (e.name == u"IndexedFieldURI"_s) {
            static const QStringList indexed{u"contacts:EmailAddress"_s, u"contacts:PhoneNumber"_s,
                                             u"contacts:ImAddress"_s};
            if (!indexed.contains(uri) && !uri.startsWith(u"contacts:PhysicalAddress:"_s)) {
                refuse(u"ErrorUnsupportedPathForQuery"_s, unsupported);
                return false;
            }
            out->index = e.attribute(u"FieldIndex"_s);
            out->part = uri.startsWith(u"contacts:PhysicalAddress:"_s) ? uri.section(u':', 2, 2) : QString();
            out->type = Type::String;
            return true;
        }
        if (structuredKeys().contains(out->key)) {
            refuse(u"ErrorUnsupportedPathForQuery"_s, unsupported);
            return false;
        }
        out->type = itemFieldType(out->key);
        return true;
    }

    SandboxEwsRestriction::Target m_target;
    SandboxEwsRestriction &m_out;
    int m_nodes = 0;
};

bool evaluate(const Node &n, const SandboxEwsRestriction::Values &values)
{
    switch (n.op) {
    case Node::Op::And:
        return std::all_of(n.children.cbegin(), n.children.cend(),
                           [&](const auto &c) { return evaluate(*c, values); });
    case Node::Op::Or:
        return std::any_of(n.children.cbegin(), n.children.cend(),
                           [&](const auto &c) { return evaluate(*c, values); });
    case Node::Op::Not:
        return !evaluate(*n.children.front(), values);
    default:
        break;
    }
    const std::optional<QStringList> have = values(n.path);
    if (!have || have->isEmpty())
        return false; // a restriction on a property the object lacks is false (Exists too)
    if (n.op == Node::Op::Exists)
        return true;
    if (n.op == Node::Op::Excludes) {
        const auto v = number(have->constFirst());
        return v && (quint64(qint64(*v)) & n.bitmask) == 0;
    }
    if (n.op == Node::Op::Contains)
        return std::any_of(have->cbegin(), have->cend(), [&n](const QString &v) { return contains(n, v); });
    QStringList against{n.constant};
    if (n.other) {
        const std::optional<QStringList> o = values(*n.other);
        if (!o || o->isEmpty())
            return false;
        against = *o;
    }
    for (const QString &v : *have) {
        for (const QString &w : against) {
            const std::optional<int> c = compare(v, w, n.path.type);
            if (!c)
                continue;
            const bool hit = n.op == Node::Op::Equal          ? *c == 0
                             : n.op == Node::Op::NotEqual     ? *c != 0
                             : n.op == Node::Op::Greater      ? *c > 0
                             : n.op == Node::Op::GreaterEqual ? *c >= 0
                             : n.op == Node::Op::Less         ? *c < 0
                                                              : *c <= 0;
            if (hit)
                return true;
        }
    }
    return false;
}

bool needs(const Node &n, const QString &key)
{
    switch (n.op) {
    case Node::Op::And:
        return std::any_of(n.children.cbegin(), n.children.cend(),
                           [&](const auto &c) { return needs(*c, key); });
    case Node::Op::Or:
        return std::all_of(n.children.cbegin(), n.children.cend(),
                           [&](const auto &c) { return needs(*c, key); });
    case Node::Op::Not:
        return false;
    default:
        return n.path.key == key || (n.other && n.other->key == key);
    }
}

} // namespace

SandboxEwsRestriction::SandboxEwsRestriction() = default;
SandboxEwsRestriction::~SandboxEwsRestriction() = default;
SandboxEwsRestriction::SandboxEwsRestriction(SandboxEwsRestriction &&) noexcept = default;
SandboxEwsRestriction &SandboxEwsRestriction::operator=(SandboxEwsRestriction &&) noexcept = default;

SandboxEwsRestriction SandboxEwsRestriction::parse(const EwsXmlNode *restriction, Target target)
{
    SandboxEwsRestriction out;
    if (!restriction)
        return out;
    if (restriction->children.size() != 1) {
        out.fault =
            u"The request failed schema validation: Restriction must hold exactly one search expression."_s;
        return out;
    }
    Parser parser(target, out);
    out.m_root = parser.expression(restriction->children.constFirst());
    if (!out.m_root && out.error.isEmpty() && out.fault.isEmpty())
        out.fault = u"The request failed schema validation: the restriction is invalid."_s;
    if (!out.error.isEmpty() || !out.fault.isEmpty())
        out.m_root.reset();
    return out;
}

bool SandboxEwsRestriction::isEmpty() const
{
    return !m_root;
}

bool SandboxEwsRestriction::matches(const Values &values) const
{
    return !m_root || evaluate(*m_root, values);
}

bool SandboxEwsRestriction::needsProperty(const QString &key) const
{
    return m_root && needs(*m_root, key);
}

} // namespace Liaison
