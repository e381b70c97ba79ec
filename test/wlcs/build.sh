#!/usr/bin/env bash
# Builds the wlcs integration module (test/wlcs/build/wayboard-wlcs.so) when its source is newer.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/build/wayboard-wlcs.so"
mkdir -p "$here/build"
if [[ ! -f "$out" || "$here/integration.c" -nt "$out" ]]; then
  cc -shared -fPIC -O2 -Wall \
    -DWAYBOARD_ROOT="\"$(cd "$here/../.." && pwd)\"" \
    -o "$out" "$here/integration.c" $(pkg-config --cflags --libs wayland-client)
fi
echo "$out"
