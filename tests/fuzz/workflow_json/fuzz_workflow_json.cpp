// The workflow reader on arbitrary bytes: it must return a graph or an error, never crash or
// hang; a graph it accepts must write canonically and read back to the same content hash.
#include "workflow/workflow_json.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    auto graph = trellis::workflow::readWorkflow(text, QStringLiteral("fuzz.workflow.json"));
    if (!graph) {
        (void)graph.error().toString();
        return 0;
    }
    const QByteArray written = trellis::workflow::writeWorkflow(*graph);
    auto again = trellis::workflow::readWorkflow(written);
    if (!again || trellis::workflow::contentHash(*again) != trellis::workflow::contentHash(*graph)
        || trellis::workflow::writeWorkflow(*again) != written)
        std::abort(); // canonical output must round-trip
    return 0;
}
