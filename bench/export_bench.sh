#!/usr/bin/env bash
# Benchmark (issue 3): `voxmark export` of a long document against `espeak-ng -w` speaking
# the same sentences, in the same run. Prints figures; asserts nothing; ctest does not run
# it. See docs/performance.md.
#
# Usage: bench/export_bench.sh [ROUNDS]        (default 3 rounds)
#
# 1. Speed: the op-ed body 50 times. Each round runs, in turn (the order rotates):
#      voxmark export op-ed-x50.md -o book.wav -q            (--jobs = cores, the default)
#      voxmark export op-ed-x50.md -o book.wav -q --jobs 1   (one synthesis process)
#      espeak-ng -v en-us -s 175 -f sentences.txt -w ref.wav (the same sentences, one a line,
#                                                             from `voxmark sentences`)
#    Medians of wall and CPU time (user + system of the process and all its children).
# 2. Audio duration of both outputs (soxi): they should say the same amount.
# 3. Peak memory, by /usr/bin/time -v ("Maximum resident set size": the largest single
#    process, since voxmark's synthesis runs in child processes) and by sampling /proc every
#    10 ms for the sum over voxmark and all its children alive at once (RSS, which counts
#    pages shared after fork() in every process, and PSS, which shares them out), for the
#    op-ed 50 and 500 times.
source "$(dirname "$0")/lib.sh"
bench_build
rounds=${1:-3}
command -v /usr/bin/time >/dev/null || { say "needs /usr/bin/time (package time)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

oped_times 50 >op-ed-x50.md
oped_times 500 >op-ed-x500.md
"$VOXMARK" sentences op-ed-x50.md >sentences-x50.txt
jobs=$(nproc)

bench_header "voxmark export vs espeak-ng -w; op-ed x50 ($(wc -l <sentences-x50.txt) sentences); $rounds rounds"

vox_default() { "$BENCH_RUN" -- "$VOXMARK" export op-ed-x50.md -o book.wav -q >>vox.txt; }
vox_single() { "$BENCH_RUN" -- "$VOXMARK" export op-ed-x50.md -o book1.wav -q --jobs 1 >>vox1.txt; }
reference() { "$BENCH_RUN" -- espeak-ng -v en-us -s 175 -f sentences-x50.txt -w ref.wav >>ref.txt; }
: >vox.txt
: >vox1.txt
: >ref.txt
for r in $(seq "$rounds"); do
  case $((r % 3)) in
    1) vox_default; vox_single; reference ;;
    2) reference; vox_default; vox_single ;;
    0) vox_single; reference; vox_default ;;
  esac
done
if grep -qv 'exit=0' vox.txt vox1.txt ref.txt; then
  say "a run failed: $(grep -hv 'exit=0' vox.txt vox1.txt ref.txt | head -1)"
  exit 1
fi
ref_wall=$(bench_field wall_s <ref.txt | median)
printf '%-44s %9s %9s %9s\n' "op-ed x50" wall_s cpu_s speedup
for row in "espeak-ng -w (reference):ref.txt" "voxmark export, --jobs $jobs (default):vox.txt" \
           "voxmark export, --jobs 1:vox1.txt"; do
  label=${row%%:*}
  file=${row##*:}
  wall=$(bench_field wall_s <"$file" | median)
  cpu=$(bench_field cpu_s <"$file" | median)
  awk -v l="$label" -v w="$wall" -v c="$cpu" -v r="$ref_wall" \
    'BEGIN{printf "%-44s %9.2f %9.2f %8.2fx\n", l, w, c, r/w}'
done
echo "speedup = espeak-ng wall time / this wall time (medians over $rounds rounds);"
echo "target (issue 3): voxmark export (default jobs) at least 2.5x."

echo
vox_s=$(soxi -D book.wav)
ref_s=$(soxi -D ref.wav)
awk -v v="$vox_s" -v r="$ref_s" 'BEGIN{
  printf "audio duration: voxmark %.1f s, espeak-ng %.1f s, difference %+.2f%%\n", v, r, (v - r) / r * 100}'
awk -v s="$(stat -c %s book.wav)" -v r="$(stat -c %s ref.wav)" 'BEGIN{
  printf "file size: voxmark %.1f MB, espeak-ng %.1f MB\n", s / 1048576, r / 1048576}'
rm -f book.wav book1.wav ref.wav

echo
printf '%-12s %8s %22s %17s %17s\n' document wall_s "max RSS (time -v), MB" "sum of RSS, MB" "sum of PSS, MB"
for n in 50 500; do
  "$BENCH_RUN" --tree-rss -- /usr/bin/time -v -o time-v.txt \
    "$VOXMARK" export "op-ed-x$n.md" -o book.wav -q >mem.txt
  grep -q 'exit=0' mem.txt || { say "export of op-ed x$n failed: $(cat mem.txt)"; exit 1; }
  max_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' time-v.txt)
  awk -v n="op-ed x$n" -v w="$(bench_field wall_s <mem.txt)" -v m="$max_kb" \
    -v t="$(bench_field tree_rss_kb <mem.txt)" -v p="$(bench_field tree_pss_kb <mem.txt)" \
    'BEGIN{printf "%-12s %8.1f %22.1f %17.1f %17.1f\n", n, w, m / 1024, t / 1024, p / 1024}'
  rm -f book.wav
done
ref_kb=$(bench_field maxrss_kb <ref.txt | median)
awk -v m="$ref_kb" 'BEGIN{printf "espeak-ng -w, op-ed x50: max RSS %.1f MB\n", m / 1024}'
echo "max RSS: GNU time's figure, the peak of the largest single process (voxmark or one of"
echo "its speech processes), not a sum. Sums: the largest total over voxmark and all its"
echo "children at one moment, sampled every 10 ms, /usr/bin/time itself included (RSS about"
echo "2 MB, PSS under 1 MB). RSS counts pages shared after fork() once per process; PSS"
echo "divides them among the processes sharing them. Target (issue 3): under 64 MB."
