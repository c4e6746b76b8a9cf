// Fuzzes both prompt file readers. Whatever parses must also survive the round trip: writing
// it in either format and reading it back gives an equal spec and the same bytes again.
#include "prompt/prompt_file.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace trellis::prompt;

namespace {

void checkRoundTrip(const PromptSpec &spec)
{
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (Format format : {Format::Yaml, Format::Json}) {
        const trellis::Result<PromptSpec> spec = parsePromptText(bytes, format);
        if (spec.ok())
            checkRoundTrip(*spec);
        else if (spec.error().message.isEmpty())
            std::abort(); // every error must say something
    }
    return 0;
}
