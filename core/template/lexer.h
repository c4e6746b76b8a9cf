#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::tmpl {

// Thrown inside the module only; Template turns it into a trellis::Error with an excerpt.
struct TemplateException {
    std::string message;
    int line = 0;
    int column = 0;
    const void *origin = nullptr; // the Template the position refers to, when known
};

struct Token {
    enum class Type : std::uint8_t {
        Text,
        VarBegin,
        VarEnd,
        BlockBegin,
        BlockEnd,
        Name,
        String,
        Int,
        Float,
        Operator,
        Eof,
    };
    Type type = Type::Eof;
    std::string text; // text data, name, decoded string literal or operator spelling
    std::int64_t intValue = 0;
    double floatValue = 0;
    int line = 1;
    int column = 1;
    // True for a Name/String that follows the previous token without whitespace; unused by
    // the grammar but kept for error messages.
};

// Splits template source into tokens the way Jinja2's lexer does with the default
// delimiters: whitespace control with '-' (and the no-op '+'), raw blocks, comments, and
// bracket balancing so that '}}' inside a dict literal does not end an expression.
std::vector<Token> tokenize(std::string_view source);

} // namespace trellis::tmpl
