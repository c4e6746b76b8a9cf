#include "eval/experiment_spec.h"

#include "prompt/document_checks.h"
#include "prompt/field_path.h"
#include "prompt/json_reader.h"
#include "prompt/yaml_reader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <initializer_list>

namespace trellis::eval {

using nlohmann::json;
using prompt::fieldIndex;
using prompt::fieldKey;

QString variantKindName(VariantKind kind) {
    switch (kind) {
    case VariantKind::StoredPrompt:
        return QStringLiteral("prompt");
    case VariantKind::InlinePrompt:
        return QStringLiteral("messages");
    case VariantKind::Workflow:
        return QStringLiteral("workflow");
    }
    return {};
}

QString VariantSpec::reference() const {
    return ref.isEmpty() ? name : name + u'@' + ref;
}

namespace {

// An experiment file is hand-written configuration; anything bigger is a mistake.
constexpr qsizetype kMaxFileSize = 16 * 1024 * 1024;
constexpr int kMaxRepeats = 10000;
constexpr int kMaxConcurrency = 1024;

// Reads the document model of docs/experiments.md, stopping at the first problem; every check
// names the field path so the reader can turn it into a line and column.
class Decoder {
public:
    explicit Decoder(QString baseDir)
        : m_baseDir(std::move(baseDir)) {}

    Result<ExperimentSpec> decode(const json &doc) {
        ExperimentSpec spec;
        if (Status s = decodeTop(doc, &spec); !s)
            return s.error();
        return spec;
    }

    bool errorAtKey = false;

private:
    static Error fail(const QString &field, const QString &message) {
        return prompt::fieldError(field, message);
    }

    static Status expect(bool ok, const json &value, const QString &field, const char *what) {
        return prompt::expectType(ok, value, field, what);
    }

    static Result<QString> nonEmptyString(const json &value, const QString &field) {
        if (Status s = expect(value.is_string(), value, field, "a string"); !s)
            return s.error();
        const QString text = prompt::jsonString(value).trimmed();
        if (text.isEmpty())
            return fail(field, QStringLiteral("must not be empty"));
        return text;
    }

    Status checkKeys(const json &object, const QString &field,
                     std::initializer_list<const char *> known) {
        Status status = prompt::checkKnownKeys(object, field, known);
        errorAtKey = errorAtKey || !status;
        return status;
    }

    Status decodeTop(const json &doc, ExperimentSpec *spec) {
        if (!doc.is_object())
            return fail(QString(), QStringLiteral("an experiment must be a mapping, got %1")
                                       .arg(prompt::jsonTypeName(doc)));
        if (Status s = checkKeys(doc, QString(),
                                 {"name", "description", "variants", "models", "dataset", "tests",
                                  "defaultTest", "judge", "repeats", "concurrency", "cache",
                                  "passThreshold"});
            !s)
            return s;
        if (!doc.contains("name"))
            return fail(QStringLiteral("name"), QStringLiteral("missing required key 'name'"));
        auto name = nonEmptyString(doc["name"], QStringLiteral("name"));
        if (!name)
            return name.error();
        spec->name = *name;
        if (doc.contains("description")) {
            const json &d = doc["description"];
            if (Status s = expect(d.is_string(), d, QStringLiteral("description"), "a string"); !s)
                return s;
            spec->description = prompt::jsonString(d);
        }
        if (Status s = decodeVariants(doc, spec); !s)
            return s;
        if (Status s = decodeModels(doc, spec); !s)
            return s;
        if (Status s = decodeDataset(doc, spec); !s)
            return s;
        if (Status s = decodeTests(doc, spec); !s)
            return s;
        if (spec->dataset.source == DatasetSource::None && spec->tests.empty())
            return fail(QStringLiteral("tests"),
                        QStringLiteral("an experiment needs rows: a 'dataset' or 'tests'"));
        if (doc.contains("defaultTest")) {
            auto t = decodeTestCase(doc["defaultTest"], QStringLiteral("defaultTest"), true);
            if (!t)
                return t.error();
            spec->defaultTest = std::move(*t);
        }
        if (doc.contains("judge")) {
            auto judge = modelId(doc["judge"], QStringLiteral("judge"));
            if (!judge)
                return judge.error();
            spec->judgeModel = *judge;
        }
        return decodeRunOptions(doc, spec);
    }

