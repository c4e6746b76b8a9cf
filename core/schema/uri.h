#pragma once

#include <string>
#include <string_view>

namespace trellis::schema {

// Just enough RFC 3986 for $id and $ref: resolving a reference against a base and splitting
// off the fragment. Works on plain strings so that URNs, file: URIs and percent escapes in
// fragments survive untouched (QUrl would normalize them).

// Resolves `reference` against `base` (RFC 3986 section 5.2.2, strict parser).
std::string resolveUri(std::string_view base, std::string_view reference);

struct UriParts {
    std::string withoutFragment;
    std::string fragment; // after '#', still percent-encoded
    bool hasFragment = false;
};
UriParts splitFragment(std::string_view uri);

// Decodes %XX escapes; invalid escapes are kept as they are.
std::string percentDecode(std::string_view text);

} // namespace trellis::schema
