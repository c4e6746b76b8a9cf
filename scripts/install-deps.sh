#!/usr/bin/env bash
# Installs the Debian 12 packages Trellis needs to build, test and run.
# Only packages that are missing are installed, so a second run is fast.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools libqt6svg6
  libqcustomplot-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libyaml-cpp-dev
  qtkeychain-qt6-dev qt6-httpserver-dev qt6-websockets-dev
  libgl-dev xvfb xauth x11-utils imagemagick
  clang-14 libclang-rt-14-dev clang-format
  python3 python3-jinja2
  fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
