#include "variables_panel.h"

#include "panel_parts.h"

#include <QApplication>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace trellis::ui {

namespace {

constexpr InputKind kKinds[] = {InputKind::Line, InputKind::MultiLine, InputKind::Json,
                                InputKind::List};
constexpr int kMinRows = 2;
constexpr int kMaxRows = 8;

QString placeholderFor(InputKind kind) {
    switch (kind) {
    case InputKind::Line:
        return QStringLiteral("text");
    case InputKind::MultiLine:
        return QStringLiteral("text, several lines");
    case InputKind::Json:
        return QStringLiteral("JSON, e.g. {\"key\": \"value\"} or [1, 2]");
    case InputKind::List:
        return QStringLiteral("one item per line");
    }
    return {};
}

} // namespace

VariablesPanel::VariablesPanel(QWidget *parent)
    : QWidget(parent)
    , m_cases(new QComboBox(this))
    , m_saveCase(new QPushButton(tr("Save as…"), this))
    , m_deleteCase(new QPushButton(tr("Delete"), this)) {
    m_cases->setObjectName(QStringLiteral("testCases"));
    m_cases->setToolTip(tr("Saved test cases: named sets of variable values"));
    m_cases->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_saveCase->setObjectName(QStringLiteral("saveTestCase"));
    m_saveCase->setToolTip(tr("Save the current values as a test case of this prompt"));
    m_deleteCase->setObjectName(QStringLiteral("deleteTestCase"));
    setTestCases({});
    connect(m_cases, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            Q_EMIT testCaseChosen(m_cases->itemText(index));
        m_deleteCase->setEnabled(index > 0);
    });
    connect(m_saveCase, &QPushButton::clicked, this, &VariablesPanel::saveTestCaseRequested);
    connect(m_deleteCase, &QPushButton::clicked, this,
            [this] { Q_EMIT deleteTestCaseRequested(currentTestCase()); });

    auto *cases = new QHBoxLayout;
    cases->addWidget(new QLabel(tr("Test case:"), this));
    cases->addWidget(m_cases, 1);
    cases->addWidget(m_saveCase);
    cases->addWidget(m_deleteCase);

    m_form = new QWidget;
    m_grid = new QGridLayout(m_form);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setVerticalSpacing(2);
    m_empty = emptyStateLabel(tr("No variables yet. Write {{ name }} in a message and an input "
                                 "for <i>name</i> appears here."),
                              QStringLiteral("variablesEmptyState"), this);

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 4, 0);
    contentLayout->addWidget(m_empty);
    contentLayout->addWidget(m_form);
    contentLayout->addStretch(1);
    QScrollArea *scroll = columnScrollArea(content, this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(cases);
    layout->addWidget(scroll, 1);
    rebuild();
}

void VariablesPanel::setUndoStack(QUndoStack *stack) {
    m_history.setStack(stack);
    // Typing merges until the focus moves: then the next edit is a step of its own.
    connect(qApp, &QApplication::focusChanged, this, [this] { m_history.seal(); });
    for (QWidget *input : std::as_const(m_inputs))
        routeUndoKeys(input, stack);
}

void VariablesPanel::setFields(std::vector<VariableField> fields) {
    bool sameShape = fields.size() == m_fields.size();
    for (auto &field : fields) {
        Entry &entry = m_entries[field.name];
        if (entry.kindChosen)
            field.kind = entry.kind;
        else
            entry.kind = field.kind;
        if (!entry.touched && !field.initialValue.is_null())
            entry.text = textFromValue(field.kind, field.initialValue);
    }
    for (std::size_t i = 0; sameShape && i < fields.size(); ++i)
        sameShape = fields[i].name == m_fields[i].name && fields[i].kind == m_fields[i].kind
                    && fields[i].hint == m_fields[i].hint;
    m_fields = std::move(fields);
    if (!sameShape) {
        rebuild();
        Q_EMIT valuesChanged();
    }
}

