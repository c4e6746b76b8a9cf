#include "preview_panel.h"

#include "providers/dryrun_provider.h"
#include "providers/model_catalog.h"
#include "runtime/router.h"

#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {
QString usd(double value) {
    return value < 0.01 ? QStringLiteral("$%1").arg(value, 0, 'f', 5)
                        : QStringLiteral("$%1").arg(value, 0, 'f', 3);
}
} // namespace

PreviewCost estimatePreviewCost(const std::vector<tmpl::ChatMessage> &messages,
                                const QString &model, const nlohmann::json &params,
                                const providers::ModelCatalog *catalog) {
    PreviewCost cost;
    for (const auto &message : messages)
        cost.inputTokens += runtime::estimateTokens(message.content);
    QStringList parts{QStringLiteral("≈ %1 input tokens").arg(cost.inputTokens)};
    std::optional<providers::ModelPrice> price;
    if (catalog && !model.isEmpty())
        price = catalog->find(model);
    if (providers::isDryRunModel(model)) {
        cost.inputUsd = 0.0;
        cost.maxOutputUsd = 0.0;
        parts.append(QStringLiteral("free on %1 (dry run)").arg(model));
    } else if (price) {
        providers::Usage input;
        input.inputTokens = cost.inputTokens;
        cost.inputUsd = providers::ModelCatalog::cost(*price, input);
        parts.append(QStringLiteral("%1 input on %2").arg(usd(*cost.inputUsd), model));
        const auto maxTokens = params.find("max_tokens");
        if (maxTokens != params.end() && maxTokens->is_number_integer()) {
            providers::Usage output;
            output.outputTokens = maxTokens->get<qint64>();
            cost.maxOutputUsd = providers::ModelCatalog::cost(*price, output);
            parts.append(QStringLiteral("up to %1 output").arg(usd(*cost.maxOutputUsd)));
        }
    } else if (model.isEmpty()) {
        parts.append(QStringLiteral("choose a model to see the cost"));
    } else {
        parts.append(QStringLiteral("no price known for %1").arg(model));
    }
    cost.summary = parts.join(QStringLiteral(" · "));
    return cost;
}

PreviewPanel::PreviewPanel(QWidget *parent)
    : QWidget(parent)
    , m_view(new QTextBrowser(this))
    , m_cost(new QLabel(this)) {
    m_view->setObjectName(QStringLiteral("previewView"));
    m_view->setPlaceholderText(tr("The rendered messages appear here as you type."));
    m_cost->setObjectName(QStringLiteral("previewCost"));
    m_cost->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_cost);
}

void PreviewPanel::showPending() {
    m_cost->setText(tr("Rendering…"));
}

void PreviewPanel::showResult(const PreviewResult &result, const PreviewCost &cost) {
    if (result.error) {
        // "messages[1]" → "message 2"; the excerpt with its caret keeps its lines.
        const Error &error = *result.error;
        const int index =
            error.field.section(QLatin1Char('['), 1).section(QLatin1Char(']'), 0, 0).toInt();
        const QString place = error.line > 0
                                  ? tr(", line %1, column %2").arg(error.line).arg(error.column)
                                  : QString();
        // The first line is the message, wrapped; the excerpt with its caret keeps its lines.
        const QString summary = error.message.section(QLatin1Char('\n'), 0, 0);
        const QString excerpt = error.message.section(QLatin1Char('\n'), 1);
        m_view->setHtml(
            QStringLiteral("<p style='color:#d0342c'><b>%1</b></p><p>%2</p><pre>%3</pre>")
                .arg(tr("Message %1%2").arg(index + 1).arg(place).toHtmlEscaped(),
                     summary.toHtmlEscaped(), excerpt.toHtmlEscaped()));
        m_cost->setText(tr("The preview shows the first error; fix it to see the messages."));
        return;
    }
    QString html;
    for (const auto &message : result.messages) {
        html += QStringLiteral("<p style='margin-bottom:2px'><b>%1</b></p><pre "
                               "style='white-space:pre-wrap; margin-top:0'>%2</pre>")
                    .arg(message.role.toHtmlEscaped(), message.content.toHtmlEscaped());
    }
    if (result.messages.empty())
        html = tr("<p><i>No messages to render.</i></p>");
    m_view->setHtml(html);
    m_cost->setText(cost.summary);
}

QString PreviewPanel::renderedText() const {
    return m_view->toPlainText();
}

QString PreviewPanel::costText() const {
    return m_cost->text();
}

} // namespace trellis::ui
