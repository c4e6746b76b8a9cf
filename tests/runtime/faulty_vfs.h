#pragma once

#include <QByteArray>

namespace trellis::testing {

// A SQLite VFS over the default one that fails writes on demand, so a test can make COMMIT
// fail the way a full or broken disk does (SQLITE_IOERR_WRITE), deterministically.
// Registered as the default VFS while the object lives: open the database after creating it.
// Not thread-safe beyond what SQLite itself guarantees; one at a time per process.
class FaultyVfs {
public:
    FaultyVfs();
    ~FaultyVfs();
    FaultyVfs(const FaultyVfs &) = delete;
    FaultyVfs &operator=(const FaultyVfs &) = delete;

    // Every write to a file whose name ends with `suffix` ("-wal") fails until disarm().
    void failWritesTo(const QByteArray &suffix);
    void disarm();
    int failedWrites() const;
};

} // namespace trellis::testing
