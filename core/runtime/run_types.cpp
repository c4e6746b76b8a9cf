#include "run_types.h"

namespace trellis::runtime {

QString runStageName(RunStage stage) {
    switch (stage) {
    case RunStage::Pending:
        return QStringLiteral("pending");
    case RunStage::Preparing:
        return QStringLiteral("preparing");
    case RunStage::Cache:
        return QStringLiteral("cache");
    case RunStage::Coalesced:
        return QStringLiteral("coalesced");
    case RunStage::Queued:
        return QStringLiteral("queued");
    case RunStage::Calling:
        return QStringLiteral("calling");
    case RunStage::Backoff:
        return QStringLiteral("backoff");
    case RunStage::Validating:
        return QStringLiteral("validating");
    case RunStage::Done:
        return QStringLiteral("done");
    }
    return {};
}

QString runErrorKindName(RunErrorKind kind) {
    switch (kind) {
    case RunErrorKind::None:
        return {};
    case RunErrorKind::BadInput:
        return QStringLiteral("bad_input");
    case RunErrorKind::Budget:
        return QStringLiteral("budget");
    case RunErrorKind::Provider:
        return QStringLiteral("provider");
    case RunErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case RunErrorKind::Store:
        return QStringLiteral("store");
    }
    return {};
}

} // namespace trellis::runtime
