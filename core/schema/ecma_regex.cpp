#include "schema/ecma_regex.h"

#include "common/hex.h"

#include <QStringDecoder>

#include <cstdio>
#include <optional>

namespace trellis::schema {

namespace {

// Low enough to bound a catastrophic pattern to milliseconds, high enough for any sane one.
constexpr char limitPrefix[] = "(*LIMIT_MATCH=1000000)(*LIMIT_DEPTH=10000)";

constexpr char ecmaSpaces[] = "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}"
                              "\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

// Reads "\uXXXX" at pattern[i] (pointing at the backslash); returns the code unit.
std::optional<unsigned> readU4(std::string_view pattern, std::size_t i) {
    if (i + 6 > pattern.size() || pattern[i] != '\\' || pattern[i + 1] != 'u')
        return std::nullopt;
    unsigned value = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
        const int digit = hexDigitValue(pattern[k]);
        if (digit < 0)
            return std::nullopt;
        value = value * 16 + static_cast<unsigned>(digit);
    }
    return value;
}

std::string hexEscape(unsigned codePoint) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "\\x{%X}", codePoint);
    return buffer;
}

// Translates a "\u" escape at pattern[i]; appends to out and returns the chars consumed,
// or 0 when it is not a \u escape ECMA would accept.
std::size_t translateUnicodeEscape(std::string_view pattern, std::size_t i, std::string &out) {
    if (i + 2 < pattern.size() && pattern[i + 2] == '{') {
        const auto close = pattern.find('}', i + 3);
        if (close == std::string_view::npos || close == i + 3)
            return 0;
        for (std::size_t k = i + 3; k < close; ++k) {
            if (hexDigitValue(pattern[k]) < 0)
                return 0;
        }
        out += "\\x{" + std::string(pattern.substr(i + 3, close - i - 3)) + '}';
        return close - i + 1;
    }
    const auto high = readU4(pattern, i);
    if (!high)
        return 0;
    if (*high >= 0xD800 && *high <= 0xDBFF) {
        const auto low = readU4(pattern, i + 6);
        if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
            out += hexEscape(0x10000 + ((*high - 0xD800) << 10) + (*low - 0xDC00));
            return 12;
        }
    }
    out += hexEscape(*high);
    return 6;
}

// ECMA spells Unicode properties with long General_Category names ("Letter") and "=" forms;
// PCRE2 10.42 wants the short names and "sc:" / "scx:" for scripts.
std::string pcrePropertyName(std::string name) {
    static const std::pair<const char *, const char *> longNames[] = {
        {"Letter", "L"},
        {"Cased_Letter", "L&"},
        {"Uppercase_Letter", "Lu"},
        {"Lowercase_Letter", "Ll"},
        {"Titlecase_Letter", "Lt"},
        {"Modifier_Letter", "Lm"},
        {"Other_Letter", "Lo"},
        {"Mark", "M"},
        {"Combining_Mark", "M"},
        {"Nonspacing_Mark", "Mn"},
        {"Spacing_Mark", "Mc"},
        {"Enclosing_Mark", "Me"},
        {"Number", "N"},
        {"Decimal_Number", "Nd"},
        {"digit", "Nd"},
        {"Letter_Number", "Nl"},
        {"Other_Number", "No"},
        {"Punctuation", "P"},
        {"punct", "P"},
        {"Connector_Punctuation", "Pc"},
        {"Dash_Punctuation", "Pd"},
        {"Open_Punctuation", "Ps"},
        {"Close_Punctuation", "Pe"},
        {"Initial_Punctuation", "Pi"},
        {"Final_Punctuation", "Pf"},
        {"Other_Punctuation", "Po"},
        {"Symbol", "S"},
        {"Math_Symbol", "Sm"},
        {"Currency_Symbol", "Sc"},
        {"Modifier_Symbol", "Sk"},
        {"Other_Symbol", "So"},
        {"Separator", "Z"},
        {"Space_Separator", "Zs"},
        {"Line_Separator", "Zl"},
        {"Paragraph_Separator", "Zp"},
        {"Other", "C"},
        {"Control", "Cc"},
        {"cntrl", "Cc"},
        {"Format", "Cf"},
        {"Surrogate", "Cs"},
        {"Private_Use", "Co"},
        {"Unassigned", "Cn"}};
    for (const char *prefix : {"General_Category=", "gc="}) {
        if (name.rfind(prefix, 0) == 0)
            name.erase(0, std::string_view(prefix).size());
    }
    for (const auto &[from, to] :
         {std::pair{"Script=", "sc:"}, std::pair{"sc=", "sc:"},
          std::pair{"Script_Extensions=", "scx:"}, std::pair{"scx=", "scx:"}}) {
        if (name.rfind(from, 0) == 0)
            return to + name.substr(std::string_view(from).size());
    }
    for (const auto &[from, to] : longNames) {
        if (name == from)
            return to;
    }
    return name;
}