    Status decodeRunOptions(const json &doc, ExperimentSpec *spec) {
        if (doc.contains("repeats")) {
            auto n = boundedInt(doc["repeats"], QStringLiteral("repeats"), 1, kMaxRepeats);
            if (!n)
                return n.error();
            spec->repeats = *n;
        }
        if (doc.contains("concurrency")) {
            auto n =
                boundedInt(doc["concurrency"], QStringLiteral("concurrency"), 1, kMaxConcurrency);
            if (!n)
                return n.error();
            spec->concurrency = *n;
        }
        if (doc.contains("cache")) {
            const json &c = doc["cache"];
            if (Status s = expect(c.is_boolean(), c, QStringLiteral("cache"), "true or false"); !s)
                return s;
            spec->cache = c.get<bool>();
        }
        if (doc.contains("passThreshold")) {
            const json &p = doc["passThreshold"];
            const QString field = QStringLiteral("passThreshold");
            if (Status s = expect(p.is_number(), p, field, "a number"); !s)
                return s;
            const double v = p.get<double>();
            if (!(v >= 0.0 && v <= 1.0))
                return fail(field, QStringLiteral("must be between 0 and 1 (a pass rate)"));
            spec->passThreshold = v;
        }
        return {};
    }

    static Result<int> boundedInt(const json &value, const QString &field, int min, int max) {
        if (Status s = expect(value.is_number_integer(), value, field, "an integer"); !s)
            return s.error();
        const qint64 n = value.get<qint64>();
        if (n < min || n > max)
            return fail(field, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
        return static_cast<int>(n);
    }

    static Result<QString> modelId(const json &value, const QString &field) {
        auto id = nonEmptyString(value, field);
        if (!id)
            return id;
        if (!prompt::isModelId(*id))
            return fail(
                field,
                QStringLiteral("'%1' is not a model id of the form provider:model").arg(*id));
        return id;
    }

    Status decodeVariants(const json &doc, ExperimentSpec *spec) {
        const QString field = QStringLiteral("variants");
        if (!doc.contains("variants"))
            return fail(field, QStringLiteral("missing required key 'variants'"));
        const json &list = doc["variants"];
        if (Status s = expect(list.is_array(), list, field, "a list"); !s)
            return s;
        if (list.empty())
            return fail(field, QStringLiteral("needs at least one variant"));
        QSet<QString> labels;
        for (size_t i = 0; i < list.size(); ++i) {
            const QString at = fieldIndex(field, qsizetype(i));
            auto v = decodeVariant(list[i], at);
            if (!v)
                return v.error();
            if (v->label.isEmpty())
                v->label = v->kind == VariantKind::InlinePrompt
                               ? QStringLiteral("variant %1").arg(i + 1)
                               : v->reference();
            if (labels.contains(v->label))
                return fail(fieldKey(at, QStringLiteral("label")),
                            QStringLiteral("two variants are labelled '%1'; give each a unique "
                                           "label")
                                .arg(v->label));
            labels.insert(v->label);
            spec->variants.push_back(std::move(*v));
        }
        return {};
    }

    Result<VariantSpec> decodeVariant(const json &v, const QString &at) {
        VariantSpec variant;
        if (v.is_string()) { // shorthand: a stored prompt reference
            auto r = nonEmptyString(v, at);
            if (!r)
                return r.error();
            splitReference(*r, &variant);
            variant.kind = VariantKind::StoredPrompt;
            return variant;
        }
        if (Status s = expect(v.is_object(), v, at, "a mapping or a prompt name"); !s)
            return s.error();
        if (Status s = checkKeys(v, at, {"label", "prompt", "messages", "workflow"}); !s)
            return s.error();
        if (v.contains("label")) {
            auto label = nonEmptyString(v["label"], fieldKey(at, QStringLiteral("label")));
            if (!label)
                return label.error();
            variant.label = *label;
        }
        const int kinds =
            int(v.contains("prompt")) + int(v.contains("messages")) + int(v.contains("workflow"));
        if (kinds != 1)
            return fail(at, QStringLiteral("a variant needs exactly one of 'prompt', 'messages' "
                                           "or 'workflow'"));
        if (v.contains("messages")) {
            variant.kind = VariantKind::InlinePrompt;
            if (Status s = decodeMessages(v["messages"], fieldKey(at, QStringLiteral("messages")),
                                          &variant.messages);
                !s)
                return s.error();
            return variant;
        }
        const char *key = v.contains("prompt") ? "prompt" : "workflow";
        variant.kind = v.contains("prompt") ? VariantKind::StoredPrompt : VariantKind::Workflow;
        auto r = nonEmptyString(v[key], fieldKey(at, QLatin1String(key)));
        if (!r)
            return r.error();
        splitReference(*r, &variant);
        return variant;
    }

    static void splitReference(const QString &text, VariantSpec *variant) {
        const qsizetype atSign = text.lastIndexOf(u'@');
        variant->name = atSign > 0 ? text.left(atSign) : text;
        variant->ref = atSign > 0 ? text.mid(atSign + 1) : QString();
    }

    static Status decodeMessages(const json &list, const QString &field,
                                 std::vector<prompt::Message> *out) {
        if (list.is_string()) { // shorthand: one user message
            out->push_back({prompt::Role::User, prompt::jsonString(list)});
            return {};
        }
        if (Status s = expect(list.is_array(), list, field, "a list of messages"); !s)
            return s;
        if (list.empty())
            return fail(field, QStringLiteral("needs at least one message"));
        for (size_t i = 0; i < list.size(); ++i) {
            const QString at = fieldIndex(field, qsizetype(i));
            const json &m = list[i];
            if (Status s = expect(m.is_object(), m, at, "a mapping with role and content"); !s)
                return s;
            prompt::Message message;
            const QString roleField = fieldKey(at, QStringLiteral("role"));
            const QString contentField = fieldKey(at, QStringLiteral("content"));
            if (!m.contains("role") || !m.contains("content") || m.size() != 2)
                return fail(at, QStringLiteral("a message has exactly the keys 'role' and "
                                               "'content'"));
            if (Status s = expect(m["role"].is_string(), m["role"], roleField, "a string"); !s)
                return s;
            if (!prompt::parseRole(prompt::jsonString(m["role"]), &message.role))
                return fail(roleField,
                            QStringLiteral("unknown role '%1' (expected system, user or assistant)")
                                .arg(prompt::jsonString(m["role"])));
            if (Status s = expect(m["content"].is_string(), m["content"], contentField, "a string");
                !s)
                return s;
            message.content = prompt::jsonString(m["content"]);
            out->push_back(std::move(message));
        }
        return {};
    }

    Status decodeModels(const json &doc, ExperimentSpec *spec) {
        const QString field = QStringLiteral("models");
        if (!doc.contains("models"))
            return fail(field, QStringLiteral("missing required key 'models'"));
        const json &list = doc["models"];
        if (Status s = expect(list.is_array(), list, field, "a list"); !s)
            return s;
        if (list.empty())
            return fail(field, QStringLiteral("needs at least one model"));
        QSet<QString> labels;
        for (size_t i = 0; i < list.size(); ++i) {
            const QString at = fieldIndex(field, qsizetype(i));
            auto m = decodeModel(list[i], at);
            if (!m)
                return m.error();
            if (labels.contains(m->displayLabel()))
                return fail(at, QStringLiteral("model '%1' is listed twice; give one a 'label'")
                                    .arg(m->displayLabel()));
            labels.insert(m->displayLabel());
            spec->models.push_back(std::move(*m));
        }
        return {};
    }

    Result<ModelSpec> decodeModel(const json &m, const QString &at) {
        ModelSpec model;
        if (m.is_string()) {
            auto id = modelId(m, at);
            if (!id)
                return id.error();
            model.id = *id;
            return model;
        }
        if (Status s = expect(m.is_object(), m, at, "a mapping or a model id"); !s)
            return s.error();
        if (Status s = checkKeys(m, at, {"id", "label", "params"}); !s)
            return s.error();
        if (!m.contains("id"))
            return fail(fieldKey(at, QStringLiteral("id")),
                        QStringLiteral("missing required key 'id'"));
        auto id = modelId(m["id"], fieldKey(at, QStringLiteral("id")));
        if (!id)
            return id.error();
        model.id = *id;
        if (m.contains("label")) {
            auto label = nonEmptyString(m["label"], fieldKey(at, QStringLiteral("label")));
            if (!label)
                return label.error();
            model.label = *label;
        }
        if (m.contains("params")) {
            const json &p = m["params"];
            if (Status s =
                    expect(p.is_object(), p, fieldKey(at, QStringLiteral("params")), "a mapping");
                !s)
                return s.error();
            model.params = p;
        }
        return model;
    }

    Status decodeDataset(const json &doc, ExperimentSpec *spec) {
        if (!doc.contains("dataset"))
            return {};
        const QString field = QStringLiteral("dataset");
        const json &d = doc["dataset"];
        if (d.is_string()) { // shorthand: a stored dataset's name
            auto name = nonEmptyString(d, field);
            if (!name)
                return name.error();
            spec->dataset = {DatasetSource::Stored, *name, {}};
            return {};
        }
        if (Status s = expect(d.is_object(), d, field, "a mapping or a dataset name"); !s)
            return s;
        if (Status s = checkKeys(d, field, {"name", "file"}); !s)
            return s;
        if (d.contains("name") == d.contains("file"))
            return fail(field, QStringLiteral("a dataset needs exactly one of 'name' (stored) or "
                                              "'file' (a CSV, JSONL, JSON or YAML file)"));
        const char *key = d.contains("name") ? "name" : "file";
        auto value = nonEmptyString(d[key], fieldKey(field, QLatin1String(key)));
        if (!value)
            return value.error();
        if (d.contains("name")) {
            spec->dataset = {DatasetSource::Stored, *value, {}};
        } else {
            const QString path = QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(*value));
            spec->dataset = {DatasetSource::File, {}, path};
        }
        return {};
    }

