#include "ui/syncjournalfeed.h"

#include "store/adminstores.h"
#include "store/syncstores.h"
#include "ui/displaytext.h"

#include <QCoreApplication>
#include <QHash>

namespace Liaison {
namespace {

// Address (or display name) by user id, for the tables' User column.
Result<QHash<qint64, QString>> userNames(const Database &db)
{
    Result<QList<User>> users = UserStore(db).list();
    if (!users)
        return users.error();
    QHash<qint64, QString> names;
    for (const User &u : users.value())
        names.insert(u.id, u.exchangeAddress);
    return names;
}

QString userText(const QHash<qint64, QString> &names, std::optional<qint64> userId, const QString &mailbox)
{
    if (userId && names.contains(*userId))
        return names.value(*userId);
    if (!mailbox.isEmpty())
        return mailbox;
    return userId ? QCoreApplication::translate("SyncJournalFeed", "user %1 (removed)").arg(*userId)
                  : QCoreApplication::translate("SyncJournalFeed", "—");
}

} // namespace

Result<QList<UserStatusRow>> SyncJournalFeed::userStatus() const
{
    Result<QHash<qint64, QString>> names = userNames(m_db);
    if (!names)
        return names.error();
    Result<QList<SyncStatusRow>> statuses = StatusStore(m_db).list();
    if (!statuses)
        return statuses.error();
    QList<UserStatusRow> rows;
    for (const SyncStatusRow &s : statuses.value()) {
        UserStatusRow row;
        row.user = userText(names.value(), s.userId, {});
        row.object = DisplayText::objectType(s.objectType);
        row.direction = DisplayText::direction(s.direction);
        row.status = stateText(s.state);
        row.tone = stateTone(s.state);
        row.lastSync = s.lastSuccessAt;
        row.items = static_cast<int>(s.itemsSynced);
        row.message = s.message;
        rows << row;
    }
    return rows;
}

Result<QList<ErrorReportRow>> SyncJournalFeed::errorReport(int limit) const
{
    Result<QHash<qint64, QString>> names = userNames(m_db);
    if (!names)
        return names.error();
    Result<QList<ErrorLogEntry>> entries = ErrorLogStore(m_db).list(limit);
    if (!entries)
        return entries.error();
    QList<ErrorReportRow> rows;
    for (const ErrorLogEntry &e : entries.value()) {
        ErrorReportRow row;
        row.time = e.at;
        row.user = userText(names.value(), e.userId, e.mailbox);
        row.object = e.objectType ? DisplayText::objectType(*e.objectType) : QString();
        row.error = e.code.isEmpty() ? e.message : QStringLiteral("%1 (%2)").arg(e.message, e.code);
        row.suggestedFix = e.suggestedFix;
        rows << row;
    }
    return rows;
}

QString SyncJournalFeed::stateText(const QString &state)
{
    if (state.isEmpty())
        return QCoreApplication::translate("SyncJournalFeed", "Not started");
    QString text = state;
    text.replace(QLatin1Char('-'), QLatin1Char(' '));
    text[0] = text[0].toUpper();
    return text;
}

Tone SyncJournalFeed::stateTone(const QString &state)
{
    static const QHash<QString, Tone> tones{
        {QStringLiteral("in-sync"), Tone::Ok},          {QStringLiteral("failed"), Tone::Error},
        {QStringLiteral("error"), Tone::Error},         {QStringLiteral("access-denied"), Tone::Error},
        {QStringLiteral("throttled"), Tone::Warning},   {QStringLiteral("paused"), Tone::Warning},
        {QStringLiteral("initial-sync"), Tone::Neutral}};
    return tones.value(state, Tone::Neutral);
}

} // namespace Liaison
