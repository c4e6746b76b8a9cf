#include "dryrun_provider.h"

#include "redaction.h"
#include "schema_sampler.h"

#include <QCryptographicHash>
#include <QTimer>

namespace trellis::providers {

bool isDryRunModel(QStringView modelId) {
    return modelId.startsWith(u"dryrun:");
}

namespace {

std::uint64_t requestSeed(const ProviderRequest &r) {
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray::fromStdString(r.normalized().dump()), QCryptographicHash::Sha256);
    std::uint64_t seed = 0;
    for (int i = 0; i < 8; ++i)
        seed = (seed << 8) | std::uint8_t(digest[i]);
    return seed;
}

qint64 approxTokens(const QString &text) {
    return (text.size() + 3) / 4;
}

const char *const kWords[] = {"prompt", "model",  "answer", "token",  "stream",  "latency",
                              "cost",   "cache",  "route",  "retry",  "schema",  "variable",
                              "signal", "output", "budget", "vendor", "context", "sample"};

class DryRunCall final : public ProviderCall {
public:
    DryRunCall(const ProviderRequest &request, const DryRunConfig &config, QObject *parent)
        : ProviderCall(parent)
        , m_answer(DryRunProvider::answerFor(request))
        , m_config(config) {
        m_result.dryRun = true;
        m_result.text = m_answer;
        m_result.model = QStringLiteral("dryrun:") + request.model;
        m_result.finishReason = m_result.rawFinishReason = QStringLiteral("stop");
        m_result.usage = DryRunProvider::usageFor(request, m_answer);
        m_result.headers = {{"x-trellis-dry-run", "1"}};
        m_result.requestJson =
            Redactor::bytes(QByteArray::fromStdString(request.normalized().dump()));
        m_stream = request.stream;
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { step(); });
        m_timer.start(qMax(0, config.latencyMs));
    }

private:
    void step() {
        if (!m_stream) {
            emitDelta(m_answer);
            succeed(m_result);
            return;
        }
        const int n = qMax(1, m_config.chunkChars);
        emitDelta(m_answer.mid(m_pos, n));
        m_pos += n;
        if (m_pos >= m_answer.size()) {
            succeed(m_result);
            return;
        }
        m_timer.start(qMax(0, m_config.chunkDelayMs));
    }

    void abortTransfer() override { m_timer.stop(); }

    QString m_answer;
    DryRunConfig m_config;
    ProviderResult m_result;
    QTimer m_timer;
    qsizetype m_pos = 0;
    bool m_stream = true;
};

class DryRunModelList final : public ModelListCall {
public:
    explicit DryRunModelList(QObject *parent)
        : ModelListCall(parent) {
        QTimer::singleShot(0, this, [this] {
            succeed({{QStringLiteral("echo"), QStringLiteral("Dry run (any name works)"), 0}});
        });
    }

private:
    void abortTransfer() override {}
};

} // namespace

DryRunProvider::DryRunProvider(DryRunConfig config)
    : m_config(config) {}

QString DryRunProvider::answerFor(const ProviderRequest &request) {
    const std::uint64_t seed = requestSeed(request);
    if (!request.outputSchema.is_null())
        return QString::fromStdString(sampleFromSchema(request.outputSchema, seed).dump());
    QString lastUser;
    for (const ChatMessage &m : request.messages) {
        if (m.role == Role::User)
            lastUser = m.content;
    }
    QString text = marker()
                   + QStringLiteral(" Simulated answer from %1 to a %2-character prompt:")
                         .arg(request.model.isEmpty() ? QStringLiteral("dryrun") : request.model)
                         .arg(lastUser.size());
    std::uint64_t state = seed;
    const int words = 12 + int(seed % 16);
    for (int i = 0; i < words; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        text += u' ' + QLatin1String(kWords[(state >> 33) % std::size(kWords)]);
    }
    return text + u'.';
}

Usage DryRunProvider::usageFor(const ProviderRequest &request, const QString &answer) {
    Usage u;
    for (const ChatMessage &m : request.messages)
        u.inputTokens += approxTokens(m.content) + 4; // role and framing overhead
    u.outputTokens = approxTokens(answer);
    u.reported = true;
    return u;
}

ProviderCall *DryRunProvider::start(const ProviderRequest &request, QObject *parent) {
    return new DryRunCall(request, m_config, parent);
}

ModelListCall *DryRunProvider::listModels(int, QObject *parent) {
    return new DryRunModelList(parent);
}

} // namespace trellis::providers
