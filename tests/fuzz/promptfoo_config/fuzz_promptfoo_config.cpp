// Fuzzes the promptfoo config importer (YAML and JSON). file:// references resolve against an
// empty directory, so inputs exercise the reader, not the machine's files. Whatever imports
// must be a usable spec; every error must say something and name the config.
#include "eval/promptfoo_config.h"

#include <QDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace trellis::eval;

namespace {

const QString &configName(bool json) {
    static const QString dir = [] {
        const QString path = QDir::tempPath() + QStringLiteral("/trellis_fuzz_promptfoo");
        QDir().mkpath(path);
        return path;
    }();
    static const QString yaml = dir + QStringLiteral("/promptfooconfig.yaml");
    static const QString jsonName = dir + QStringLiteral("/promptfooconfig.json");
    return json ? jsonName : yaml;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (bool json : {false, true}) {
        const trellis::Result<PromptfooImport> imported =
            importPromptfooText(bytes, configName(json));
        if (imported.ok()) {
            for (const VariantSpec &v : imported->spec.variants) {
                if (v.messages.empty() || v.label.isEmpty())
                    std::abort();
            }
            for (const ModelSpec &m : imported->spec.models) {
                if (!m.id.contains(u':') || !m.params.is_object())
                    std::abort();
            }
            for (const UnsupportedItem &item : imported->unsupported) {
                if (item.reason.isEmpty())
                    std::abort();
            }
        } else if (imported.error().message.isEmpty() || imported.error().file.isEmpty()) {
            std::fprintf(stderr, "error without a message or file: %s\n",
                         qPrintable(imported.error().toString()));
            std::abort();
        }
    }
    return 0;
}
