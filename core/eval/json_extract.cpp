#include "eval/json_extract.h"

namespace trellis::eval {

namespace {

std::optional<nlohmann::json> parseBytes(const std::string &bytes) {
    nlohmann::json value = nlohmann::json::parse(bytes, nullptr, false);
    if (value.is_discarded())
        return std::nullopt;
    return value;
}

// End (exclusive) of the balanced bracket group starting at `start`, skipping brackets in
// strings; npos when it is never closed.
size_t balancedEnd(const std::string &s, size_t start) {
    int depth = 0;
    bool inString = false;
    for (size_t i = start; i < s.size(); ++i) {
        const char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if ((c == '}' || c == ']') && --depth == 0)
            return i + 1;
    }
    return std::string::npos;
}

} // namespace

std::optional<nlohmann::json> parseJsonText(const QString &text) {
    return parseBytes(text.toStdString());
}

std::optional<nlohmann::json> extractJson(const QString &text) {
    const std::string s = text.toStdString();
    if (auto whole = parseBytes(s); whole && (whole->is_object() || whole->is_array()))
        return whole;
    // Each candidate costs a scan to its closing bracket; a bound keeps hostile text linear-ish.
    int candidates = 0;
    for (size_t i = 0; i < s.size() && candidates < 64; ++i) {
        if (s[i] != '{' && s[i] != '[')
            continue;
        ++candidates;
        const size_t end = balancedEnd(s, i);
        if (end == std::string::npos)
            continue;
        if (auto value = parseBytes(s.substr(i, end - i)))
            return value;
    }
    return std::nullopt;
}

} // namespace trellis::eval
