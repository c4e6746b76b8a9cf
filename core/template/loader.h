#pragma once

#include "template/template.h"

#include <QString>

namespace trellis::tmpl {

// Loads templates from files below one directory (the CLI uses the template file's own
// directory). Names are relative paths; names escaping the directory are refused.
class DirectoryLoader : public TemplateLoader {
public:
    explicit DirectoryLoader(QString directory);
    Result<QString> load(const QString &name) override;

private:
    QString m_directory;
};

} // namespace trellis::tmpl
