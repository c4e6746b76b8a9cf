#include "eval/experiment_report.h"

#include <QFileInfo>
#include <QXmlStreamWriter>

namespace trellis::eval {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

namespace {

ordered optionalJson(const std::optional<double> &v) {
    return v ? ordered(*v) : ordered(nullptr);
}

std::string s(const QString &text) {
    return text.toStdString();
}

QString textOf(const json &object, const char *key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return QString::fromStdString(object[key].get<std::string>());
}

QString cellName(const ResultCell &c) {
    const QString description = textOf(c.cell.rowData, "description");
    QString name =
        description.isEmpty() ? QStringLiteral("row %1").arg(c.cell.rowPosition + 1) : description;
    if (c.cell.repeat > 0)
        name += QStringLiteral(" #%1").arg(c.cell.repeat + 1);
    return name;
}

ordered statsJson(const VariantStats &v) {
    return {{"variant", s(v.variant)},
            {"cells", v.cells},
            {"passed", v.passed},
            {"errors", v.errors},
            {"passRate", v.passRate},
            {"meanScore", v.meanScore},
            {"latencyP50", optionalJson(v.latencyP50)},
            {"latencyP95", optionalJson(v.latencyP95)},
            {"meanTtftMs", optionalJson(v.meanTtftMs)},
            {"inputTokens", v.inputTokens},
            {"outputTokens", v.outputTokens},
            {"totalCostUsd", v.totalCostUsd},
            {"cellsWithoutCost", v.cellsWithoutCost},
            {"starRatings", v.starRatings},
            {"meanStars", optionalJson(v.meanStars)},
            {"thumbsUp", v.thumbsUp},
            {"thumbsDown", v.thumbsDown}};
}

ordered comparisonJson(const PairedComparison &c) {
    return {{"a", s(c.variantA)},
            {"b", s(c.variantB)},
            {"pairs", c.pairs},
            {"wins", c.wins},
            {"ties", c.ties},
            {"losses", c.losses},
            {"passRateA", c.passRateA},
            {"passRateB", c.passRateB},
            {"meanScoreDiff", c.meanScoreDiff},
            {"scoreDiffCi", {c.scoreDiffCi.low, c.scoreDiffCi.high}},
            {"signTestP", c.signTestP},
            {"mcnemarP", c.mcnemarP},
            {"preferA", c.preferA},
            {"preferB", c.preferB},
            {"preferTie", c.preferTie},
            {"verdict", s(c.verdict)}};
}

QString csvField(const QString &text) {
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n')
        && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QString number(const json &object, const char *key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_number())
        return {};
    return QString::number(object[key].get<double>(), 'g', 10);
}

} // namespace

std::optional<ReportFormat> reportFormatForPath(const QString &path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"json")
        return ReportFormat::Json;
    if (suffix == u"csv")
        return ReportFormat::Csv;
    if (suffix == u"xml")
        return ReportFormat::JUnit;
    return std::nullopt;
}

QByteArray reportJson(const ExperimentResults &results, const QString &name) {
    ordered doc;
    doc["experiment"] = {{"id", results.experiment.id}, {"name", s(name)}};
    doc["summary"] = {{"graded", results.graded},
                      {"passed", results.passed},
                      {"pending", results.pending},
                      {"passRate", results.passRate}};
    doc["variants"] = ordered::array();
    for (const VariantStats &v : results.stats)
        doc["variants"].push_back(statsJson(v));
    doc["comparisons"] = ordered::array();
    for (const PairedComparison &c : results.comparisons)
        doc["comparisons"].push_back(comparisonJson(c));
    doc["cells"] = ordered::array();
    for (const ResultCell &c : results.cells)
        doc["cells"].push_back({{"id", c.cell.id},
                                {"column", s(c.column)},
                                {"variant", s(c.cell.variant)},
                                {"model", s(c.cell.model)},
                                {"row", c.cell.rowPosition},
                                {"repeat", c.cell.repeat},
                                {"vars", c.cell.rowData.value("vars", json::object())},
                                {"status", s(c.cell.status)},
                                {"result", c.cell.result}});
    return QByteArray::fromStdString(doc.dump(2, ' ', false, ordered::error_handler_t::replace))
           + '\n';
}

