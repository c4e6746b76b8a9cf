#include "rate_limiter.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace trellis::runtime {

namespace {
constexpr qint64 kMaxPauseMs = 60000;
constexpr qint64 kDefaultPauseMs = 1000;
} // namespace

struct RateLimiter::Lane {
    QString key;
    LaneLimits limits;
    TokenBucket requests;
    TokenBucket tokens;
    int inFlight = 0;
    double effective = 0; // current concurrency limit; <=0 unlimited
    qint64 pausedUntil = 0;
    std::map<std::pair<int, qint64>, Waiter> queue;
    QTimer *wake = nullptr;
    qint64 wakeAt = -1;
    bool pumping = false;
    bool again = false;
};

RateLimiter::RateLimiter(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock) {}

RateLimiter::~RateLimiter() = default;

void RateLimiter::setLimits(const QString &key, const LaneLimits &limits) {
    Lane &l = lane(key);
    const qint64 now = m_clock->nowMs();
    l.limits = limits;
    const double burstReq = limits.burstRequests > 0
                                ? limits.burstRequests
                                : std::max(1.0, std::floor(limits.requestsPerMinute / 60.0));
    const double burstTok =
        limits.burstTokens > 0 ? limits.burstTokens : std::max(1.0, limits.tokensPerMinute / 6.0);
    l.requests = TokenBucket(limits.requestsPerMinute, burstReq, now);
    l.tokens = TokenBucket(limits.tokensPerMinute, burstTok, now);
    l.effective = limits.maxConcurrent;
    pump(l);
}

LaneLimits RateLimiter::limitsFor(const QString &key) const {
    const Lane *l = findLane(key);
    return l ? l->limits : m_defaults;
}

RateLimiter::Lane &RateLimiter::lane(const QString &key) {
    auto it = m_lanes.find(key);
    if (it != m_lanes.end())
        return *it->second;
    auto created = std::make_unique<Lane>();
    created->key = key;
    Lane &l = *created;
    m_lanes.emplace(key, std::move(created));
    setLimits(key, m_defaults);
    return l;
}

const RateLimiter::Lane *RateLimiter::findLane(const QString &key) const {
    auto it = m_lanes.find(key);
    return it == m_lanes.end() ? nullptr : it->second.get();
}

RateLimiter::Ticket RateLimiter::acquire(const QString &key, double tokens, int priority,
                                         std::function<void()> onGranted) {
    Lane &l = lane(key);
    const Ticket ticket = m_nextTicket++;
    const auto queueKey = std::make_pair(-priority, ticket);
    l.queue.emplace(queueKey, Waiter{ticket, tokens, std::move(onGranted)});
    m_tickets.insert(ticket, TicketInfo{&l, queueKey, tokens, false});
    pump(l);
    return ticket;
}

void RateLimiter::cancel(Ticket ticket) {
    auto it = m_tickets.find(ticket);
    if (it == m_tickets.end())
        return;
    if (it->granted) {
        release(ticket);
        return;
    }
    Lane *l = it->lane;
    l->queue.erase(it->queueKey);
    m_tickets.erase(it);
    pump(*l);
}

void RateLimiter::release(Ticket ticket, double actualTokens) {
    auto it = m_tickets.find(ticket);
    if (it == m_tickets.end() || !it->granted)
        return;
    Lane *l = it->lane;
    if (actualTokens >= 0)
        l->tokens.giveBack(it->tokens - actualTokens, m_clock->nowMs());
    m_tickets.erase(it);
    --l->inFlight;
    pump(*l);
}

void RateLimiter::pause(Lane &l, qint64 untilMs) {
    l.pausedUntil = std::max(l.pausedUntil, untilMs);
}

void RateLimiter::reportRateLimited(const QString &key, qint64 retryAfterMs) {
    Lane &l = lane(key);
    const qint64 now = m_clock->nowMs();
    const qint64 wait = retryAfterMs >= 0 ? std::min(retryAfterMs, kMaxPauseMs) : kDefaultPauseMs;
    pause(l, now + wait);
    // Multiplicative decrease: the server is telling us we are too many.
    const double current = l.effective > 0 ? l.effective : double(std::max(1, l.inFlight));
    l.effective = std::max(1.0, std::floor(current / 2));
    pump(l);
}

void RateLimiter::reportSuccess(const QString &key) {
    Lane &l = lane(key);
    if (l.effective > 0) {
        const int configured = l.limits.maxConcurrent;
        l.effective += 1;
        if (configured > 0)
            l.effective = std::min<double>(l.effective, configured);
        else if (l.effective >= 1024)
            l.effective = 0; // back to unlimited
    }
    pump(l);
}

void RateLimiter::reportHeaders(const QString &key, const providers::HeaderList &headers) {
    QMap<QString, QString> info;
    for (const auto &[name, value] : headers) {
        const QString n = QString::fromLatin1(name).toLower();
        if (n.startsWith(u"x-ratelimit-") || n.startsWith(u"anthropic-ratelimit-"))
            info.insert(n, QString::fromLatin1(value).trimmed());
    }
    if (!info.isEmpty())
        reportRateLimitInfo(key, info);
}

