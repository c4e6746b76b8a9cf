#include "run_writer.h"

#include "store/database.h"
#include "store/run_repository.h"

#include <QDateTime>
#include <QTimer>

namespace trellis::runtime {

RunWriter::RunWriter(store::Database *db, int commitDelayMs, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_commitDelayMs(std::max(0, commitDelayMs))
    , m_commitTimer(new QTimer(this)) {
    m_commitTimer->setSingleShot(true);
    m_commitTimer->setInterval(m_commitDelayMs);
    connect(m_commitTimer, &QTimer::timeout, this, [this] { (void)commit(); });
}

RunWriter::~RunWriter() {
    (void)commit();
}

Status RunWriter::begin(std::optional<store::Transaction> &local) {
    m_db->clearDeferredCommit(); // our own writes go into the group: they must not end it
    if (m_group)
        return {};
    auto tx = store::Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    if (tx->isNested()) {
        local.emplace(std::move(*tx));
        return {};
    }
    m_group.emplace(std::move(*tx));
    m_groupRows = 0;
    m_commitTimer->start();
    return {};
}

Status RunWriter::end(std::optional<store::Transaction> &local) {
    Status st;
    if (local)
        st = local->commit();
    if (m_group) {
        if (m_groupRows >= kMaxGroupRows || m_commitDelayMs == 0) {
            if (Status c = commit(); !c && st)
                st = c;
        } else {
            m_db->setDeferredCommit([this] { (void)commit(); });
        }
    }
    return st;
}

Result<qint64> RunWriter::addRun(const store::RunRecord &run) {
    if (m_db == nullptr)
        return Error(QStringLiteral("no store"));
    std::optional<store::Transaction> local;
    if (Status s = begin(local); !s)
        return s.error();
    Result<qint64> id = store::RunRepository(*m_db).insert(run);
    if (m_group) {
        ++m_groupRows;
        // Most failures (a constraint) undo only the statement; a few (disk full, I/O) roll
        // the whole transaction back, and with it the group.
        if (!id && !m_db->inTransaction()) {
            qWarning("trellis: the open group of %d recorded runs was rolled back: %s", m_groupRows,
                     qUtf8Printable(id.error().message));
            const int lost = m_groupRows - 1; // the failed row itself is reported by its id
            endGroup();
            if (lost > 0)
                Q_EMIT recordsLost(lost, id.error().message);
        }
    }
    if (Status s = end(local); !s && id)
        id = s.error();
    return id;
}

void RunWriter::addCache(const store::CacheEntry &entry) {
    if (m_db == nullptr)
        return;
    std::optional<store::Transaction> local;
    if (!begin(local))
        return;
    (void)store::ResponseCacheRepository(*m_db).store(entry);
    (void)end(local);
}

void RunWriter::addCacheHit(const QString &keyHash) {
    if (m_db == nullptr)
        return;
    std::optional<store::Transaction> local;
    if (!begin(local))
        return;
    (void)store::ResponseCacheRepository(*m_db).countHit(keyHash); // statistics only
    (void)end(local);
}

Status RunWriter::commit() {
    if (!m_group)
        return {};
    m_db->clearDeferredCommit();
    const Status st = m_group->commit();
    const int rows = m_groupRows;
    if (!st)
        qWarning("trellis: %d recorded runs could not be committed: %s", rows,
                 qUtf8Printable(st.error().message));
    endGroup();
    if (!st && rows > 0)
        Q_EMIT recordsLost(rows, st.error().message);
    return st;
}

void RunWriter::endGroup() {
    m_commitTimer->stop();
    m_db->clearDeferredCommit();
    if (m_group && m_group->isActive() && !m_db->inTransaction())
        (void)m_group->rollback(); // SQLite rolled back already; only the guard's bookkeeping
    m_group.reset();
    m_groupRows = 0;
}

} // namespace trellis::runtime