// Translates "\p{...}" / "\P{...}" at pattern[i]; returns the chars consumed, or 0.
std::size_t translatePropertyEscape(std::string_view pattern, std::size_t i, std::string &out) {
    if (i + 2 >= pattern.size() || pattern[i + 2] != '{')
        return 0;
    const auto close = pattern.find('}', i + 3);
    if (close == std::string_view::npos)
        return 0;
    out += '\\';
    out += pattern[i + 1];
    out += '{' + pcrePropertyName(std::string(pattern.substr(i + 3, close - i - 3))) + '}';
    return close - i + 1;
}

} // namespace

std::string translateEcmaPattern(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size() + 16);
    bool inClass = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            std::size_t used = 0;
            if (pattern[i + 1] == 's' || pattern[i + 1] == 'S') {
                // ECMA \s is Unicode White_Space plus line terminators and BOM; PCRE2's
                // (without UCP, which would also widen \d and \w) is ASCII only.
                const bool negated = pattern[i + 1] == 'S';
                if (inClass && negated)
                    out += "\\S"; // cannot negate a list inside a class; keep PCRE's
                else if (inClass)
                    out += ecmaSpaces;
                else
                    out += std::string(negated ? "[^" : "[") + ecmaSpaces + ']';
                ++i;
                continue;
            }
            if (pattern[i + 1] == 'u')
                used = translateUnicodeEscape(pattern, i, out);
            else if (pattern[i + 1] == 'p' || pattern[i + 1] == 'P')
                used = translatePropertyEscape(pattern, i, out);
            if (used != 0) {
                i += used - 1;
                continue;
            }
            out += c;
            out += pattern[++i];
            continue;
        }
        if (inClass) {
            if (c == ']')
                inClass = false;
            out += c;
            continue;
        }
        if (c == '[') {
            if (pattern.substr(i, 3) == "[^]") {
                out += "[\\s\\S]";
                i += 2;
            } else if (pattern.substr(i, 2) == "[]") {
                out += "(?!)";
                i += 1;
            } else {
                inClass = true;
                out += c;
                // A leading ']' (or '^]') is a literal in PCRE but ends the class in ECMA;
                // ECMA never has it, so escape it to keep the meanings aligned.
                if (i + 1 < pattern.size() && pattern[i + 1] == '^') {
                    out += '^';
                    ++i;
                }
            }
            continue;
        }
        if (c == '$')
            out += "\\z"; // end of input only; PCRE's "$" also matches before a final \n
        else if (c == '.')
            out += "[^\\n\\r\\x{2028}\\x{2029}]";
        else
            out += c;
    }
    return out;
}

Result<EcmaRegex> EcmaRegex::compile(const std::string &pattern) {
    EcmaRegex regex;
    regex.m_source = pattern;
    const QString translated = QString::fromStdString(translateEcmaPattern(pattern));
    regex.m_regex = QRegularExpression(QLatin1String(limitPrefix) + translated);
    if (!regex.m_regex.isValid())
        return Error(QStringLiteral("invalid regular expression '%1': %2")
                         .arg(QString::fromStdString(pattern), regex.m_regex.errorString()));
    regex.m_regex.optimize();
    return regex;
}

bool EcmaRegex::search(std::string_view utf8) const {
    // Not QString::fromUtf8: it drops a leading U+FEFF, which is part of a JSON string.
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless
                                                       | QStringConverter::Flag::ConvertInitialBom);
    const QString subject =
        decoder(QByteArrayView(utf8.data(), static_cast<qsizetype>(utf8.size())));
    return m_regex.match(subject).hasMatch();
}

} // namespace trellis::schema
