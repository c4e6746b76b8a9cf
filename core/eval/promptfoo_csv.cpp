#include "eval/promptfoo_csv.h"

#include <QRegularExpression>
#include <QSet>

namespace trellis::eval {

namespace {

const QSet<QString> &promptfooTypes() {
    static const QSet<QString> types = [] {
        QSet<QString> s;
        for (const char *name : {"answer-relevance",
                                 "bleu",
                                 "character-count",
                                 "classifier",
                                 "contains",
                                 "contains-all",
                                 "contains-any",
                                 "contains-html",
                                 "contains-json",
                                 "contains-sql",
                                 "contains-xml",
                                 "context-faithfulness",
                                 "context-recall",
                                 "context-relevance",
                                 "conversation-relevance",
                                 "cost",
                                 "ends-with",
                                 "equals",
                                 "factuality",
                                 "finish-reason",
                                 "g-eval",
                                 "gleu",
                                 "guardrails",
                                 "icontains",
                                 "icontains-all",
                                 "icontains-any",
                                 "is-html",
                                 "is-json",
                                 "is-refusal",
                                 "is-sql",
                                 "is-valid-function-call",
                                 "is-valid-openai-function-call",
                                 "is-valid-openai-tools-call",
                                 "is-xml",
                                 "javascript",
                                 "json-schema",
                                 "latency",
                                 "length",
                                 "levenshtein",
                                 "llm-rubric",
                                 "meteor",
                                 "model-graded-closedqa",
                                 "model-graded-factuality",
                                 "moderation",
                                 "perplexity",
                                 "perplexity-score",
                                 "pi",
                                 "python",
                                 "regex",
                                 "rouge-n",
                                 "ruby",
                                 "select-best",
                                 "similar",
                                 "starts-with",
                                 "webhook",
                                 "word-count"})
            s.insert(QString::fromLatin1(name));
        return s;
    }();
    return types;
}

bool isListType(const QString &type) {
    return type == u"contains-all" || type == u"contains-any" || type == u"icontains-all"
           || type == u"icontains-any";
}

std::optional<nlohmann::json> legacyScript(const QString &cell) {
    auto script = [](const char *type, const QString &body) {
        return nlohmann::json{{"type", type}, {"value", body.trimmed().toStdString()}};
    };
    for (const char *prefix : {"javascript:", "fn:", "eval:"}) {
        if (cell.startsWith(QLatin1String(prefix)))
            return script("javascript", cell.mid(qsizetype(qstrlen(prefix))));
    }
    for (const char *prefix : {"grade:", "llm-rubric:"}) {
        if (cell.startsWith(QLatin1String(prefix)))
            return nlohmann::json{{"type", "llm-rubric"},
                                  {"value", cell.mid(qsizetype(qstrlen(prefix))).toStdString()}};
    }
    if (cell.startsWith(u"python:"))
        return script("python", cell.mid(7));
    if (cell.startsWith(u"file://")) {
        const QString path = cell.mid(7);
        if (path.endsWith(u".py") || path.contains(u".py:"))
            return script("python", path);
        for (const char *ext : {".js", ".ts"}) {
            if (path.endsWith(QLatin1String(ext))
                || path.contains(QLatin1String(ext) + QLatin1Char(':')))
                return script("javascript", path);
        }
    }
    return std::nullopt;
}

} // namespace

bool isPromptfooAssertionType(const QString &type) {
    return promptfooTypes().contains(type);
}

nlohmann::json assertionFromCsvString(const QString &cell) {
    if (auto legacy = legacyScript(cell))
        return *legacy;
    // [not-]type[(threshold)][:value], the type being one promptfoo knows.
    static const QRegularExpression head(
        QStringLiteral("^(not-)?([a-z0-9-]+)(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::(.*))?$"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = head.match(cell);
    if (!m.hasMatch() || !isPromptfooAssertionType(m.captured(2)))
        return nlohmann::json{{"type", "equals"}, {"value", cell.toStdString()}};
    const QString type = m.captured(2);
    nlohmann::json out{{"type", QString(m.captured(1) + type).toStdString()}};
    if (m.hasCaptured(4)) {
        const QString value = m.captured(4);
        if (isListType(type)) {
            nlohmann::json list = nlohmann::json::array();
            for (const QString &item : value.split(u','))
                list.push_back(item.trimmed().toStdString());
            out["value"] = std::move(list);
        } else {
            out["value"] = value.toStdString();
        }
    }
    if (m.hasCaptured(3))
        out["threshold"] = m.captured(3).toDouble();
    return out;
}

Result<DatasetRow> rowFromCsvRecord(const QStringList &header, const CsvRecord &record) {
    DatasetRow row;
    row.line = record.line;
    nlohmann::json asserts = nlohmann::json::array();
    QString metric;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString &key = header.at(i);
        const QString &value = record.fields.at(i);
        if (key.startsWith(u"__expected")) {
            if (!value.trimmed().isEmpty())
                asserts.push_back(assertionFromCsvString(value));
        } else if (key == u"__description") {
            row.test["description"] = value.toStdString();
        } else if (key == u"__threshold") {
            if (value.trimmed().isEmpty())
                continue;
            bool ok = false;
            const double t = value.trimmed().toDouble(&ok);
            if (!ok)
                return Error(QStringLiteral("__threshold must be a number, got '%1'").arg(value))
                    .at(record.line, record.columns.at(size_t(i)))
                    .forField(key);
            row.test["threshold"] = t;
        } else if (key == u"__metric") {
            metric = value;
        } else if (key == u"__prefix" || key == u"__suffix") {
            row.test["options"][key.mid(2).toStdString()] = value.toStdString();
        } else if (key == u"__providerOutput") {
            row.test["providerOutput"] = value.toStdString();
        } else {
            row.vars[key.toStdString()] = value.toStdString();
        }
    }
    if (!metric.isEmpty()) {
        for (auto &a : asserts)
            a["metric"] = metric.toStdString();
    }
    if (!asserts.empty())
        row.test["assert"] = std::move(asserts);
    return row;
}

} // namespace trellis::eval
