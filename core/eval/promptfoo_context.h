#pragma once

// Internal to the promptfoo importer (promptfoo_config.cpp and its parts): where the config
// lives, how to place errors in it, how to resolve file:// references, and the list of items
// that cannot run.
#include "common/result.h"
#include "eval/promptfoo_config.h"
#include "prompt/source_map.h"

#include <QByteArray>
#include <QDir>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace trellis::eval::promptfoo {

class Context {
public:
    Context(QString fileForErrors, QDir baseDir, const prompt::SourceMap *map,
            QList<UnsupportedItem> *unsupported);

    // An error about `field` of the config, placed at its FILE:LINE:COL.
    Error error(const QString &field, const QString &message, bool atKey = false) const;
    // Lists something that cannot run; never skipped silently.
    void unsupported(const QString &where, const QString &reason) const;

    const QDir &baseDir() const { return m_baseDir; }
    const QString &file() const { return m_file; }

    // "file://a/*.csv" (or a bare path) -> existing absolute file paths, sorted. Relative paths
    // resolve against the config's directory; *, ?, ** and {a,b} are globs as in promptfoo.
    // No match is an error naming `field`.
    Result<QStringList> resolveFiles(const QString &reference, const QString &field) const;
    // resolveFiles for data (prompts, tests): a script reference, which promptfoo would run,
    // is listed as unsupported ("<what> cannot run in Trellis") and gives no files.
    Result<QStringList> resolveDataFiles(const QString &reference, const QString &field,
                                         const QString &what) const;
    // Reads one file; errors name `field` of the config.
    Result<QByteArray> readFile(const QString &absolutePath, const QString &field) const;
    // Reads a YAML or JSON file (by extension) into JSON; errors name the file's line/col.
    Result<nlohmann::json> readStructuredFile(const QString &absolutePath,
                                              const QString &field) const;

private:
    QString m_file;
    QDir m_baseDir;
    const prompt::SourceMap *m_map;
    QList<UnsupportedItem> *m_unsupported;
};

// YAML or JSON text (a UTF-8 byte order mark is skipped) into JSON, positions into *map.
Result<nlohmann::json> parseStructuredText(const QByteArray &bytes, bool json,
                                           prompt::SourceMap *map);

// "file://x" -> "x"; anything else unchanged.
QString stripFileScheme(const QString &reference);
bool isFileReference(const nlohmann::json &value);
// A script promptfoo would execute (.js, .cjs, .mjs, .ts, .py, optionally with ":function").
bool isScriptPath(const QString &path);
// JSON type names for messages: "a string", "a list", ...
QString jsonTypeName(const nlohmann::json &value);
QString displayPath(const QString &absolutePath, const QDir &baseDir);

// Where a test came from: the config itself (errors placed through its source map) or a row
// of a tests file (errors name that file and the row's line).
struct Origin {
    const Context *ctx = nullptr;
    QString file; // absolute; empty = the config
    int line = 0;

    Error error(const QString &field, const QString &message, bool atKey = false) const;
    // A field as an UnsupportedItem::where: "tests[3].assert[1]" or "cases.csv:7 assert[1]".
    QString where(const QString &field) const;
};

// Test options that apply to its llm-rubric assertions (promptfoo test.options).
struct GradingOptions {
    QString judge;        // Trellis model id; empty = the experiment's judge
    QString rubricPrompt; // empty = Trellis's default judge prompt
};

// promptfoo provider id -> Trellis "provider:model"; empty with *reason when it cannot run.
QString trellisModelId(const QString &promptfooId, QString *reason);

// A test's `assert` list -> the assertions Trellis runs; the others are listed as
// unsupported (scripts, unknown types, transforms). Bad values are errors.
Result<std::vector<Assertion>> importAssertions(const nlohmann::json &list, const QString &field,
                                                const Origin &origin,
                                                const GradingOptions &options);

// Parts of importPromptfooConfig (promptfoo_prompts.cpp, promptfoo_providers.cpp,
// promptfoo_tests.cpp). Each adds what cannot run to the context's unsupported list.
Result<std::vector<VariantSpec>> importPrompts(const nlohmann::json &prompts, const Context &ctx);
Result<std::vector<ModelSpec>> importProviders(const nlohmann::json &providers, const Context &ctx);
// tests + defaultTest -> spec->tests (vars expanded, defaultTest vars merged in) and
// spec->defaultTest (its assertions and threshold) / spec->judgeModel.
Status importTests(const nlohmann::json &doc, ExperimentSpec *spec, const Context &ctx);

} // namespace trellis::eval::promptfoo
