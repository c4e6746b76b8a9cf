// promptfoo `tests` and `defaultTest` -> experiment rows (promptfoo src/evaluator.ts:
// prepareTestCaseForEval, generateVarCombinations; src/evaluatorHelpers.ts: renderPrompt).
#include "eval/dataset.h"
#include "eval/promptfoo_context.h"
#include "prompt/field_path.h"

#include <QFileInfo>
#include <QSet>

namespace trellis::eval::promptfoo {

namespace {

using prompt::fieldIndex;
using prompt::fieldKey;

// Bounds the rows one config expands to, so a few list vars cannot exhaust memory.
constexpr size_t kMaxRows = 200000;

// defaultTest, translated once and applied to every test.
struct Defaults {
    nlohmann::json vars = nlohmann::json::object();
    std::vector<Assertion> assertions;
    std::optional<double> threshold;
    GradingOptions grading;
};

const QSet<QString> &mediaSuffixes() {
    static const QSet<QString> s{
        QStringLiteral("png"),  QStringLiteral("jpg"),  QStringLiteral("jpeg"),
        QStringLiteral("gif"),  QStringLiteral("bmp"),  QStringLiteral("webp"),
        QStringLiteral("svg"),  QStringLiteral("tif"),  QStringLiteral("tiff"),
        QStringLiteral("ico"),  QStringLiteral("avif"), QStringLiteral("heic"),
        QStringLiteral("pdf"),  QStringLiteral("mp4"),  QStringLiteral("mov"),
        QStringLiteral("webm"), QStringLiteral("mp3"),  QStringLiteral("wav"),
        QStringLiteral("ogg"),  QStringLiteral("m4a")};
    return s;
}

// A file:// var value as promptfoo's renderPrompt loads it: YAML as compact JSON text,
// anything else as trimmed text. Scripts and media cannot be loaded (empty + *reason).
Result<nlohmann::json> loadVarFile(const QString &path, const QString &field, const Origin &origin,
                                   QString *reason) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (isScriptPath(path)) {
        *reason = QStringLiteral("vars computed by scripts cannot run in Trellis (%1)").arg(path);
        return nlohmann::json();
    }
    if (mediaSuffixes().contains(suffix)) {
        *reason = QStringLiteral("image/audio/video/PDF vars are not supported (%1)").arg(path);
        return nlohmann::json();
    }
    if (suffix == u"yaml" || suffix == u"yml") {
        auto doc = origin.ctx->readStructuredFile(path, field);
        if (!doc)
            return doc.error();
        return nlohmann::json(doc->dump());
    }
    auto bytes = origin.ctx->readFile(path, field);
    if (!bytes)
        return bytes.error();
    return nlohmann::json(QString::fromUtf8(*bytes).trimmed().toStdString());
}

// generateVarCombinations: a list of strings or a file:// glob gives one row per value (cross
// product over such vars, first var varying slowest); a list of anything else is one value.
// File values are loaded. A var that cannot be loaded makes the test unsupported (*reason).
Result<std::vector<nlohmann::json>> expandVars(const nlohmann::json &vars, bool expand,
                                               const QString &field, const Origin &origin,
                                               QString *reason) {
    std::vector<nlohmann::json> combos{nlohmann::json::object()};
    for (auto it = vars.begin(); it != vars.end(); ++it) {
        const QString where = fieldKey(field, QString::fromStdString(it.key()));
        std::vector<nlohmann::json> values;
        if (isFileReference(it.value())
            && isScriptPath(stripFileScheme(QString::fromStdString(it.value())))) {
            *reason = QStringLiteral("vars computed by scripts cannot run in Trellis (%1)")
                          .arg(QString::fromStdString(it.value()));
            return std::vector<nlohmann::json>{};
        } else if (isFileReference(it.value())) {
            auto files = origin.ctx->resolveFiles(QString::fromStdString(it.value()), where);
            if (!files)
                return origin.file.isEmpty() ? files.error()
                                             : origin.error(where, files.error().message);
            if (!expand && files->size() > 1)
                return origin.error(where, QStringLiteral("the glob matches several files but "
                                                          "var expansion is disabled"));
            for (const QString &path : *files) {
                auto value = loadVarFile(path, where, origin, reason);
                if (!value)
                    return value.error();
                if (!reason->isEmpty())
                    return std::vector<nlohmann::json>{};
                values.push_back(std::move(*value));
            }
        } else if (expand && it.value().is_array() && !it.value().empty()
                   && it.value().front().is_string()) {
            values.assign(it.value().begin(), it.value().end());
        } else {
            values.push_back(it.value());
        }
        if (values.size() > 1 && combos.size() * values.size() > kMaxRows)
            return origin.error(where, QStringLiteral("the var cross product gives more than %1 "
                                                      "rows")
                                           .arg(kMaxRows));
        std::vector<nlohmann::json> next;
        next.reserve(combos.size() * values.size());
        for (const auto &combo : combos) {
            for (const auto &value : values) {
                nlohmann::json row = combo;
                row[it.key()] = value;
                next.push_back(std::move(row));
            }
        }
        combos = std::move(next);
    }
    return combos;
}

// test.options: the grading ones apply, the ones that change the prompt or the output make the
// test unsupported (*reason), the rest are listed and ignored.
Result<GradingOptions> readOptions(const nlohmann::json &test, const QString &field,
                                   const Origin &origin, GradingOptions grading, bool *expand,
                                   bool *defaultAsserts, QString *reason) {
    if (!test.contains("options"))
        return grading;
    const nlohmann::json &options = test.at("options");
    const QString root = fieldKey(field, QStringLiteral("options"));
    if (!options.is_object())
        return origin.error(root, QStringLiteral("options must be a mapping"));
    for (auto it = options.begin(); it != options.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        const QString where = fieldKey(root, key);
        const nlohmann::json &v = it.value();
        if (key == u"provider") {
            QString why;
            const QString id =
                v.is_string() ? trellisModelId(QString::fromStdString(v.get<std::string>()), &why)
                              : QString();
            if (id.isEmpty())
                origin.ctx->unsupported(
                    origin.where(where),
                    QStringLiteral("judge provider: %1")
                        .arg(v.is_string() ? why : QStringLiteral("write its id")));
            else
                grading.judge = id;
        } else if (key == u"rubricPrompt") {
            if (v.is_string())
                grading.rubricPrompt = QString::fromStdString(v.get<std::string>());
            else
                origin.ctx->unsupported(origin.where(where),
                                        QStringLiteral("a chat-format rubricPrompt is not "
                                                       "supported; write it as text"));
        } else if (key == u"disableVarExpansion") {
            *expand = !v.is_boolean() || !v.get<bool>();
        } else if (key == u"disableDefaultAsserts") {
            *defaultAsserts = !v.is_boolean() || !v.get<bool>();
        } else if (key == u"transform" || key == u"postprocess" || key == u"prefix"
                   || key == u"suffix") {
            if (!(v.is_string() && v.get<std::string>().empty()))
                *reason = QStringLiteral("options.%1 is not supported").arg(key);
        } else if (key != u"runSerially" && key != u"disableConversationVar") {
            origin.ctx->unsupported(
                origin.where(where),
                QStringLiteral("test option '%1' is not supported; ignored").arg(key));
        }
    }
    return grading;
}

// One promptfoo test case (inline or a row of a tests file) -> rows of the experiment.
Status importTestCase(const nlohmann::json &test, const QString &field, const Origin &origin,
                      const Defaults &defaults, std::vector<TestCase> *out) {
    if (!test.is_object())
        return origin.error(field, QStringLiteral("a test is a mapping with vars and assert, "
                                                  "got %1")
                                       .arg(jsonTypeName(test)));
    QString reason;
    for (auto it = test.begin(); it != test.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (key == u"provider" || key == u"providers" || key == u"providerOutput"
            || key == u"prompts" || key == u"assertScoringFunction")
            reason = QStringLiteral("%1 on a test is not supported").arg(key);
        else if (key != u"vars" && key != u"assert" && key != u"description" && key != u"threshold"
                 && key != u"options" && key != u"metadata")
            return origin.error(fieldKey(field, key),
                                QStringLiteral("unknown test field '%1'").arg(key), true);
    }
    bool expand = true;
    bool defaultAsserts = true;
    auto grading =
        readOptions(test, field, origin, defaults.grading, &expand, &defaultAsserts, &reason);
    if (!grading)
        return grading.error();
    TestCase tc;
    if (test.contains("description")) {
        if (!test.at("description").is_string())
            return origin.error(fieldKey(field, QStringLiteral("description")),
                                QStringLiteral("description must be a string"));
        tc.description = QString::fromStdString(test.at("description").get<std::string>());
    }
    if (defaultAsserts)
        tc.test.assertions = defaults.assertions;
    if (test.contains("assert")) {
        auto own = importAssertions(test.at("assert"), fieldKey(field, QStringLiteral("assert")),
                                    origin, *grading);
        if (!own)
            return own.error();
        for (Assertion &a : *own)
            tc.test.assertions.push_back(std::move(a));
    }
    tc.test.threshold = defaults.threshold;
    if (test.contains("threshold") && !test.at("threshold").is_null()) {
        if (!test.at("threshold").is_number())
            return origin.error(fieldKey(field, QStringLiteral("threshold")),
                                QStringLiteral("threshold must be a number"));
        tc.test.threshold = test.at("threshold").get<double>();
    }
    nlohmann::json vars = defaults.vars;
    if (test.contains("vars")) {
        if (!test.at("vars").is_object())
            return origin.error(fieldKey(field, QStringLiteral("vars")),
                                QStringLiteral("vars must be a mapping, got %1")
                                    .arg(jsonTypeName(test.at("vars"))));
        for (auto it = test.at("vars").begin(); it != test.at("vars").end(); ++it)
            vars[it.key()] = it.value();
    }
    if (reason.isEmpty()) {
        auto combos =
            expandVars(vars, expand, fieldKey(field, QStringLiteral("vars")), origin, &reason);
        if (!combos)
            return combos.error();
        if (reason.isEmpty()) {
            if (out->size() + combos->size() > kMaxRows)
                return origin.error(field, QStringLiteral("the config expands to more than %1 "
                                                          "rows")
                                               .arg(kMaxRows));
            for (auto &combo : *combos) {
                TestCase row = tc;
                row.vars = std::move(combo);
                out->push_back(std::move(row));
            }
            return {};
        }
    }
    origin.ctx->unsupported(origin.where(field), reason + QStringLiteral("; the test is left out"));
    return {};
}

// `tests: file://cases.csv` (CSV, JSON, JSONL, YAML; globs allowed).
Status importTestFiles(const QString &reference, const QString &field, const Context &ctx,
                       const Defaults &defaults, std::vector<TestCase> *out) {
    auto files = ctx.resolveDataFiles(reference, field,
                                      QStringLiteral("test generators (JavaScript/Python)"));
    if (!files)
        return files.error();
    for (const QString &path : *files) {
        const auto format = formatFromPath(path);
        if (!format)
            return ctx.error(field, QStringLiteral("%1: tests files are .csv, .json, .jsonl or "
                                                   ".yaml")
                                        .arg(path));
        auto bytes = ctx.readFile(path, field);
        if (!bytes)
            return bytes.error();
        auto data = parseDataset(*bytes, *format);
        if (!data) {
            Error e = data.error();
            return e.inFile(path);
        }
        for (const DatasetRow &row : data->rows) {
            nlohmann::json test = row.test;
            test["vars"] = nlohmann::json::parse(row.vars.dump());
            const Origin origin{&ctx, path, row.line};
            if (Status s = importTestCase(test, QString(), origin, defaults, out); !s)
                return s;
        }
    }
    return {};
}

Status importTestItem(const nlohmann::json &item, const QString &field, const Context &ctx,
                      const Defaults &defaults, std::vector<TestCase> *out) {
    if (item.is_string()) {
        const QString text = QString::fromStdString(item.get<std::string>());
        if (text.startsWith(u"http://") || text.startsWith(u"https://")) {
            ctx.unsupported(field, QStringLiteral("remote test sources (Google Sheets, URLs) "
                                                  "are not supported"));
            return {};
        }
        return importTestFiles(text, field, ctx, defaults, out);
    }
    return importTestCase(item, field, Origin{&ctx, {}, 0}, defaults, out);
}

Result<Defaults> importDefaults(const nlohmann::json &doc, const Context &ctx) {
    Defaults d;
    if (!doc.contains("defaultTest"))
        return d;
    const QString field = QStringLiteral("defaultTest");
    nlohmann::json dt = doc.at("defaultTest");
    if (isFileReference(dt)) {
        auto files = ctx.resolveFiles(QString::fromStdString(dt.get<std::string>()), field);
        if (!files)
            return files.error();
        auto loaded = ctx.readStructuredFile(files->first(), field);
        if (!loaded)
            return loaded.error();
        dt = std::move(*loaded);
    }
    if (!dt.is_object())
        return ctx.error(field, QStringLiteral("defaultTest must be a mapping"));
    bool expand = true;
    bool defaultAsserts = true;
    QString reason;
    const Origin origin{&ctx, {}, 0};
    auto grading = readOptions(dt, field, origin, {}, &expand, &defaultAsserts, &reason);
    if (!grading)
        return grading.error();
    d.grading = *grading;
    if (!reason.isEmpty())
        ctx.unsupported(fieldKey(field, QStringLiteral("options")),
                        reason + QStringLiteral("; ignored for every test"));
    // The other fields read like a test's, with no defaults; vars stay unexpanded (they
    // expand with each test's own vars).
    nlohmann::json probe = nlohmann::json::object();
    for (auto it = dt.begin(); it != dt.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (key == u"provider" || key == u"providers" || key == u"prompts"
            || key == u"assertScoringFunction")
            ctx.unsupported(fieldKey(field, key),
                            QStringLiteral("%1 in defaultTest is not supported; ignored").arg(key));
        else if (key != u"vars" && key != u"options")
            probe[it.key()] = it.value();
    }
    std::vector<TestCase> one;
    Defaults none;
    none.grading = d.grading;
    if (Status s = importTestCase(probe, field, origin, none, &one); !s)
        return s.error();
    if (one.size() == 1) {
        d.assertions = std::move(one.front().test.assertions);
        d.threshold = one.front().test.threshold;
    }
    if (dt.contains("vars")) {
        if (!dt.at("vars").is_object())
            return ctx.error(fieldKey(field, QStringLiteral("vars")),
                             QStringLiteral("vars must be a mapping"));
        d.vars = dt.at("vars");
    }
    return d;
}

} // namespace

