#!/usr/bin/env bash
# Soak (issue 18): N minutes of a command storm against `voxmark play` on the real device path
# (PortAudio -> ALSA -> the pulse plugin -> a private PulseAudio null sink, recorded at its
# monitor). Random valid commands, garbage bytes, over-long lines, pause/resume pairs, speech
# workers stopped (SIGSTOP for 1-3 s) and killed (SIGKILL), and every minute the session ended
# by quit, SIGTERM, SIGINT or SIGHUP and started again with --resume. Prints figures; asserts
# nothing; not part of scripts/test. See docs/reliability.md for the figures and the method.
#
# Usage: bench/soak.sh [MINUTES]   (default 5)
#   VOXMARK_SOAK_KEEP=DIR keeps the recording, the events and stderr of every session there.
#
# Reported: crashes (an exit other than 0 for quit / 128+N for signal N), hangs (not ended 2 s
# after quit or a signal), commands without their one answering event, underrun events,
# dropouts in the recording (silences of 1.5 s or more not explained by a stalled worker, a
# killed worker or a restart), peak RSS and CPU use of voxmark.
source "$(dirname "$0")/lib.sh"
bench_build
# The storm below checks exit codes itself: a failing command must not end the soak.
set +e +o pipefail
minutes=${1:-5}
work=$(mktemp -d)
pulse_pid= parec_pid= vpid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  for p in $vpid $parec_pid $pulse_pid; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [ -n "${VOXMARK_SOAK_KEEP:-}" ]; then mkdir -p "$VOXMARK_SOAK_KEEP" && cp -r "$work"/. "$VOXMARK_SOAK_KEEP"/; fi
  rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.state"
mkdir -p "$HOME"
start_private_pulseaudio "$work"

bench_header "voxmark play soak: $minutes minutes of commands, garbage, signals and stalled workers"
now() { date +%s.%N; }
plus() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a + b}'; }  # never 1.7e+09
# The recorder asks for 10 ms fragments, as bench/latency_bench.sh's does: with a recorder at
# the default latency, the null sink renders in blocks of up to 2 s, and a stream PulseAudio
# gets in the middle of such a block (a new stream after an underrun, or a jump's restart)
# waits for its end, ~1.9 s of silence that comes from this null sink, not from voxmark or
# the pulse plugin (docs/reliability.md, "What the null sink adds").
parec -d vm.monitor --latency-msec=10 --format=s16le --rate=22050 --channels=1 >"$work/heard.raw" &
parec_pid=$!
rec_start=$(now)
: >"$work/quiet.tsv"  # intended silences: start end (seconds into the recording)
mark_quiet() { awk -v a="$1" -v b="$2" -v r="$rec_start" 'BEGIN{printf "%.2f\t%.2f\n", a-r, b-r}' >>"$work/quiet.tsv"; }

commands=(next prev next-block prev-block next-section prev-section "next-heading 2" repeat
  "goto-sentence 5" "goto-sentence 20" "goto-section 2" "goto-section 99" faster slower normal-speed
  "speed 1.5" "speed 0.8" "speed 2.5" volume-up volume-down "volume 130" "volume 196" "volume 80"
  start skip-past outline help)
