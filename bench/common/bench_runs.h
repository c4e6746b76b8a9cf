#pragma once

// Realistic prompt versions and runs for the benchmarks that need a big store (bench_store,
// bench_startup): one generator, so their figures describe the same kind of data.

#include "common/result.h"
#include "prompt/prompt_spec.h"
#include "store/store_types.h"

#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::bench {

// Revision `i` of a ticket-triage prompt called `name`.
prompt::PromptSpec triageSpec(const QString &name, int i);
// Run number `i` of `version`: ~1 KB request, ~500 byte response, a second apart from run i-1.
store::RunRecord sampleRun(const store::PromptVersion &version, qint64 i);
// Stores `count` runs numbered from `first`, spread round-robin over `versions`, in batches of
// `batchSize` (one transaction each).
Status addRuns(store::Database &db, const std::vector<store::PromptVersion> &versions, qint64 first,
               qint64 count, int batchSize = 1000);

} // namespace trellis::bench