    Status decodeTests(const json &doc, ExperimentSpec *spec) {
        if (!doc.contains("tests"))
            return {};
        const QString field = QStringLiteral("tests");
        const json &list = doc["tests"];
        if (Status s = expect(list.is_array(), list, field, "a list"); !s)
            return s;
        for (size_t i = 0; i < list.size(); ++i) {
            auto t = decodeTestCase(list[i], fieldIndex(field, qsizetype(i)), false);
            if (!t)
                return t.error();
            spec->tests.push_back(std::move(*t));
        }
        return {};
    }

    Result<TestCase> decodeTestCase(const json &t, const QString &at, bool isDefault) {
        TestCase test;
        if (Status s = expect(t.is_object(), t, at, "a mapping"); !s)
            return s.error();
        if (Status s = isDefault ? checkKeys(t, at, {"vars", "assert", "threshold"})
                                 : checkKeys(t, at, {"description", "vars", "assert", "threshold"});
            !s)
            return s.error();
        if (t.contains("description")) {
            const QString field = fieldKey(at, QStringLiteral("description"));
            if (Status s =
                    expect(t["description"].is_string(), t["description"], field, "a string");
                !s)
                return s.error();
            test.description = prompt::jsonString(t["description"]);
        }
        if (t.contains("vars")) {
            const json &vars = t["vars"];
            if (Status s = expect(vars.is_object(), vars, fieldKey(at, QStringLiteral("vars")),
                                  "a mapping");
                !s)
                return s.error();
            test.vars = vars;
        }
        // The grading fields go through the assertion parser, which names fields under `at`.
        json gradingFields = json::object();
        for (const char *key : {"assert", "threshold"})
            if (t.contains(key))
                gradingFields[key] = t[key];
        auto spec = parseTestSpec(gradingFields, at);
        if (!spec)
            return spec.error();
        test.test = std::move(*spec);
        return test;
    }

