#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace trellis::schema {

// The draft 2020-12 meta-schema and its vocabulary meta-schemas, keyed by "$id".
const std::map<std::string, nlohmann::json> &builtinDocuments();

} // namespace trellis::schema
