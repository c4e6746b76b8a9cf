#include "runner_pane.h"

#include "run_format.h"
#include "runtime/pipeline.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

QLabel *wrappingLabel(const QString &objectName, QWidget *parent) {
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// What a user can do about a failure, by its kind.
QString hintFor(const runtime::RunOutcome &o) {
    using K = runtime::RunErrorKind;
    switch (o.errorKind) {
    case K::BadInput:
        return RunnerPane::tr("Check the prompt's variables, template and model id.");
    case K::Budget:
        return RunnerPane::tr("Raise the budget under \"runtime.budget\" in the settings file, "
                              "or pick a cheaper model.");
    case K::Provider:
        if (o.providerError && o.providerError->kind == providers::ErrorKind::Auth)
            return RunnerPane::tr("Set the API key in Settings → Providers.");
        return RunnerPane::tr("Settings → Providers → Test checks the endpoint.");
    case K::Store:
        return RunnerPane::tr("The answer arrived but could not be recorded in the store.");
    case K::Cancelled:
    case K::None:
        break;
    }
    return {};
}

} // namespace

RunnerPane::RunnerPane(QWidget *parent)
    : QWidget(parent) {
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("runnerModel"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setMinimumContentsLength(28);
    m_model->setToolTip(tr("Model to run against (provider:model)"));
    m_run = new QPushButton(tr("Run"), this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setToolTip(tr("Run the current prompt (Ctrl+Enter)"));
    m_run->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_stop->setEnabled(false);
    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("runnerStage"));
    connect(m_run, &QPushButton::clicked, this, &RunnerPane::runRequested);
    connect(m_stop, &QPushButton::clicked, this, &RunnerPane::stop);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Model:"), this));
    bar->addWidget(m_model, 1);
    bar->addWidget(m_run);
    bar->addWidget(m_stop);
    bar->addWidget(m_stage);

    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("runnerOutput"));
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(
        tr("Press Run (Ctrl+Enter) to send the current prompt to the selected model.\n"
           "The answer streams in here; JSON answers are pretty-printed and checked against the "
           "prompt's output schema.\nNo API key? Pick a dryrun: model — it works offline."));

    m_metrics = wrappingLabel(QStringLiteral("runnerMetrics"), this);
    m_schema = wrappingLabel(QStringLiteral("runnerSchema"), this);
    m_problems = new QListWidget(this);
    m_problems->setObjectName(QStringLiteral("schemaProblems"));
    m_problems->setMaximumHeight(90);
    m_error = wrappingLabel(QStringLiteral("runnerError"), this);
    m_error->setTextFormat(Qt::RichText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_metrics);
    layout->addWidget(m_schema);
    layout->addWidget(m_problems);
    m_problems->hide();
    m_schema->hide();
    m_error->hide();
    m_metrics->setText(tr("No run yet."));
}

RunnerPane::~RunnerPane() {
    // The handle belongs to this pane; a run still going must not call back into it.
    if (m_handle) {
        disconnect(m_handle, nullptr, this, nullptr);
        m_handle->cancel();
    }
}

void RunnerPane::setPipeline(runtime::Pipeline *pipeline, const QString &unavailableReason) {
    stop();
    m_pipeline = pipeline;
    m_unavailable = unavailableReason;
    m_run->setEnabled(pipeline != nullptr);
    m_run->setToolTip(pipeline ? tr("Run the current prompt (Ctrl+Enter)") : unavailableReason);
}

void RunnerPane::setModels(const QStringList &models) {
    const QString current = selectedModel();
    m_model->clear();
    m_model->addItems(models);
    setSelectedModel(current);
}

void RunnerPane::setPromptModel(const QString &model) {
    if (!model.isEmpty() && !isRunning())
        setSelectedModel(model);
}

QString RunnerPane::selectedModel() const {
    return m_model->currentText().trimmed();
}

void RunnerPane::setSelectedModel(const QString &model) {
    if (model.isEmpty())
        return;
    if (m_model->findText(model) < 0)
        m_model->insertItem(0, model);
    m_model->setCurrentText(model);
}

QString RunnerPane::outputText() const {
    return m_output->toPlainText();
}

