// Fuzzes the four dataset readers (CSV, JSONL, JSON, YAML) and the promptfoo __expected cell
// syntax. Whatever parses must hash, and every error must say something.
#include "eval/dataset.h"
#include "eval/json_extract.h"
#include "eval/judge.h"
#include "eval/promptfoo_csv.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace trellis::eval;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (DatasetFormat format :
         {DatasetFormat::Csv, DatasetFormat::Jsonl, DatasetFormat::Json, DatasetFormat::Yaml}) {
        const trellis::Result<ParsedDataset> parsed = parseDataset(bytes, format);
        if (parsed.ok()) {
            if (datasetHash(*parsed).size() != 64)
                std::abort();
            for (const DatasetRow &row : parsed->rows) {
                if (!row.vars.is_object() || !row.test.is_object())
                    std::abort();
            }
        } else if (parsed.error().message.isEmpty()) {
            std::fprintf(stderr, "empty error message\n");
            std::abort();
        }
    }
    const QString text = QString::fromUtf8(bytes);
    const nlohmann::json assertion = assertionFromCsvString(text);
    if (!assertion.contains("type"))
        std::abort();
    (void)extractJson(text);
    (void)parseJudgeVerdict(text);
    return 0;
}
