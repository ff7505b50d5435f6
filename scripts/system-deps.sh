#!/usr/bin/env bash
# Make sure the Debian packages the app needs are present: install them with apt when root, otherwise
# print the exact command. Usage: scripts/system-deps.sh runtime|test
set -euo pipefail
runtime=(libharfbuzz-subset0 fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)
test_only=(chromium)
packages=("${runtime[@]}")
[ "${1:-runtime}" = "test" ] && packages+=("${test_only[@]}")
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing system packages; run:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
