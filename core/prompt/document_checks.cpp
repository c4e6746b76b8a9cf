#include "prompt/document_checks.h"

#include "prompt/field_path.h"
#include "prompt/json_reader.h"

#include <QRegularExpression>
#include <QStringList>

namespace trellis::prompt {

Error fieldError(const QString &field, const QString &message) {
    return Error(message).forField(field);
}

Status expectType(bool ok, const nlohmann::json &value, const QString &field, const char *what) {
    if (ok)
        return {};
    return fieldError(
        field, QStringLiteral("expected %1, got %2").arg(QLatin1String(what), jsonTypeName(value)));
}

Status checkKnownKeys(const nlohmann::json &object, const QString &field,
                      std::initializer_list<const char *> known) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool found = false;
        for (const char *k : known)
            found = found || it.key() == k;
        if (found)
            continue;
        QStringList names;
        for (const char *k : known)
            names << QLatin1String(k);
        const QString key = QString::fromStdString(it.key());
        return fieldError(fieldKey(field, key),
                          QStringLiteral("unknown key '%1' (expected one of: %2)")
                              .arg(key, names.join(QStringLiteral(", "))));
    }
    return {};
}

bool isModelId(const QString &model) {
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9_.-]*:\\S.*$"));
    return re.match(model).hasMatch();
}

QString jsonString(const nlohmann::json &value) {
    return QString::fromStdString(value.get_ref<const std::string &>());
}

} // namespace trellis::prompt
