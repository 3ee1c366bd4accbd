#!/usr/bin/env bash
# Benchmark (issue 4): how long a listener waits for `voxmark play`: launch to first audio,
# navigation command to the new sentence, speed command to changed audio. Prints figures;
# asserts nothing; ctest does not run it. See docs/performance.md for the method.
#
# Usage: bench/latency_bench.sh [N]     (N launches and N commands of each kind; default 50)
#   VOXMARK_BENCH_RAW=FILE keeps every measurement as TSV (sink, kind, milliseconds).
#
# Two sinks, one after the other, driven by voxmark_latency_bench (bench/latency_bench.cpp):
# - `--sink null-realtime`: voxmark's own null sink, paced at real time (device latency 0);
# - the real PortAudio path: ALSA's default device -> the pulse plugin -> a PulseAudio
#   daemon started here with a null sink (22050 Hz mono, as voxmark plays), recorded at its
#   monitor by parec. These figures include the device latency: they are the honest ones.
# The daemon is private to this run (its own HOME, runtime folder and socket) and is
# stopped by its process id at the end.
source "$(dirname "$0")/lib.sh"
bench_build
n=${1:-50}
work=$(mktemp -d)
pulse_pid=
cleanup() {
  if [ -n "$pulse_pid" ]; then
    kill "$pulse_pid" 2>/dev/null || true
    wait "$pulse_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
raw=${VOXMARK_BENCH_RAW:-$work/raw.tsv}

# Positions, key files and ALSA configuration of this run stay in the work folder.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.state"
mkdir -p "$HOME"

bench_header "voxmark play latency; $n launches and $n commands of each kind per sink"
echo
"$LATENCY_BENCH" --voxmark "$VOXMARK" --sink null-realtime --launches "$n" --commands "$n" \
  --raw "$raw" --log "$work/null.log"

echo
if ! have_private_pulseaudio; then
  say "PulseAudio figures skipped: needs pulseaudio, pulseaudio-utils and libasound2-plugins"
  exit 0
fi
# ALSA's default device -> PulseAudio, for voxmark (PortAudio's ALSA host API) only.
start_private_pulseaudio "$work"
echo "# PortAudio device: $("$VOXMARK" devices 2>/dev/null | grep -i default | head -1)"
"$LATENCY_BENCH" --voxmark "$VOXMARK" --sink portaudio --monitor vm.monitor --launches "$n" \
  --commands "$n" --raw "$raw" --log "$work/pulse-play.log"
echo
echo "Targets (issue 4), medians: first audio within 60 ms of launch, navigation within 40 ms,"
echo "speed within 60 ms, device latency counted (the PulseAudio rows with the monitor or D)."
