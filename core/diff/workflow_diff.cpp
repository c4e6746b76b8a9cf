#include "diff/workflow_diff.h"

#include <map>
#include <set>

namespace trellis::diff {

using nlohmann::json;

namespace {

QString qs(const std::string &s) {
    return QString::fromStdString(s);
}

bool isMultiLine(const json &value) {
    return value.is_string()
           && value.get_ref<const std::string &>().find('\n') != std::string::npos;
}

// Records every changed leaf between `a` and `b` below `path`. `aAbsent` / `bAbsent` mark a
// side that does not have the value at all (an added or removed key).
void diffValues(const QString &path, const json &a, const json &b, bool aAbsent, bool bAbsent,
                std::vector<FieldChange> &out) {
    if (!aAbsent && !bAbsent && a == b)
        return;
    if (!aAbsent && !bAbsent && a.is_object() && b.is_object()) {
        std::set<std::string> keys;
        for (auto it = a.begin(); it != a.end(); ++it)
            keys.insert(it.key());
        for (auto it = b.begin(); it != b.end(); ++it)
            keys.insert(it.key());
        for (const std::string &key : keys) {
            const bool inA = a.contains(key);
            const bool inB = b.contains(key);
            const QString child = path.isEmpty() ? qs(key) : path + u'.' + qs(key);
            diffValues(child, inA ? a.at(key) : json(), inB ? b.at(key) : json(), !inA, !inB, out);
        }
        return;
    }
    if (!aAbsent && !bAbsent && a.is_array() && b.is_array() && a.size() == b.size()
        && !a.empty()) {
        for (std::size_t i = 0; i < a.size(); ++i)
            diffValues(path + QStringLiteral("[%1]").arg(i), a[i], b[i], false, false, out);
        return;
    }
    FieldChange change;
    change.field = path;
    change.kind =
        aAbsent ? ChangeKind::Added : (bAbsent ? ChangeKind::Removed : ChangeKind::Changed);
    change.oldValue = aAbsent ? json() : a;
    change.newValue = bAbsent ? json() : b;
    if (change.kind == ChangeKind::Changed && (isMultiLine(a) || isMultiLine(b)) && a.is_string()
        && b.is_string())
        change.text = diffText(qs(a.get<std::string>()), qs(b.get<std::string>()));
    out.push_back(std::move(change));
}

QString stringField(const json &item, const char *key) {
    if (item.is_object()) {
        auto it = item.find(key);
        if (it != item.end() && it->is_string())
            return qs(it->get<std::string>());
    }
    return {};
}

// The entries of doc[key] by id (or "#index" without one); a missing or non-array list is empty.
std::map<QString, json> itemsById(const json &doc, const char *key) {
    std::map<QString, json> out;
    if (!doc.is_object() || !doc.contains(key) || !doc.at(key).is_array())
        return out;
    const json &list = doc.at(key);
    for (std::size_t i = 0; i < list.size(); ++i) {
        QString id = stringField(list[i], "id");
        if (id.isEmpty() || out.count(id))
            id = QStringLiteral("#%1").arg(i);
        out.emplace(id, list[i]);
    }
    return out;
}

using Summarize = QString (*)(const json &);

QString nodeSummary(const json &node) {
    return stringField(node, "type");
}

QString edgeSummary(const json &edge) {
    return stringField(edge, "from") + QStringLiteral(" -> ") + stringField(edge, "to");
}

std::vector<WorkflowItemChange> diffItems(const json &oldDoc, const json &newDoc, const char *key,
                                          Summarize summarize) {
    const auto before = itemsById(oldDoc, key);
    const auto after = itemsById(newDoc, key);
    std::set<QString> ids;
    for (const auto &entry : before)
        ids.insert(entry.first);
    for (const auto &entry : after)
        ids.insert(entry.first);
    std::vector<WorkflowItemChange> out;
    for (const QString &id : ids) {
        const auto a = before.find(id);
        const auto b = after.find(id);
        WorkflowItemChange change;
        change.id = id;
        if (a == before.end()) {
            change.kind = ChangeKind::Added;
            change.summary = summarize(b->second);
        } else if (b == after.end()) {
            change.kind = ChangeKind::Removed;
            change.summary = summarize(a->second);
        } else {
            diffValues(QString(), a->second, b->second, false, false, change.fields);
            if (change.fields.empty())
                continue;
            change.summary = summarize(b->second);
        }
        out.push_back(std::move(change));
    }
    return out;
}

QString renderItems(const QString &title, const std::vector<WorkflowItemChange> &items,
                    const UnifiedOptions &body) {
    if (items.empty())
        return {};
    QString out = title + QStringLiteral(":\n");
    for (const WorkflowItemChange &item : items) {
        const char16_t mark = item.kind == ChangeKind::Added     ? u'+'
                              : item.kind == ChangeKind::Removed ? u'-'
                                                                 : u'~';
        out += QStringLiteral("  ") + mark + u' ' + item.id;
        if (!item.summary.isEmpty())
            out += QStringLiteral(" (") + item.summary + u')';
        out += u'\n';
        for (const FieldChange &field : item.fields)
            out += renderFieldChange(field, body, QStringLiteral("      "));
    }
    return out;
}

} // namespace

bool WorkflowDiff::isEmpty() const {
    return fields.empty() && nodes.empty() && edges.empty();
}

WorkflowDiff diffWorkflows(const json &oldDoc, const json &newDoc) {
    WorkflowDiff diff;
    // Document-level fields: everything except the node and edge lists.
    auto withoutLists = [](const json &doc) {
        json rest = doc.is_object() ? doc : json::object();
        rest.erase("nodes");
        rest.erase("edges");
        return rest;
    };
    diffValues(QString(), withoutLists(oldDoc), withoutLists(newDoc), false, false, diff.fields);
    diff.nodes = diffItems(oldDoc, newDoc, "nodes", nodeSummary);
    diff.edges = diffItems(oldDoc, newDoc, "edges", edgeSummary);
    return diff;
}

QString renderWorkflowDiff(const WorkflowDiff &diff, const UnifiedOptions &options) {
    if (diff.isEmpty())
        return {};
    UnifiedOptions body;
    QString out = renderDiffHeader(options, &body);
    for (const FieldChange &c : diff.fields)
        out += renderFieldChange(c, body);
    out += renderItems(QStringLiteral("nodes"), diff.nodes, body);
    out += renderItems(QStringLiteral("edges"), diff.edges, body);
    return out;
}

} // namespace trellis::diff
