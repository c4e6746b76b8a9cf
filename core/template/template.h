#pragma once

#include "common/result.h"
#include "template/value.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace trellis::tmpl {

struct Stmt;

// Supplies other templates of the project by name, for {% include %}, {% import %} and
// {% from ... import %}. Implementations must be safe to call from the rendering thread.
class TemplateLoader {
public:
    virtual ~TemplateLoader() = default;
    virtual Result<QString> load(const QString &name) = 0;
};

struct RenderLimits {
    std::int64_t maxOutputBytes = 16 * 1024 * 1024; // also bounds any single string value
    std::int64_t maxLoopIterations = 1000000;       // summed over all loops of one render
    int maxRecursionDepth = 64;                     // macro calls, includes, recursive loops
};

struct RenderOptions {
    // Jinja2's StrictUndefined: using an undefined value in any way but `is defined` or
    // `default` is an error. Off: undefined values print as nothing, as in Jinja2.
    bool strictUndefined = false;
    RenderLimits limits;
    TemplateLoader *loader = nullptr; // not owned; null disables include/import
};

// How a template reads one context variable, for the GUI's variable form.
struct VariableUse {
    QString name;
    bool plain = false;         // printed or used as a value
    bool iterated = false;      // {% for x in name %}
    bool mapping = false;       // name['key'], name.items(), name|dictsort ...
    QStringList attributes;     // name.attr / name['attr'], first-use order
    QStringList itemAttributes; // attributes read from the items when iterated
    int line = 0;               // first use
    int column = 0;
};

// A parsed template: immutable after parse(), so one instance can be rendered by many
// threads at once.
class Template {
public:
    static Result<std::shared_ptr<const Template>> parse(const QString &source,
                                                         const QString &name = {});
    static Result<std::shared_ptr<const Template>> parseUtf8(std::string source,
                                                             const QString &name = {});

    // Context objects keep their key order (ordered_json); nlohmann::json sorts keys, so
    // dicts iterate in sorted order when given that way.
    Result<QString> render(const nlohmann::ordered_json &context,
                           const RenderOptions &options = {}) const;
    Result<QString> render(const nlohmann::json &context, const RenderOptions &options = {}) const;
    // Fast path: a context converted once with Value::fromJson, UTF-8 output.
    Result<std::string> renderUtf8(const Value &context, const RenderOptions &options = {}) const;

    std::vector<VariableUse> variables() const;

    const QString &name() const { return m_name; }
    const std::string &source() const { return m_source; }
    const std::vector<std::unique_ptr<Stmt>> &body() const { return *m_body; }

    ~Template();

private:
    Template() = default;
    QString m_name;
    std::string m_source;
    std::unique_ptr<std::vector<std::unique_ptr<Stmt>>> m_body;
};

// "  line text\n     ^" for the 1-based line/column of `source`; empty when out of range.
std::string excerptWithCaret(std::string_view source, int line, int column);

} // namespace trellis::tmpl
