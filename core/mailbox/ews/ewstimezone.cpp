#include "mailbox/ews/ewstimezone.h"

using namespace Qt::StringLiterals;

namespace Liaison {

QString EwsTimeZone::windowsToIana(const QString &windowsId)
{
    if (windowsId == u"UTC"_s)
        return u"UTC"_s;
    return QString::fromUtf8(QTimeZone::windowsIdToDefaultIanaId(windowsId.toUtf8()));
}

QString EwsTimeZone::ianaToWindows(const QString &ianaId)
{
    if (ianaId == u"UTC"_s || ianaId == u"Etc/UTC"_s || ianaId == u"Etc/GMT"_s)
        return u"UTC"_s;
    return QString::fromUtf8(QTimeZone::ianaIdToWindowsId(ianaId.toUtf8()));
}

QTimeZone EwsTimeZone::toQTimeZone(const QString &windowsId)
{
    const QString iana = windowsToIana(windowsId);
    if (iana.isEmpty())
        return {};
    return QTimeZone(iana.toUtf8());
}

QString EwsTimeZone::windowsId(const QTimeZone &zone)
{
    if (!zone.isValid())
        return u"UTC"_s;
    const QString w = ianaToWindows(QString::fromUtf8(zone.id()));
    return w.isEmpty() ? u"UTC"_s : w;
}

} // namespace Liaison
