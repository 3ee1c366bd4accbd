#!/usr/bin/env bash
# A long fuzzing run, beyond the 15 s a target that scripts/test gives each one.
# Usage: bench/fuzz_long.sh [TOTAL_SECONDS [TARGET...]]     (default: 3600 s, every target)
# TOTAL_SECONDS is shared out evenly over the targets; targets run one per core at a time.
# Each target fuzzes a working corpus kept in build/sanitize/fuzz-long/corpus/TARGET (seeded from
# tests/fuzz/corpus/TARGET, and growing from run to run); crashes go to
# build/sanitize/fuzz-crashes/TARGET/. Prints, per target: executions, coverage (libFuzzer's
# cov: edges and ft: features), corpus size and crashes. Exits non-zero when any target crashed.
# A crash is a bug: fix it, then add the input to tests/fuzz/corpus/TARGET/ (the unit test
# FuzzCorpus replays every file there in every build).
source "$(dirname "$0")/../scripts/lib/setup.sh"
voxmark_install
set +e  # a crashing target is a result to report, not a reason to stop the others
total=${1:-3600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] ||
  targets=(markdown_to_sentences sentence_splitter voice_preset lexicon key_bindings command)
sanitize="$VOXMARK_ROOT/build/sanitize"
voxmark_build_dir "$sanitize" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ \
  -DVOXMARK_SANITIZE=address -DVOXMARK_FUZZ=ON -- fuzz_targets || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
# J targets at a time (one a core), in ceil(N / J) rounds that share the total time.
rounds=$(((${#targets[@]} + jobs - 1) / jobs))
per_target=$((total / rounds))
[ "$per_target" -ge 1 ] || per_target=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-check_initialization_order=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
work="$sanitize/fuzz-long"
mkdir -p "$work/corpus" "$work/logs"
say "fuzzing ${#targets[@]} target(s), $per_target s each, $jobs at a time"

run_one() {
  local target=$1 corpus="$work/corpus/$1" crashes="$sanitize/fuzz-crashes/$1"
  mkdir -p "$corpus" "$crashes"
  cp -n "$VOXMARK_ROOT/tests/fuzz/corpus/$target"/* "$corpus/"
  # -timeout: an input taking 10 s is a hang (a crash for libFuzzer); -rss_limit_mb likewise
  # for runaway memory. -use_value_profile helps get past comparisons with constants.
  local began=$SECONDS
  "$sanitize/tests/fuzz/fuzz_$target" -max_total_time="$per_target" -timeout=10 \
    -rss_limit_mb=2048 -use_value_profile=1 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$corpus" >"$work/logs/$target.log" 2>&1
  echo $? >"$work/logs/$target.rc"
  echo $((SECONDS - began)) >"$work/logs/$target.seconds"  # less than asked after a crash
}

for ((i = 0; i < ${#targets[@]}; i += jobs)); do
  for target in "${targets[@]:i:jobs}"; do run_one "$target" & done
  wait
done

crashed=0
printf '%-24s %8s %12s %10s %8s %8s %8s\n' target seconds executions exec/s cov ft crashes
for target in "${targets[@]}"; do
  log="$work/logs/$target.log"
  seconds=$(cat "$work/logs/$target.seconds")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  crashes=$(grep -c 'Test unit written to' "$log" || true)
  printf '%-24s %8s %12s %10s %8s %8s %8s\n' "$target" "$seconds" "${runs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "$crashes"
  if [ "$(cat "$work/logs/$target.rc")" != 0 ]; then
    crashed=1
    grep -E 'ERROR|SUMMARY|voxmark fuzz check failed|Test unit written' "$log" | sed 's/^/    /'
  fi
done
echo "logs: $work/logs/   working corpora: $work/corpus/"
exit "$crashed"
