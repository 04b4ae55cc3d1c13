#include "sandboxewstasks.h"

#include "sandboxewsitems.h"
#include "sandboxewsxml.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace Liaison {

namespace {

QString textOf(const QByteArray &fragment)
{
    if (fragment.isEmpty())
        return {};
    const auto node = SandboxEwsXml::parseFragment(fragment);
    return node ? node->text.trimmed() : QString();
}

} // namespace

bool SandboxEwsTasks::isCompletionKey(const QString &key)
{
    return key == u"Status"_s || key == u"PercentComplete"_s || key == u"CompleteDate"_s;
}

void SandboxEwsTasks::applyCompletion(const QMap<QString, QByteArray> &before,
                                      QMap<QString, QByteArray> &delta, const QStringList &order)
{
    QString status = textOf(before.value(u"Status"_s));
    if (status.isEmpty())
        status = u"NotStarted"_s;
    double percent = textOf(before.value(u"PercentComplete"_s)).toDouble();
    QString completeDate = textOf(before.value(u"CompleteDate"_s));
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    bool touched = false;
    const auto complete = [&](const QString &date) {
        status = u"Completed"_s;
        percent = 100;
        completeDate = date.isEmpty() ? (completeDate.isEmpty() ? now : completeDate) : date;
    };
    for (const QString &key : order) {
        if (!isCompletionKey(key) || !delta.contains(key))
            continue;
        touched = true;
        const QString value = textOf(delta.value(key));
        if (key == u"Status"_s) {
            if (value == u"Completed"_s) {
                complete({});
                continue;
            }
            status = value.isEmpty() ? u"NotStarted"_s : value;
            completeDate.clear();
            if (status == u"NotStarted"_s || percent >= 100)
                percent = 0;
        } else if (key == u"PercentComplete"_s) {
            const double p = std::clamp(value.toDouble(), 0.0, 100.0);
            if (p >= 100) {
                complete({});
                continue;
            }
            percent = p;
            completeDate.clear();
            if (p == 0 && (status == u"Completed"_s || status == u"InProgress"_s))
                status = u"NotStarted"_s;
            else if (p > 0 && (status == u"Completed"_s || status == u"NotStarted"_s))
                status = u"InProgress"_s;
        } else if (!value.isEmpty()) { // CompleteDate set
            complete(value);
        }
    }
    if (!touched)
        return;
    delta.insert(u"Status"_s, SandboxEwsItems::textElement(u"Status"_s, status));
    delta.insert(u"PercentComplete"_s,
                 SandboxEwsItems::textElement(u"PercentComplete"_s, QString::number(percent)));
    delta.insert(u"CompleteDate"_s, completeDate.isEmpty()
                                        ? QByteArray()
                                        : SandboxEwsItems::textElement(u"CompleteDate"_s, completeDate));
}

} // namespace Liaison
