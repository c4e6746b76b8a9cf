#include "diff/myers.h"

#include <algorithm>
#include <unordered_set>

namespace trellis::diff {

namespace {

// Snake steps allowed across one diffSequences call before bisection gives up on a range.
constexpr std::int64_t kWorkBudget = 20'000'000;

class Myers {
public:
    Myers(const std::vector<int> &a, const std::vector<int> &b, std::vector<char> *deletedA,
          std::vector<char> *insertedB)
        : m_a(a)
        , m_b(b)
        , m_deleted(*deletedA)
        , m_inserted(*insertedB) {}

    void compare(int aLo, int aHi, int bLo, int bHi) {
        while (aLo < aHi && bLo < bHi && m_a[aLo] == m_b[bLo])
            ++aLo, ++bLo;
        while (aLo < aHi && bLo < bHi && m_a[aHi - 1] == m_b[bHi - 1])
            --aHi, --bHi;
        if (aLo == aHi || bLo == bHi) {
            markAll(aLo, aHi, bLo, bHi);
            return;
        }
        int x = 0;
        int y = 0;
        if (!middleSnake(aLo, aHi, bLo, bHi, &x, &y)) {
            markAll(aLo, aHi, bLo, bHi);
            return;
        }
        compare(aLo, x, bLo, y);
        compare(x, aHi, y, bHi);
    }

private:
    void markAll(int aLo, int aHi, int bLo, int bHi) {
        std::fill(m_deleted.begin() + aLo, m_deleted.begin() + aHi, 1);
        std::fill(m_inserted.begin() + bLo, m_inserted.begin() + bHi, 1);
    }

