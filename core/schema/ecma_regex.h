#pragma once

#include "common/result.h"

#include <QRegularExpression>

#include <string>
#include <string_view>

namespace trellis::schema {

// A JSON Schema "pattern" (ECMA-262 syntax) compiled once for PCRE2 via QRegularExpression.
//
// The ECMA constructs PCRE2 reads differently are rewritten first: "$" means end of input
// only, "." excludes all four line terminators, "\uXXXX" / "\u{X}" escapes and "[^]".
// Every pattern carries PCRE2 match and depth limits so a catastrophic pattern gives up
// instead of hanging; a match that hits the limit counts as "does not match".
class EcmaRegex {
public:
    static Result<EcmaRegex> compile(const std::string &pattern);

    // Unanchored search, as ECMA RegExp.prototype.test.
    bool search(std::string_view utf8) const;
    const std::string &source() const { return m_source; }

private:
    std::string m_source;
    QRegularExpression m_regex;
};

// The PCRE2 form of an ECMA pattern (exposed for tests).
std::string translateEcmaPattern(std::string_view pattern);

} // namespace trellis::schema
