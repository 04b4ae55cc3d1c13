#include "net/redactor.h"

#include <QRegularExpression>

namespace Liaison {

namespace {

const QRegularExpression &jsonPattern()
{
    // "key" : "value" where the key names a credential; values may contain escapes.
    static const QRegularExpression re(
        QStringLiteral(R"re(("[A-Za-z0-9_.\-]*(?:password|secret|access_token|refresh_token|id_token|client_assertion|api_?key)[A-Za-z0-9_.\-]*"|"token")(\s*:\s*)"(?:[^"\\]|\\.)*")re"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &formPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"re((^|[&?\s])(client_secret|password|refresh_token|access_token|id_token|client_assertion|assertion|code)=([^&\s"'<]*))re"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &xmlPattern()
{
    // <p:Password attr="x">secret</p:Password>; the closing tag must match the opening one.
    static const QRegularExpression re(
        QStringLiteral(R"re(<((?:[A-Za-z_][\w.\-]*:)?(?:Password|ClientSecret|BinarySecret|AccessToken|RefreshToken|Secret))(\s[^>]*)?>([^<]*)</\1\s*>)re"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

bool Redactor::isSensitiveHeader(const QByteArray &name)
{
    const QByteArray n = name.trimmed().toLower();
    return n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie";
}

QByteArray Redactor::headerValue(const QByteArray &name, const QByteArray &value)
{
    if (!isSensitiveHeader(name))
        return value;
    const QByteArray n = name.trimmed().toLower();
    if (n == "authorization" || n == "proxy-authorization") {
        const QByteArray v = value.trimmed();
        const qsizetype space = v.indexOf(' ');
        if (space > 0) {
            const QByteArray scheme = v.left(space);
            static const QList<QByteArray> schemes{"basic", "bearer", "ntlm", "negotiate", "digest"};
            if (schemes.contains(scheme.toLower()))
                return scheme + ' ' + Mask;
        }
    }
    return Mask;
}

QByteArray Redactor::body(const QByteArray &body)
{
    if (body.isEmpty())
        return body;
    const QString original = QString::fromUtf8(body);
    QString text = original;
    const QString mask = QString::fromLatin1(Mask);
    text.replace(jsonPattern(), QStringLiteral("\\1\\2\"") + mask + QStringLiteral("\""));
    text.replace(formPattern(), QStringLiteral("\\1\\2=") + mask);
    text.replace(xmlPattern(), QStringLiteral("<\\1\\2>") + mask + QStringLiteral("</\\1>"));
    // Untouched bodies go out byte for byte (a UTF-8 round trip would mangle binary data).
    return text == original ? body : text.toUtf8();
}

QString Redactor::url(const QString &url)
{
    QString text = url;
    text.replace(formPattern(), QStringLiteral("\\1\\2=") + QString::fromLatin1(Mask));
    return text;
}

} // namespace Liaison
