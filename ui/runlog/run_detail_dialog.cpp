#include "run_detail_dialog.h"

#include "runner/run_format.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

QPlainTextEdit *codeView(const QString &text, const QString &objectName, QWidget *parent) {
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setPlainText(text);
    return view;
}

QString dumpJson(const nlohmann::json &j) {
    return QString::fromStdString(j.dump(2));
}

} // namespace

QString runMetricsHtml(const store::RunRecord &run) {
    const auto row = [](const QString &name, const QString &value) -> QString {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
            .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table cellspacing='6'>");
    html += row(QObject::tr("Status"), run.status);
    html += row(QObject::tr("Model"), run.provider + u':' + run.model);
    if (!run.route.isEmpty())
        html += row(QObject::tr("Route"), run.route);
    html += row(QObject::tr("Tokens"), formatTokens(run.inputTokens, run.outputTokens));
    html += row(QObject::tr("Cost"), formatCost(run.costUsd));
    html += row(QObject::tr("TTFT"), formatMs(run.ttftMs));
    html += row(QObject::tr("Latency"), formatMs(run.latencyMs));
    html += row(QObject::tr("Cache"), run.cacheHit ? QObject::tr("hit") : QObject::tr("miss"));
    html += row(QObject::tr("Attempt"), QString::number(run.attempts));
    html += row(QObject::tr("Started"),
                QLocale().toString(run.startedAt.toLocalTime(), QLocale::LongFormat));
    if (!run.finishReason.isEmpty())
        html += row(QObject::tr("Finish reason"), run.finishReason);
    if (!run.error.isEmpty())
        html += row(QObject::tr("Error"), run.error);
    return html + QStringLiteral("</table>");
}

RunDetailDialog::RunDetailDialog(const store::RunRecord &run, QWidget *parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("runDetail"));
    setWindowTitle(tr("Run %1 — %2").arg(run.id).arg(run.model));
    auto *metrics = new QLabel(runMetricsHtml(run), this);
    metrics->setObjectName(QStringLiteral("runMetrics"));
    metrics->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *tabs = new QTabWidget(this);
    tabs->addTab(codeView(prettyIfJson(run.responseText), QStringLiteral("runResponse"), tabs),
                 tr("Response"));
    tabs->addTab(codeView(dumpJson(run.request), QStringLiteral("runRequest"), tabs),
                 tr("Request"));
    tabs->addTab(codeView(dumpJson(run.variables), QStringLiteral("runVariables"), tabs),
                 tr("Variables"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(metrics);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    resize(720, 560);
}

} // namespace trellis::ui
