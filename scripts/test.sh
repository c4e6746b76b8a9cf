#!/usr/bin/env bash
# Sets up and builds Trellis, then runs the whole test suite through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
