// Fuzzes both prompt file readers. Whatever parses must also survive the round trip: writing
// it in either format and reading it back gives an equal spec and the same bytes again.
// The input's two halves are also diffed, as version texts, checking the rows' invariants.
#include "diff/prompt_diff.h"
#include "diff/unified.h"
#include "prompt/prompt_file.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace trellis::prompt;

namespace {

void checkRoundTrip(const PromptSpec &spec) {
    for (Format format : {Format::Yaml, Format::Json}) {
        const QByteArray text = writePromptText(spec, format);
        const trellis::Result<PromptSpec> back = parsePromptText(text, format);
        if (!back.ok()) {
            std::fprintf(stderr, "written %s does not parse: %s\n%s\n",
                         qPrintable(formatName(format)), qPrintable(back.error().toString()),
                         text.constData());
            std::abort();
        }
        if (!(*back == spec) || writePromptText(*back, format) != text) {
            std::fprintf(stderr, "%s round trip changed the spec:\n%s\n",
                         qPrintable(formatName(format)), text.constData());
            std::abort();
        }
    }
}

// Every old and new line appears exactly once, in order; spans lie inside their lines.
void checkTextDiff(const QString &a, const QString &b) {
    using namespace trellis::diff;
    const TextDiff d = diffText(a, b);
    int nextOld = 0;
    int nextNew = 0;
    for (const DiffRow &row : d.rows) {
        if (row.oldLine >= 0 && row.oldLine != nextOld++)
            std::abort();
        if (row.newLine >= 0 && row.newLine != nextNew++)
            std::abort();
        if (row.kind == RowKind::Equal && d.oldLines[row.oldLine] != d.newLines[row.newLine])
            std::abort();
        for (const TextSpan &s : row.oldSpans) {
            if (s.start < 0 || s.length <= 0 || s.start + s.length > d.oldLines[row.oldLine].size())
                std::abort();
        }
        for (const TextSpan &s : row.newSpans) {
            if (s.start < 0 || s.length <= 0 || s.start + s.length > d.newLines[row.newLine].size())
                std::abort();
        }
    }
    if (nextOld != d.oldLines.size() || nextNew != d.newLines.size())
        std::abort();
    if ((a == b) != renderUnified(d).isEmpty())
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (Format format : {Format::Yaml, Format::Json}) {
        const trellis::Result<PromptSpec> spec = parsePromptText(bytes, format);
        if (spec.ok()) {
            checkRoundTrip(*spec);
            if (!trellis::diff::diffPrompts(*spec, *spec).isEmpty())
                std::abort();
            (void)trellis::diff::renderPromptDiff(trellis::diff::diffPrompts(PromptSpec(), *spec));
        } else if (spec.error().message.isEmpty())
            std::abort(); // every error must say something
    }
    const qsizetype half = bytes.size() / 2;
    checkTextDiff(QString::fromUtf8(bytes.left(half)), QString::fromUtf8(bytes.mid(half)));
    return 0;
}