void VariablesPanel::rebuild() {
    // Deleted at once (not later), so findChild never returns a stale input. No caller runs
    // inside a handler of these widgets: a kind change queues its rebuild.
    m_inputs.clear();
    m_errors.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int row = 0;
    for (const VariableField &field : m_fields) {
        const Entry &entry = m_entries[field.name];
        auto *name =
            new QLabel(QStringLiteral("<b>%1</b>").arg(field.name.toHtmlEscaped()), m_form);
        name->setToolTip(field.hint);
        auto *kind = new QComboBox(m_form);
        kind->setObjectName(QStringLiteral("kind_") + field.name);
        for (InputKind k : kKinds)
            kind->addItem(inputKindName(k), int(k));
        kind->setCurrentIndex(kind->findData(int(field.kind)));
        kind->setToolTip(tr("How to enter this value"));
        connect(kind, &QComboBox::activated, this, [this, kind, name = field.name](int) {
            Entry &e = m_entries[name];
            e.kind = InputKind(kind->currentData().toInt());
            e.kindChosen = true;
            for (auto &f : m_fields)
                if (f.name == name)
                    f.kind = e.kind;
            // Rebuilding deletes this combo box: leave the signal handler first.
            QMetaObject::invokeMethod(
                this,
                [this] {
                    rebuild();
                    Q_EMIT valuesChanged();
                },
                Qt::QueuedConnection);
        });
        m_grid->addWidget(name, row, 0);
        auto *hint = new QLabel(m_form);
        hint->setForegroundRole(QPalette::PlaceholderText);
        hint->setTextFormat(Qt::PlainText);
        hint->setText(field.hint);
        hint->setToolTip(field.hint);
        // A long description is cut at the panel's edge instead of widening the form.
        hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        m_grid->addWidget(hint, row, 1);
        m_grid->addWidget(kind, row, 2, Qt::AlignRight);
        ++row;
        QWidget *input = createInput(field, entry);
        m_inputs.insert(field.name, input);
        m_grid->addWidget(input, row++, 0, 1, 3);
        auto *error = new QLabel(m_form);
        error->setObjectName(QStringLiteral("error_") + field.name);
        error->setStyleSheet(QStringLiteral("color: #d0342c"));
        error->setWordWrap(true);
        m_errors.insert(field.name, error);
        m_grid->addWidget(error, row++, 0, 1, 3);
        updateErrorLabel(field.name);
        m_grid->setRowMinimumHeight(row++, 6);
    }
    m_grid->setColumnStretch(1, 1);
    m_empty->setVisible(m_fields.empty());
    m_form->setVisible(!m_fields.empty());
}

QWidget *VariablesPanel::createInput(const VariableField &field, const Entry &entry) {
    const QString objectName = QStringLiteral("var_") + field.name;
    if (field.kind == InputKind::Line) {
        auto *line = new QLineEdit(entry.text, m_form);
        line->setObjectName(objectName);
        line->setPlaceholderText(placeholderFor(field.kind));
        connect(line, &QLineEdit::textChanged, this,
                [this, name = field.name](const QString &text) { onTextEdited(name, text); });
        if (m_history.stack())
            routeUndoKeys(line, m_history.stack());
        return line;
    }
    auto *edit = new QPlainTextEdit(entry.text, m_form);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholderFor(field.kind));
    edit->setTabChangesFocus(true);
    if (m_history.stack()) {
        edit->setUndoRedoEnabled(false); // the tab's stack holds the edits
        routeUndoKeys(edit, m_history.stack());
    }
    // Grows with the text between a few rows and a bound, so a number takes one line and a
    // JSON document some more.
    auto fit = [edit] {
        const int rows = std::clamp(int(edit->document()->lineCount()), kMinRows, kMaxRows);
        edit->setFixedHeight(edit->fontMetrics().lineSpacing() * rows + 12);
    };
    fit();
    connect(edit, &QPlainTextEdit::textChanged, this, [this, edit, fit, name = field.name] {
        fit();
        onTextEdited(name, edit->toPlainText());
    });
    return edit;
}

void VariablesPanel::onTextEdited(const QString &name, const QString &text) {
    Entry &entry = m_entries[name];
    const QString before = entry.text;
    entry.text = text;
    entry.touched = true;
    m_history.record(name, before, text, tr("Edit Variable %1").arg(name),
                     [this, name](const QVariant &value) { applyText(name, value.toString()); });
    updateErrorLabel(name);
    Q_EMIT valuesChanged();
}

void VariablesPanel::applyText(const QString &name, const QString &text) {
    Entry &entry = m_entries[name];
    entry.text = text;
    entry.touched = true;
    if (QWidget *input = m_inputs.value(name)) {
        setInputText(name, text);
        input->setFocus(Qt::OtherFocusReason);
    }
    Q_EMIT valuesChanged();
}

void VariablesPanel::updateErrorLabel(const QString &name) {
    QLabel *label = m_errors.value(name);
    if (!label)
        return;
    const Entry &entry = m_entries[name];
    auto value = valueFromText(entry.kind, entry.text);
    label->setText(value ? QString() : value.error().toString());
    label->setVisible(!value);
}

