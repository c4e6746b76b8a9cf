// promptfoo `prompts` -> inline variants (promptfoo src/prompts: processPrompts).
#include "eval/promptfoo_context.h"
#include "prompt/field_path.h"
#include "prompt/json_reader.h"
#include "prompt/yaml_reader.h"
#include "template/template.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

namespace trellis::eval::promptfoo {

namespace {

using prompt::fieldIndex;
using prompt::fieldKey;

// One prompt before it becomes a variant: its text (a template, or chat JSON) and label.
struct RawPrompt {
    QString where; // field path, or "file.txt" / "file.jsonl:3"
    QString raw;
    QString label;
};

QString firstLine(const QString &text) {
    QString line = text.trimmed().section(u'\n', 0, 0).trimmed();
    if (line.size() > 60)
        line = line.left(57) + QStringLiteral("...");
    return line;
}

// promptfoo's openai/anthropic/ollama providers treat a rendered prompt that is a JSON list of
// {role, content} as chat messages, anything else as one user message. Trellis decides at
// import time, so the list must be JSON already (not produced by the template).
Result<std::vector<prompt::Message>> messagesFromRaw(const QString &raw) {
    const QString trimmed = raw.trimmed();
    // promptfoo's parseChatPrompt also takes a YAML list starting with "- role:".
    const bool yaml = trimmed.startsWith(u"- role:");
    if (!trimmed.startsWith(u'[') && !yaml)
        return std::vector<prompt::Message>{prompt::Message{prompt::Role::User, raw}};
    prompt::SourceMap map;
    auto doc = yaml ? prompt::parseYamlDocument(trimmed.toUtf8(), &map)
                    : prompt::parseJsonDocument(trimmed.toUtf8(), &map);
    if (!doc || !doc->is_array())
        return Error(QStringLiteral("the prompt starts like a chat message list but is not a "
                                    "valid one before rendering (chat JSON built by the "
                                    "template is not supported)%1")
                         .arg(doc ? QString() : QStringLiteral(": ") + doc.error().message));
    std::vector<prompt::Message> out;
    for (size_t i = 0; i < doc->size(); ++i) {
        const auto &m = doc->at(i);
        const QString where = fieldIndex(QStringLiteral("messages"), qsizetype(i));
        if (!m.is_object() || !m.contains("role") || !m.at("role").is_string()
            || !m.contains("content"))
            return Error(
                QStringLiteral("%1: a chat message needs a role and a content").arg(where));
        const QString role = QString::fromStdString(m.at("role").get<std::string>());
        prompt::Message message;
        if (!prompt::parseRole(role, &message.role))
            return Error(QStringLiteral("%1: role '%2' is not supported (system, user, "
                                        "assistant)")
                             .arg(where, role));
        if (!m.at("content").is_string())
            return Error(QStringLiteral("%1: only text content is supported (got %2)")
                             .arg(where, jsonTypeName(m.at("content"))));
        message.content = QString::fromStdString(m.at("content").get<std::string>());
        out.push_back(std::move(message));
    }
    if (out.empty())
        return Error(QStringLiteral("the chat prompt has no messages"));
    return out;
}

// Nunjucks and Jinja2 share {{ }}, {% %}, filters and most statements; what Trellis's engine
// cannot parse (Nunjucks-only filters such as dump, JavaScript method calls) or what reads
// promptfoo's `env` is reported instead of rendering differently.
QString templateProblem(const std::vector<prompt::Message> &messages) {
    for (const prompt::Message &m : messages) {
        auto tpl = tmpl::Template::parse(m.content);
        if (!tpl)
            return QStringLiteral("Trellis's Jinja engine cannot parse this Nunjucks template: "
                                  "%1")
                .arg(tpl.error().message.section(u'\n', 0, 0));
        for (const tmpl::VariableUse &use : (*tpl)->variables()) {
            if (use.name == u"env")
                return QStringLiteral("the template reads promptfoo's `env`, which Trellis "
                                      "does not provide");
        }
    }
    return {};
}

// A .txt prompt file holds several prompts separated by lines that are "---" once trimmed
// (promptfoo's processTxtFile with the default PROMPTFOO_PROMPT_SEPARATOR).
QStringList splitTextPrompts(const QString &text) {
    static const QRegularExpression newline(QStringLiteral("\\r?\\n"));
    QStringList out;
    QStringList buffer;
    auto flush = [&] {
        const QString raw = buffer.join(u'\n').trimmed();
        if (!raw.isEmpty())
            out.append(raw);
        buffer.clear();
    };
    for (const QString &line : text.split(newline)) {
        if (line.trimmed() == u"---")
            flush();
        else
            buffer.append(line);
    }
    flush();
    return out;
}

Status promptsFromFile(const QString &reference, const QString &label, const QString &field,
                       const Context &ctx, std::vector<RawPrompt> *out) {
    auto files = ctx.resolveDataFiles(reference, field,
                                      QStringLiteral("prompt functions (JavaScript/Python files)"));
    if (!files)
        return files.error();
    for (const QString &path : *files) {
        const QString shown = displayPath(path, ctx.baseDir());
        auto bytes = ctx.readFile(path, field);
        if (!bytes)
            return bytes.error();
        const QString suffix = QFileInfo(path).suffix().toLower();
        const QString text = QString::fromUtf8(*bytes);
        auto add = [&](const QString &where, const QString &raw, const QString &fallback) {
            out->push_back(RawPrompt{where, raw, label.isEmpty() ? fallback : label});
        };
        if (suffix == u"json") {
            add(shown, text, shown);
        } else if (suffix == u"jsonl") {
            const QStringList lines = text.split(u'\n');
            for (qsizetype i = 0; i < lines.size(); ++i) {
                if (!lines.at(i).trimmed().isEmpty()) {
                    const QString where = shown + u':' + QString::number(i + 1);
                    add(where, lines.at(i), where);
                }
            }
        } else if (suffix == u"yaml" || suffix == u"yml") {
            auto doc = ctx.readStructuredFile(path, field);
            if (!doc)
                return doc.error();
            add(shown, QString::fromStdString(doc->dump()), shown);
        } else {
            const QStringList parts = suffix == u"txt" ? splitTextPrompts(text) : QStringList{text};
            for (qsizetype i = 0; i < parts.size(); ++i) {
                const QString where =
                    parts.size() > 1 ? shown + u'#' + QString::number(i + 1) : shown;
                add(where, parts.at(i), where);
            }
        }
    }
    return {};
}

Status collectPrompt(const nlohmann::json &item, const QString &field, const Context &ctx,
                     std::vector<RawPrompt> *out) {
    if (item.is_string()) {
        const QString text = QString::fromStdString(item.get<std::string>());
        if (text.startsWith(u"file://"))
            return promptsFromFile(text, QString(), field, ctx, out);
        out->push_back(RawPrompt{field, text, firstLine(text)});
        return {};
    }
    if (!item.is_object())
        return ctx.error(field, QStringLiteral("a prompt is a string, a file:// reference or "
                                               "a mapping with raw/id and label, got %1")
                                    .arg(jsonTypeName(item)));
    static const QSet<QString> known{QStringLiteral("raw"), QStringLiteral("id"),
                                     QStringLiteral("label"), QStringLiteral("config")};
    for (auto it = item.begin(); it != item.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (!known.contains(key))
            return ctx.error(fieldKey(field, key),
                             QStringLiteral("unknown prompt field '%1'").arg(key), true);
        if (key != u"config" && !it.value().is_string())
            return ctx.error(fieldKey(field, key), QStringLiteral("%1 must be a string").arg(key));
    }
    if (item.contains("config")) {
        ctx.unsupported(fieldKey(field, QStringLiteral("config")),
                        QStringLiteral("per-prompt provider config is not supported; the "
                                       "prompt is left out"));
        return {};
    }
    const QString label = QString::fromStdString(item.value("label", std::string()));
    const QString raw = QString::fromStdString(item.value("raw", std::string()));
    const QString id = QString::fromStdString(item.value("id", std::string()));
    if (!raw.isEmpty() || item.contains("raw")) {
        out->push_back(RawPrompt{field, raw, label.isEmpty() ? firstLine(raw) : label});
        return {};
    }
    if (id.startsWith(u"file://"))
        return promptsFromFile(id, label, field, ctx, out);
    return ctx.error(field, QStringLiteral("a prompt mapping needs raw (the text) or id "
                                           "(file://...)"));
}

} // namespace

Result<std::vector<VariantSpec>> importPrompts(const nlohmann::json &prompts, const Context &ctx) {
    const QString root = QStringLiteral("prompts");
    std::vector<RawPrompt> raws;
    if (prompts.is_string()) {
        if (Status s = collectPrompt(prompts, root, ctx, &raws); !s)
            return s.error();
    } else if (prompts.is_array()) {
        for (size_t i = 0; i < prompts.size(); ++i) {
            if (Status s = collectPrompt(prompts.at(i), fieldIndex(root, qsizetype(i)), ctx, &raws);
                !s)
                return s.error();
        }
    } else if (prompts.is_object()) {
        // Legacy form: {file://path: label}.
        for (auto it = prompts.begin(); it != prompts.end(); ++it) {
            const QString field = fieldKey(root, QString::fromStdString(it.key()));
            if (!it.value().is_string())
                return ctx.error(field, QStringLiteral("in the mapping form, each value is the "
                                                       "prompt's label"));
            const nlohmann::json item{{"id", it.key()}, {"label", it.value()}};
            const nlohmann::json inlineItem{{"raw", it.key()}, {"label", it.value()}};
            const bool file = it.key().rfind("file://", 0) == 0;
            if (Status s = collectPrompt(file ? item : inlineItem, field, ctx, &raws); !s)
                return s.error();
        }
    } else {
        return ctx.error(root, QStringLiteral("prompts must be a list, a string or a mapping, "
                                              "got %1")
                                   .arg(jsonTypeName(prompts)));
    }

    std::vector<VariantSpec> variants;
    QSet<QString> labels;
    for (const RawPrompt &raw : raws) {
        auto messages = messagesFromRaw(raw.raw);
        if (!messages) {
            ctx.unsupported(raw.where, messages.error().message);
            continue;
        }
        if (const QString problem = templateProblem(*messages); !problem.isEmpty()) {
            ctx.unsupported(raw.where, problem);
            continue;
        }
        VariantSpec v;
        v.kind = VariantKind::InlinePrompt;
        v.messages = std::move(*messages);
        v.label = raw.label.isEmpty() ? QStringLiteral("prompt") : raw.label;
        const QString base = v.label;
        for (int n = 2; labels.contains(v.label); ++n)
            v.label = base + QStringLiteral(" #") + QString::number(n);
        labels.insert(v.label);
        variants.push_back(std::move(v));
    }
    return variants;
}

} // namespace trellis::eval::promptfoo
