#pragma once

#include <QString>

namespace trellis {

// What the core was built as, for --version, the About box and bug reports.
QString versionString();
QString buildDescription();

} // namespace trellis
