#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include "sandboxewsstore.h"

namespace Liaison {

// The content of generated items. Item k (1-based) of a generated folder is a pure function of
// (kind, k, mailbox tag, seed), so a generated mailbox stores no items: the store derives them
// on demand and keeps only what changed afterwards.
class SandboxEwsGenerator
{
public:
    // The stored properties of item k ("Contoso <n>", "<Tag> meeting 00042", ...).
    static QMap<QString, QByteArray> props(SandboxEwsKind kind, quint32 k, const QString &tag, quint32 seed = 0);

    // Events are laid out by index in time: event k starts at 2026-03-02T09:00Z + (k % 365)
    // days and lasts an hour; every 5th recurs weekly, 10 times. So a calendar window maps to
    // index ranges and a CalendarView never scans the whole folder.
    static QDateTime eventStart(quint32 k);
    static bool eventRecurs(quint32 k) { return k % 5 == 0; }
    // Indexes in 1..count of the generated events that may intersect [from, to), ascending.
    static QList<quint32> eventsInWindow(quint32 count, const QDateTime &from, const QDateTime &to);

    // "user0001@contoso.test" -> "User0001": the tag generated content carries.
    static QString tagFor(const QString &smtp);
};

} // namespace Liaison
