# shellcheck shell=bash
# Shared by the bench/*.sh scripts. Sourced, not run.
# Installs what is missing (scripts/lib/packages.txt), builds only what the benchmarks run
# (voxmark and the helpers in bench/), and offers small statistics helpers.
# Sets VOXMARK_ROOT, VOXMARK_BUILD, VOXMARK (the binary), BENCH_RUN (bench/bench_run.cpp).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/setup.sh"

# Builds the targets the benchmarks need, not the whole tree (tests may be mid-edit).
bench_build() {
  voxmark_install
  if [ ! -f "$VOXMARK_BUILD/CMakeCache.txt" ]; then
    cmake -S "$VOXMARK_ROOT" -B "$VOXMARK_BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  local log="$VOXMARK_BUILD/bench-build.log"
  # Configure again first: a new bench target is unknown to a build tree made before it.
  if ! { cmake "$VOXMARK_BUILD" &&
         cmake --build "$VOXMARK_BUILD" -j"$(nproc)" --target voxmark voxmark_bench_run voxmark_latency_bench; } \
       >"$log" 2>&1; then
    grep -vE '^\[ *[0-9]+%\]' "$log" >&2 || true
    say "the build failed (full log: $log)"
    exit 1
  fi
  # Used by the scripts that source this file.
  # shellcheck disable=SC2034
  VOXMARK="$VOXMARK_BUILD/voxmark"
  # shellcheck disable=SC2034
  BENCH_RUN="$VOXMARK_BUILD/bench/voxmark_bench_run"
  # shellcheck disable=SC2034
  LATENCY_BENCH="$VOXMARK_BUILD/bench/voxmark_latency_bench"
}

# The machine and the moment, printed at the top of every benchmark's output.
bench_header() {
  local cpu
  cpu=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
  printf '# %s\n# %s; nproc %s; CPU %s; load average %s\n# %s (%s)\n' \
    "$1" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "${cpu:-unknown}" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "$("$VOXMARK" --version 2>/dev/null | head -1)" \
    "$(git -C "$VOXMARK_ROOT" rev-parse --short HEAD 2>/dev/null || echo no git)$(
      git -C "$VOXMARK_ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ', src modified')"
}

# A field (wall_s, cpu_s, maxrss_kb, tree_rss_kb, exit) from a voxmark_bench_run line.
bench_field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p"; }

# Median of numbers on standard input, one a line.
median() { sort -g | awk '{v[NR]=$1} END{if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# The op-ed's body (front matter dropped) N times, as one Markdown document on standard output.
oped_times() {
  local body
  body=$(awk 'f>=2{print} /^---$/{f++}' "$VOXMARK_ROOT/content/nato-russia.md")
  for _ in $(seq "$1"); do printf '%s\n\n' "$body"; done
}

# espeak-ng's Markdown documentation (package espeak-ng), sorted: sets the array doc_files.
espeak_doc_files() {
  mapfile -t doc_files < <(find /usr/share/doc/espeak-ng/docs -type f \( -name '*.md' -o -name '*.md.gz' \) |
    LC_ALL=C sort)
  [ ${#doc_files[@]} -gt 0 ] || { say "no Markdown in /usr/share/doc/espeak-ng/docs (package espeak-ng)"; exit 1; }
}

# Every espeak-ng document (espeak_doc_files first) N times over, as one document on stdout.
espeak_docs_times() {
  local f
  for _ in $(seq "$1"); do
    for f in "${doc_files[@]}"; do
      case "$f" in *.gz) zcat "$f" ;; *) cat "$f" ;; esac
      printf '\n\n'
    done
  done
}

# A private PulseAudio daemon in folder $1 with one null sink, "vm" (22,050 Hz mono; record its
# monitor as vm.monitor), and ALSA's default device routed to it ($HOME/.asoundrc, so HOME must
# be the run's own). Exports XDG_RUNTIME_DIR, PULSE_RUNTIME_PATH and PULSE_SERVER for what the
# caller starts; sets pulse_pid (the caller's cleanup kills it). Exits with a line when
# PulseAudio or its ALSA plugin is missing or the daemon does not start.
have_private_pulseaudio() {
  command -v pulseaudio >/dev/null && command -v parec >/dev/null &&
    ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so >/dev/null 2>&1
}
start_private_pulseaudio() {
  local dir=$1
  if ! have_private_pulseaudio; then
    say "needs pulseaudio, pulseaudio-utils and libasound2-plugins"
    exit 1
  fi
  export XDG_RUNTIME_DIR="$dir/run" PULSE_RUNTIME_PATH="$dir/run"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  export PULSE_SERVER="unix:$dir/run/native"
  # -n: no default.pa, only these modules. As root it warns that it should not run as root.
  pulseaudio --daemonize=no --exit-idle-time=-1 -n --use-pid-file=no \
    --load="module-null-sink sink_name=vm rate=22050 channels=1" \
    --load="module-native-protocol-unix socket=$dir/run/native" >"$dir/pulse.log" 2>&1 &
  pulse_pid=$!
  for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
  pactl info >/dev/null 2>&1 || { say "PulseAudio did not start: $(tail -3 "$dir/pulse.log")"; exit 1; }
  printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' >"$HOME/.asoundrc"
}
