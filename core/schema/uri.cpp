#include "schema/uri.h"

#include "common/hex.h"

#include <optional>

namespace trellis::schema {

namespace {

struct Components {
    std::optional<std::string> scheme;
    std::optional<std::string> authority;
    std::string path;
    std::optional<std::string> query;
    std::optional<std::string> fragment;
};

// RFC 3986 appendix B, written out by hand.
Components parse(std::string_view uri) {
    Components c;
    const auto hash = uri.find('#');
    if (hash != std::string_view::npos) {
        c.fragment = std::string(uri.substr(hash + 1));
        uri = uri.substr(0, hash);
    }
    const auto question = uri.find('?');
    if (question != std::string_view::npos) {
        c.query = std::string(uri.substr(question + 1));
        uri = uri.substr(0, question);
    }
    const auto colon = uri.find(':');
    const auto firstDelimiter = uri.find('/');
    if (colon != std::string_view::npos && colon > 0
        && (firstDelimiter == std::string_view::npos || colon < firstDelimiter)) {
        c.scheme = std::string(uri.substr(0, colon));
        uri = uri.substr(colon + 1);
    }
    if (uri.substr(0, 2) == "//") {
        uri = uri.substr(2);
        const auto end = uri.find('/');
        c.authority = std::string(uri.substr(0, end));
        uri = end == std::string_view::npos ? std::string_view() : uri.substr(end);
    }
    c.path = std::string(uri);
    return c;
}

// RFC 3986 section 5.2.4.
std::string removeDotSegments(std::string input) {
    std::string output;
    while (!input.empty()) {
        if (input.rfind("../", 0) == 0) {
            input.erase(0, 3);
        } else if (input.rfind("./", 0) == 0) {
            input.erase(0, 2);
        } else if (input.rfind("/./", 0) == 0) {
            input.erase(0, 2);
        } else if (input == "/.") {
            input = "/";
        } else if (input.rfind("/../", 0) == 0 || input == "/..") {
            input = input.size() == 3 ? std::string("/") : input.substr(3);
            const auto slash = output.rfind('/');
            output.erase(slash == std::string::npos ? 0 : slash);
        } else if (input == "." || input == "..") {
            input.clear();
        } else {
            const auto next = input.find('/', input.front() == '/' ? 1 : 0);
            output += input.substr(0, next);
            input.erase(0, next == std::string::npos ? input.size() : next);
        }
    }
    return output;
}

std::string merge(const Components &base, const std::string &path) {
    if (base.authority && base.path.empty())
        return '/' + path;
    const auto slash = base.path.rfind('/');
    if (slash == std::string::npos)
        return path;
    return base.path.substr(0, slash + 1) + path;
}

std::string recompose(const Components &c) {
    std::string out;
    if (c.scheme)
        out += *c.scheme + ':';
    if (c.authority)
        out += "//" + *c.authority;
    out += c.path;
    if (c.query)
        out += '?' + *c.query;
    if (c.fragment)
        out += '#' + *c.fragment;
    return out;
}

} // namespace

std::string resolveUri(std::string_view base, std::string_view reference) {
    const Components r = parse(reference);
    const Components b = parse(base);
    Components t;
    if (r.scheme) {
        t = r;
        t.path = removeDotSegments(r.path);
    } else {
        t.scheme = b.scheme;
        if (r.authority) {
            t.authority = r.authority;
            t.path = removeDotSegments(r.path);
            t.query = r.query;
        } else {
            t.authority = b.authority;
            if (r.path.empty()) {
                t.path = b.path;
                t.query = r.query ? r.query : b.query;
            } else {
                t.path = removeDotSegments(r.path.front() == '/' ? r.path : merge(b, r.path));
                t.query = r.query;
            }
        }
        t.fragment = r.fragment;
    }
    return recompose(t);
}

UriParts splitFragment(std::string_view uri) {
    UriParts parts;
    const auto hash = uri.find('#');
    parts.withoutFragment = std::string(uri.substr(0, hash));
    if (hash != std::string_view::npos) {
        parts.hasFragment = true;
        parts.fragment = std::string(uri.substr(hash + 1));
    }
    return parts;
}

std::string percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hexDigitValue(text[i + 1]) >= 0
            && hexDigitValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexDigitValue(text[i + 1]) * 16 + hexDigitValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace trellis::schema
