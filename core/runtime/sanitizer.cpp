#include "sanitizer.h"

#include <QRegularExpression>

namespace trellis::runtime {

namespace {

using json = nlohmann::json;

struct CompiledRule {
    InjectionRule rule;
    QRegularExpression pattern;
};

const auto kRuleOptions = QRegularExpression::CaseInsensitiveOption
                          | QRegularExpression::MultilineOption
                          | QRegularExpression::UseUnicodePropertiesOption;

const std::vector<CompiledRule> &compiledRules() {
    static const std::vector<CompiledRule> rules = [] {
        const auto opts = kRuleOptions;
        auto make = [&](const char *id, const char *description, const char *pattern) {
            return CompiledRule{{QLatin1String(id), QLatin1String(description)},
                                QRegularExpression(QLatin1String(pattern), opts)};
        };
        return std::vector<CompiledRule>{
            make(
                "ignore-previous", "asks to ignore, forget or override earlier instructions",
                R"(\b(ignore|disregard|forget|override|skip)\b[^.\n]{0,40}?\b(previous|prior|above|earlier|preceding|all|any|your|the)\b[^.\n]{0,30}?\b(instructions?|prompts?|rules?|directions?|guidelines|context)\b)"),
            make(
                "new-instructions", "announces new or real instructions",
                R"(\b(new|updated|real|actual|revised)\s+(system\s+)?(instructions?|prompt|rules)\s*[:\-])"),
            make(
                "prompt-leak", "asks to reveal the system prompt or hidden instructions",
                R"(\b(reveal|print|show|repeat|output|leak|tell me)\b[^.\n]{0,40}?\b(system\s+prompt|hidden\s+instructions?|initial\s+instructions?|your\s+instructions)\b)"),
            make(
                "role-marker", "contains a chat role marker or special token",
                R"((^\s*(system|assistant|developer)\s*:)|<\|(im_start|im_end|system|endoftext)\|>|\[/?INST\]|<<\/?SYS>>|^\s*#{2,}\s*(system|instruction)s?\b)"),
            make(
                "persona-override", "tries to replace the model's persona or rules",
                R"(\byou\s+are\s+now\b|\bdo\s+anything\s+now\b|\bjailbr(eak|oken)\b|\b(developer|debug|god)\s+mode\b|\bpretend\s+(you\s+are|to\s+be)\b[^.\n]{0,30}?\b(unfiltered|unrestricted|without\s+rules)\b)"),
            make(
                "exfiltration", "asks to send data to a URL or e-mail address",
                R"(\b(send|post|upload|forward|exfiltrate)\b[^.\n]{0,40}?\b(to|at)\b\s+(https?://|[\w.+-]+@[\w-]+\.))"),
        };
    }();
    return rules;
}

// All rules as one alternation: it matches exactly when some rule matches, and one pass over
// a clean value costs a sixth of trying the six rules one by one (each match() call has a
// fixed cost that dominates for the short values most variables hold).
const QRegularExpression &anyRule() {
    static const QRegularExpression any = [] {
        QString alternation;
        for (const CompiledRule &r : compiledRules())
            alternation += (alternation.isEmpty() ? QString() : QStringLiteral("|"))
                           + QStringLiteral("(?:") + r.pattern.pattern() + u')';
        return QRegularExpression(alternation, kRuleOptions);
    }();
    return any;
}

// A necessary condition for any rule to match, checked before the regular expression: every
// rule needs one of these words or characters (see the patterns above). Only for ASCII text,
// where case-insensitive matching is plain ASCII case folding; anything else goes to the
// regular expression (Unicode folds e.g. U+017F to "s"). Most values are short and hold
// none, and this scan costs a fraction of one match() call.
bool mayMatchAnyRule(const QString &text) {
    static const char *const kWords[] = {"ignore", "disregard",   "forget", "override",
                                         "skip",   "instruction", "prompt", "rule",
                                         "now",    "jailbr",      "mode",   "pretend"};
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x80)
            return true;
        if (u == ':' || u == '<' || u == '[' || u == '#' || u == '@')
            return true;
    }
    for (const char *word : kWords)
        if (text.contains(QLatin1String(word), Qt::CaseInsensitive))
            return true;
    return false;
}

QString excerptAround(const QString &text, qsizetype start, qsizetype length) {
    constexpr qsizetype kMax = 80;
    QString out = text.mid(start, std::min(length, kMax)).simplified();
    if (length > kMax)
        out += QStringLiteral("…");
    return out;
}

QString stripFences(QString value, const SanitizePolicy &policy) {
    if (!policy.fenceOpen.isEmpty())
        value.remove(policy.fenceOpen, Qt::CaseInsensitive);
    if (!policy.fenceClose.isEmpty())
        value.remove(policy.fenceClose, Qt::CaseInsensitive);
    return value;
}

void walk(json &value, const QString &path, bool fence, const SanitizePolicy &policy,
          std::vector<InjectionFlag> &flags) {
    if (value.is_string()) {
        const QString text = QString::fromStdString(value.get<std::string>());
        if (policy.detectInjection) {
            auto found = detectInjection(text, path);
            flags.insert(flags.end(), found.begin(), found.end());
            if (fence
                && (text.contains(policy.fenceClose, Qt::CaseInsensitive)
                    || text.contains(policy.fenceOpen, Qt::CaseInsensitive)))
                flags.push_back({path, QStringLiteral("fence-escape"), policy.fenceClose});
        }
        if (fence)
            value = QString(policy.fenceOpen + u'\n' + stripFences(text, policy) + u'\n'
                            + policy.fenceClose)
                        .toStdString();
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            walk(value[i], path + u'[' + QString::number(i) + u']', fence, policy, flags);
    } else if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            walk(it.value(), path + u'.' + QString::fromStdString(it.key()), fence, policy, flags);
    }
}

} // namespace

const std::vector<InjectionRule> &injectionRules() {
    static const std::vector<InjectionRule> rules = [] {
        std::vector<InjectionRule> out;
        for (const CompiledRule &r : compiledRules())
            out.push_back(r.rule);
        out.push_back({QStringLiteral("fence-escape"),
                       QStringLiteral("a fenced value contains the fence delimiters")});
        return out;
    }();
    return rules;
}

std::vector<InjectionFlag> detectInjection(const QString &text, const QString &variable) {
    std::vector<InjectionFlag> out;
    if (!mayMatchAnyRule(text) || !anyRule().match(text).hasMatch())
        return out;
    for (const CompiledRule &r : compiledRules()) {
        const QRegularExpressionMatch m = r.pattern.match(text);
        if (m.hasMatch())
            out.push_back(
                {variable, r.rule.id, excerptAround(text, m.capturedStart(), m.capturedLength())});
    }
    return out;
}

SanitizedVariables sanitizeVariables(const nlohmann::json &variables,
                                     const SanitizePolicy &policy) {
    SanitizedVariables out;
    out.variables = variables.is_object() ? variables : json::object();
    if (!policy.detectInjection && !policy.fenceAll && policy.fencedVariables.isEmpty())
        return out;
    for (auto it = out.variables.begin(); it != out.variables.end(); ++it) {
        const QString name = QString::fromStdString(it.key());
        const bool fence = policy.fenceAll || policy.fencedVariables.contains(name);
        walk(it.value(), name, fence, policy, out.flags);
    }
    return out;
}

} // namespace trellis::runtime
