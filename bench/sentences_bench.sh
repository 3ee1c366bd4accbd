#!/usr/bin/env bash
# Benchmark (issues 2, 12): parse and segment large documents with `voxmark sentences --json`,
# against `cmark` and against `cmark-gfm` with GitHub's extensions (the parser voxmark uses,
# doing the same parse) rendering the same file to HTML in the same run. Prints figures; asserts
# nothing; ctest does not run it. See docs/performance.md.
#
# Usage: bench/sentences_bench.sh [ROUNDS]        (default 11 rounds)
#   BENCH_CALLGRIND=1 also counts instructions under valgrind: a figure that does not
#   depend on what else the machine is doing (the splitter, cmark-gfm's parse and voxmark's
#   reading; the voxmark process itself cannot run under valgrind 3.19).
#
# Documents: the op-ed body 1,000 times; the espeak-ng documentation (every *.md and
# *.md.gz under /usr/share/doc/espeak-ng/docs, in name order) 20 times; and the op-ed once,
# which shows the fixed start-up cost of each program.
# Each round runs cmark, cmark-gfm and voxmark once each, in rotating order; the figures are
# medians over the rounds of wall time and of CPU time (user + system), both measured by
# voxmark_bench_run (bench/bench_run.cpp) around fork/exec/wait, output to /dev/null.
source "$(dirname "$0")/lib.sh"
bench_build
SPLIT_BENCH="$VOXMARK_BUILD/bench/voxmark_split_bench"
READER_BENCH="$VOXMARK_BUILD/bench/voxmark_reader_bench"
cmake --build "$VOXMARK_BUILD" -j"$(nproc)" --target voxmark_reader_bench >/dev/null
if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
  cmake --build "$VOXMARK_BUILD" -j"$(nproc)" --target voxmark_split_bench >/dev/null
fi
rounds=${1:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

oped_times 1000 >"$work/op-ed-x1000.md"
oped_times 1 >"$work/op-ed-x1.md"
espeak_doc_files
espeak_docs_times 20 >"$work/espeak-docs-x20.md"

gfm=(cmark-gfm -e table -e strikethrough -e autolink -e tasklist -e tagfilter -e footnotes)
bench_header "voxmark sentences --json vs cmark and cmark-gfm (to HTML); $rounds rounds; ${#doc_files[@]} espeak-ng docs"
printf '%-18s %6s %8s %9s | %8s %8s %9s %6s %6s | %8s %8s %8s %6s %6s | %11s\n' document MB sentences words \
  cmark_ms gfm_ms voxmark_ms /cmark /gfm cmark_cpu gfm_cpu vox_cpu /cmark /gfm words_per_s
for doc in "$work/op-ed-x1000.md" "$work/espeak-docs-x20.md" "$work/op-ed-x1.md"; do
  name=$(basename "$doc" .md)
  mb=$(awk -v b="$(stat -c %s "$doc")" 'BEGIN{printf "%.2f", b/1048576}')
  # Sentences and spoken words, from voxmark's own output (read whole: no SIGPIPE).
  read -r sentences words < <("$VOXMARK" sentences --json "$doc" |
    awk 'match($0, /"words":[0-9]+/){w += substr($0, RSTART + 8, RLENGTH - 8)} END{print NR, w}')
  cmark "$doc" >/dev/null  # warm the page cache and check that all three work
  "${gfm[@]}" "$doc" >/dev/null
  "$VOXMARK" sentences --json "$doc" >/dev/null
  : >"$work/cmark.txt"
  : >"$work/gfm.txt"
  : >"$work/voxmark.txt"
  : >"$work/parse.txt"
  : >"$work/read.txt"
  for r in $(seq "$rounds"); do
    run_cmark() { "$BENCH_RUN" -- cmark "$doc" >>"$work/cmark.txt"; }
    run_gfm() { "$BENCH_RUN" -- "${gfm[@]}" "$doc" >>"$work/gfm.txt"; }
    run_voxmark() { "$BENCH_RUN" -- "$VOXMARK" sentences --json "$doc" >>"$work/voxmark.txt"; }
    case $((r % 3)) in
      1) run_cmark; run_gfm; run_voxmark ;;
      2) run_voxmark; run_cmark; run_gfm ;;
      0) run_gfm; run_voxmark; run_cmark ;;
    esac
    # Where the time goes (table 2): cmark-gfm's parse alone, and voxmark's reading alone.
    "$BENCH_RUN" -- "$READER_BENCH" parse "$doc" >>"$work/parse.txt"
    "$BENCH_RUN" -- "$READER_BENCH" read "$doc" >>"$work/read.txt"
  done
  printf '%s %s %s %s\n' "$name" "$(bench_field cpu_s <"$work/parse.txt" | median)" \
    "$(bench_field cpu_s <"$work/read.txt" | median)" \
    "$(bench_field cpu_s <"$work/voxmark.txt" | median)" >>"$work/parts.txt"
  if grep -qv 'exit=0' "$work/cmark.txt" "$work/gfm.txt" "$work/voxmark.txt"; then
    say "a run failed: $(grep -hv 'exit=0' "$work/cmark.txt" "$work/gfm.txt" "$work/voxmark.txt" | head -1)"
    exit 1
  fi
  c_wall=$(bench_field wall_s <"$work/cmark.txt" | median)
  g_wall=$(bench_field wall_s <"$work/gfm.txt" | median)
  v_wall=$(bench_field wall_s <"$work/voxmark.txt" | median)
  c_cpu=$(bench_field cpu_s <"$work/cmark.txt" | median)
  g_cpu=$(bench_field cpu_s <"$work/gfm.txt" | median)
  v_cpu=$(bench_field cpu_s <"$work/voxmark.txt" | median)
  awk -v n="$name" -v mb="$mb" -v s="$sentences" -v w="$words" -v cw="$c_wall" -v gw="$g_wall" \
    -v vw="$v_wall" -v cc="$c_cpu" -v gc="$g_cpu" -v vc="$v_cpu" 'BEGIN{
      printf "%-18s %6s %8d %9d | %8.1f %8.1f %9.1f %6.2f %6.2f | %8.1f %8.1f %8.1f %6.2f %6.2f | %11.0f\n",
        n, mb, s, w, cw*1000, gw*1000, vw*1000, vw/cw, vw/gw, cc*1000, gc*1000, vc*1000,
        (cc > 0 ? vc/cc : 0), (gc > 0 ? vc/gc : 0), w/vw}'
