#!/usr/bin/env bash
# Benchmark (issue 12): how close `voxmark outline`'s listening-time estimate comes to the real
# duration of `voxmark export` on real documents, technical ones above all. Prints figures;
# asserts nothing; ctest does not run it. See docs/performance.md.
#
# Usage: bench/estimate_bench.sh [FILE.md ...]
#   Default documents: the op-ed, every espeak-ng doc, and on this machine's other Markdown
#   the first of: Node.js's BUILDING.md and a changelog, pyenv's CHANGELOG.md, clippy's README.
# The estimate model's coefficients were fitted on the op-ed, espeak-ng's guide, dictionary,
# phonemes and languages docs and Node.js's BUILDING.md: the other documents are held out.
source "$(dirname "$0")/lib.sh"
bench_build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

docs=("$@")
if [ ${#docs[@]} -eq 0 ]; then
  docs=("$VOXMARK_ROOT/content/nato-russia.md")
  for f in /usr/share/doc/espeak-ng/docs/*.md /usr/share/doc/espeak-ng/docs/*.md.gz; do
    [ -f "$f" ] || continue
    case "$f" in *.gz) zcat "$f" >"$work/$(basename "$f" .gz)" ;; *) cp "$f" "$work/" ;; esac
    docs+=("$work/$(basename "${f%.gz}")")
  done
  for f in /usr/share/doc/nodejs/BUILDING.md /usr/share/doc/nodejs/changelogs/CHANGELOG_V21.md \
           "$HOME/.pyenv/CHANGELOG.md" \
           "$HOME"/.rustup/toolchains/stable-*/share/doc/clippy/README.md; do
    [ -f "$f" ] && docs+=("$f")
  done
fi

bench_header "voxmark outline estimate vs voxmark export duration (default voice)"
printf '%-28s %9s %10s %10s %8s\n' document sentences estimate_s exported_s error
for doc in "${docs[@]}"; do
  name=$(basename "$doc" .md)
  read -r sentences estimate < <("$VOXMARK" outline --json "$doc" 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["sentences"], d["estimated_seconds"])') ||
    { printf '%-28s (nothing to read)\n' "$name"; continue; }
  "$VOXMARK" export -q "$doc" -o "$work/out.wav" || { say "export failed: $doc"; exit 1; }
  exported=$(soxi -D "$work/out.wav")
  awk -v n="$name" -v s="$sentences" -v e="$estimate" -v a="$exported" \
    'BEGIN{printf "%-28s %9d %10.1f %10.1f %+7.1f%%\n", n, s, e, a, (e/a - 1) * 100}'
done
echo "error = estimate / exported - 1; target (issue 12): within 10% on technical documents too."
