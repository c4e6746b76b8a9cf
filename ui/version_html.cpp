#include "version_html.h"

#include "diff/prompt_diff.h"
#include "prompt/prompt_spec.h"

namespace trellis::ui {

namespace {

QString escaped(const QString &text) {
    return text.toHtmlEscaped();
}

QString jsonText(const nlohmann::json &value) {
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

QString roleColor(prompt::Role role) {
    switch (role) {
    case prompt::Role::System:
        return QStringLiteral("#8e44ad");
    case prompt::Role::User:
        return QStringLiteral("#2471a3");
    case prompt::Role::Assistant:
        return QStringLiteral("#1e8449");
    }
    return {};
}

QString messagesHtml(const prompt::PromptSpec &spec) {
    QString html;
    for (const auto &message : spec.messages) {
        html += QStringLiteral("<p style='margin-bottom:2px'><b style='color:%1'>%2</b></p>"
                               "<pre style='margin-top:0; margin-left:12px'>%3</pre>")
                    .arg(roleColor(message.role), prompt::roleName(message.role).toUpper(),
                         escaped(message.content));
    }
    return html;
}

QString paramsHtml(const prompt::PromptSpec &spec) {
    QString rows =
        QStringLiteral("<tr><td><b>model</b></td><td>%1</td></tr>")
            .arg(spec.model.isEmpty() ? QStringLiteral("<i>not set</i>") : escaped(spec.model));
    for (const auto &[key, value] : spec.params.items())
        rows += QStringLiteral("<tr><td>%1</td><td><code>%2</code></td></tr>")
                    .arg(escaped(QString::fromStdString(key)), escaped(jsonText(value)));
    return QStringLiteral("<table cellspacing='0' cellpadding='2'>%1</table>").arg(rows);
}

QString variablesHtml(const prompt::PromptSpec &spec) {
    if (spec.variables.empty())
        return QStringLiteral("<p><i>No declared variables.</i></p>");
    QString rows;
    for (const auto &variable : spec.variables) {
        QString fallback;
        if (!variable.defaultValue.is_null())
            fallback = QStringLiteral("default <code>%1</code>")
                           .arg(escaped(jsonText(variable.defaultValue)));
        rows +=
            QStringLiteral("<tr><td><code>%1</code>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                .arg(escaped(variable.name), variable.required ? QStringLiteral(" *") : QString(),
                     prompt::variableTypeName(variable.type), escaped(variable.description),
                     fallback);
    }
    return QStringLiteral("<table cellspacing='0' cellpadding='2'>%1</table>").arg(rows);
}

} // namespace

QString titleHtml(const store::PromptVersion &version) {
    QString labels;
    for (const QString &label : version.labels)
        labels +=
            QStringLiteral(" <span style='background:#d5f5e3; color:#145a32'>&nbsp;%1&nbsp;</span>")
                .arg(escaped(label));
    return QStringLiteral("<span style='font-size:large'><b>%1</b></span> &nbsp;@%2%3<br>%4")
        .arg(escaped(version.promptName))
        .arg(version.number)
        .arg(labels, escaped(version.spec.description));
}

QString versionHtml(const store::PromptVersion &version) {
    const prompt::PromptSpec &spec = version.spec;
    QString html = QStringLiteral("<h3>Messages</h3>") + messagesHtml(spec);
    html += QStringLiteral("<h3>Model and parameters</h3>") + paramsHtml(spec);
    html += QStringLiteral("<h3>Variables</h3>") + variablesHtml(spec);
    if (!spec.outputSchema.is_null())
        html += QStringLiteral("<h3>Output schema</h3><pre>%1</pre>")
                    .arg(escaped(QString::fromStdString(spec.outputSchema.dump(2))));
    if (!spec.tags.isEmpty())
        html +=
            QStringLiteral("<p>Tags: %1</p>").arg(escaped(spec.tags.join(QStringLiteral(", "))));
    html += QStringLiteral("<p style='color:gray'>Saved %1 &middot; %2 &middot; sha %3</p>")
                .arg(version.createdAt.toLocalTime().toString(Qt::TextDate),
                     escaped(version.message), version.hash.left(12));
    return html;
}

} // namespace trellis::ui

namespace trellis::ui {

namespace {

// One line with its changed spans highlighted.
QString markedLine(const QString &line, const std::vector<diff::TextSpan> &spans,
                   const QString &highlight) {
    QString html;
    int at = 0;
    for (const auto &span : spans) {
        html += escaped(line.mid(at, span.start - at));
        html += QStringLiteral("<span style='background:%1'>%2</span>")
                    .arg(highlight, escaped(line.mid(span.start, span.length)));
        at = span.start + span.length;
    }
    return html + escaped(line.mid(at));
}

// Said after a changed last line that has no newline: otherwise a line whose text did not
// change but gained a newline (because lines were added after it) looks changed for nothing.
QString missingNewlineNote(const QStringList &lines, int line, bool endsWithNewline) {
    if (endsWithNewline || line != lines.size() - 1)
        return {};
    return QStringLiteral("<span style='color:#888888'> \u23CE no newline at end</span>");
}

// A side-by-side table of one message's lines: old on the left, new on the right.
QString sideBySideHtml(const diff::TextDiff &text) {
    static const QString removedRow = QStringLiteral("#fdecea");
    static const QString addedRow = QStringLiteral("#e9f7ef");
    static const QString removedWord = QStringLiteral("#f5b7b1");
    static const QString addedWord = QStringLiteral("#a9dfbf");
    QString rows;
    for (const auto &row : text.rows) {
        QString left, right, leftBg, rightBg;
        if (row.oldLine >= 0)
            left = row.kind == diff::RowKind::Change
                       ? markedLine(text.oldLines[row.oldLine], row.oldSpans, removedWord)
                       : escaped(text.oldLines[row.oldLine]);
        if (row.newLine >= 0)
            right = row.kind == diff::RowKind::Change
                        ? markedLine(text.newLines[row.newLine], row.newSpans, addedWord)
                        : escaped(text.newLines[row.newLine]);
        if (row.kind != diff::RowKind::Equal) {
            if (row.oldLine >= 0)
                left += missingNewlineNote(text.oldLines, row.oldLine, text.oldEndsWithNewline);
            if (row.newLine >= 0)
                right += missingNewlineNote(text.newLines, row.newLine, text.newEndsWithNewline);
            leftBg = row.oldLine >= 0 ? removedRow : QString();
            rightBg = row.newLine >= 0 ? addedRow : QString();
        }
        // pre-wrap, not <pre>: long template lines wrap inside their half instead of
        // widening the table.
        rows += QStringLiteral(
                    "<tr><td width='50%' style='background:%1'><span "
                    "style='white-space:pre-wrap; font-family:monospace'>%2</span></td>"
                    "<td width='50%' style='background:%3'><span "
                    "style='white-space:pre-wrap; font-family:monospace'>%4</span></td></tr>")
                    .arg(leftBg, left, rightBg, right);
    }
    return QStringLiteral("<table width='100%' cellspacing='0' cellpadding='1'>%1</table>")
        .arg(rows);
}

// A changed value for the field list: scalars inline, objects and arrays (a variable with its
// default, a schema) indented on lines of their own, which a one-line dump made unreadable.
QString changedValueHtml(const nlohmann::json &value, const QString &wrap) {
    if (value.is_structured() && !value.empty())
        return QStringLiteral("<pre style='margin:2px 0'>%1</pre>")
            .arg(escaped(QString::fromStdString(value.dump(2))));
    return wrap.arg(escaped(jsonText(value)));
}

QString fieldChangeHtml(const diff::FieldChange &change) {
    const QString bold = QStringLiteral("<b>%1</b>");
    switch (change.kind) {
    case diff::ChangeKind::Added:
        return QStringLiteral("<li><code>%1</code> added: %2</li>")
            .arg(change.field, changedValueHtml(change.newValue, bold));
    case diff::ChangeKind::Removed:
        return QStringLiteral("<li><code>%1</code> removed (was %2)</li>")
            .arg(change.field, changedValueHtml(change.oldValue, QStringLiteral("%1")));
    default:
        return QStringLiteral("<li><code>%1</code>: %2 &rarr; %3</li>")
            .arg(change.field, changedValueHtml(change.oldValue, QStringLiteral("<s>%1</s>")),
                 changedValueHtml(change.newValue, bold));
    }
}

} // namespace

QString comparisonHtml(const store::PromptVersion &older, const store::PromptVersion &newer) {
    const diff::PromptDiff changes = diff::diffPrompts(older.spec, newer.spec);
    QString html =
        QStringLiteral("<h3>Changes from @%1 to @%2</h3>").arg(older.number).arg(newer.number);
    if (changes.isEmpty())
        return html + QStringLiteral("<p>The two versions have the same content.</p>");
    if (!changes.fields.empty()) {
        html += QStringLiteral("<p><b>Fields and parameters</b></p><ul>");
        for (const auto &change : changes.fields)
            html += fieldChangeHtml(change);
        html += QStringLiteral("</ul>");
    }
    for (const auto &message : changes.messages) {
        const prompt::Role role =
            message.kind == diff::ChangeKind::Removed ? message.oldRole : message.newRole;
        QString heading = prompt::roleName(role).toUpper();
        if (message.kind == diff::ChangeKind::Added)
            heading += QStringLiteral(" &mdash; added");
        else if (message.kind == diff::ChangeKind::Removed)
            heading += QStringLiteral(" &mdash; removed");
        else if (message.roleChanged)
            heading += QStringLiteral(" &mdash; was %1").arg(prompt::roleName(message.oldRole));
        else if (message.kind == diff::ChangeKind::Unchanged)
            heading += QStringLiteral(" &mdash; unchanged");
        html += QStringLiteral("<p style='margin-bottom:2px'><b style='color:%1'>%2</b></p>")
                    .arg(roleColor(role), heading);
        html += sideBySideHtml(message.content);
    }
    return html;
}

} // namespace trellis::ui
