#pragma once

#include "run_types.h"

#include <QHash>

#include <memory>

namespace trellis::schema {
class CompiledSchema;
}

namespace trellis::runtime {

// Checks an answer against a prompt's output schema. The answer may be wrapped in a Markdown
// code fence (```json ... ```), as models often do; the fence is not part of the value.
// Compiled schemas are kept by their canonical text, so a prompt's schema compiles once.
class OutputValidator {
public:
    ValidationResult validate(const QString &text, const nlohmann::json &schema);

private:
    QHash<QString, std::shared_ptr<const schema::CompiledSchema>> m_compiled;
};

// The JSON inside a ```json fence, or the trimmed text when there is no fence.
QString stripCodeFence(const QString &text);

} // namespace trellis::runtime
