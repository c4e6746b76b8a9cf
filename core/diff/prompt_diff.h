#pragma once

#include "diff/text_diff.h"
#include "diff/unified.h"
#include "prompt/prompt_spec.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::diff {

enum class ChangeKind { Unchanged, Added, Removed, Changed };

// One changed field outside the messages. `field` is a path such as "model",
// "params.temperature", "variables.ticket.default", "output_schema", "tags".
struct FieldChange {
    QString field;
    ChangeKind kind = ChangeKind::Changed;
    nlohmann::json oldValue; // null when Added
    nlohmann::json newValue; // null when Removed
    // Line/word diff for multi-line text (description) and JSON documents (output_schema).
    std::optional<TextDiff> text;
};

// One message of the new version aligned with one of the old (or added/removed). Unchanged
// messages are listed too, so a side-by-side view can show every message in order.
struct MessageChange {
    ChangeKind kind = ChangeKind::Unchanged;
    int oldIndex = -1; // index in the old spec's messages, -1 when Added
    int newIndex = -1; // index in the new spec's messages, -1 when Removed
    prompt::Role oldRole = prompt::Role::User;
    prompt::Role newRole = prompt::Role::User;
    bool roleChanged = false;
    bool contentChanged = false;
    TextDiff content; // old content -> new content ("" for the missing side)
};

struct PromptDiff {
    std::vector<FieldChange> fields;     // name, description, tags, model, params, variables,
                                         // output_schema: in that order
    std::vector<MessageChange> messages; // in new-version order, removed ones where they were

    bool isEmpty() const; // no field changed and every message Unchanged
};

// Field-level diff of two prompt versions. Messages are aligned by a diff on (role, content);
// within a run of differing messages they pair up in order as edits, the rest are added or
// removed. Parameters and variables are compared key by key (variables matched by name).
PromptDiff diffPrompts(const prompt::PromptSpec &oldSpec, const prompt::PromptSpec &newSpec);

// Text for the CLI: one line per field change ("params.temperature: 0.2 -> 0.5",
// "params.top_p: added 0.9"), then each changed message with its unified line diff.
// Empty when nothing changed.
QString renderPromptDiff(const PromptDiff &diff, const UnifiedOptions &options = {});

// "--- old\n+++ new\n" when both labels are set, else empty; `body` gets the options without
// the labels, for the per-field diffs below the header.
QString renderDiffHeader(const UnifiedOptions &options, UnifiedOptions *body);
// "added 0.9", "removed \"x\"", "0.2 -> 0.5": a field change's values as compact JSON.
QString describeFieldChange(const FieldChange &change);
// One field change as text: "field: <describeFieldChange>" on one line, or for a changed
// multi-line text "field:" followed by its unified diff. Every line starts with `indent`.
QString renderFieldChange(const FieldChange &change, const UnifiedOptions &body,
                          const QString &indent = QString());

} // namespace trellis::diff
