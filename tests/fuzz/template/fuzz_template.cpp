// libFuzzer target: lex, parse, discover variables and render arbitrary template text with
// tight limits. An include of any name loads the input itself, so include recursion is
// exercised too.
#include "template/template.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace trellis::tmpl;

namespace {

class SelfLoader : public TemplateLoader {
public:
    explicit SelfLoader(QString source)
        : m_source(std::move(source)) {}
    trellis::Result<QString> load(const QString &name) override {
        if (name == QStringLiteral("missing"))
            return trellis::Error(QStringLiteral("not found"));
        return m_source;
    }

private:
    QString m_source;
};

const Value &context() {
    static const Value ctx = Value::fromJson(nlohmann::ordered_json::parse(R"({
        "name": "Ada", "n": 3, "f": 2.5, "ok": true, "none": null,
        "items": [1, "two", 3.0, [4], {"k": "v"}],
        "user": {"name": "Bo", "tags": ["a", "b"], "age": 7},
        "messages": [{"role": "system", "content": "x"}, {"role": "user", "content": "y"}]
    })"));
    return ctx;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string source(reinterpret_cast<const char *>(data), size);
    auto tpl = Template::parseUtf8(source, QStringLiteral("fuzz"));
    if (!tpl.ok())
        return 0;
    (void)(*tpl)->variables();
    SelfLoader loader(QString::fromUtf8(source.data(), qsizetype(source.size())));
    RenderOptions options;
    options.loader = &loader;
    options.limits.maxOutputBytes = 1 << 16;
    options.limits.maxLoopIterations = 20000;
    options.limits.maxRecursionDepth = 12;
    (void)(*tpl)->renderUtf8(context(), options);
    options.strictUndefined = true;
    (void)(*tpl)->renderUtf8(context(), options);
    return 0;
}
