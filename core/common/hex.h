#pragma once

namespace trellis {

// The value of one hexadecimal digit, or -1 for any other character (JSON \u escapes, URI
// percent-encoding, ECMA-262 \x and \u escapes).
constexpr int hexDigitValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace trellis
