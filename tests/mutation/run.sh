#!/usr/bin/env bash
# tests/mutation/run.sh: does the suite catch small deliberate bugs? Applies each edit of a
# list (tests/mutation/mutants.txt; its header gives the format) one at a time to a copy of
# this checkout, rebuilds the copy incrementally (ccache), runs the tests the line names, and
# prints caught / NOT CAUGHT per mutant and a score. Slow (a rebuild and a test run per
# mutant): not part of scripts/test. docs/reliability.md holds the last score.
#
#   tests/mutation/run.sh [LIST] [REGEX]   REGEX: only the mutants whose WHAT matches
#
# The copy lives in build/mutation/src (VOXMARK_MUTATION_DIR to move it), inside the checkout's
# folder so that ccache (CCACHE_BASEDIR) reuses the release build's objects. The checkout
# itself is never edited. Exit status: 0 when every mutant was caught, 1 otherwise, 2 when
# the unmutated copy fails its own tests or a mutant's text is no longer in its file.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
list=${1:-$root/tests/mutation/mutants.txt}
only=${2:-}
work=${VOXMARK_MUTATION_DIR:-$root/build/mutation}
copy=$work/src
build=$copy/build/release
jobs=${VOXMARK_MUTATION_JOBS:-2}
# A mutant that makes a test hang (a deadlocked pool) is caught when the test times out.
timeout=${VOXMARK_MUTATION_TIMEOUT:-300}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$root")}
targets=(voxmark voxmark_unit_tests voxmark_e2e_tests)

note() { printf 'mutation: %s\n' "$*"; }

# The mutants: FILE, ORIGINAL, REPLACEMENT, REGEX, WHAT (TAB-separated; # comments).
mapfile -t mutants < <(grep -v '^#' "$list" | grep -v '^[[:space:]]*$' |
  awk -F'\t' -v only="$only" 'only == "" || $5 ~ only')
[ ${#mutants[@]} -gt 0 ] || { note "no mutants in $list${only:+ matching $only}"; exit 2; }

# A fresh copy of the working tree (tracked and new files, not build/ or .git).
note "copying $root to $copy"
mkdir -p "$copy"
(cd "$root" && git ls-files -co --exclude-standard -z | grep -zv '^build/' |
  tar --null -T - -cf -) | (cd "$copy" && tar -xf -) || { note "copy failed"; exit 2; }

# Replaces ORIGINAL on the one line holding it; fails when it is not there exactly once.
apply() {  # apply FILE ORIGINAL REPLACEMENT
  python3 - "$@" <<'EOF'
import sys
path, original, replacement = sys.argv[1:4]
text = open(path).read()
if text.count(original) != 1:
    sys.exit(f"{path}: the mutant's text occurs {text.count(original)} times, not once")
open(path, "w").write(text.replace(original, replacement))
EOF
}

build_copy() {
  cmake --build "$build" -j"$jobs" --target "${targets[@]}" >"$work/build.log" 2>&1
}

note "configuring and building the unmutated copy"
cmake -S "$copy" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
  >"$work/configure.log" 2>&1 || { note "configure failed: $work/configure.log"; exit 2; }
build_copy || { note "the unmutated copy does not build: $work/build.log"; exit 2; }

# Every test a mutant names must pass on the unmutated code, or "caught" would mean nothing.
all_regex=$(printf '%s\n' "${mutants[@]}" | cut -f4 | paste -sd'|')
note "running the named tests on the unmutated copy"
if ! ctest --test-dir "$build" -R "$all_regex" -j"$jobs" >"$work/baseline.log" 2>&1; then
  note "the unmutated copy fails its tests: $work/baseline.log"
  exit 2
fi
note "baseline: $(grep -Eo '[0-9]+% tests passed.*' "$work/baseline.log")"

caught=0
missed=0
stale=0
invalid=0
results=()
for line in "${mutants[@]}"; do
  IFS=$'\t' read -r file original replacement regex what <<<"$line"
  if ! apply "$copy/$file" "$original" "$replacement"; then
    stale=$((stale + 1))
    results+=("STALE       $what ($file)")
    continue
  fi
  if ! build_copy; then
    verdict="INVALID"  # does not compile: fix the mutant; not counted
    invalid=$((invalid + 1))
  elif [ "$(ctest --test-dir "$build" -N -R "$regex" | sed -n 's/Total Tests: //p')" = 0 ]; then
    verdict="NO TESTS match $regex"
    missed=$((missed + 1))
  elif ctest --test-dir "$build" -R "$regex" -j"$jobs" --timeout "$timeout" >"$work/mutant.log" 2>&1; then
    verdict="NOT CAUGHT"
    missed=$((missed + 1))
  else
    verdict="caught"
    caught=$((caught + 1))
  fi
  results+=("$(printf '%-11s %s (%s)' "$verdict" "$what" "$file")")
  note "$verdict: $what"
  # Back to the original (a new modification time, so it is rebuilt).
  cp "$root/$file" "$copy/$file"
done

echo
printf '%s\n' "${results[@]}"
total=$((caught + missed))
echo "score: $caught of $total caught ($invalid did not compile, $stale stale)"
[ "$stale" -eq 0 ] && [ "$invalid" -eq 0 ] || exit 2
[ "$missed" -eq 0 ]
