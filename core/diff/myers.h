#pragma once

#include <QHash> // std::hash<QString>
#include <QString>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace trellis::diff {

enum class OpKind { Equal, Delete, Insert };

// One run of the edit script. Indexes are 0-based into the old and new sequences; an Equal run
// covers `count` items on both sides, a Delete run `count` old items (at oldIndex, with
// newIndex where they would have been), an Insert run `count` new items.
struct DiffOp {
    OpKind kind = OpKind::Equal;
    int oldIndex = 0;
    int newIndex = 0;
    int count = 0;

    bool operator==(const DiffOp &) const = default;
};

// Shortest edit script between two sequences of interned ids (equal items have equal ids),
// by Myers' O(ND) algorithm in linear space (middle-snake bisection). Common prefix and suffix
// are stripped first, and items that occur on one side only are set aside before the search,
// since they can never match. Past a work budget a sub-range is reported as a plain
// delete + insert instead of searched further, so adversarial input cannot take quadratic
// time: the script stays correct, only possibly longer than minimal.
// Adjacent runs of the same kind are merged; within a change, deletions come first.
std::vector<DiffOp> diffSequences(const std::vector<int> &oldIds, const std::vector<int> &newIds);

// Interns texts to ids for diffSequences: equal texts get equal ids.
using IdTable = std::unordered_map<QString, int>;

inline int internId(IdTable *ids, const QString &key) {
    return ids->try_emplace(key, int(ids->size())).first->second;
}

} // namespace trellis::diff