done
echo "/cmark, /gfm = voxmark / that program, medians over $rounds rounds (wall time; then CPU time,"
echo "user+system). gfm = cmark-gfm with the extensions voxmark enables."
echo "target (issue 12): at most 2x cmark-gfm rendering the same file, on the large documents."
echo "target (issue 13): at most 2x cmark rendering the same file, on the large documents."

# Where voxmark's CPU time goes, from the same rounds (medians): start-up is voxmark's whole run
# on the op-ed once (dynamic loading of ICU, eSpeak NG, PortAudio, FFmpeg and their ~160
# libraries); the parse is cmark-gfm's alone with voxmark's options and extensions
# (voxmark_reader_bench parse); the reading is voxmark_reader_bench read (load_source +
# read_markdown, without voxmark's start-up) less that parse; the output is the rest.
echo
startup=$(awk '$1 == "op-ed-x1" {print $4}' "$work/parts.txt")
printf '%-18s %8s %8s %8s %8s %8s %9s\n' document vox_cpu startup parse reading output own_share
awk -v st="$startup" '$1 != "op-ed-x1" {
  parse = $2; read = $3 - $2; out = $4 - st - $3; own = ($4 - st - parse) / $4
  printf "%-18s %8.1f %8.1f %8.1f %8.1f %8.1f %8.0f%%\n", $1, $4*1000, st*1000, parse*1000,
    read*1000, out*1000, own*100}' "$work/parts.txt"
echo "CPU ms; own_share = (reading + output) / voxmark's whole run."

if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
  if ! command -v valgrind >/dev/null; then
    say "BENCH_CALLGRIND=1 needs valgrind (apt-get install valgrind)"
    exit 1
  fi
  # A run that valgrind cannot finish prints a partial count: report it as missing instead.
  # (Since FFmpeg is linked, voxmark loads libhwy, whose start-up code uses RDTSCP, which
  # valgrind 3.19 does not decode; see docs/performance.md for the splitter-only count.)
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/Unrecognised instruction/{bad = 1} /Collected :/{n = $NF}
           END{print (bad || n == "") ? "nan" : n}'
  }
  echo
  printf '%-18s %15s %15s %6s\n' document gfm_instr voxmark_instr ratio
  for doc in "$work/op-ed-x1000.md" "$work/espeak-docs-x20.md" "$work/op-ed-x1.md"; do
    ci=$(instructions "${gfm[@]}" "$doc")
    vi=$(instructions "$VOXMARK" sentences --json "$doc")
    awk -v n="$(basename "$doc" .md)" -v c="$ci" -v v="$vi" 'BEGIN{
      if (c == "nan" || v == "nan") printf "%-18s %15s %15s %6s\n", n, c, v, "n/a"
      else printf "%-18s %15.0f %15.0f %6.2f\n", n, c, v, v/c}'
  done
  echo "instructions executed (valgrind --tool=callgrind), the whole process including start-up."
  # The splitter alone on each document's raw text (issue 13): voxmark_split_bench.
  echo
  printf '%-18s %10s %15s\n' document sentences split_instr
  for doc in "$work/op-ed-x1000.md" "$work/espeak-docs-x20.md"; do
    si=$(instructions "$SPLIT_BENCH" "$doc")
    printf '%-18s %10s %15s\n' "$(basename "$doc" .md)" "$("$SPLIT_BENCH" "$doc")" "$si"
  done
  echo "instructions of SentenceSplitter::split on the whole file as plain text (bench/split_bench.cpp)."
  # cmark-gfm's parse alone and voxmark's whole reading (bench/reader_bench.cpp).
  echo
  printf '%-18s %15s %15s %15s\n' document parse_instr read_instr own_instr
  for doc in "$work/op-ed-x1000.md" "$work/espeak-docs-x20.md"; do
    pi=$(instructions "$READER_BENCH" parse "$doc")
    ri=$(instructions "$READER_BENCH" read "$doc")
    awk -v n="$(basename "$doc" .md)" -v p="$pi" -v r="$ri" 'BEGIN{
      printf "%-18s %15.0f %15.0f %15.0f\n", n, p, r, r - p}'
  done
  echo "instructions of cmark-gfm's parse with voxmark's options, of load_source + read_markdown,"
  echo "and the difference: voxmark's own reading (splitter, spoken forms, word counts, model)."
fi
