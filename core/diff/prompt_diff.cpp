#include "diff/prompt_diff.h"

#include "prompt/prompt_json.h"

#include <QHash>

#include <algorithm>
#include <set>

namespace trellis::diff {

using nlohmann::json;
using prompt::PromptSpec;

namespace {

json text(const QString &s) {
    return s.toStdString();
}

QString dumpValue(const json &value) {
    return QString::fromStdString(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

class FieldDiffer {
public:
    explicit FieldDiffer(std::vector<FieldChange> *out)
        : m_out(*out) {}

    // Records a change between two values; `absent` marks a side that is not there at all.
    void compare(const QString &field, const json &oldValue, const json &newValue, bool oldAbsent,
                 bool newAbsent, bool withText = false) {
        if (oldAbsent && newAbsent)
            return;
        if (!oldAbsent && !newAbsent && oldValue == newValue)
            return;
        FieldChange change;
        change.field = field;
        change.kind =
            oldAbsent ? ChangeKind::Added : (newAbsent ? ChangeKind::Removed : ChangeKind::Changed);
        change.oldValue = oldAbsent ? json() : oldValue;
        change.newValue = newAbsent ? json() : newValue;
        if (withText)
            change.text = diffText(asText(change.oldValue), asText(change.newValue));
        m_out.push_back(std::move(change));
    }

    void compareText(const QString &field, const QString &a, const QString &b, bool withText) {
        compare(field, text(a), text(b), a.isEmpty(), b.isEmpty(), withText);
    }

    // Key by key; values that are objects on both sides are compared whole.
    void compareObjects(const QString &prefix, const json &a, const json &b) {
        std::set<std::string> keys;
        for (auto it = a.begin(); it != a.end(); ++it)
            keys.insert(it.key());
        for (auto it = b.begin(); it != b.end(); ++it)
            keys.insert(it.key());
        for (const std::string &key : keys) {
            const bool inA = a.contains(key);
            const bool inB = b.contains(key);
            compare(prefix + u'.' + QString::fromStdString(key), inA ? a[key] : json(),
                    inB ? b[key] : json(), !inA, !inB);
        }
    }

private:
    static QString asText(const json &value) {
        if (value.is_null())
            return {};
        if (value.is_string())
            return QString::fromStdString(value.get<std::string>());
        return QString::fromStdString(value.dump(2, ' ', false, json::error_handler_t::replace))
               + u'\n';
    }

    std::vector<FieldChange> &m_out;
};

json variablesByName(const json &doc) {
    json out = json::object();
    if (doc.contains("variables")) {
        for (const json &v : doc["variables"])
            out[v["name"].get<std::string>()] = v;
    }
    return out;
}

void diffVariables(FieldDiffer *differ, const json &oldDoc, const json &newDoc) {
    const json a = variablesByName(oldDoc);
    const json b = variablesByName(newDoc);
    std::set<std::string> names;
    for (auto it = a.begin(); it != a.end(); ++it)
        names.insert(it.key());
    for (auto it = b.begin(); it != b.end(); ++it)
        names.insert(it.key());
    for (const std::string &name : names) {
        const QString field = QStringLiteral("variables.") + QString::fromStdString(name);
        if (a.contains(name) && b.contains(name))
            differ->compareObjects(field, a[name], b[name]);
        else
            differ->compare(field, a.value(name, json()), b.value(name, json()), !a.contains(name),
                            !b.contains(name));
    }
}

void diffTags(std::vector<FieldChange> *out, const QStringList &a, const QStringList &b) {
    for (const QString &tag : a) {
        if (!b.contains(tag))
            out->push_back({QStringLiteral("tags"), ChangeKind::Removed, text(tag), json(), {}});
    }
    for (const QString &tag : b) {
        if (!a.contains(tag))
            out->push_back({QStringLiteral("tags"), ChangeKind::Added, json(), text(tag), {}});
    }
}

MessageChange messageChange(const PromptSpec &a, int oldIndex, const PromptSpec &b, int newIndex) {
    MessageChange m;
    m.oldIndex = oldIndex;
    m.newIndex = newIndex;
    const QString oldContent =
        oldIndex >= 0 ? a.messages[std::size_t(oldIndex)].content : QString();
    const QString newContent =
        newIndex >= 0 ? b.messages[std::size_t(newIndex)].content : QString();
    if (oldIndex >= 0)
        m.oldRole = a.messages[std::size_t(oldIndex)].role;
    if (newIndex >= 0)
        m.newRole = b.messages[std::size_t(newIndex)].role;
    m.content = diffText(oldContent, newContent);
    if (oldIndex < 0) {
        m.kind = ChangeKind::Added;
        m.newRole = b.messages[std::size_t(newIndex)].role;
        m.oldRole = m.newRole;
    } else if (newIndex < 0) {
        m.kind = ChangeKind::Removed;
        m.newRole = m.oldRole;
    } else {
        m.roleChanged = m.oldRole != m.newRole;
        m.contentChanged = oldContent != newContent;
        m.kind = m.roleChanged || m.contentChanged ? ChangeKind::Changed : ChangeKind::Unchanged;
    }
    return m;
}

std::vector<MessageChange> diffMessages(const PromptSpec &a, const PromptSpec &b) {
    IdTable ids;
    const auto intern = [&ids](const PromptSpec &spec) {
        std::vector<int> out;
        for (const prompt::Message &m : spec.messages) {
            const QString key = prompt::roleName(m.role) + u'\0' + m.content;
            out.push_back(internId(&ids, key));
        }
        return out;
    };
    const std::vector<DiffOp> ops = diffSequences(intern(a), intern(b));
    std::vector<MessageChange> out;
    for (std::size_t k = 0; k < ops.size(); ++k) {
        const DiffOp &op = ops[k];
        if (op.kind == OpKind::Equal) {
            for (int i = 0; i < op.count; ++i)
                out.push_back(messageChange(a, op.oldIndex + i, b, op.newIndex + i));
            continue;
        }
        int delStart = op.oldIndex, delCount = 0, insStart = op.newIndex, insCount = 0;
        if (op.kind == OpKind::Delete) {
            delCount = op.count;
            if (k + 1 < ops.size() && ops[k + 1].kind == OpKind::Insert) {
                insStart = ops[++k].newIndex;
                insCount = ops[k].count;
            }
        } else {
            insCount = op.count;
        }
        const int paired = std::min(delCount, insCount);
        for (int i = 0; i < paired; ++i)
            out.push_back(messageChange(a, delStart + i, b, insStart + i));
        for (int i = paired; i < delCount; ++i)
            out.push_back(messageChange(a, delStart + i, b, -1));
        for (int i = paired; i < insCount; ++i)
            out.push_back(messageChange(a, -1, b, insStart + i));
    }
    return out;
}

QString messageTitle(const MessageChange &m) {
    const int index = m.newIndex >= 0 ? m.newIndex : m.oldIndex;
    QString title = QStringLiteral("messages[%1] (%2)").arg(index).arg(prompt::roleName(m.newRole));
    switch (m.kind) {
    case ChangeKind::Added:
        return title + QStringLiteral(": added");
    case ChangeKind::Removed:
        return QStringLiteral("messages[%1] (%2): removed")
            .arg(m.oldIndex)
            .arg(prompt::roleName(m.oldRole));
    default:
        break;
    }
    QStringList what;
    if (m.roleChanged)
        what << QStringLiteral("role %1 -> %2")
                    .arg(prompt::roleName(m.oldRole), prompt::roleName(m.newRole));
    if (m.contentChanged)
        what << QStringLiteral("content changed");
    if (m.oldIndex != m.newIndex)
        what << QStringLiteral("was messages[%1]").arg(m.oldIndex);
    return title + QStringLiteral(": ") + what.join(QStringLiteral(", "));
}

} // namespace

bool PromptDiff::isEmpty() const {
    return fields.empty()
           && std::all_of(messages.begin(), messages.end(),
                          [](const MessageChange &m) { return m.kind == ChangeKind::Unchanged; });
}

PromptDiff diffPrompts(const PromptSpec &oldSpec, const PromptSpec &newSpec) {
    PromptDiff diff;
    FieldDiffer differ(&diff.fields);
    differ.compareText(QStringLiteral("name"), oldSpec.name, newSpec.name, false);
    differ.compareText(QStringLiteral("description"), oldSpec.description, newSpec.description,
                       true);
    diffTags(&diff.fields, oldSpec.tags, newSpec.tags);
    differ.compareText(QStringLiteral("model"), oldSpec.model, newSpec.model, false);
    differ.compareObjects(QStringLiteral("params"),
                          oldSpec.params.is_object() ? oldSpec.params : json::object(),
                          newSpec.params.is_object() ? newSpec.params : json::object());
    diffVariables(&differ, prompt::toJson(oldSpec), prompt::toJson(newSpec));
    differ.compare(QStringLiteral("output_schema"), oldSpec.outputSchema, newSpec.outputSchema,
                   oldSpec.outputSchema.is_null(), newSpec.outputSchema.is_null(), true);
    diff.messages = diffMessages(oldSpec, newSpec);
    return diff;
}

QString describeFieldChange(const FieldChange &c) {
    switch (c.kind) {
    case ChangeKind::Added:
        return QStringLiteral("added ") + dumpValue(c.newValue);
    case ChangeKind::Removed:
        return QStringLiteral("removed ") + dumpValue(c.oldValue);
    default:
        return dumpValue(c.oldValue) + QStringLiteral(" -> ") + dumpValue(c.newValue);
    }
}

QString renderFieldChange(const FieldChange &c, const UnifiedOptions &body, const QString &indent) {
    if (c.text && c.kind == ChangeKind::Changed) {
        QString out = indent + c.field + QStringLiteral(":\n");
        for (const QString &line : splitLines(renderUnified(*c.text, body)))
            out += indent + line + u'\n';
        return out;
    }
    return indent + c.field + QStringLiteral(": ") + describeFieldChange(c) + u'\n';
}

QString renderDiffHeader(const UnifiedOptions &options, UnifiedOptions *body) {
    *body = options;
    body->oldLabel.clear();
    body->newLabel.clear();
    if (options.oldLabel.isEmpty() || options.newLabel.isEmpty())
        return {};
    return QStringLiteral("--- ") + options.oldLabel + QStringLiteral("\n+++ ") + options.newLabel
           + u'\n';
}

QString renderPromptDiff(const PromptDiff &diff, const UnifiedOptions &options) {
    if (diff.isEmpty())
        return {};
    UnifiedOptions body;
    QString out = renderDiffHeader(options, &body);
    for (const FieldChange &c : diff.fields)
        out += renderFieldChange(c, body);
    for (const MessageChange &m : diff.messages) {
        if (m.kind == ChangeKind::Unchanged)
            continue;
        out += messageTitle(m) + u'\n';
        out += renderUnified(m.content, body);
    }
    return out;
}

} // namespace trellis::diff
