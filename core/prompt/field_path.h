#pragma once

#include <QString>
#include <QStringList>

namespace trellis::prompt {

// Field paths name a place inside a prompt document, e.g. "messages[1].role" or
// params["stop.sequences"]. fromJson reports them in Error::field and the file readers'
// source maps are keyed on them, so both sides must build paths with these functions.

// parent.key, or parent["key"] (JSON-escaped) when the key is not a plain identifier.
QString fieldKey(const QString &parent, const QString &key);
// parent[index]
QString fieldIndex(const QString &parent, qsizetype index);
// The enclosing path: "messages[1].role" -> "messages[1]" -> "messages" -> "".
QString parentField(const QString &path);

} // namespace trellis::prompt
