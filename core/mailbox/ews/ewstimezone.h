#pragma once

// Windows time zone ids (what EWS and Graph send) <-> IANA ids, via Qt's CLDR table.

#include <QString>
#include <QTimeZone>

namespace Liaison {

class EwsTimeZone
{
public:
    // "W. Europe Standard Time" -> "Europe/Berlin" (CLDR territory 001); empty if unknown.
    static QString windowsToIana(const QString &windowsId);
    // "Europe/Berlin" -> "W. Europe Standard Time"; "UTC"/"Etc/UTC" -> "UTC"; empty if unknown.
    static QString ianaToWindows(const QString &ianaId);
    // Invalid QTimeZone if the Windows id is unknown.
    static QTimeZone toQTimeZone(const QString &windowsId);
    // The Windows id for a QTimeZone (UTC for Qt::UTC and offset-less zones).
    static QString windowsId(const QTimeZone &zone);
};

} // namespace Liaison
