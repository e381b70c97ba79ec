#!/usr/bin/env bash
# Builds wayboard's wlcs integration module, test/wlcs/build/wayboard-wlcs.so, when it is
# missing or older than its source; prints its path. Needs a C compiler, the wayland-client
# development files and the wlcs headers (Debian: gcc libwayland-dev wlcs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/build/wayboard-wlcs.so"
if [[ ! -f /usr/include/wlcs/display_server.h ]]; then
  echo "build.sh: the wlcs headers are missing (install the Debian package wlcs)" >&2
  exit 1
fi
if [[ ! -f "$out" || "$here/integration.c" -nt "$out" || "$0" -nt "$out" ]]; then
  mkdir -p "$here/build"
  # WAYBOARD_ROOT: where bin/wayboard.js is when the runner does not say (env WAYBOARD_ROOT)
  cc -shared -fPIC -O2 -Wall -Wextra -std=gnu11 \
    -DWAYBOARD_ROOT="\"$root\"" \
    -o "$out.tmp" "$here/integration.c" $(pkg-config --cflags --libs wayland-client)
  mv "$out.tmp" "$out" # never leave a half-written module behind
fi
echo "$out"
