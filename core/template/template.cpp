#include "template/template.h"

#include "template/ast.h"
#include "template/parser.h"
#include "template/renderer.h"

#include <new>

namespace trellis::tmpl {

Template::~Template() = default;

std::string excerptWithCaret(std::string_view source, int line, int column) {
    if (line <= 0)
        return {};
    size_t start = 0;
    for (int l = 1; l < line; ++l) {
        const size_t nl = source.find('\n', start);
        if (nl == std::string_view::npos)
            return {};
        start = nl + 1;
    }
    size_t end = source.find('\n', start);
    if (end == std::string_view::npos)
        end = source.size();
    std::string_view text = source.substr(start, end - start);
    if (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    // Keep excerpts short around the caret.
    const QString lineText = QString::fromUtf8(text.data(), qsizetype(text.size()));
    int col = std::max(1, column);
    QString shown = lineText;
    int caret = col - 1;
    if (shown.size() > 120) {
        const int from = std::max(0, caret - 60);
        shown = shown.mid(from, 120);
        caret -= from;
    }
    shown.replace(QLatin1Char('\t'), QLatin1Char(' '));
    caret = std::min<int>(caret, int(shown.size()));
    return "  " + shown.toStdString() + "\n  " + std::string(size_t(caret), ' ') + "^";
}

namespace {

Error makeError(const TemplateException &e, const Template *fallback) {
    const Template *where = e.origin ? static_cast<const Template *>(e.origin) : fallback;
    std::string message = e.message;
    if (where) {
        const std::string excerpt = excerptWithCaret(where->source(), e.line, e.column);
        if (!excerpt.empty())
            message += "\n" + excerpt;
    }
    Error err(QString::fromStdString(message));
    err.at(e.line, e.column);
    if (where)
        err.inFile(where->name());
    return err;
}

} // namespace

Result<std::shared_ptr<const Template>> Template::parseUtf8(std::string source,
                                                            const QString &name) {
    std::shared_ptr<Template> t(new Template());
    t->m_name = name;
    t->m_source = std::move(source);
    try {
        t->m_body = std::make_unique<Body>(parseTemplate(t->m_source));
    } catch (const TemplateException &e) {
        return makeError(e, t.get());
    } catch (const std::bad_alloc &) {
        return Error(QStringLiteral("out of memory while parsing template")).inFile(name);
    }
    return std::shared_ptr<const Template>(std::move(t));
}

Result<std::shared_ptr<const Template>> Template::parse(const QString &source,
                                                        const QString &name) {
    return parseUtf8(source.toStdString(), name);
}

Result<std::string> Template::renderUtf8(const Value &context, const RenderOptions &options) const {
    // The renderer owns included templates; build the error while they are still alive.
    Renderer renderer(options, context, *this);
    try {
        return renderer.render();
    } catch (const TemplateException &e) {
        return makeError(e, this);
    } catch (const std::bad_alloc &) {
        return Error(QStringLiteral("out of memory while rendering template")).inFile(m_name);
    } catch (const std::exception &e) {
        return Error(QString::fromUtf8(e.what())).inFile(m_name);
    }
}

Result<QString> Template::render(const nlohmann::ordered_json &context,
                                 const RenderOptions &options) const {
    auto out = renderUtf8(Value::fromJson(context), options);
    if (!out.ok())
        return out.error();
    return QString::fromStdString(*out);
}

Result<QString> Template::render(const nlohmann::json &context,
                                 const RenderOptions &options) const {
    auto out = renderUtf8(Value::fromJson(context), options);
    if (!out.ok())
        return out.error();
    return QString::fromStdString(*out);
}

} // namespace trellis::tmpl