void VariablesPanel::setInputText(const QString &name, const QString &text) {
    QWidget *input = m_inputs.value(name);
    const QSignalBlocker blocker(input);
    if (auto *line = qobject_cast<QLineEdit *>(input))
        line->setText(text);
    else if (auto *edit = qobject_cast<QPlainTextEdit *>(input))
        edit->setPlainText(text);
    updateErrorLabel(name);
}

nlohmann::ordered_json VariablesPanel::context() const {
    nlohmann::ordered_json context = nlohmann::ordered_json::object();
    for (const VariableField &field : m_fields) {
        const Entry entry = m_entries.value(field.name);
        auto value = valueFromText(field.kind, entry.text);
        if (value && !value->is_null())
            context[field.name.toStdString()] = nlohmann::ordered_json(*value);
    }
    return context;
}

void VariablesPanel::setValues(const nlohmann::json &object) {
    if (!object.is_object())
        return;
    // One undo step for the whole test case.
    QUndoStack *stack = m_history.stack();
    if (stack)
        stack->beginMacro(tr("Load Test Case"));
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString name = QString::fromStdString(it.key());
        Entry &entry = m_entries[name];
        const QString before = entry.text;
        entry.text = textFromValue(entry.kind, it.value());
        entry.touched = true;
        if (m_inputs.contains(name))
            setInputText(name, entry.text);
        m_history.record(
            name, before, entry.text, tr("Edit Variable %1").arg(name),
            [this, name](const QVariant &value) { applyText(name, value.toString()); });
    }
    if (stack)
        stack->endMacro();
    Q_EMIT valuesChanged();
}

std::vector<Problem> VariablesPanel::problems() const {
    std::vector<Problem> out;
    for (const VariableField &field : m_fields) {
        auto value = valueFromText(field.kind, m_entries.value(field.name).text);
        if (!value)
            out.push_back({Problem::Source::Variable, -1, tr("variable '%1'").arg(field.name),
                           value.error().message, value.error().line, value.error().column});
    }
    return out;
}

nlohmann::json VariablesPanel::saveState() const {
    nlohmann::json state = nlohmann::json::object();
    for (auto it = m_entries.constBegin(); it != m_entries.constEnd(); ++it) {
        if (!it->touched && !it->kindChosen)
            continue;
        state[it.key().toStdString()] = {{"kind", inputKindName(it->kind).toStdString()},
                                         {"kindChosen", it->kindChosen},
                                         {"text", it->text.toStdString()}};
    }
    return state;
}

void VariablesPanel::restoreState(const nlohmann::json &state) {
    if (!state.is_object())
        return;
    for (auto it = state.begin(); it != state.end(); ++it) {
        const auto &saved = it.value();
        if (!saved.is_object() || !saved.value("text", nlohmann::json()).is_string())
            continue;
        Entry entry;
        entry.text = QString::fromStdString(saved["text"].get<std::string>());
        entry.touched = true;
        // Ill-typed fields of a damaged draft fall back to the defaults instead of throwing.
        const nlohmann::json chosen = saved.value("kindChosen", nlohmann::json());
        entry.kindChosen = chosen.is_boolean() && chosen.get<bool>();
        const nlohmann::json kind = saved.value("kind", nlohmann::json());
        const QString kindName =
            kind.is_string() ? QString::fromStdString(kind.get<std::string>()) : QString();
        for (InputKind k : kKinds)
            if (inputKindName(k) == kindName)
                entry.kind = k;
        m_entries.insert(QString::fromStdString(it.key()), entry);
    }
    // Re-apply the kinds and texts to the shown fields.
    auto fields = m_fields;
    m_fields.clear();
    setFields(std::move(fields));
    Q_EMIT valuesChanged();
}

void VariablesPanel::setTestCases(const QStringList &names, const QString &current) {
    const QSignalBlocker blocker(m_cases);
    m_cases->clear();
    m_cases->addItem(names.isEmpty() ? tr("(none saved yet)") : tr("(choose a test case)"));
    m_cases->addItems(names);
    const int index = current.isEmpty() ? 0 : std::max(0, m_cases->findText(current));
    m_cases->setCurrentIndex(index);
    m_cases->setEnabled(!names.isEmpty());
    m_deleteCase->setEnabled(index > 0);
}

QString VariablesPanel::currentTestCase() const {
    return m_cases->currentIndex() > 0 ? m_cases->currentText() : QString();
}

} // namespace trellis::ui
