#include "schema/json_pointer.h"

#include <charconv>

namespace trellis::schema {

std::string escapePointerToken(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (const char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::optional<std::vector<std::string>> parsePointer(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty())
        return tokens;
    if (pointer.front() != '/')
        return std::nullopt;
    std::string current;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            tokens.push_back(std::move(current));
            current.clear();
            continue;
        }
        if (pointer[i] != '~') {
            current += pointer[i];
            continue;
        }
        if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))
            return std::nullopt;
        current += pointer[i + 1] == '0' ? '~' : '/';
        ++i;
    }
    return tokens;
}

namespace {

// Array indices in pointers are decimal without leading zeros (RFC 6901 section 4).
std::optional<std::size_t> arrayIndex(const std::string &token) {
    if (token.empty() || (token.size() > 1 && token.front() == '0'))
        return std::nullopt;
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc() || end != token.data() + token.size())
        return std::nullopt;
    return index;
}

} // namespace

const nlohmann::json *resolvePointer(const nlohmann::json &root, std::string_view pointer) {
    const auto tokens = parsePointer(pointer);
    if (!tokens)
        return nullptr;
    const nlohmann::json *current = &root;
    for (const std::string &token : *tokens) {
        if (current->is_object()) {
            const auto it = current->find(token);
            if (it == current->end())
                return nullptr;
            current = &*it;
        } else if (current->is_array()) {
            const auto index = arrayIndex(token);
            if (!index || *index >= current->size())
                return nullptr;
            current = &(*current)[*index];
        } else {
            return nullptr;
        }
    }
    return current;
}

std::string parentPointer(std::string_view pointer) {
    const auto slash = pointer.rfind('/');
    if (slash == std::string_view::npos)
        return {};
    return std::string(pointer.substr(0, slash));
}

} // namespace trellis::schema