    // Finds a point (x, y) on a middle snake of the optimal path through the box, searching
    // forward from the top-left and backward from the bottom-right until the paths overlap.
    // Returns false when the box shares nothing (or the work budget ran out).
    bool middleSnake(int aLo, int aHi, int bLo, int bHi, int *splitX, int *splitY) {
        const int n = aHi - aLo;
        const int m = bHi - bLo;
        const int maxD = (n + m + 1) / 2;
        const int offset = maxD;
        const int length = 2 * maxD + 2;
        m_forward.assign(std::size_t(length), -1);
        m_backward.assign(std::size_t(length), -1);
        m_forward[std::size_t(offset + 1)] = 0;
        m_backward[std::size_t(offset + 1)] = 0;
        const int delta = n - m;
        const bool oddDelta = (delta % 2) != 0;
        // Diagonals that ran off the box are not searched again.
        int k1Start = 0, k1End = 0, k2Start = 0, k2End = 0;
        for (int d = 0; d < maxD; ++d) {
            if (m_work > kWorkBudget)
                return false;
            for (int k1 = -d + k1Start; k1 <= d - k1End; k1 += 2) {
                const std::size_t k1Offset = std::size_t(offset + k1);
                int x1 =
                    (k1 == -d || (k1 != d && m_forward[k1Offset - 1] < m_forward[k1Offset + 1]))
                        ? m_forward[k1Offset + 1]
                        : m_forward[k1Offset - 1] + 1;
                int y1 = x1 - k1;
                while (x1 < n && y1 < m && m_a[aLo + x1] == m_b[bLo + y1])
                    ++x1, ++y1, ++m_work;
                ++m_work;
                m_forward[k1Offset] = x1;
                if (x1 > n) {
                    k1End += 2;
                } else if (y1 > m) {
                    k1Start += 2;
                } else if (oddDelta) {
                    const int k2Offset = offset + delta - k1;
                    if (k2Offset >= 0 && k2Offset < length
                        && m_backward[std::size_t(k2Offset)] != -1
                        && x1 >= n - m_backward[std::size_t(k2Offset)]) {
                        *splitX = aLo + x1;
                        *splitY = bLo + y1;
                        return true;
                    }
                }
            }
            for (int k2 = -d + k2Start; k2 <= d - k2End; k2 += 2) {
                const std::size_t k2Offset = std::size_t(offset + k2);
                int x2 =
                    (k2 == -d || (k2 != d && m_backward[k2Offset - 1] < m_backward[k2Offset + 1]))
                        ? m_backward[k2Offset + 1]
                        : m_backward[k2Offset - 1] + 1;
                int y2 = x2 - k2;
                while (x2 < n && y2 < m && m_a[aHi - x2 - 1] == m_b[bHi - y2 - 1])
                    ++x2, ++y2, ++m_work;
                ++m_work;
                m_backward[k2Offset] = x2;
                if (x2 > n) {
                    k2End += 2;
                } else if (y2 > m) {
                    k2Start += 2;
                } else if (!oddDelta) {
                    const int k1Offset = offset + delta - k2;
                    if (k1Offset >= 0 && k1Offset < length
                        && m_forward[std::size_t(k1Offset)] != -1) {
                        const int x1 = m_forward[std::size_t(k1Offset)];
                        const int y1 = offset + x1 - k1Offset;
                        if (x1 >= n - x2) {
                            *splitX = aLo + x1;
                            *splitY = bLo + y1;
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    const std::vector<int> &m_a;
    const std::vector<int> &m_b;
    std::vector<char> &m_deleted;
    std::vector<char> &m_inserted;
    std::vector<int> m_forward;
    std::vector<int> m_backward;
    std::int64_t m_work = 0;
};

void append(std::vector<DiffOp> *ops, OpKind kind, int oldIndex, int newIndex) {
    if (!ops->empty() && ops->back().kind == kind) {
        ++ops->back().count;
        return;
    }
    ops->push_back({kind, oldIndex, newIndex, 1});
}

// Turns the per-item marks into runs: equal items pair up in order, and between two equal
// items all deletions are listed before the insertions.
std::vector<DiffOp> toRuns(const std::vector<char> &deleted, const std::vector<char> &inserted) {
    std::vector<DiffOp> ops;
    const int n = int(deleted.size());
    const int m = int(inserted.size());
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
        if (i < n && deleted[std::size_t(i)]) {
            append(&ops, OpKind::Delete, i, j);
            ++i;
        } else if (j < m && inserted[std::size_t(j)]) {
            append(&ops, OpKind::Insert, i, j);
            ++j;
        } else {
            append(&ops, OpKind::Equal, i, j);
            ++i, ++j;
        }
    }
    return ops;
}

} // namespace

std::vector<DiffOp> diffSequences(const std::vector<int> &oldIds, const std::vector<int> &newIds) {
    std::vector<char> deleted(oldIds.size(), 0);
    std::vector<char> inserted(newIds.size(), 0);

    // Items present on one side only are certainly deleted/inserted; searching without them
    // finds the same longest common subsequence with far less work on typical edits.
    const std::unordered_set<int> inOld(oldIds.begin(), oldIds.end());
    const std::unordered_set<int> inNew(newIds.begin(), newIds.end());
    std::vector<int> a, b, aIndex, bIndex;
    for (std::size_t i = 0; i < oldIds.size(); ++i) {
        if (inNew.count(oldIds[i])) {
            a.push_back(oldIds[i]);
            aIndex.push_back(int(i));
        } else {
            deleted[i] = 1;
        }
    }
    for (std::size_t j = 0; j < newIds.size(); ++j) {
        if (inOld.count(newIds[j])) {
            b.push_back(newIds[j]);
            bIndex.push_back(int(j));
        } else {
            inserted[j] = 1;
        }
    }

    std::vector<char> deletedA(a.size(), 0);
    std::vector<char> insertedB(b.size(), 0);
    Myers(a, b, &deletedA, &insertedB).compare(0, int(a.size()), 0, int(b.size()));
    for (std::size_t i = 0; i < a.size(); ++i)
        deleted[std::size_t(aIndex[i])] = deletedA[i];
    for (std::size_t j = 0; j < b.size(); ++j)
        inserted[std::size_t(bIndex[j])] = insertedB[j];
    return toRuns(deleted, inserted);
}

} // namespace trellis::diff
