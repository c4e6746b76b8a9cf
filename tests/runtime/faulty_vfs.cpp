#include "faulty_vfs.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <sqlite3.h>
#include <string>

namespace trellis::testing {

namespace {

struct State {
    sqlite3_vfs vfs{};
    sqlite3_vfs *real = nullptr;
    sqlite3_io_methods methods{};
    std::mutex mutex;
    std::string failSuffix; // empty: no failures
    std::atomic<int> failed{0};
};

State &state() {
    static State s;
    return s;
}

// Our file: SQLite allocates szOsFile bytes; the real VFS's file follows ours.
struct File {
    sqlite3_file base;
    const char *name; // SQLite keeps the string valid until xClose
};

sqlite3_file *realFile(sqlite3_file *f) {
    return reinterpret_cast<sqlite3_file *>(reinterpret_cast<File *>(f) + 1);
}

bool shouldFail(sqlite3_file *f) {
    State &s = state();
    std::lock_guard lock(s.mutex);
    const char *name = reinterpret_cast<File *>(f)->name;
    const std::size_t length = name ? std::strlen(name) : 0;
    const std::string &suffix = s.failSuffix;
    return !suffix.empty() && length >= suffix.size()
           && suffix.compare(0, suffix.size(), name + length - suffix.size()) == 0;
}

int xWrite(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset) {
    if (shouldFail(f)) {
        ++state().failed;
        return SQLITE_IOERR_WRITE;
    }
    return realFile(f)->pMethods->xWrite(realFile(f), data, amount, offset);
}

// The other methods pass through to the real file.
#define TRELLIS_FORWARD(name, signature, ...)                                                      \
    int name signature {                                                                           \
        return realFile(f)->pMethods->name(realFile(f), __VA_ARGS__);                              \
    }
TRELLIS_FORWARD(xRead, (sqlite3_file * f, void *data, int amount, sqlite3_int64 offset), data,
                amount, offset)
TRELLIS_FORWARD(xTruncate, (sqlite3_file * f, sqlite3_int64 size), size)
TRELLIS_FORWARD(xSync, (sqlite3_file * f, int flags), flags)
TRELLIS_FORWARD(xFileSize, (sqlite3_file * f, sqlite3_int64 *size), size)
TRELLIS_FORWARD(xLock, (sqlite3_file * f, int level), level)
TRELLIS_FORWARD(xUnlock, (sqlite3_file * f, int level), level)
TRELLIS_FORWARD(xCheckReservedLock, (sqlite3_file * f, int *out), out)
TRELLIS_FORWARD(xFileControl, (sqlite3_file * f, int op, void *arg), op, arg)
TRELLIS_FORWARD(xShmMap, (sqlite3_file * f, int region, int size, int extend, void volatile **out),
                region, size, extend, out)
TRELLIS_FORWARD(xShmLock, (sqlite3_file * f, int offset, int n, int flags), offset, n, flags)
TRELLIS_FORWARD(xShmUnmap, (sqlite3_file * f, int deleteFlag), deleteFlag)
TRELLIS_FORWARD(xFetch, (sqlite3_file * f, sqlite3_int64 offset, int amount, void **out), offset,
                amount, out)
TRELLIS_FORWARD(xUnfetch, (sqlite3_file * f, sqlite3_int64 offset, void *page), offset, page)
#undef TRELLIS_FORWARD

int xClose(sqlite3_file *f) {
    const int rc = realFile(f)->pMethods ? realFile(f)->pMethods->xClose(realFile(f)) : SQLITE_OK;
    f->pMethods = nullptr;
    return rc;
}
int xSectorSize(sqlite3_file *f) {
    return realFile(f)->pMethods->xSectorSize(realFile(f));
}
int xDeviceCharacteristics(sqlite3_file *f) {
    return realFile(f)->pMethods->xDeviceCharacteristics(realFile(f));
}
void xShmBarrier(sqlite3_file *f) {
    realFile(f)->pMethods->xShmBarrier(realFile(f));
}

int xOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags) {
    State &s = state();
    auto *file = reinterpret_cast<File *>(f);
    file->base.pMethods = nullptr;
    const int rc = s.real->xOpen(s.real, name, realFile(f), flags, outFlags);
    if (rc != SQLITE_OK)
        return rc;
    file->name = name;
    f->pMethods = &s.methods;
    return SQLITE_OK;
}

} // namespace

FaultyVfs::FaultyVfs() {
    State &s = state();
    s.real = sqlite3_vfs_find(nullptr);
    s.vfs = *s.real;
    s.vfs.zName = "trellis-faulty";
    s.vfs.szOsFile = int(sizeof(File)) + s.real->szOsFile;
    s.vfs.xOpen = xOpen;
    s.vfs.pNext = nullptr;
    s.methods = {3,
                 xClose,
                 xRead,
                 xWrite,
                 xTruncate,
                 xSync,
                 xFileSize,
                 xLock,
                 xUnlock,
                 xCheckReservedLock,
                 xFileControl,
                 xSectorSize,
                 xDeviceCharacteristics,
                 xShmMap,
                 xShmLock,
                 xShmBarrier,
                 xShmUnmap,
                 xFetch,
                 xUnfetch};
    sqlite3_vfs_register(&s.vfs, 1);
}

FaultyVfs::~FaultyVfs() {
    State &s = state();
    sqlite3_vfs_unregister(&s.vfs);
    disarm();
}

void FaultyVfs::failWritesTo(const QByteArray &suffix) {
    State &s = state();
    std::lock_guard lock(s.mutex);
    s.failSuffix = suffix.toStdString();
}

void FaultyVfs::disarm() {
    State &s = state();
    std::lock_guard lock(s.mutex);
    s.failSuffix.clear();
}

int FaultyVfs::failedWrites() const {
    return state().failed.load();
}

} // namespace trellis::testing
