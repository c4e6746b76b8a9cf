#pragma once

#include <QWidget>

#include <nlohmann/json.hpp>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace trellis::providers {
class ModelCatalog;
}

namespace trellis::ui {

class CodeEditor;

// Model and sampling parameters of a prompt. Temperature, max_tokens and top_p have their
// own inputs ("default" leaves the key out); every other parameter (stop, seed, ...) is
// edited as a JSON object below them.
class ModelParamsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelParamsPanel(QWidget *parent = nullptr);

    void setCatalog(const providers::ModelCatalog *catalog);
    void setModel(const QString &model);
    QString model() const;
    void setParams(const nlohmann::json &params);
    // The parameters as stored in the spec; keys of an unparsable "other" object are left out.
    nlohmann::json params() const;
    CodeEditor *otherParamsEditor() const { return m_other; }

Q_SIGNALS:
    void changed();

private:
    void updatePrice();

    const providers::ModelCatalog *m_catalog = nullptr;
    QComboBox *m_model = nullptr;
    QLabel *m_price = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    CodeEditor *m_other = nullptr;
};

} // namespace trellis::ui
