// Fuzzes compile() + validate() + isValid() over (schema, instance) pairs. The input is split
// at the first NUL byte: schema JSON before it, instance JSON after it (the whole input is
// also tried as a schema that validates itself). Invalid JSON is skipped; everything else
// must neither crash nor hang, and the two validation paths must agree.
#include "schema/json_schema.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

nlohmann::json parse(std::string_view text) {
    // The nlohmann parser is iterative, but destroying a value recurses: keep depth sane.
    int depth = 0;
    for (const char c : text) {
        if (c == '[' || c == '{') {
            if (++depth > 200)
                return nlohmann::json::value_t::discarded;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return nlohmann::json::parse(text, nullptr, false);
}

void check(const nlohmann::json &schema, const nlohmann::json &instance) {
    const auto compiled = trellis::schema::compile(schema);
    if (!compiled)
        return;
    const auto errors = (*compiled)->validate(instance);
    const bool valid = (*compiled)->isValid(instance);
    if (valid != errors.empty())
        std::abort(); // the fast path and the full path disagree
    (void)trellis::schema::formatErrors(errors);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const auto split = input.find('\0');
    if (split == std::string_view::npos) {
        const nlohmann::json schema = parse(input);
        if (!schema.is_discarded())
            check(schema, schema);
        return 0;
    }
    const nlohmann::json schema = parse(input.substr(0, split));
    const nlohmann::json instance = parse(input.substr(split + 1));
    if (!schema.is_discarded() && !instance.is_discarded())
        check(schema, instance);
    return 0;
}