Status importTests(const nlohmann::json &doc, ExperimentSpec *spec, const Context &ctx) {
    auto defaults = importDefaults(doc, ctx);
    if (!defaults)
        return defaults.error();
    spec->judgeModel = defaults->grading.judge;
    // The spec's judge covers llm-rubric assertions without their own provider.
    defaults->grading.judge.clear();
    const QString root = QStringLiteral("tests");
    if (!doc.contains("tests") || doc.at("tests").is_null()
        || (doc.at("tests").is_array() && doc.at("tests").empty()))
        return importTestCase(nlohmann::json::object(), root, Origin{&ctx, {}, 0}, *defaults,
                              &spec->tests); // promptfoo runs one test of defaultTest alone
    const nlohmann::json &tests = doc.at("tests");
    if (tests.is_string())
        return importTestItem(tests, root, ctx, *defaults, &spec->tests);
    if (!tests.is_array())
        return ctx.error(root, QStringLiteral("tests must be a list or a file:// reference, got "
                                              "%1")
                                   .arg(jsonTypeName(tests)));
    for (size_t i = 0; i < tests.size(); ++i) {
        if (Status s = importTestItem(tests.at(i), fieldIndex(root, qsizetype(i)), ctx, *defaults,
                                      &spec->tests);
            !s)
            return s;
    }
    return {};
}

} // namespace trellis::eval::promptfoo
