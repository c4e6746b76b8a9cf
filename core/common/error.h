#pragma once

#include <QString>

namespace trellis {

// An error a user can act on: what went wrong and, where known, the place it went wrong.
// Lines and columns are 1-based; 0 means unknown. `field` names a path inside a document,
// e.g. "messages[1].role", so a message can point at the offending value.
struct Error {
    QString message;
    QString file;
    int line = 0;
    int column = 0;
    QString field;

    Error() = default;
    explicit Error(QString msg)
        : message(std::move(msg)) {}

    Error &inFile(const QString &path) {
        file = path;
        return *this;
    }
    Error &at(int l, int c) {
        line = l;
        column = c;
        return *this;
    }
    Error &forField(const QString &path) {
        field = path;
        return *this;
    }

    // "file:line:col: field: message", leaving out the parts that are unknown.
    QString toString() const;
};

} // namespace trellis
