#!/usr/bin/env bash
# Benchmark (issues 3 and 10): `voxmark export` of a long document of real prose that never
# repeats, against `espeak-ng` speaking the same sentences, in the same run. Prints figures;
# asserts nothing; ctest does not run it. See docs/performance.md.
#
# Usage: bench/export_bench.sh [ROUNDS]        (default 3 rounds)
#
# The document: the license texts Debian ships in /usr/share/common-licenses (GPL-3, GPL-2,
# Apache-2.0, MPL-2.0, MPL-1.1, GFDL-1.3, Artistic, CC0-1.0) and voxmark's own docs/*.md, one
# after the other: tens of thousands of words of real prose that do not repeat, so no cache
# can help. Leading spaces are dropped so that indented license paragraphs stay prose, and a
# sentence that occurs twice is kept once.
#
# 1. Speed. Each round runs, in turn (the order rotates):
#      voxmark export prose.md -o book.wav -q --jobs 2    (two speech workers)
#      voxmark export prose.md -o book1.wav -q --jobs 1   (one speech worker)
#      espeak-ng -v en-us -s 175 -f sentences.txt -w ref.wav       (the same sentences, one a
#      espeak-ng -v en-us -s 175 -f sentences.txt --stdout >/dev/null  line, `voxmark sentences`)
#    Medians of wall and CPU time (user + system of the process and all its children).
#    Targets (issue 10): --jobs 2 at least 2.5x espeak-ng -w; --jobs 1 no slower than
#    espeak-ng --stdout. Also with --loudness off (synthesis and WAV writing only: the
#    default masters the loudness of the whole book, issue 14, which costs more CPU than the
#    synthesis), and the fork-per-sentence fallback (VOXMARK_SPEECH_RESET=fork, --jobs 2).
#    On a busy machine compare cpu_s too: wall time then depends on the other load.
# 2. Audio duration of both outputs (soxi): they should say the same amount.
# 3. Peak memory, by /usr/bin/time -v ("Maximum resident set size": the largest single
#    process) and by sampling /proc every 10 ms for the sum over voxmark and all its children
#    alive at once (RSS, which counts pages shared after fork() in every process, and PSS,
#    which shares them out), for the document once and four times over.
source "$(dirname "$0")/lib.sh"
bench_build
rounds=${1:-3}
command -v /usr/bin/time >/dev/null || { say "needs /usr/bin/time (package time)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

prose() {
  local f
  for f in GPL-3 GPL-2 Apache-2.0 MPL-2.0 MPL-1.1 GFDL-1.3 Artistic CC0-1.0; do
    sed 's/^[[:space:]]*//' "/usr/share/common-licenses/$f"
    printf '\n\n'
  done
  for f in "$VOXMARK_ROOT"/docs/*.md; do
    cat "$f"
    printf '\n\n'
  done
}
# Every sentence once: a sentence that comes back (a license's refrain, a table header) is
# dropped, so the document is the distinct sentences, a paragraph each.
prose >prose-raw.md
# VOXMARK_BENCH_SENTENCES=N keeps the first N (a shorter run on a busy machine).
"$VOXMARK" sentences prose-raw.md |
  awk -v n="${VOXMARK_BENCH_SENTENCES:-0}" '!seen[$0]++ && (n == 0 || ++k <= n) {print; print ""}' >prose.md
for _ in 1 2 3 4; do cat prose.md; done >prose-x4.md
"$VOXMARK" sentences prose.md >sentences.txt
words=$(wc -w <sentences.txt)
distinct=$(sort -u sentences.txt | wc -l)

bench_header "voxmark export vs espeak-ng; real prose, $words words, $(wc -l <sentences.txt) sentences ($distinct distinct); $rounds rounds"

vox_two() { "$BENCH_RUN" -- "$VOXMARK" export prose.md -o book.wav -q --jobs 2 >>vox.txt; }
vox_fork() {
  VOXMARK_SPEECH_RESET=fork "$BENCH_RUN" -- "$VOXMARK" export prose.md -o bookf.wav -q --jobs 2 \
    --loudness off >>voxf.txt
}
vox_plain() { "$BENCH_RUN" -- "$VOXMARK" export prose.md -o bookp.wav -q --jobs 2 --loudness off >>voxp.txt; }
vox_plain1() { "$BENCH_RUN" -- "$VOXMARK" export prose.md -o bookp1.wav -q --jobs 1 --loudness off >>voxp1.txt; }
vox_single() { "$BENCH_RUN" -- "$VOXMARK" export prose.md -o book1.wav -q --jobs 1 >>vox1.txt; }
reference() { "$BENCH_RUN" -- espeak-ng -v en-us -s 175 -f sentences.txt -w ref.wav >>ref.txt; }
reference_stdout() {
  "$BENCH_RUN" -- sh -c 'espeak-ng -v en-us -s 175 -f sentences.txt --stdout >/dev/null' >>refs.txt
}
: >vox.txt
: >voxp.txt
: >voxp1.txt
: >voxf.txt
: >vox1.txt
: >ref.txt
: >refs.txt
for r in $(seq "$rounds"); do
  case $((r % 3)) in
    1) vox_two; vox_plain; vox_single; reference; reference_stdout; vox_plain1; vox_fork ;;
    2) reference; reference_stdout; vox_fork; vox_plain1; vox_two; vox_single; vox_plain ;;
    0) vox_single; vox_plain1; vox_fork; reference_stdout; vox_plain; reference; vox_two ;;
  esac
done
if grep -qv 'exit=0' vox.txt voxp.txt voxp1.txt voxf.txt vox1.txt ref.txt refs.txt; then
  say "a run failed: $(grep -hv 'exit=0' vox.txt voxp.txt voxp1.txt voxf.txt vox1.txt ref.txt refs.txt | head -1)"
  exit 1
fi
ref_wall=$(bench_field wall_s <ref.txt | median)
refs_wall=$(bench_field wall_s <refs.txt | median)
printf '%-48s %9s %9s %9s %11s\n' "real prose" wall_s cpu_s "vs -w" "vs --stdout"
for row in "espeak-ng -w (reference):ref.txt" "espeak-ng --stdout (reference):refs.txt" \
           "voxmark export --jobs 2:vox.txt" "voxmark export --jobs 1:vox1.txt" \
           "voxmark export --jobs 2 --loudness off:voxp.txt" \
           "voxmark export --jobs 1 --loudness off:voxp1.txt" \
           "voxmark export --jobs 2 --loudness off, fork fallback:voxf.txt"; do
  label=${row%%:*}
  file=${row##*:}
  wall=$(bench_field wall_s <"$file" | median)
  cpu=$(bench_field cpu_s <"$file" | median)
  awk -v l="$label" -v w="$wall" -v c="$cpu" -v r="$ref_wall" -v s="$refs_wall" \
    'BEGIN{printf "%-48s %9.2f %9.2f %8.2fx %10.2fx\n", l, w, c, r/w, s/w}'
done
echo "speedup = the reference's wall time / this wall time (medians over $rounds rounds)."
echo "targets (issue 10): --jobs 2 at least 2.5x espeak-ng -w; --jobs 1 at least 1.0x --stdout."

echo
vox_s=$(soxi -D book.wav)
ref_s=$(soxi -D ref.wav)
awk -v v="$vox_s" -v r="$ref_s" 'BEGIN{
  printf "audio duration: voxmark %.1f s, espeak-ng %.1f s, difference %+.2f%%\n", v, r, (v - r) / r * 100}'
awk -v s="$(stat -c %s book.wav)" -v r="$(stat -c %s ref.wav)" 'BEGIN{
  printf "file size: voxmark %.1f MB, espeak-ng %.1f MB\n", s / 1048576, r / 1048576}'
if cmp -s book.wav book1.wav && cmp -s bookp.wav bookp1.wav && cmp -s bookp.wav bookf.wav; then
  echo "--jobs 2 and --jobs 1 wrote identical files; so did the fork fallback (--loudness off)"
else
  echo "WARNING: --jobs 2, --jobs 1 or the fork fallback wrote different files"
fi
rm -f book.wav book1.wav bookp.wav bookp1.wav bookf.wav ref.wav

echo
printf '%-12s %8s %22s %17s %17s\n' document wall_s "max RSS (time -v), MB" "sum of RSS, MB" "sum of PSS, MB"
for doc in prose prose-x4; do
  "$BENCH_RUN" --tree-rss -- /usr/bin/time -v -o time-v.txt \
    "$VOXMARK" export "$doc.md" -o book.wav -q --jobs 2 >mem.txt
  grep -q 'exit=0' mem.txt || { say "export of $doc failed: $(cat mem.txt)"; exit 1; }
  max_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' time-v.txt)
  awk -v n="$doc" -v w="$(bench_field wall_s <mem.txt)" -v m="$max_kb" \
    -v t="$(bench_field tree_rss_kb <mem.txt)" -v p="$(bench_field tree_pss_kb <mem.txt)" \
    'BEGIN{printf "%-12s %8.1f %22.1f %17.1f %17.1f\n", n, w, m / 1024, t / 1024, p / 1024}'
  rm -f book.wav
done
ref_kb=$(bench_field maxrss_kb <ref.txt | median)
awk -v m="$ref_kb" 'BEGIN{printf "espeak-ng -w, prose: max RSS %.1f MB\n", m / 1024}'
echo "max RSS: GNU time's figure, the peak of the largest single process (voxmark or one of"
echo "its speech processes), not a sum. Sums: the largest total over voxmark and all its"
echo "children at one moment, sampled every 10 ms, /usr/bin/time itself included (RSS about"
echo "2 MB, PSS under 1 MB). RSS counts pages shared after fork() once per process; PSS"
echo "divides them among the processes sharing them. Target (issues 3, 10): under 64 MB."
