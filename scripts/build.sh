#!/usr/bin/env bash
# Installs missing Debian packages, then configures and builds Trellis into build/.
# Extra arguments go to CMake's configure step (e.g. -DTRELLIS_BUILD_GUI=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build build --parallel "$(nproc)"
