// Transform nodes: templates, JSON paths, regex extraction, split, join, parse JSON.
#include "node_config.h"
#include "node_util.h"
#include "template/template.h"

#include <QRegularExpression>

namespace trellis::workflow {

using json = nlohmann::json;

namespace {

// "$.a.b[0]", "a.b[0]" or a JSON pointer "/a/b/0" into `value`.
Result<json> extractPath(const json &value, const QString &path) {
    if (path.startsWith(u'/')) {
        try {
            const json::json_pointer ptr(path.toStdString());
            if (!value.contains(ptr))
                return Error(QStringLiteral("nothing at %1").arg(path));
            return value.at(ptr);
        } catch (const json::exception &e) {
            return Error(
                QStringLiteral("bad JSON pointer %1: %2").arg(path, QString::fromUtf8(e.what())));
        }
    }
    static const QRegularExpression step(
        QStringLiteral("\\.?([A-Za-z_][A-Za-z0-9_-]*)|\\[(\\d+)\\]|\\[\"([^\"]*)\"\\]"));
    QString rest = path.startsWith(u'$') ? path.mid(1) : path;
    const json *at = &value;
    qsizetype pos = 0;
    while (pos < rest.size()) {
        const auto m = step.match(rest, pos, QRegularExpression::NormalMatch,
                                  QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch() || m.capturedLength() == 0)
            return Error(QStringLiteral("bad path '%1' at character %2").arg(path).arg(pos + 1));
        pos += m.capturedLength();
        if (!m.captured(2).isEmpty()) {
            const auto index = m.captured(2).toULongLong();
            if (!at->is_array() || index >= at->size())
                return Error(QStringLiteral("nothing at %1 (no element %2)").arg(path).arg(index));
            at = &(*at)[index];
            continue;
        }
        const std::string key =
            (m.captured(1).isEmpty() ? m.captured(3) : m.captured(1)).toStdString();
        if (!at->is_object() || !at->contains(key))
            return Error(QStringLiteral("nothing at %1 (no key '%2')")
                             .arg(path, QString::fromStdString(key)));
        at = &(*at)[key];
    }
    return *at;
}

class TransformRunner : public NodeRunner {
public:
    using NodeRunner::NodeRunner;

    void start() override {
        auto out = compute();
        if (!out) {
            m_env.sink->fail(NodeFailure{out.error().message,
                                         QString::fromStdString(firstInput(*m_env.node)),
                                         configString(m_env.node->config, "op")});
            return;
        }
        m_env.sink->finish(json{{firstOutput(*m_env.node), *out}});
    }

private:
    Result<json> compute() const {
        const json &config = m_env.node->config;
        const QString op = configString(config, "op");
        const json in = mainInput(m_env);
        const QString separator = configString(config, "separator", QStringLiteral("\n"));
        if (op == QStringLiteral("template")) {
            auto t = tmpl::Template::parse(configString(config, "template"), m_env.node->id);
            if (!t)
                return t.error();
            auto text = (*t)->render(m_env.inputs);
            if (!text)
                return text.error();
            return json(text->toStdString());
        }
        if (op == QStringLiteral("jsonpath")) {
            json value = in;
            if (in.is_string()) {
                auto parsed = parseJsonText(valueText(in));
                if (!parsed)
                    return parsed.error();
                value = *parsed;
            }
            return extractPath(value, configString(config, "path"));
        }
        if (op == QStringLiteral("regex"))
            return regex(valueText(in));
        if (op == QStringLiteral("split")) {
            json parts = json::array();
            for (const QString &p : valueText(in).split(separator))
                if (!p.trimmed().isEmpty())
                    parts.push_back(p.trimmed().toStdString());
            return parts;
        }
        if (op == QStringLiteral("join")) {
            if (!in.is_array())
                return Error(QStringLiteral("join needs a list"));
            QStringList parts;
            for (const json &v : in)
                parts << valueText(v);
            return json(parts.join(separator).toStdString());
        }
        if (op == QStringLiteral("parseJson"))
            return parseJsonText(valueText(in));
        return Error(QStringLiteral("unknown op '%1'").arg(op));
    }

    Result<json> regex(const QString &text) const {
        const json &config = m_env.node->config;
        const QRegularExpression re(configString(config, "pattern"));
        const int group = configInt(config, "group", re.captureCount() > 0 ? 1 : 0);
        if (group > re.captureCount())
            return Error(QStringLiteral("the pattern has no group %1").arg(group));
        if (config.value("all", false)) {
            json all = json::array();
            for (auto it = re.globalMatch(text); it.hasNext();)
                all.push_back(it.next().captured(group).toStdString());
            return all;
        }
        const auto m = re.match(text);
        if (!m.hasMatch())
            return Error(QStringLiteral("no match for /%1/").arg(re.pattern()));
        return json(m.captured(group).toStdString());
    }
};

} // namespace

NodeRunner *createTransformRunner(NodeEnv env) {
    return new TransformRunner(std::move(env));
}

} // namespace trellis::workflow
