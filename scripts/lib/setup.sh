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
    if ! dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii'; then
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

voxmark_build() {
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  if [ ! -f "$VOXMARK_BUILD/CMakeCache.txt" ]; then
    cmake -S "$VOXMARK_ROOT" -B "$VOXMARK_BUILD" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  fi
  # Quiet when all is well; the whole log when the build fails.
  local log="$VOXMARK_BUILD/build.log"
  if ! cmake --build "$VOXMARK_BUILD" -j"$jobs" >"$log" 2>&1; then
    grep -vE '^\[ *[0-9]+%\]' "$log" >&2 || true
    say "the build failed (full log: $log)"
    exit 1
  fi
}
