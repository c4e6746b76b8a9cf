#include "model_params_panel.h"

#include "code_editor.h"
#include "prompt/json_reader.h"
#include "providers/dryrun_provider.h"
#include "providers/model_catalog.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

// The keys with their own inputs; the rest go to the JSON editor.
const char *const kTemperature = "temperature";
const char *const kMaxTokens = "max_tokens";
const char *const kTopP = "top_p";

QDoubleSpinBox *optionalDouble(QWidget *parent, double max, const QString &name) {
    auto *box = new QDoubleSpinBox(parent);
    box->setObjectName(name);
    box->setDecimals(2);
    box->setRange(-0.01, max); // the minimum stands for "not set"
    box->setSingleStep(0.05);
    box->setSpecialValueText(QStringLiteral("default"));
    box->setValue(-0.01);
    return box;
}

Result<nlohmann::json> parseOther(const QString &text) {
    if (text.trimmed().isEmpty())
        return nlohmann::json::object();
    prompt::SourceMap map;
    auto doc = prompt::parseJsonDocument(text.toUtf8(), &map);
    if (!doc)
        return doc.error();
    if (!doc->is_object())
        return Error(QStringLiteral("other parameters must be a JSON object")).at(1, 1);
    return doc;
}

} // namespace

ModelParamsPanel::ModelParamsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new QComboBox(this))
    , m_price(new QLabel(this))
    , m_temperature(optionalDouble(this, 2.0, QStringLiteral("temperature")))
    , m_maxTokens(new QSpinBox(this))
    , m_topP(optionalDouble(this, 1.0, QStringLiteral("topP")))
    , m_other(new CodeEditor(this)) {
    m_model->setObjectName(QStringLiteral("modelBox"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->lineEdit()->setPlaceholderText(QStringLiteral("provider:model"));
    m_model->setToolTip(tr("The model as provider:model, e.g. openai:gpt-4o-mini"));
    m_price->setForegroundRole(QPalette::PlaceholderText);
    m_price->setWordWrap(true);
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_maxTokens->setRange(0, 1000000);
    m_maxTokens->setSpecialValueText(QStringLiteral("default"));
    m_other->setObjectName(QStringLiteral("otherParams"));
    // Mostly empty: three lines unless the user gives it more (the inspector's splitter).
    m_other->setMinimumHeight(m_other->fontMetrics().lineSpacing() * 3 + 12);
    m_other->setPlaceholderText(QStringLiteral("{\"stop\": [\"\\n\\n\"], \"seed\": 7}"));
    m_other->setValidator([](const QString &text) -> std::optional<Error> {
        auto parsed = parseOther(text);
        return parsed ? std::nullopt : std::optional<Error>(parsed.error());
    });

    connect(m_model, &QComboBox::currentTextChanged, this, [this](const QString &text) {
        updatePrice();
        m_history.changed(QStringLiteral("model"), text, tr("Change Model"),
                          [this](const QVariant &value) {
                              m_model->setCurrentText(value.toString());
                              m_model->setFocus(Qt::OtherFocusReason);
                          });
        Q_EMIT changed();
    });
    connectInput(m_temperature, QStringLiteral("temperature"), tr("Edit Temperature"));
    connectInput(m_topP, QStringLiteral("top_p"), tr("Edit Top P"));
    connect(m_maxTokens, &QSpinBox::valueChanged, this, [this](int value) {
        m_history.changed(QStringLiteral("max_tokens"), value, tr("Edit Max Tokens"),
                          [this](const QVariant &v) {
                              m_maxTokens->setValue(v.toInt());
                              m_maxTokens->setFocus(Qt::OtherFocusReason);
                          });
        Q_EMIT changed();
    });
    connect(m_other, &QPlainTextEdit::textChanged, this, &ModelParamsPanel::changed);

    auto *form = new QFormLayout;
    form->addRow(tr("&Model:"), m_model);
    form->addRow(QString(), m_price);
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("Max &tokens:"), m_maxTokens);
    form->addRow(tr("Top &p:"), m_topP);
    auto *otherLabel = new QLabel(tr("Other parameters (JSON object: stop, seed, "
                                     "presence_penalty, …):"),
                                  this);
    otherLabel->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(otherLabel);
    layout->addWidget(m_other, 1);
    m_price->setObjectName(QStringLiteral("priceNote"));
    updatePrice();
    rememberInputs();
}

void ModelParamsPanel::connectInput(QDoubleSpinBox *box, const QString &field,
                                    const QString &what) {
    connect(box, &QDoubleSpinBox::valueChanged, this, [this, box, field, what](double value) {
        m_history.changed(field, value, what, [box](const QVariant &v) {
            box->setValue(v.toDouble());
            box->setFocus(Qt::OtherFocusReason);
        });
        Q_EMIT changed();
    });
}

void ModelParamsPanel::setUndoStack(QUndoStack *stack) {
    m_history.setStack(stack);
    // Typing merges until the focus moves: then the next edit is a step of its own.
    connect(qApp, &QApplication::focusChanged, this, [this] { m_history.seal(); });
    for (QWidget *input :
         std::initializer_list<QWidget *>{m_model, m_temperature, m_maxTokens, m_topP})
        routeUndoKeys(input, stack);
}

void ModelParamsPanel::rememberInputs() {
    m_history.reset(QStringLiteral("model"), m_model->currentText());
    m_history.reset(QStringLiteral("temperature"), m_temperature->value());
    m_history.reset(QStringLiteral("max_tokens"), m_maxTokens->value());
    m_history.reset(QStringLiteral("top_p"), m_topP->value());
}

void ModelParamsPanel::setCatalog(const providers::ModelCatalog *catalog) {
    m_catalog = catalog;
    const QString current = model();
    const QSignalBlocker blocker(m_model);
    m_model->clear();
    if (catalog) {
        QStringList ids;
        for (const auto &price : catalog->models())
            ids.append(price.id);
        ids.sort();
        m_model->addItems(ids);
    }
    m_model->setCurrentText(current);
    updatePrice();
}

void ModelParamsPanel::setModel(const QString &model) {
    m_history.withoutRecording([&] { m_model->setCurrentText(model); });
    updatePrice();
    rememberInputs();
}

QString ModelParamsPanel::model() const {
    return m_model->currentText().trimmed();
}

void ModelParamsPanel::setParams(const nlohmann::json &params) {
    const QSignalBlocker b1(m_temperature), b2(m_maxTokens), b3(m_topP), b4(m_other);
    nlohmann::json other = params.is_object() ? params : nlohmann::json::object();
    auto take = [&other](const char *key) {
        nlohmann::json value;
        if (auto it = other.find(key); it != other.end() && it->is_number()) {
            value = *it;
            other.erase(it);
        }
        return value;
    };
    const nlohmann::json temperature = take(kTemperature);
    const nlohmann::json maxTokens = take(kMaxTokens);
    const nlohmann::json topP = take(kTopP);
    m_temperature->setValue(temperature.is_null() ? m_temperature->minimum()
                                                  : temperature.get<double>());
    m_maxTokens->setValue(maxTokens.is_number_integer() ? maxTokens.get<int>() : 0);
    m_topP->setValue(topP.is_null() ? m_topP->minimum() : topP.get<double>());
    m_other->setPlainText(other.empty() ? QString() : QString::fromStdString(other.dump(2)));
    m_other->validateNow();
    rememberInputs();
    Q_EMIT changed();
}

nlohmann::json ModelParamsPanel::params() const {
    auto other = parseOther(m_other->toPlainText());
    nlohmann::json params = other ? *other : nlohmann::json::object();
    if (m_temperature->value() > m_temperature->minimum())
        params[kTemperature] = m_temperature->value();
    if (m_maxTokens->value() > 0)
        params[kMaxTokens] = m_maxTokens->value();
    if (m_topP->value() > m_topP->minimum())
        params[kTopP] = m_topP->value();
    return params;
}

void ModelParamsPanel::updatePrice() {
    const QString id = model();
    if (id.isEmpty()) {
        m_price->setText(tr("No model chosen: runs use the project default."));
        return;
    }
    if (providers::isDryRunModel(id)) {
        m_price->setText(tr("Dry run: simulated answers, offline and free."));
        return;
    }
    std::optional<providers::ModelPrice> price;
    if (m_catalog)
        price = m_catalog->find(id);
    if (!price) {
        m_price->setText(tr("No price known for this model; costs show as unknown."));
        return;
    }
    m_price->setText(tr("$%1 / $%2 per million input / output tokens%3")
                         .arg(price->inputPerMTok, 0, 'f', 2)
                         .arg(price->outputPerMTok, 0, 'f', 2)
                         .arg(price->contextWindow > 0
                                  ? tr(", %1k context").arg(price->contextWindow / 1000)
                                  : QString()));
}

} // namespace trellis::ui