    QString m_baseDir;
};

Error withFile(Error error, const QString &file) {
    if (!file.isEmpty())
        error.inFile(file);
    return error;
}

bool looksLikeJson(const QByteArray &text, const QString &file) {
    if (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return true;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{';
    }
    return false;
}

} // namespace

Result<ExperimentSpec> experimentFromJson(const json &doc, const QString &baseDir,
                                          bool *errorAtKey) {
    Decoder decoder(baseDir);
    Result<ExperimentSpec> spec = decoder.decode(doc);
    if (errorAtKey)
        *errorAtKey = decoder.errorAtKey;
    return spec;
}

Result<ExperimentSpec> readExperimentFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return withFile(Error(QStringLiteral("cannot open file: %1").arg(file.errorString())),
                        path);
    if (file.size() > kMaxFileSize)
        return withFile(Error(QStringLiteral("file is larger than %1 MiB").arg(kMaxFileSize >> 20)),
                        path);
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return withFile(Error(QStringLiteral("cannot read file: %1").arg(file.errorString())),
                        path);
    return parseExperimentText(bytes, path);
}

Result<ExperimentSpec> parseExperimentText(const QByteArray &bytes,
                                           const QString &fileNameForErrors) {
    if (bytes.size() > kMaxFileSize)
        return withFile(Error(QStringLiteral("file is larger than %1 MiB").arg(kMaxFileSize >> 20)),
                        fileNameForErrors);
    QByteArray text = bytes;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    if (const qsizetype bad = prompt::invalidUtf8Offset(text); bad >= 0) {
        const prompt::SourcePosition pos = prompt::TextIndex(text).position(bad);
        return withFile(
            Error(QStringLiteral("the file is not valid UTF-8")).at(pos.line, pos.column),
            fileNameForErrors);
    }
    prompt::SourceMap map;
    Result<json> doc = looksLikeJson(text, fileNameForErrors)
                           ? prompt::parseJsonDocument(text, &map)
                           : prompt::parseYamlDocument(text, &map);
    if (!doc)
        return withFile(doc.error(), fileNameForErrors);
    const QString baseDir = fileNameForErrors.isEmpty()
                                ? QDir::currentPath()
                                : QFileInfo(fileNameForErrors).absolutePath();
    bool atKey = false;
    Result<ExperimentSpec> spec = experimentFromJson(*doc, baseDir, &atKey);
    if (!spec) {
        Error error = spec.error();
        map.placeError(&error, atKey);
        return withFile(error, fileNameForErrors);
    }
    return spec;
}

namespace {

json assertionToJson(const Assertion &a) {
    json out = {{"type", a.typeName().toStdString()}};
    if (!a.value.is_null())
        out["value"] = a.value;
    if (a.weight != 1.0)
        out["weight"] = a.weight;
    if (a.threshold)
        out["threshold"] = *a.threshold;
    if (!a.metric.isEmpty())
        out["metric"] = a.metric.toStdString();
    if (!a.provider.isEmpty())
        out["provider"] = a.provider.toStdString();
    if (!a.rubricPrompt.isEmpty())
        out["rubricPrompt"] = a.rubricPrompt.toStdString();
    return out;
}

nlohmann::ordered_json testCaseToJson(const TestCase &t) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    if (!t.description.isEmpty())
        out["description"] = t.description.toStdString();
    if (!t.vars.empty())
        out["vars"] = t.vars;
    if (!t.test.assertions.empty()) {
        json list = json::array();
        for (const Assertion &a : t.test.assertions)
            list.push_back(assertionToJson(a));
        out["assert"] = list;
    }
    if (t.test.threshold)
        out["threshold"] = *t.test.threshold;
    return out;
}

nlohmann::ordered_json variantToJson(const VariantSpec &v) {
    nlohmann::ordered_json out = {{"label", v.label.toStdString()}};
    if (v.kind == VariantKind::InlinePrompt) {
        json messages = json::array();
        for (const prompt::Message &m : v.messages)
            messages.push_back({{"role", prompt::roleName(m.role).toStdString()},
                                {"content", m.content.toStdString()}});
        out["messages"] = messages;
    } else {
        out[v.kind == VariantKind::Workflow ? "workflow" : "prompt"] = v.reference().toStdString();
    }
    return out;
}

} // namespace

