#pragma once

#include <QByteArray>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace trellis::prompt {

// Writes a JSON value as human-friendly block-style YAML that parseYamlDocument reads back to
// exactly the same value. Multi-line strings, and every string under one of `literalKeys`
// (e.g. "content"), become literal block scalars with the chomping indicator that keeps their
// trailing newlines; strings a block scalar cannot hold exactly (CR, control characters, ...)
// are double-quoted instead. Short lists of scalars are written inline: [a, b].
QByteArray writeYamlDocument(const nlohmann::ordered_json &doc,
                             const std::set<std::string> &literalKeys = {});

} // namespace trellis::prompt
