// Fuzzes the variables files of `trellis-cli render --vars` and `run --vars`: a JSON object
// turned into template values and rendered. Conversion must keep every value (the only
// intended change: integers above INT64_MAX become floats, as they cannot be ints here), and
// rendering any variables through a template that prints, iterates and serialises them must
// succeed.
#include "template/template.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

using namespace trellis::tmpl;

namespace {

bool hasHugeUnsigned(const nlohmann::ordered_json &j) {
    if (j.is_number_unsigned())
        return j.get<std::uint64_t>() > std::uint64_t(INT64_MAX);
    if (j.is_structured()) {
        for (const auto &item : j)
            if (hasHugeUnsigned(item))
                return true;
    }
    return false;
}

const Template &walker() {
    static const auto tpl = Template::parseUtf8(
        "{{ vars }}\n{% for k, v in vars.items() %}{{ loop.index }} {{ k }}={{ v }} "
        "{{ v | tojson }} {{ v | string | length }}\n{% endfor %}{{ vars | tojson }}",
        QStringLiteral("fuzz_vars"));
    if (!tpl.ok())
        std::abort();
    return **tpl;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *begin = reinterpret_cast<const char *>(data);
    const auto doc = nlohmann::ordered_json::parse(begin, begin + size, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return 0; // the CLI refuses these with an error
    const Value vars = Value::fromJson(doc);
    if (!hasHugeUnsigned(doc) && vars.toJson() != doc) {
        std::fprintf(stderr, "variables changed by the conversion: %s\n", doc.dump().c_str());
        std::abort();
    }
    // `run` reads the same file as unordered JSON.
    (void)Value::fromJson(nlohmann::json::parse(begin, begin + size, nullptr, false));

    RenderOptions options;
    options.limits.maxOutputBytes = 1 << 20;
    auto context = nlohmann::ordered_json::object();
    context["vars"] = doc;
    const auto out = walker().renderUtf8(Value::fromJson(context), options);
    if (!out.ok() && out.error().message.isEmpty())
        std::abort();
    return 0;
}
