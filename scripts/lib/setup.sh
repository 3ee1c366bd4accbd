# Shared by scripts/run and scripts/test: install what is missing, then build.
# Sourced, not run. Sets VOXMARK_ROOT and VOXMARK_BUILD.
set -euo pipefail

VOXMARK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VOXMARK_BUILD="${VOXMARK_BUILD:-$VOXMARK_ROOT/build/release}"

say() { printf 'voxmark setup: %s\n' "$*" >&2; }

voxmark_missing_packages() {
  local wanted missing=()
  mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$VOXMARK_ROOT/scripts/lib/packages.txt")
  for pkg in "${wanted[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" != ii* ]]; then
      missing+=("$pkg")
    fi
  done
  printf '%s\n' "${missing[@]}"
}

voxmark_install() {
  local missing
  mapfile -t missing < <(voxmark_missing_packages | sed '/^$/d')
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages: ${missing[*]}"
    say "install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures DIR with the given cmake options (every time: it takes a fraction of a second,
# and an older folder made with other options gets these) and builds it, quietly when all is
# well; on failure prints the log without progress lines and returns non-zero.
# Usage: voxmark_build_dir DIR [CMAKE_OPTION...] [-- TARGET...]   (no TARGET: everything)
voxmark_build_dir() {
  local dir=$1 jobs target options=() targets=()
  shift
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  for target in "$@"; do targets+=(--target "$target"); done
  jobs=$(nproc 2>/dev/null || echo 2)
  # ccache (installed by packages.txt) makes the second build of each folder mostly cache hits:
  # the sanitizer and package builds of scripts/test would otherwise compile everything again.
  if command -v ccache >/dev/null 2>&1; then
    options=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache "${options[@]}")
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$VOXMARK_ROOT}"
    # The sanitizer builds keep line tables (-g...): ccache would hash the build folder's
    # absolute path and miss for the same sources in another checkout (CI's clean clone).
    export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
  fi
  mkdir -p "$dir"
  local log="$dir/build.log"
  if ! cmake -S "$VOXMARK_ROOT" -B "$dir" "${options[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    say "configuring $dir failed (full log: $log)"
    return 1
  fi
  if ! cmake --build "$dir" -j"$jobs" "${targets[@]}" >"$log" 2>&1; then
    grep -vE '^\[ *[0-9]+%\]' "$log" >&2 || true
    say "the build failed (full log: $log)"
    return 1
  fi
}

# The release build (build/release) that scripts/run uses; exits on failure.
voxmark_build() {
  voxmark_build_dir "$VOXMARK_BUILD" -DCMAKE_BUILD_TYPE=Release "$@" || exit 1
}
