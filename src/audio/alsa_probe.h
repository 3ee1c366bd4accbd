// Narrowing PortAudio's device probe to ALSA's default device, for a faster start.
//
// Why: Pa_Initialize (PortAudio 19.6) builds its device list by opening every PCM that ALSA's
// configuration names. On a usual desktop that includes libasound2-plugins' `a52` encoder and
// `lavrate` converters, which load FFmpeg, plus the JACK, OSS and upmix plugins: 60 ms of a
// player's start-up on PulseAudio, where playing on the default device needs only `default`.
// (Later PortAudio versions read PA_ALSA_IGNORE_ALL_PLUGINS for this; 19.6 does not.)
//
// How: before Pa_Initialize, this process's in-memory copy of ALSA's configuration loses the
// `pcm` definitions that `pcm.default` does not refer to (directly or through the ones it
// keeps); the user's files are never touched. After Pa_Initialize,
// restore_full_alsa_configuration() drops the narrowed copy, so every later open (the stream
// itself) reads the whole configuration again. When the default device cannot be told apart this
// way (it is chosen through `cards.*`, as on a bare ALSA system, or it has no definition), nothing
// is narrowed.
//
// Threads: call both from the thread that initialises PortAudio, while no other thread uses
// ALSA. Used only by audio/portaudio_sink.cpp.
#pragma once

#include <string>
#include <vector>

namespace voxmark::audio {

// Removes the unneeded `pcm` definitions from ALSA's loaded configuration. Returns the names it
// removed (empty: nothing was narrowed, Pa_Initialize sees the whole configuration).
std::vector<std::string> narrow_alsa_configuration_to_default();

// Frees ALSA's loaded configuration; the next open reads the user's files again.
void restore_full_alsa_configuration();

}  // namespace voxmark::audio