bool RunnerPane::run(RunInput input) {
    if (isRunning())
        return false;
    m_error->hide();
    m_schema->hide();
    m_problems->hide();
    if (!m_pipeline) {
        runtime::RunOutcome o;
        o.errorKind = runtime::RunErrorKind::BadInput;
        o.errorMessage = m_unavailable.isEmpty() ? tr("The runtime is not set up.") : m_unavailable;
        showError(o);
        return false;
    }
    runtime::RunRequest request;
    request.spec = std::move(input.spec);
    request.promptVersionId = input.promptVersionId;
    request.variables = std::move(input.variables);
    request.model = selectedModel();
    m_output->clear();
    m_streamed.clear();
    m_deltas = 0;
    m_metrics->setText(tr("Running…"));
    m_handle = m_pipeline->start(std::move(request), this);
    connect(m_handle, &runtime::RunHandle::started, this, &RunnerPane::onStarted);
    connect(m_handle, &runtime::RunHandle::stageChanged, this,
            [this](runtime::RunStage stage) { m_stage->setText(runtime::runStageName(stage)); });
    connect(m_handle, &runtime::RunHandle::attempt, this, &RunnerPane::onAttempt);
    connect(m_handle, &runtime::RunHandle::delta, this, &RunnerPane::onDelta);
    connect(m_handle, &runtime::RunHandle::finished, this, &RunnerPane::onEnded);
    connect(m_handle, &runtime::RunHandle::failed, this, &RunnerPane::onEnded);
    setBusy(true);
    return true;
}

void RunnerPane::stop() {
    if (m_handle)
        m_handle->cancel(); // failed(Cancelled) follows and ends the run in onEnded
}

void RunnerPane::onStarted(const QString &model) {
    m_stage->setText(tr("on %1").arg(model));
}

void RunnerPane::onAttempt(int number, const QString &model) {
    if (number > 1 && !m_streamed.isEmpty()) {
        // The text of a failed attempt is not part of the answer: start over, but say why.
        m_streamed.clear();
        m_output->setPlainText(QString());
        m_metrics->setText(
            tr("Attempt %1 on %2 (the previous attempt was cut off)…").arg(number).arg(model));
    }
}

void RunnerPane::onDelta(const QString &text) {
    ++m_deltas;
    m_streamed += text;
    m_output->moveCursor(QTextCursor::End);
    m_output->insertPlainText(text);
    m_output->ensureCursorVisible();
}

void RunnerPane::onEnded(const runtime::RunOutcome &outcome) {
    if (m_handle) {
        m_handle->deleteLater();
        m_handle = nullptr;
    }
    setBusy(false);
    m_stage->setText(outcome.ok ? tr("done") : runtime::runErrorKindName(outcome.errorKind));
    if (outcome.ok) {
        // Replace the stream by the final text: pretty JSON, and the answer of a cache hit
        // (which arrives without deltas).
        m_output->setPlainText(prettyIfJson(outcome.text));
        showValidation(outcome.validation);
    } else {
        showError(outcome);
    }
    showMetrics(outcome);
    Q_EMIT runEnded(outcome);
}

void RunnerPane::showMetrics(const runtime::RunOutcome &o) {
    QStringList parts;
    parts << tr("TTFT %1").arg(formatMs(o.ttftMs));
    parts << tr("latency %1").arg(formatMs(o.latencyMs));
    parts << tr("tokens %1").arg(formatTokens(o.usage.inputTokens, o.usage.outputTokens));
    parts << tr("cost %1").arg(formatCost(o.costUsd));
    parts << (o.cacheHit ? (o.coalesced ? tr("cache: coalesced") : tr("cache: hit"))
                         : tr("cache: miss"));
    parts << (o.attempts == 1 ? tr("1 attempt") : tr("%1 attempts").arg(o.attempts));
    if (o.dryRun)
        parts << tr("dry run");
    m_metrics->setText(parts.join(QStringLiteral("  ·  ")));
}

void RunnerPane::showValidation(const runtime::ValidationResult &v) {
    m_problems->clear();
    if (!v.checked)
        return;
    m_schema->show();
    if (v.valid) {
        m_schema->setText(tr("✓ The answer matches the output schema."));
        return;
    }
    m_schema->setText(v.errors.size() == 1
                          ? tr("✗ The answer does not match the output schema:")
                          : tr("✗ The answer does not match the output schema (%1 problems):")
                                .arg(v.errors.size()));
    m_problems->addItems(v.errors);
    m_problems->show();
}

void RunnerPane::showError(const runtime::RunOutcome &o) {
    if (o.errorKind == runtime::RunErrorKind::Cancelled) {
        m_error->setText(tr("<b>Stopped.</b> The text above is what arrived before the run was "
                            "cancelled."));
        m_error->show();
        return;
    }
    QString detail = o.errorMessage;
    if (o.providerError)
        detail = o.providerError->toString();
    const QString hint = hintFor(o);
    m_error->setText(tr("<b>The run failed</b> (%1): %2%3")
                         .arg(runtime::runErrorKindName(o.errorKind), detail.toHtmlEscaped(),
                              hint.isEmpty() ? QString() : u"<br>" + hint.toHtmlEscaped()));
    m_error->show();
}

void RunnerPane::setBusy(bool busy) {
    m_run->setEnabled(!busy && m_pipeline);
    m_stop->setEnabled(busy);
    m_model->setEnabled(!busy);
}

} // namespace trellis::ui
