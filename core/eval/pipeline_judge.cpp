#include "eval/pipeline_judge.h"

#include "runtime/pipeline.h"

namespace trellis::eval {

namespace {

// The pipeline renders message templates; a raw block passes the judge text through as is.
QString verbatim(const QString &text) {
    return QStringLiteral("{% raw %}") + text + QStringLiteral("{% endraw %}");
}

} // namespace

void PipelineJudge::ask(const JudgeRequest &request, std::function<void(Result<QString>)> done) {
    runtime::RunRequest run;
    run.spec.name = QStringLiteral("llm-rubric judge");
    for (const auto &m : request.messages) {
        prompt::Message message;
        const QString role = QString::fromStdString(m.value("role", std::string("user")));
        if (!prompt::parseRole(role, &message.role))
            message.role = prompt::Role::User;
        message.content = verbatim(QString::fromStdString(m.value("content", std::string())));
        run.spec.messages.push_back(std::move(message));
    }
    run.model = request.provider.isEmpty() ? m_defaultModel : request.provider;
    run.validateOutput = false;
    run.stream = false;
    if (run.model.isEmpty()) {
        QObject *context = &m_pipeline;
        QMetaObject::invokeMethod(
            context,
            [done] {
                done(Error(QStringLiteral("no judge model: set 'judge' in the experiment or "
                                          "'provider' on the llm-rubric assertion")));
            },
            Qt::QueuedConnection);
        return;
    }
    runtime::RunHandle *handle = m_pipeline.start(std::move(run));
    auto onEnd = [handle, done](const runtime::RunOutcome &outcome) {
        handle->deleteLater();
        if (outcome.ok)
            done(outcome.text);
        else
            done(Error(QStringLiteral("judge call failed: ") + outcome.errorMessage));
    };
    QObject::connect(handle, &runtime::RunHandle::finished, handle, onEnd);
    QObject::connect(handle, &runtime::RunHandle::failed, handle, onEnd);
}

} // namespace trellis::eval
