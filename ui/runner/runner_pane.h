#pragma once

#include "run_input.h"
#include "runtime/pipeline.h" // QPointer<RunHandle> needs the complete type
#include "runtime/run_types.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace trellis::ui {

// The live runner: sends the current prompt through the runtime pipeline, streams the answer
// into the output pane and shows the metrics, the schema check and errors of the run. The
// pipeline is asynchronous on the GUI thread's event loop, so nothing here blocks.
class RunnerPane : public QWidget {
    Q_OBJECT
public:
    explicit RunnerPane(QWidget *parent = nullptr);
    ~RunnerPane() override;

    // Not owned; null disables running (with the reason shown).
    void setPipeline(runtime::Pipeline *pipeline, const QString &unavailableReason = {});
    // The models offered in the picker ("provider:model").
    void setModels(const QStringList &models);
    // Preselects the prompt's own model when the current prompt changes.
    void setPromptModel(const QString &model);
    QString selectedModel() const;
    void setSelectedModel(const QString &model);

    // Starts a run; false (with the reason shown) when one is going or there is no pipeline.
    bool run(RunInput input);
    void stop();
    bool isRunning() const { return m_handle != nullptr; }
    QString outputText() const;

Q_SIGNALS:
    void runRequested(); // the Run button: the window supplies the input
    void runEnded(const trellis::runtime::RunOutcome &outcome);

private:
    void onStarted(const QString &model);
    void onAttempt(int number, const QString &model);
    void onDelta(const QString &text);
    void onEnded(const runtime::RunOutcome &outcome);
    void showMetrics(const runtime::RunOutcome &outcome);
    void showValidation(const runtime::ValidationResult &validation);
    void showError(const runtime::RunOutcome &outcome);
    void setBusy(bool busy);

    QPointer<runtime::Pipeline> m_pipeline;
    QPointer<runtime::RunHandle> m_handle;
    QString m_unavailable;
    QString m_streamed;
    int m_deltas = 0;
    QComboBox *m_model = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_stage = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QLabel *m_metrics = nullptr;
    QLabel *m_schema = nullptr;
    QListWidget *m_problems = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace trellis::ui
