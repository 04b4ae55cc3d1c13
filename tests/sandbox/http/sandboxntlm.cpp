#include "sandboxntlm.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QtEndian>

namespace Liaison {

namespace {

constexpr char kSignature[] = "NTLMSSP"; // 8 bytes with its NUL
constexpr quint32 kNegotiateUnicode = 0x00000001;
constexpr quint32 kRequestTarget = 0x00000004;
constexpr quint32 kNegotiateNtlm = 0x00000200;
constexpr quint32 kTargetTypeDomain = 0x00010000;
constexpr quint32 kNegotiateExtendedSecurity = 0x00080000;
constexpr quint32 kNegotiateTargetInfo = 0x00800000;
constexpr quint32 kNegotiate128 = 0x20000000;

QByteArray utf16le(const QString &s)
{
    QByteArray out;
    out.reserve(s.size() * 2);
    for (const QChar c : s) {
        out.append(char(c.unicode() & 0xff));
        out.append(char(c.unicode() >> 8));
    }
    return out;
}

QString fromUtf16le(const QByteArray &b)
{
    QString out;
    for (qsizetype i = 0; i + 1 < b.size(); i += 2)
        out.append(QChar(char16_t(quint8(b[i]) | (quint8(b[i + 1]) << 8))));
    return out;
}

void put16(QByteArray &b, quint16 v)
{
    char raw[2];
    qToLittleEndian(v, raw);
    b.append(raw, 2);
}

void put32(QByteArray &b, quint32 v)
{
    char raw[4];
    qToLittleEndian(v, raw);
    b.append(raw, 4);
}

// A security buffer (length, max length, offset) inside a message; empty if out of bounds.
QByteArray field(const QByteArray &msg, int at)
{
    if (msg.size() < at + 8)
        return {};
    const quint16 len = qFromLittleEndian<quint16>(msg.constData() + at);
    const quint32 offset = qFromLittleEndian<quint32>(msg.constData() + at + 4);
    if (qint64(offset) + len > msg.size())
        return {};
    return msg.mid(offset, len);
}

QByteArray hmacMd5(const QByteArray &key, const QByteArray &data)
{
    return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Md5);
}

SandboxResponse unauthorized(const QByteArray &challengeHeader)
{
    SandboxResponse r = SandboxResponse::text(401, "401 Unauthorized");
    r.setHeader("WWW-Authenticate", challengeHeader);
    return r;
}

} // namespace

SandboxNtlm::SandboxNtlm(const QString &domain, const QString &user, const QString &password)
    : m_domain(domain)
    , m_user(user)
    , m_password(password)
{
}

std::optional<SandboxResponse> SandboxNtlm::check(const SandboxRequest &request)
{
    const quint64 connection = request.connectionId;
    const QByteArray auth = request.header("Authorization");
    if (!auth.startsWith("NTLM ")) {
        if (m_authenticated.value(connection))
            return std::nullopt; // the connection stays authenticated
        return unauthorized("NTLM");
    }
    const QByteArray message = QByteArray::fromBase64(auth.mid(5).trimmed());
    if (!message.startsWith(QByteArray(kSignature, 8)) || message.size() < 12)
        return unauthorized("NTLM");
    const quint32 type = qFromLittleEndian<quint32>(message.constData() + 8);
    if (type == 1)
        return challenge(connection);
    if (type == 3 && verify(connection, message)) {
        m_authenticated.insert(connection, true);
        ++m_handshakes;
        return std::nullopt;
    }
    m_authenticated.remove(connection);
    return unauthorized("NTLM"); // a failed AUTHENTICATE: the client starts over or gives up
}

SandboxResponse SandboxNtlm::challenge(quint64 connection)
{
    QByteArray serverChallenge(8, Qt::Uninitialized);
    for (char &c : serverChallenge)
        c = char(QRandomGenerator::global()->bounded(256));
    m_challenges.insert(connection, serverChallenge);

    const QByteArray target = utf16le(m_domain.toUpper());
    QByteArray info; // AV pairs: MsvAvNbDomainName, MsvAvNbComputerName, MsvAvEOL
    put16(info, 2);
    put16(info, quint16(target.size()));
    info += target;
    const QByteArray computer = utf16le(QStringLiteral("SANDBOX-EX01"));
    put16(info, 1);
    put16(info, quint16(computer.size()));
    info += computer;
    put32(info, 0);

    constexpr int kHeader = 48;
    QByteArray msg(kSignature, 8);
    put32(msg, 2);
    put16(msg, quint16(target.size()));
    put16(msg, quint16(target.size()));
    put32(msg, kHeader);
    put32(msg, kNegotiateUnicode | kRequestTarget | kNegotiateNtlm | kTargetTypeDomain |
                   kNegotiateExtendedSecurity | kNegotiateTargetInfo | kNegotiate128);
    msg += serverChallenge;
    msg += QByteArray(8, '\0'); // reserved
    put16(msg, quint16(info.size()));
    put16(msg, quint16(info.size()));
    put32(msg, quint32(kHeader + target.size()));
    msg += target;
    msg += info;
    return unauthorized("NTLM " + msg.toBase64());
}

bool SandboxNtlm::verify(quint64 connection, const QByteArray &message)
{
    const QByteArray serverChallenge = m_challenges.take(connection);
    if (serverChallenge.isEmpty())
        return false; // AUTHENTICATE without our CHALLENGE on this connection
    const QByteArray ntResponse = field(message, 20);
    const QString domain = fromUtf16le(field(message, 28));
    const QString user = fromUtf16le(field(message, 36));
    if (ntResponse.size() <= 24)
        return false; // NTLMv1 (24 bytes) or nothing: refused
    if (user.compare(m_user, Qt::CaseInsensitive) != 0 || domain.compare(m_domain, Qt::CaseInsensitive) != 0)
        return false;
    // NTOWFv2 = HMAC_MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)), as the client sent the
    // domain.
    const QByteArray ntHash = QCryptographicHash::hash(utf16le(m_password), QCryptographicHash::Md4);
    const QByteArray ntowf = hmacMd5(ntHash, utf16le(user.toUpper() + domain));
    const QByteArray proof = ntResponse.left(16);
    const QByteArray blob = ntResponse.mid(16);
    if (hmacMd5(ntowf, serverChallenge + blob) != proof)
        return false;
    m_lastUser = domain + QLatin1Char('\\') + user;
    return true;
}

} // namespace Liaison