nlohmann::ordered_json experimentToJson(const ExperimentSpec &spec) {
    nlohmann::ordered_json out = {{"name", spec.name.toStdString()}};
    if (!spec.description.isEmpty())
        out["description"] = spec.description.toStdString();
    out["variants"] = nlohmann::ordered_json::array();
    for (const VariantSpec &v : spec.variants)
        out["variants"].push_back(variantToJson(v));
    out["models"] = nlohmann::ordered_json::array();
    for (const ModelSpec &m : spec.models) {
        nlohmann::ordered_json model = {{"id", m.id.toStdString()}};
        if (!m.label.isEmpty())
            model["label"] = m.label.toStdString();
        if (!m.params.empty())
            model["params"] = m.params;
        out["models"].push_back(model);
    }
    if (spec.dataset.source == DatasetSource::Stored)
        out["dataset"] = {{"name", spec.dataset.name.toStdString()}};
    else if (spec.dataset.source == DatasetSource::File)
        out["dataset"] = {{"file", spec.dataset.path.toStdString()}};
    if (!spec.tests.empty()) {
        out["tests"] = nlohmann::ordered_json::array();
        for (const TestCase &t : spec.tests)
            out["tests"].push_back(testCaseToJson(t));
    }
    if (const auto d = testCaseToJson(spec.defaultTest); !d.empty())
        out["defaultTest"] = d;
    if (!spec.judgeModel.isEmpty())
        out["judge"] = spec.judgeModel.toStdString();
    out["repeats"] = spec.repeats;
    if (spec.concurrency > 0)
        out["concurrency"] = spec.concurrency;
    out["cache"] = spec.cache;
    out["passThreshold"] = spec.passThreshold;
    return out;
}

} // namespace trellis::eval