sent=0 garbage=0 long=0 stalls=0 kills=0 sessions=0 crashes=0 hangs=0 max_rss_kb=0 cpu_ticks=0
session=0 session_start=0 ended_how=
start_session() {
  session=$((session + 1)); sessions=$((sessions + 1))
  rm -f "$work/in"; mkfifo "$work/in"
  "$VOXMARK" play --resume --events json --verbose <"$work/in" >"$work/events.$session.jsonl" \
    2>"$work/err.$session.txt" &
  vpid=$!
  exec 3>"$work/in"
  session_start=$(now)
  echo "$session sent 0" >"$work/sent.$session"
}
# Sends a line; a closed pipe (voxmark ended by itself) is not an error here.
send() { printf '%s\n' "$1" >&3 2>/dev/null || true; }
speech_workers() {  # voxmark's children and theirs
  local p c
  for p in $(cat /proc/"$vpid"/task/*/children 2>/dev/null); do
    echo "$p"; for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do echo "$c"; done
  done
}
cpu_of() { awk '{print $14 + $15}' /proc/"$1"/stat 2>/dev/null || echo 0; }
# Ends the session with quit or a signal, checks it ended in time and how.
end_session() {
  local how=$1 expect ticks code t0
  sleep 0.5  # let the last commands be answered
  ticks=$(cpu_of "$vpid")
  t0=$(now)
  if [ "$how" = quit ]; then send quit; expect=0; else kill -"$how" "$vpid" 2>/dev/null; expect=$((128 + $(kill -l "$how"))); fi
  for _ in $(seq 200); do kill -0 "$vpid" 2>/dev/null || break; sleep 0.01; done
  if kill -0 "$vpid" 2>/dev/null; then
    hangs=$((hangs + 1)); echo "session $session: HANG after $how" >&2; kill -9 "$vpid"
  fi
  wait "$vpid"; code=$?
  exec 3>&-
  cpu_ticks=$((cpu_ticks + ${ticks%.*}))
  if [ "$code" != "$expect" ] && [ "$how" != none ]; then
    crashes=$((crashes + 1)); echo "session $session: exit $code after $how (expected $expect)" >&2
  fi
  mark_quiet "$t0" "$(plus "$(now)" 1.5)"
}

end_at=$(plus "$(now)" "$((minutes * 60))")
next_stall=$(plus "$(now)" 10)
next_end=$(plus "$(now)" 60)
endings=(quit TERM INT HUP)
start_session
mark_quiet "$rec_start" "$(plus "$(now)" 1.5)"
while awk -v n="$(now)" -v e="$end_at" 'BEGIN{exit !(n < e)}'; do
  t=$(now)
  if ! kill -0 "$vpid" 2>/dev/null; then  # the document ended (or voxmark died)
    wait "$vpid"; code=$?
    exec 3>&-
    cpu_ticks=$((cpu_ticks + ${last_ticks:-0}))
    if [ "$code" != 0 ]; then crashes=$((crashes + 1)); echo "session $session: exit $code by itself" >&2; fi
    mark_quiet "$t" "$(plus "$t" 2)"
    start_session; continue
  fi
  rss=$(awk '/VmRSS/{print $2}' /proc/"$vpid"/status 2>/dev/null || echo 0)
  last_ticks=$(cpu_of "$vpid")
  [ "${rss:-0}" -gt "$max_rss_kb" ] && max_rss_kb=$rss
  if awk -v n="$t" -v e="$next_end" 'BEGIN{exit !(n >= e)}'; then
    end_session "${endings[$(( (session - 1) % 4 ))]}"
    start_session
    next_end=$(plus "$(now)" 60)
    continue
  fi
  if awk -v n="$t" -v e="$next_stall" 'BEGIN{exit !(n >= e)}'; then
    workers=$(speech_workers)
    if [ $((RANDOM % 2)) = 0 ]; then
      d=$((RANDOM % 3 + 1)); stalls=$((stalls + 1))
      for w in $workers; do kill -STOP "$w" 2>/dev/null; done
      sleep "$d"
      for w in $workers; do kill -CONT "$w" 2>/dev/null; done
      mark_quiet "$t" "$(plus "$(now)" 1.5)"
    else
      # A speech worker: voxmark's child (long-lived; the next sentence starts a new one), or
      # in the fork-per-sentence fallback the sentence's own child of it. Killed, it fails at
      # most the sentence it was speaking. (voxmark's threads fork it, so it is listed in
      # /proc/PID/task/TID/children of the forking thread, not only the main one.)
      victim=
      for _ in $(seq 100); do
        worker=$(cat /proc/"$vpid"/task/*/children 2>/dev/null | tr ' ' '\n' | grep -m1 .)
        if [ -n "$worker" ]; then
          victim=$(cat /proc/"$worker"/task/*/children 2>/dev/null | tr ' ' '\n' | grep -m1 .)
          victim=${victim:-$worker}
          break
        fi
        sleep 0.01
      done
      if [ -n "$victim" ]; then kill -KILL "$victim" 2>/dev/null; kills=$((kills + 1)); fi
      mark_quiet "$t" "$(plus "$(now)" 3)"
    fi
    next_stall=$(plus "$(now)" $((10 + RANDOM % 10)))
    continue
  fi
  r=$((RANDOM % 100))
  if [ $r -lt 70 ]; then
    send "${commands[$((RANDOM % ${#commands[@]}))]}"; sent=$((sent + 1))
    echo "$session sent 1" >>"$work/sent.$session"
  elif [ $r -lt 80 ]; then
    send "$(head -c $((RANDOM % 60 + 1)) /dev/urandom | tr -d '\n\0')"; garbage=$((garbage + 1))
  elif [ $r -lt 83 ]; then
    send "$(head -c $((RANDOM % 100000 + 5000)) /dev/zero | tr '\0' x)goto-sentence 9"; long=$((long + 1))
  else
    send pause; sleep 0.$((RANDOM % 5))$((RANDOM % 10)); send resume; sent=$((sent + 2))
    printf '%s sent 1\n%s sent 1\n' "$session" "$session" >>"$work/sent.$session"
  fi
  sleep 0.0$((RANDOM % 10))
done
end_session quit
kill "$parec_pid" 2>/dev/null; wait "$parec_pid" 2>/dev/null; parec_pid=
wall=$(awk -v n="$(now)" -v s="$rec_start" 'BEGIN{printf "%.3f", n - s}')

# Answers: each valid command has exactly one event naming it (a quit's is `stopped`).
sent_total=0 answered=0 underruns=0 errors_line=0 errors_sentence=0 overflow=0
for f in "$work"/events.*.jsonl; do
  n=${f##*/events.}; n=${n%.jsonl}
  s=$(awk '{c += $3} END{print c + 0}' "$work/sent.$n")
  a=$(grep -c '"command":' "$f" || true)
  q=$(grep -c '"reason":"quit"' "$f" || true)
  sent_total=$((sent_total + s)); answered=$((answered + a - q))
  underruns=$((underruns + $(grep -c '"event":"underrun"' "$f" || true)))
  errors_line=$((errors_line + $(grep -c '"event":"error","t_ms":[0-9.]*,"line"' "$f" || true)))
  errors_sentence=$((errors_sentence + $(grep -c '"event":"error","t_ms":[0-9.]*,"sentence"' "$f" || true)))
  overflow=$((overflow + $(grep -c '"event":"overflow"' "$f" || true)))
done
# Dropouts: runs of 20 ms windows without a sample above 100 lasting 1.5 s or more, outside
# the intended silences.
gaps=$(sox -t raw -r 22050 -e signed -b 16 -c 1 "$work/heard.raw" -t dat - 2>/dev/null | awk -v q="$work/quiet.tsv" '
  BEGIN { while ((getline l < q) > 0) { split(l, f, "\t"); qa[++nq] = f[1]; qb[nq] = f[2] } }
  /^;/ { next }
  { v = $2 < 0 ? -$2 : $2; if (v * 32768 > peak) peak = v * 32768; if (++k == 441) { w++;
      if (peak < 100) { if (run == 0) from = (w - 1) * 0.02; run++ } else { check(); run = 0 }
      k = 0; peak = 0 } }
  function check(   a, b, i, ok) { if (run * 0.02 < 1.5) return; a = from; b = from + run * 0.02; ok = 0
      for (i = 1; i <= nq; i++) if (a < qb[i] && b > qa[i]) ok = 1
      if (ok) expected++; else { unexplained++; printf "  dropout at %.1f s for %.1f s\n", a, b - a > "/dev/stderr" } }
  END { check(); printf "%d %d %.1f\n", unexplained + 0, expected + 0, w * 0.02 }')
read -r dropouts expected_gaps heard_s <<<"$gaps"
hz=$(getconf CLK_TCK)
echo
printf 'duration                %.0f s (%s sessions; recording %s s)\n' "$wall" "$sessions" "$heard_s"
printf 'load                    %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'commands sent           %d valid, %d garbage lines, %d over-long lines\n' "$sent_total" "$garbage" "$long"
printf 'workers                 %d stopped for 1-3 s, %d killed\n' "$stalls" "$kills"
printf 'crashes                 %d\n' "$crashes"
printf 'hangs                   %d (not ended 2 s after quit or a signal)\n' "$hangs"
printf 'unanswered commands     %d (answered %d)\n' "$((sent_total - answered))" "$answered"
printf 'error events            %d for bad lines, %d skipped sentences; %d overflow events\n' "$errors_line" "$errors_sentence" "$overflow"
printf 'underruns               %d (PortAudio output-underflow events)\n' "$underruns"
printf 'dropouts                %d unexplained silences >= 1.5 s (%d expected: stalls, kills, restarts)\n' "$dropouts" "$expected_gaps"
printf 'peak RSS                %d KiB\n' "$max_rss_kb"
printf 'CPU                     %.1f%% of one core (the voxmark process, sampled; its speech process not counted)\n' \
  "$(awk -v t="$cpu_ticks" -v h="$hz" -v w="$wall" 'BEGIN{print 100 * t / h / w}')"
