// Fuzzes the Trellis experiment file reader (YAML and JSON). Whatever parses must be a usable
// spec (variants with labels, models with ids, rows, repeats >= 1) and survive the document
// round trip; every error must say something and name the file.
#include "eval/experiment_spec.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace trellis::eval;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QString &name :
         {QStringLiteral("/fuzz/exp.yaml"), QStringLiteral("/fuzz/exp.json")}) {
        const trellis::Result<ExperimentSpec> spec = parseExperimentText(bytes, name);
        if (!spec.ok()) {
            if (spec.error().message.isEmpty() || spec.error().file != name) {
                std::fprintf(stderr, "bad error: %s\n", qPrintable(spec.error().toString()));
                std::abort();
            }
            continue;
        }
        if (spec->variants.empty() || spec->models.empty() || spec->repeats < 1
            || (spec->tests.empty() && spec->dataset.source == DatasetSource::None))
            std::abort();
        for (const VariantSpec &v : spec->variants)
            if (v.label.isEmpty() || (v.kind == VariantKind::InlinePrompt && v.messages.empty()))
                std::abort();
        const auto doc = nlohmann::json::parse(experimentToJson(*spec).dump());
        if (!experimentFromJson(doc, QStringLiteral("/fuzz")).ok())
            std::abort();
    }
    return 0;
}
