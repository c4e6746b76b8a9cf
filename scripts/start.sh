#!/usr/bin/env bash
# Sets up and builds Trellis, then starts the workbench on the bundled example project.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat <<TXT

Trellis is built, but there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set),
so the workbench window cannot open. The headless CLI works on the same store:

  build/bin/trellis-cli --help
  build/bin/trellis-cli prompt list
  build/bin/trellis-cli prompt show support-ticket-triage
  build/bin/trellis-cli render resources/example/templates/few_shot.j2 --var question="What is RAG?"

To see the window without a desktop: xvfb-run -a build/bin/trellis
TXT
  exit 0
fi
exec build/bin/trellis "$@"
