#include "schema/json_value.h"

#include <cmath>
#include <cstdint>
#include <functional>

namespace trellis::schema {

namespace {

using Json = nlohmann::json;

template <typename T>
int sign(T a, T b) {
    return a < b ? -1 : (a > b ? 1 : 0);
}

int compareSignedUnsigned(std::int64_t a, std::uint64_t b) {
    if (a < 0)
        return -1;
    return sign(static_cast<std::uint64_t>(a), b);
}

// Exact comparison of an int64 with a double, without converting the integer to double.
int compareIntDouble(std::int64_t i, double d) {
    constexpr double twoTo63 = 9223372036854775808.0;
    if (d >= twoTo63)
        return -1;
    if (d < -twoTo63)
        return 1;
    const double truncated = std::trunc(d);
    const auto t = static_cast<std::int64_t>(truncated);
    if (i != t)
        return sign(i, t);
    return sign(0.0, d - truncated);
}

int compareUnsignedDouble(std::uint64_t u, double d) {
    constexpr double twoTo64 = 18446744073709551616.0;
    if (d >= twoTo64)
        return -1;
    if (d < 0)
        return 1;
    const double truncated = std::trunc(d);
    const auto t = static_cast<std::uint64_t>(truncated);
    if (u != t)
        return sign(u, t);
    return sign(0.0, d - truncated);
}

} // namespace

int compareNumbers(const Json &a, const Json &b) {
    using V = Json::value_t;
    const V ta = a.type();
    const V tb = b.type();
    if (ta == V::number_float && tb == V::number_float)
        return sign(a.get<double>(), b.get<double>());
    if (ta == V::number_float)
        return -compareNumbers(b, a);
    // a is an integer from here on.
    if (tb == V::number_float) {
        return ta == V::number_unsigned
                   ? compareUnsignedDouble(a.get<std::uint64_t>(), b.get<double>())
                   : compareIntDouble(a.get<std::int64_t>(), b.get<double>());
    }
    if (ta == V::number_unsigned && tb == V::number_unsigned)
        return sign(a.get<std::uint64_t>(), b.get<std::uint64_t>());
    if (ta == V::number_unsigned)
        return -compareSignedUnsigned(b.get<std::int64_t>(), a.get<std::uint64_t>());
    if (tb == V::number_unsigned)
        return compareSignedUnsigned(a.get<std::int64_t>(), b.get<std::uint64_t>());
    return sign(a.get<std::int64_t>(), b.get<std::int64_t>());
}

bool jsonEqual(const Json &a, const Json &b) {
    if (a.is_number() && b.is_number())
        return compareNumbers(a, b) == 0;
    if (a.type() != b.type())
        return false;
    if (a.is_array()) {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!jsonEqual(a[i], b[i]))
                return false;
        }
        return true;
    }
    if (a.is_object()) {
        if (a.size() != b.size())
            return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            const auto other = b.find(it.key());
            if (other == b.end() || !jsonEqual(it.value(), *other))
                return false;
        }
        return true;
    }
    return a == b;
}

std::size_t jsonHash(const Json &value) {
    constexpr std::size_t mix = 0x9e3779b97f4a7c15ULL;
    switch (value.type()) {
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
        // Equal numbers must hash alike whatever their storage: hash the double value,
        // which is equal for equal numbers (unequal ones may collide; that is fine).
        return std::hash<double>{}(value.get<double>() + 0.0);
    }
    case Json::value_t::array: {
        std::size_t h = 0x51;
        for (const Json &item : value)
            h = (h ^ jsonHash(item)) * mix;
        return h;
    }
    case Json::value_t::object: {
        // Order-independent: objects compare by key set.
        std::size_t h = 0x6f;
        for (auto it = value.begin(); it != value.end(); ++it)
            h += std::hash<std::string>{}(it.key()) * 31 + jsonHash(it.value());
        return h;
    }
    default:
        return std::hash<Json>{}(value);
    }
}

bool isIntegerValue(const Json &number) {
    if (number.is_number_integer())
        return true;
    if (!number.is_number_float())
        return false;
    const double d = number.get<double>();
    return std::isfinite(d) && std::trunc(d) == d;
}

bool isMultipleOf(const Json &value, const Json &divisor) {
    if (value.is_number_integer() && divisor.is_number_integer()) {
        if (divisor.is_number_unsigned() || divisor.get<std::int64_t>() > 0) {
            const auto d = divisor.get<std::uint64_t>();
            if (value.is_number_unsigned())
                return value.get<std::uint64_t>() % d == 0;
            const std::int64_t v = value.get<std::int64_t>();
            // |v| as unsigned without overflow for INT64_MIN.
            const std::uint64_t magnitude =
                v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
            return magnitude % d == 0;
        }
    }
    const double v = value.get<double>();
    const double d = divisor.get<double>();
    if (!(d > 0) || !std::isfinite(v))
        return false;
    if (std::trunc(d) == d) {
        // fmod is exact for doubles, so integer divisors need no tolerance at all.
        return std::trunc(v) == v && std::fmod(v, d) == 0.0;
    }
    if (std::trunc(v) == v && std::fmod(1.0, d) == 0.0)
        return true; // d divides 1 (0.5, 0.25...): every integer, however large, is a multiple
    const double quotient = v / d;
    if (!std::isfinite(quotient))
        return false;
    const double nearest = std::round(quotient);
    // Both operands carry a decimal-to-binary rounding error of ~1e-16 relative, so the
    // quotient does too: accept it when it is that close to an integer.
    return std::fabs(quotient - nearest) <= std::fabs(quotient) * 1e-12;
}

std::size_t codePointLength(std::string_view utf8) {
    std::size_t count = 0;
    for (const char c : utf8) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++count;
    }
    return count;
}

const char *jsonTypeName(const Json &value) {
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "boolean";
    case Json::value_t::object:
        return "object";
    case Json::value_t::array:
        return "array";
    case Json::value_t::string:
        return "string";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        return "integer";
    case Json::value_t::number_float:
        return isIntegerValue(value) ? "integer" : "number";
    default:
        return "unknown";
    }
}

} // namespace trellis::schema
