#pragma once

#include "prompt_checker.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTextBrowser;

namespace trellis::providers {
class ModelCatalog;
}

namespace trellis::ui {

// What a rendered prompt would cost: estimated input tokens (runtime::estimateTokens per
// message) and, when the catalog knows the model, the input cost and the most the output can
// cost at max_tokens.
struct PreviewCost {
    qint64 inputTokens = 0;
    std::optional<double> inputUsd;
    std::optional<double> maxOutputUsd; // only when max_tokens is set
    QString summary;                    // one line for the status of the preview
};

PreviewCost estimatePreviewCost(const std::vector<tmpl::ChatMessage> &messages,
                                const QString &model, const nlohmann::json &params,
                                const providers::ModelCatalog *catalog);

// The rendered messages of a prompt tab, with their token count and estimated cost.
class PreviewPanel : public QWidget {
    Q_OBJECT
public:
    explicit PreviewPanel(QWidget *parent = nullptr);

    void showResult(const PreviewResult &result, const PreviewCost &cost);
    void showPending();
    QString renderedText() const;
    QString costText() const;

private:
    QTextBrowser *m_view = nullptr;
    QLabel *m_cost = nullptr;
};

} // namespace trellis::ui
