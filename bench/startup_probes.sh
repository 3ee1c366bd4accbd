#!/usr/bin/env bash
# Start-up probes (issue 10): what two libraries cost a voxmark process before it can speak,
# measured with two small programs built here, against a private PulseAudio daemon.
#  1. PortAudio: Pa_Initialize + Pa_OpenStream + Pa_StartStream on ALSA's default device (the
#     pulse plugin), with the system's ALSA configuration, and with the same configuration
#     minus libasound2-plugins' a52 and lavrate definitions (ALSA_CONFIG_PATH), whose plugins
#     link FFmpeg: PortAudio 19.6 opens every PCM ALSA names while building its device list.
#  2. eSpeak NG 1.51: espeak_ng_Initialize + espeak_ng_InitializeOutput(SYNCHRONOUS), whose
#     libpcaudio probes PulseAudio with a test stream; once as is, once with PULSE_SERVER at a
#     socket that cannot exist (what voxmark's speech processes do, speech/audio_probe_guard.h).
# Prints CPU ms (task-clock) and wall ms, means of N runs (perf stat -r N). Asserts nothing.
# Usage: bench/startup_probes.sh [RUNS]   (default 10)
source "$(dirname "$0")/lib.sh"
voxmark_install
runs=${1:-10}
work=$(mktemp -d)
pulse_pid=
cleanup() {
  if [ -n "$pulse_pid" ]; then kill "$pulse_pid" 2>/dev/null || true; wait "$pulse_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home"
mkdir -p "$HOME"
cd "$work" || exit 1

cat >portaudio_probe.cpp <<'CPP'
#include <alsa/asoundlib.h>
#include <portaudio.h>
static void quiet(const char*, int, const char*, int, const char*, ...) {}
static int silence(const void*, void* out, unsigned long n, const PaStreamCallbackTimeInfo*,
                   PaStreamCallbackFlags, void*) {
  for (unsigned long i = 0; i < n; ++i) static_cast<short*>(out)[i] = 0;
  return paContinue;
}
int main() {
  snd_lib_error_set_handler(quiet);
  if (Pa_Initialize() != paNoError) return 1;
  PaStreamParameters p{};
  p.device = Pa_GetDefaultOutputDevice();
  p.channelCount = 1;
  p.sampleFormat = paInt16;
  p.suggestedLatency = 0.05;
  PaStream* s = nullptr;
  if (Pa_OpenStream(&s, nullptr, &p, 22050, paFramesPerBufferUnspecified, 0, silence, nullptr) ||
      Pa_StartStream(s))
    return 1;
  Pa_StopStream(s);
  Pa_CloseStream(s);
  Pa_Terminate();
}
CPP
cat >espeak_probe.cpp <<'CPP'
#include <espeak-ng/espeak_ng.h>
#include <cstdlib>
int main() {
  espeak_ng_InitializePath(nullptr);
  if (espeak_ng_Initialize(nullptr) != ENS_OK) return 1;
  return espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr) == ENS_OK ? 0 : 1;
}
CPP
g++ -O2 portaudio_probe.cpp -o portaudio_probe -lportaudio -lasound &&
  g++ -O2 espeak_probe.cpp -o espeak_probe -lespeak-ng || { say "building the probes failed"; exit 1; }

# ALSA's configuration without the two FFmpeg-linked plugin definitions.
mkdir -p conf.d
for f in /etc/alsa/conf.d/*.conf; do
  case $(basename "$f") in 60-a52-encoder.conf | 10-rate-lav.conf) ;; *) cp "$f" conf.d/ ;; esac
done
sed "s|/etc/alsa/conf.d|$work/conf.d|g" /usr/share/alsa/alsa.conf >alsa-without-ffmpeg.conf

start_private_pulseaudio "$work"
VOXMARK="$VOXMARK_BUILD/voxmark"  # named in the header when built; not run
bench_header "start-up probes; $runs runs each (perf stat), a private PulseAudio daemon"

# perf stat's task-clock (CPU ms) and elapsed time (ms) for a command run N times.
measure() {
  local label=$1
  shift
  local out cpu wall
  out=$(perf stat -r "$runs" "$@" 2>&1 >/dev/null)
  cpu=$(awk '/task-clock/ {print $1; exit}' <<<"$out")
  wall=$(awk '/seconds time elapsed/ {printf "%.1f", $1 * 1000; exit}' <<<"$out")
  printf '%-66s %8s %8s\n' "$label" "$cpu" "$wall"
}
printf '%-66s %8s %8s\n' "program" "CPU_ms" "wall_ms"
measure "PortAudio init+open+start, ALSA as configured" ./portaudio_probe
measure "PortAudio init+open+start, without a52 and lavrate" \
  env ALSA_CONFIG_PATH="$work/alsa-without-ffmpeg.conf" ./portaudio_probe
measure "eSpeak NG init+output, its audio probe reaching PulseAudio" ./espeak_probe
measure "eSpeak NG init+output, probe pointed nowhere (voxmark's way)" \
  env PULSE_SERVER=unix:/dev/null/voxmark-no-sound-server ./espeak_probe
printf 'libav* opened by the PortAudio probe as configured: %s; without a52 and lavrate: %s\n' \
  "$(LD_DEBUG=files ./portaudio_probe 2>&1 | grep -c 'file=libav.*needed by')" \
  "$(ALSA_CONFIG_PATH="$work/alsa-without-ffmpeg.conf" LD_DEBUG=files ./portaudio_probe 2>&1 | grep -c 'file=libav.*needed by')"