QByteArray reportCsv(const ExperimentResults &results) {
    QString out = QStringLiteral("column,variant,model,row,repeat,description,status,pass,score,"
                                 "latency_ms,ttft_ms,cost_usd,input_tokens,output_tokens,output,"
                                 "reason\r\n");
    for (const ResultCell &c : results.cells) {
        const json &r = c.cell.result;
        const bool graded = c.cell.graded();
        QStringList fields{
            csvField(c.column),
            csvField(c.cell.variant),
            csvField(c.cell.model),
            QString::number(c.cell.rowPosition + 1),
            QString::number(c.cell.repeat + 1),
            csvField(textOf(c.cell.rowData, "description")),
            c.cell.status,
            graded ? (r.value("pass", false) ? QStringLiteral("true") : QStringLiteral("false"))
                   : QString(),
            number(r, "score"),
            number(r, "latencyMs"),
            number(r, "ttftMs"),
            number(r, "costUsd"),
            number(r, "inputTokens"),
            number(r, "outputTokens"),
            csvField(textOf(r, "output")),
            csvField(textOf(r, "reason"))};
        out += fields.join(u',') + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray reportJUnit(const ExperimentResults &results, const QString &name) {
    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), name);
    for (const QString &column : results.columns) {
        int tests = 0, failures = 0, errors = 0, skipped = 0;
        double seconds = 0;
        for (const ResultCell &c : results.cells) {
            if (c.column != column)
                continue;
            ++tests;
            const json &r = c.cell.result;
            if (!c.cell.graded())
                ++skipped;
            else if (r.value("errored", false))
                ++errors;
            else if (!r.value("pass", false))
                ++failures;
            if (r.is_object() && r.contains("latencyMs") && r["latencyMs"].is_number())
                seconds += r["latencyMs"].get<double>() / 1000.0;
        }
        xml.writeStartElement(QStringLiteral("testsuite"));
        xml.writeAttribute(QStringLiteral("name"), column);
        xml.writeAttribute(QStringLiteral("tests"), QString::number(tests));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
        xml.writeAttribute(QStringLiteral("errors"), QString::number(errors));
        xml.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
        xml.writeAttribute(QStringLiteral("time"), QString::number(seconds, 'f', 3));
        for (const ResultCell &c : results.cells) {
            if (c.column != column)
                continue;
            const json &r = c.cell.result;
            xml.writeStartElement(QStringLiteral("testcase"));
            xml.writeAttribute(QStringLiteral("classname"), column);
            xml.writeAttribute(QStringLiteral("name"), cellName(c));
            xml.writeAttribute(QStringLiteral("time"),
                               QString::number(r.value("latencyMs", 0.0) / 1000.0, 'f', 3));
            if (!c.cell.graded()) {
                xml.writeEmptyElement(QStringLiteral("skipped"));
            } else if (r.value("errored", false) || !r.value("pass", false)) {
                const bool errored = r.value("errored", false);
                xml.writeStartElement(errored ? QStringLiteral("error")
                                              : QStringLiteral("failure"));
                xml.writeAttribute(QStringLiteral("message"), textOf(r, "reason"));
                xml.writeCharacters(textOf(r, errored ? "error" : "output"));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return bytes;
}

QString summaryText(const ExperimentResults &results) {
    auto ms = [](const std::optional<double> &v) -> QString {
        return v ? QString::number(*v, 'f', 0) : QStringLiteral("-");
    };
    qsizetype width = 7;
    for (const VariantStats &v : results.stats)
        width = std::max(width, v.variant.size());
    QString out = QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9\n")
                      .arg(QStringLiteral("variant"), -int(width))
                      .arg(QStringLiteral("cells"), 5)
                      .arg(QStringLiteral("pass"), 6)
                      .arg(QStringLiteral("score"), 5)
                      .arg(QStringLiteral("p50 ms"), 7)
                      .arg(QStringLiteral("p95 ms"), 7)
                      .arg(QStringLiteral("ttft ms"), 7)
                      .arg(QStringLiteral("tokens"), 9)
                      .arg(QStringLiteral("cost $"), 9);
    for (const VariantStats &v : results.stats) {
        QString cost = QString::number(v.totalCostUsd, 'f', 4);
        if (v.cellsWithoutCost > 0)
            cost = (v.cellsWithoutCost == v.cells ? QStringLiteral("-") : u'>' + cost);
        out += QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9\n")
                   .arg(v.variant, -int(width))
                   .arg(v.cells, 5)
                   .arg(QString::number(v.passRate * 100, 'f', 1) + u'%', 6)
                   .arg(v.meanScore, 5, 'f', 2)
                   .arg(ms(v.latencyP50), 7)
                   .arg(ms(v.latencyP95), 7)
                   .arg(ms(v.meanTtftMs), 7)
                   .arg(v.inputTokens + v.outputTokens, 9)
                   .arg(cost, 9);
        if (v.starRatings > 0 || v.thumbsUp > 0 || v.thumbsDown > 0)
            out +=
                QStringLiteral("  feedback: %1 up, %2 down, %3 star ratings (mean %4)\n")
                    .arg(v.thumbsUp)
                    .arg(v.thumbsDown)
                    .arg(v.starRatings)
                    .arg(v.meanStars ? QString::number(*v.meanStars, 'f', 1) : QStringLiteral("-"));
    }
    for (const PairedComparison &c : results.comparisons)
        out += QStringLiteral("%1 vs %2: %3 (%4 pairs: %5 wins, %6 ties, %7 losses for %2; "
                              "score diff %8 [%9, %10])\n")
                   .arg(c.variantA, c.variantB, c.verdict)
                   .arg(c.pairs)
                   .arg(c.wins)
                   .arg(c.ties)
                   .arg(c.losses)
                   .arg(c.meanScoreDiff, 0, 'f', 3)
                   .arg(c.scoreDiffCi.low, 0, 'f', 3)
                   .arg(c.scoreDiffCi.high, 0, 'f', 3);
    out += QStringLiteral("%1 of %2 cells passed (%3%)")
               .arg(results.passed)
               .arg(results.graded)
               .arg(results.passRate * 100, 0, 'f', 1);
    if (results.pending > 0)
        out += QStringLiteral(", %1 not run").arg(results.pending);
    return out + u'\n';
}

} // namespace trellis::eval
