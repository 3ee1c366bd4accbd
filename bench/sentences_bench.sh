#!/usr/bin/env bash
# Benchmark: parse and segment large documents with `voxmark sentences --json`, against
# `cmark` rendering the same file to HTML in the same run. Prints figures; asserts nothing.
# Usage: bench/sentences_bench.sh [REPEATS]   (builds first through scripts/lib/setup.sh)
source "$(dirname "$0")/../scripts/lib/setup.sh"
voxmark_install
voxmark_build
repeats=${1:-5}
voxmark="$VOXMARK_BUILD/voxmark"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The op-ed body (without front matter) 1,000 times; the espeak-ng documentation 20 times.
body=$(awk 'f>=2{print} /^---$/{f++}' "$VOXMARK_ROOT/content/nato-russia.md")
for _ in $(seq 1000); do printf '%s\n\n' "$body"; done >"$work/op-ed-x1000.md"
docs=/usr/share/doc/espeak-ng/docs
for _ in $(seq 20); do
  for f in "$docs"/*.md "$docs"/*.md.gz; do
    case "$f" in *.gz) zcat "$f" ;; *) cat "$f" ;; esac
    printf '\n\n'
  done
done >"$work/espeak-docs-x20.md"

# Median wall time in seconds of a command, over $repeats runs.
median_seconds() {
  local times=()
  for _ in $(seq "$repeats"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN{print b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}

printf '%-22s %8s %10s %10s %10s %12s %7s\n' document MB words cmark_s voxmark_s words_per_s ratio
for doc in "$work/op-ed-x1000.md" "$work/espeak-docs-x20.md"; do
  mb=$(awk -v b="$(stat -c %s "$doc")" 'BEGIN{printf "%.1f", b/1048576}')
  words=$("$voxmark" outline --json "$doc" | awk -F': ' '/^  "words"/{gsub(",","",$2); print $2; exit}')
  cmark_s=$(median_seconds cmark "$doc")
  voxmark_s=$(median_seconds "$voxmark" sentences --json "$doc")
  awk -v n="$(basename "$doc" .md)" -v mb="$mb" -v w="$words" -v c="$cmark_s" -v v="$voxmark_s" \
    'BEGIN{printf "%-22s %8s %10d %10.3f %10.3f %12.0f %7.2f\n", n, mb, w, c, v, w/v, v/c}'
done
echo "ratio = voxmark sentences --json time / cmark (to HTML) time; target: at most 2"
