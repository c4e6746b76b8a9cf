#pragma once

#include "providers/provider_types.h"
#include "token_bucket.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>

class QTimer;

namespace trellis::runtime {

// Limits of one lane (one provider:model). 0 means unlimited.
struct LaneLimits {
    double requestsPerMinute = 0;
    double tokensPerMinute = 0;
    int maxConcurrent = 0;
    // Bucket sizes: how far a lane may burst after idling. 0: one second of requests (at least
    // 1) and ten seconds of tokens, so no sixty-second window sees much more than the limit.
    double burstRequests = 0;
    double burstTokens = 0;
};

// Per provider:model queue in front of the provider calls: token buckets for requests and
// tokens per minute, bounded concurrency, priorities (higher first, FIFO within a priority),
// and adaptive slow-down: a 429 pauses the lane for its retry-after and halves the lane's
// concurrency (additive increase by one per success after that); x-ratelimit-remaining-* /
// anthropic-ratelimit-*-remaining headers at 0 pause the lane until the matching reset.
// Lives on one thread; grants are delivered on it.
class RateLimiter : public QObject {
    Q_OBJECT
public:
    explicit RateLimiter(const Clock *clock = SteadyClock::instance(), QObject *parent = nullptr);
    ~RateLimiter() override;

    void setDefaultLimits(const LaneLimits &limits) { m_defaults = limits; }
    void setLimits(const QString &lane, const LaneLimits &limits);
    LaneLimits limitsFor(const QString &lane) const;

    using Ticket = qint64;
    // Queues a request of about `tokens` tokens; `onGranted` runs when it may start (possibly
    // before acquire() returns). Every granted ticket must be released.
    Ticket acquire(const QString &lane, double tokens, int priority,
                   std::function<void()> onGranted);
    // Withdraws a waiting ticket (no callback follows) or releases a granted one.
    void cancel(Ticket ticket);
    // The call ended: `actualTokens` corrects the estimate (<0: keep the estimate).
    void release(Ticket ticket, double actualTokens = -1);

    // Feedback from the provider.
    void reportRateLimited(const QString &lane, qint64 retryAfterMs);
    void reportSuccess(const QString &lane);
    void reportHeaders(const QString &lane, const providers::HeaderList &headers);
    void reportRateLimitInfo(const QString &lane, const QMap<QString, QString> &info);

    // Re-evaluates a lane now (its timer does this by itself; tests with a manual clock call it).
    void wake(const QString &lane);

    // Introspection for tests and the GUI.
    int queued(const QString &lane) const;
    int inFlight(const QString &lane) const;
    double effectiveConcurrency(const QString &lane) const; // <=0: unlimited
    qint64 pausedUntilMs(const QString &lane) const;

    // "6m0s", "1.5s", "20ms" (OpenAI resets) or an RFC 3339 time (Anthropic) → ms from now.
    static qint64 parseReset(const QString &value, const QDateTime &nowUtc);

private:
    struct Lane;
    struct Waiter {
        Ticket ticket;
        double tokens;
        std::function<void()> onGranted;
    };
    Lane &lane(const QString &key);
    const Lane *findLane(const QString &key) const;
    void pump(Lane &lane);
    void scheduleWake(Lane &lane, qint64 delayMs);
    void pause(Lane &lane, qint64 untilMs);

    const Clock *m_clock;
    LaneLimits m_defaults;
    std::map<QString, std::unique_ptr<Lane>> m_lanes;
    struct TicketInfo {
        Lane *lane = nullptr;
        std::pair<int, qint64> queueKey; // (-priority, sequence) while waiting
        double tokens = 0;
        bool granted = false;
    };
    QHash<Ticket, TicketInfo> m_tickets;
    Ticket m_nextTicket = 1;
};

} // namespace trellis::runtime