void RateLimiter::reportRateLimitInfo(const QString &key, const QMap<QString, QString> &raw) {
    QMap<QString, QString> info;
    for (auto it = raw.begin(); it != raw.end(); ++it)
        info.insert(it.key().toLower(), it.value());
    Lane &l = lane(key);
    const QDateTime nowUtc = QDateTime::currentDateTimeUtc();
    const qint64 now = m_clock->nowMs();
    // OpenAI spells them x-ratelimit-remaining-requests / x-ratelimit-reset-requests,
    // Anthropic anthropic-ratelimit-requests-remaining / anthropic-ratelimit-requests-reset.
    for (const char *what : {"requests", "tokens"}) {
        const QString w = QLatin1String(what);
        QString remaining = info.value(u"x-ratelimit-remaining-" + w);
        QString reset = info.value(u"x-ratelimit-reset-" + w);
        if (remaining.isEmpty()) {
            remaining = info.value(u"anthropic-ratelimit-" + w + u"-remaining");
            reset = info.value(u"anthropic-ratelimit-" + w + u"-reset");
        }
        bool ok = false;
        const qint64 left = remaining.toLongLong(&ok);
        if (!ok)
            continue;
        if (left <= 0) {
            const qint64 wait = reset.isEmpty() ? kDefaultPauseMs : parseReset(reset, nowUtc);
            pause(l, now + std::clamp<qint64>(wait, 0, kMaxPauseMs));
            if (w == u"tokens")
                l.tokens.drain(now);
        } else if (w == u"requests" && (l.effective <= 0 || left < l.effective)) {
            // Fewer requests left than we would run at once: do not overrun the window.
            l.effective = double(std::max<qint64>(1, left));
        }
    }
    pump(l);
}

qint64 RateLimiter::parseReset(const QString &value, const QDateTime &nowUtc) {
    const QString v = value.trimmed();
    static const QRegularExpression duration(QStringLiteral(
        R"(^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$)"));
    const QRegularExpressionMatch m = duration.match(v);
    if (m.hasMatch() && !v.isEmpty()) {
        const double ms = m.captured(1).toDouble() * 3600000 + m.captured(2).toDouble() * 60000
                          + m.captured(3).toDouble() * 1000 + m.captured(4).toDouble();
        return qint64(std::ceil(ms));
    }
    bool ok = false;
    const double seconds = v.toDouble(&ok);
    if (ok)
        return qint64(std::ceil(seconds * 1000));
    const QDateTime when = QDateTime::fromString(v, Qt::ISODateWithMs);
    if (when.isValid())
        return std::max<qint64>(0, nowUtc.msecsTo(when));
    return kDefaultPauseMs;
}

void RateLimiter::scheduleWake(Lane &l, qint64 delayMs) {
    const qint64 at = m_clock->nowMs() + std::max<qint64>(1, delayMs);
    if (l.wake == nullptr) {
        l.wake = new QTimer(this);
        l.wake->setSingleShot(true);
        l.wake->setTimerType(Qt::PreciseTimer);
        Lane *lp = &l;
        connect(l.wake, &QTimer::timeout, this, [this, lp] {
            lp->wakeAt = -1;
            pump(*lp);
        });
    }
    if (l.wake->isActive() && l.wakeAt >= 0 && l.wakeAt <= at)
        return;
    l.wakeAt = at;
    l.wake->start(int(std::max<qint64>(1, delayMs)));
}

void RateLimiter::pump(Lane &l) {
    if (l.pumping) {
        l.again = true;
        return;
    }
    l.pumping = true;
    do {
        l.again = false;
        while (!l.queue.empty()) {
            if (l.effective > 0 && l.inFlight >= int(l.effective))
                break;
            const qint64 now = m_clock->nowMs();
            if (l.pausedUntil > now) {
                scheduleWake(l, l.pausedUntil - now);
                break;
            }
            auto head = l.queue.begin();
            const qint64 wait =
                std::max(l.requests.waitMs(1, now), l.tokens.waitMs(head->second.tokens, now));
            if (wait > 0) {
                scheduleWake(l, wait);
                break;
            }
            l.requests.take(1, now);
            l.tokens.take(head->second.tokens, now);
            Waiter waiter = std::move(head->second);
            l.queue.erase(head);
            ++l.inFlight;
            m_tickets[waiter.ticket].granted = true;
            waiter.onGranted(); // may re-enter acquire/release/cancel: they set `again`
        }
    } while (l.again);
    l.pumping = false;
}

void RateLimiter::wake(const QString &key) {
    pump(lane(key));
}

int RateLimiter::queued(const QString &key) const {
    const Lane *l = findLane(key);
    return l ? int(l->queue.size()) : 0;
}

int RateLimiter::inFlight(const QString &key) const {
    const Lane *l = findLane(key);
    return l ? l->inFlight : 0;
}

double RateLimiter::effectiveConcurrency(const QString &key) const {
    const Lane *l = findLane(key);
    return l ? l->effective : m_defaults.maxConcurrent;
}

qint64 RateLimiter::pausedUntilMs(const QString &key) const {
    const Lane *l = findLane(key);
    return l ? l->pausedUntil : 0;
}

} // namespace trellis::runtime
