#include "speech/espeak_engine.h"

#include <espeak-ng/espeak_ng.h>
#include <locale.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <sstream>
#include <string_view>
#include <thread>

#include "common/error.h"
#include "speech/audio_probe_guard.h"
#include "speech/time_stretch.h"
#include "speech/word_span.h"

namespace voxmark::speech {
namespace {

constexpr int kMinEspeakRateWpm = 80;
// eSpeak NG 1.51 switches to its own sonic path from 450 wpm (an audible jump); stay below.
constexpr int kMaxEspeakRateWpm = 400;
constexpr double kMinSpeedFactor = 0.5;
constexpr double kMaxSpeedFactor = 6.0;
// A sentence never needs this much audio; more means eSpeak NG is looping (upstream had
// inputs that made it talk forever), so stop rather than fill memory.
constexpr double kRunawayBaseSeconds = 60.0;
constexpr double kRunawaySecondsPerCodePoint = 1.0;

struct Run;

// eSpeak NG's state is global, so ours is too. Guarded by g_mutex.
std::mutex g_mutex;
bool g_initialized = false;
std::string g_data_dir;
int g_sample_rate_hz = 0;
const EspeakEngine* g_instance = nullptr;
pid_t g_instance_pid = 0;
Run* g_run = nullptr;  // the synthesis in progress, for the callback
// The thread inside synthesize(), to catch a sink calling back in (it would deadlock).
std::atomic<std::thread::id> g_synthesizing_thread{};

// eSpeak NG reads letters with iswalpha() and friends, which follow LC_CTYPE. It sets the
// process-wide LC_CTYPE to C.UTF-8 on initialization; we undo that and give only the calling
// thread a UTF-8 LC_CTYPE while it is inside eSpeak NG.
locale_t utf8_ctype_locale() {
  static const locale_t locale = [] {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
      if (locale_t l = newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(0))) return l;
    }
    return static_cast<locale_t>(0);
  }();
  return locale;
}

class Utf8CtypeScope {
 public:
  Utf8CtypeScope() {
    if (const locale_t l = utf8_ctype_locale()) previous_ = uselocale(l);
  }
  ~Utf8CtypeScope() {
    if (previous_ != static_cast<locale_t>(0)) uselocale(previous_);
  }
  Utf8CtypeScope(const Utf8CtypeScope&) = delete;
  Utf8CtypeScope& operator=(const Utf8CtypeScope&) = delete;

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

std::string status_message(espeak_ng_STATUS status, espeak_ng_ERROR_CONTEXT context) {
  // PrintStatusCodeMessage adds the file it failed on; capture it instead of printing.
  std::string text;
  char* buffer = nullptr;
  std::size_t size = 0;
  if (FILE* out = open_memstream(&buffer, &size)) {
    espeak_ng_PrintStatusCodeMessage(status, out, context);
    std::fclose(out);
    text.assign(buffer, size);
    std::free(buffer);
  } else {
    char message[512] = {};
    espeak_ng_GetStatusCodeMessage(status, message, sizeof message);
    text = message;
  }
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Needs g_mutex held.
void ensure_initialized(const std::string& data_dir) {
  if (g_initialized) {
    if (data_dir != g_data_dir) {
      throw Error(ExitCode::software, "eSpeak NG was already started with data from '" +
                                          g_data_dir + "' and cannot be restarted with '" +
                                          data_dir + "' in the same process");
    }
    return;
  }
  const char* current = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved_ctype = current != nullptr ? current : "C";

  espeak_ng_InitializePath(data_dir.empty() ? nullptr : data_dir.c_str());
  espeak_ng_ERROR_CONTEXT context = nullptr;
  espeak_ng_STATUS status = espeak_ng_Initialize(&context);
  std::setlocale(LC_CTYPE, saved_ctype.c_str());
  if (status != ENS_OK) {
    const std::string message = status_message(status, context);
    espeak_ng_ClearErrorContext(&context);
    throw Error(ExitCode::unavailable,
                "eSpeak NG could not start: " + message +
                    "; install the espeak-ng-data package or point to its data folder");
  }
  {
    // 1.51 probes for a sound device here even in synchronous mode: keep it off the user's
    // sound server (speech/audio_probe_guard.h).
    AudioProbeGuard no_sound_server;
    status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
  }
  if (status != ENS_OK) {
    throw Error(ExitCode::unavailable,
                "eSpeak NG could not set up its output: " + status_message(status, nullptr));
  }
  g_sample_rate_hz = espeak_ng_GetSampleRate();
  g_data_dir = data_dir;
  g_initialized = true;
}

// Needs g_mutex held.
std::vector<InstalledVoice> list_voices_locked() {
  std::vector<InstalledVoice> voices;
  const espeak_VOICE** list = espeak_ListVoices(nullptr);
  for (; list != nullptr && *list != nullptr; ++list) {
    const espeak_VOICE* v = *list;
    InstalledVoice voice;
    voice.name = v->name != nullptr ? v->name : "";
    voice.identifier = v->identifier != nullptr ? v->identifier : "";
    // languages: (priority byte, NUL-terminated name) pairs, ended by an empty name.
    for (const char* p = v->languages; p != nullptr && *p != 0;) {
      const std::string language(p + 1);
      voice.languages.push_back(language);
      p += language.size() + 2;
    }
    voices.push_back(std::move(voice));
  }
  return voices;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Needs g_mutex held. eSpeak NG 1.51 finds "en-us" by file name but not "en-gb" (a language
// of the file "gmw/en"), so a name it rejects is looked up among the voices' languages.
void select_voice_locked(const std::string& requested) {
  if (espeak_ng_SetVoiceByName(requested.c_str()) == ENS_OK) return;

  const std::size_t plus = requested.find('+');
  const std::string base = lower_ascii(requested.substr(0, plus));
  const std::string variant = plus == std::string::npos ? "" : requested.substr(plus);
  std::string identifier;
  std::size_t best_rank = SIZE_MAX;
  for (const InstalledVoice& voice : list_voices_locked()) {
    for (std::size_t rank = 0; rank < voice.languages.size(); ++rank) {
      if (lower_ascii(voice.languages[rank]) == base && rank < best_rank) {
        best_rank = rank;
        identifier = voice.identifier;
      }
    }
    if (lower_ascii(voice.name) == base && best_rank > 0) {
      best_rank = 0;
      identifier = voice.identifier;
    }
  }
  if (!identifier.empty() && espeak_ng_SetVoiceByName((identifier + variant).c_str()) == ENS_OK) {
    return;
  }
  throw Error(ExitCode::usage, "eSpeak NG has no voice '" + requested +
                                   "'; `espeak-ng --voices` lists the installed voices");
}

void check_range(const char* field, double value, double low, double high) {
  if (!(value >= low && value <= high)) {  // also rejects NaN
    std::ostringstream message;
    message << field << " " << value << " is out of range; use " << low << " to " << high;
    throw Error(ExitCode::usage, message.str());
  }
}

// eSpeak NG treats U+0001 as the start of an embedded command even in plain text; other
// control characters have no business in speech. Spaces keep every byte offset in place.
void replace_control_chars(std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) {
      text[i] = ' ';
    } else if (byte == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      text[i] = ' ';  // C1 controls U+0080..U+009F: two bytes, two spaces
      text[i + 1] = ' ';
    }
  }
}

// One synthesize() call: eSpeak audio -> (sonic) -> trim -> sink, with word timings.
struct Run {
  const ChunkSink* sink = nullptr;
  std::string_view original;  // the text as given, which word offsets point into
  const Respelled* respelled = nullptr;
  std::vector<std::size_t> code_points;  // byte offset of each code point of respelled->text
  std::optional<TimeStretch> stretch;
  double stretch_factor = 1.0;
  std::size_t raw_samples = 0;
  std::size_t max_raw_samples = 0;

  bool started = false;          // a loud sample was seen; leading trim is over
  std::size_t lead_trimmed = 0;  // samples dropped at the start (after stretching)
  std::size_t emitted = 0;       // samples handed to the sink
  std::vector<int16_t> held;     // quiet samples that may turn out to be trailing silence
  struct PendingWord {
    std::size_t stretched_sample = 0;  // offset in the stretched audio, before trimming
    std::size_t text_begin = 0;
    std::size_t text_end = 0;
  };
  std::vector<PendingWord> pending;  // not yet handed to the sink, in order
  std::size_t last_word_offset = 0;
  std::size_t last_word_end = 0;  // end of the last word's text in the original

  bool stopped = false;  // the sink said stop, or an error was stored
  std::exception_ptr error;
  std::vector<int16_t> scratch;
  std::vector<int16_t> out;
  std::vector<WordTiming> out_words;

  void on_word(const espeak_EVENT& event) {
    if (event.length <= 0 || event.text_position <= 0) return;  // eSpeak adds empty "words"
    const std::size_t count = code_points.size() - 1;
    const std::size_t first = std::min<std::size_t>(event.text_position - 1, count);
    const std::size_t last = std::min<std::size_t>(first + event.length, count);
    auto [begin, end] = respelled->to_original(code_points[first], code_points[last]);
    end = extend_word_end(original, end);
    // eSpeak reports overlapping positions for the words it makes of one piece of text
    // ("1,300", "2010", a dictionary phrase such as "deja vu", the pieces of a respelling):
    // they are one word of the original, timed at its first piece.
    if (begin < last_word_end) {
      if (!pending.empty()) pending.back().text_end = std::max(pending.back().text_end, end);
      last_word_end = std::max(last_word_end, end);
      return;
    }
    last_word_end = end;
    const double sample = std::max(0, event.sample) / stretch_factor;
    pending.push_back({static_cast<std::size_t>(std::llround(sample)), begin, end});
  }

  void on_audio(std::span<const int16_t> samples) {
    raw_samples += samples.size();
    if (raw_samples > max_raw_samples) {
      throw Error(ExitCode::software,
                  "eSpeak NG kept producing audio for one sentence (over " +
                      std::to_string(max_raw_samples / std::max(1, g_sample_rate_hz)) +
                      " s); it was stopped");
    }
    if (!stretch) {
      emit(samples);
      return;
    }
    stretch->push(samples);
    scratch.clear();
    stretch->pull(scratch);
    emit(scratch);
  }

  // Trims leading silence, holds back quiet samples until something loud follows them (so
  // trailing silence is never sent), and sends the rest with the words that start in it.
  void emit(std::span<const int16_t> samples) {
    const auto loud = [](int16_t x) {
      return std::abs(static_cast<int>(x)) >= EspeakEngine::kSilenceThreshold;
    };
    if (!started) {
      const auto first = std::find_if(samples.begin(), samples.end(), loud);
      lead_trimmed += static_cast<std::size_t>(first - samples.begin());
      if (first == samples.end()) return;
      started = true;
      samples = samples.subspan(static_cast<std::size_t>(first - samples.begin()));
    }
    const auto last = std::find_if(samples.rbegin(), samples.rend(), loud);
    if (last == samples.rend()) {
      held.insert(held.end(), samples.begin(), samples.end());
      return;
    }
    const std::size_t loud_end = static_cast<std::size_t>(samples.rend() - last);
    out.assign(held.begin(), held.end());
    out.insert(out.end(), samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(loud_end));
    held.assign(samples.begin() + static_cast<std::ptrdiff_t>(loud_end), samples.end());
    send();
  }

  void send() {
    const std::size_t end = emitted + out.size();
    out_words.clear();
    std::size_t taken = 0;
    for (const PendingWord& w : pending) {
      const std::size_t trimmed =
          w.stretched_sample > lead_trimmed ? w.stretched_sample - lead_trimmed : 0;
      if (trimmed >= end) break;
      ++taken;
      const auto [text_begin, text_end] = trim_word(original, w.text_begin, w.text_end);
      if (text_begin == text_end) continue;  // only spaces
      // Rounding can put a word a sample before audio already sent; keep order and the
      // "starts within these samples" promise.
      const std::size_t offset = std::max({trimmed, emitted, last_word_offset});
      out_words.push_back({offset, text_begin, text_end - text_begin});
      last_word_offset = offset;
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(taken));
    emitted = end;
    if (!(*sink)(std::span<const int16_t>(out), std::span<const WordTiming>(out_words))) {
      stopped = true;
    }
  }

  void finish() {
    if (stretch) {
      stretch->flush();
      scratch.clear();
      stretch->pull(scratch);
      emit(scratch);
    }
    held.clear();     // trailing silence
    pending.clear();  // words with no audio after the last loud sample
  }
};

int synth_callback(short* wav, int count, espeak_EVENT* events) {
  Run* run = g_run;
  if (run == nullptr) return 0;
  if (run->stopped) return 1;
  try {
    for (espeak_EVENT* e = events; e != nullptr && e->type != espeakEVENT_LIST_TERMINATED; ++e) {
      if (e->type == espeakEVENT_WORD) run->on_word(*e);
    }
    if (wav != nullptr && count > 0) {
      run->on_audio(std::span<const int16_t>(wav, static_cast<std::size_t>(count)));
    }
  } catch (...) {
    // Exceptions must not cross eSpeak NG's C frames; rethrown after it returns.
    run->error = std::current_exception();
    run->stopped = true;
  }
  return run->stopped ? 1 : 0;
}

class ClearOnExit {
 public:
  ~ClearOnExit() {
    g_run = nullptr;
    g_synthesizing_thread.store(std::thread::id());
  }
};

}  // namespace

bool is_valid_espeak_voice_name(std::string_view name) {
  if (name.empty() || name.size() > 40 || name.front() == '/' || name.front() == ' ' ||
      name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-_+/ ()").find(c) != std::string_view::npos;
  });
}

void validate_voice_settings(const VoiceSettings& s) {
  if (!is_valid_espeak_voice_name(s.espeak_voice)) {
    throw Error(ExitCode::usage,
                "espeak_voice '" + s.espeak_voice +
                    "' is not a valid eSpeak NG voice name; use letters, digits and -_+/ (), "
                    "e.g. en-gb or en-us+f3");
  }
  check_range("rate_wpm", s.rate_wpm, kMinEspeakRateWpm, 450);
  check_range("speed_factor", s.speed_factor, kMinSpeedFactor, kMaxSpeedFactor);
  check_range("pitch", s.pitch, 0, 100);
  check_range("pitch_range", s.pitch_range, 0, 100);
  check_range("volume", s.volume, 0, 200);
}

RatePlan plan_rate(int rate_wpm, double speed_factor) {
  RatePlan plan;
  plan.espeak_rate_wpm = std::clamp(rate_wpm, kMinEspeakRateWpm, kMaxEspeakRateWpm);
  plan.stretch_factor = rate_wpm * speed_factor / plan.espeak_rate_wpm;
  if (std::abs(plan.stretch_factor - 1.0) < 1e-9) plan.stretch_factor = 1.0;
  return plan;
}

std::vector<InstalledVoice> list_installed_voices() {
  std::lock_guard lock(g_mutex);
  // Listing needs only the data path, not a full start.
  if (!g_initialized) espeak_ng_InitializePath(nullptr);
  Utf8CtypeScope ctype;
  return list_voices_locked();
}

EspeakEngine::EspeakEngine(Lexicon lexicon, const std::string& data_dir)
    : lexicon_(std::move(lexicon)) {
  std::lock_guard lock(g_mutex);
  // A forked child inherits the parent's pointer but not its engine's use: allow one there.
  if (g_instance != nullptr && g_instance_pid == getpid()) {
    throw Error(ExitCode::software,
                "a second eSpeak NG engine was created in one process; eSpeak NG keeps global "
                "state, so use one engine per process (worker processes for parallel synthesis)");
  }
  ensure_initialized(data_dir);
  sample_rate_hz_ = g_sample_rate_hz;
  espeak_SetSynthCallback(&synth_callback);
  {
    Utf8CtypeScope ctype;
    select_voice_locked(settings_.espeak_voice);
  }
  rate_plan_ = plan_rate(settings_.rate_wpm, settings_.speed_factor);
  apply_parameters();
  g_instance = this;
  g_instance_pid = getpid();
}

EspeakEngine::~EspeakEngine() {
  std::lock_guard lock(g_mutex);
  if (g_instance == this) g_instance = nullptr;
}

void EspeakEngine::apply_parameters() {
  // Set before every sentence as well: cheap, and nothing a text did can linger.
  espeak_ng_SetParameter(espeakRATE, rate_plan_.espeak_rate_wpm, 0);
  espeak_ng_SetParameter(espeakVOLUME, settings_.volume, 0);
  espeak_ng_SetParameter(espeakPITCH, settings_.pitch, 0);
  espeak_ng_SetParameter(espeakRANGE, settings_.pitch_range, 0);
}

void EspeakEngine::configure(const VoiceSettings& settings) {
  validate_voice_settings(settings);
  if (g_synthesizing_thread.load() == std::this_thread::get_id()) {
    throw Error(ExitCode::software, "a ChunkSink called EspeakEngine::configure");
  }
  std::lock_guard lock(g_mutex);
  if (settings.espeak_voice != settings_.espeak_voice) {
    Utf8CtypeScope ctype;
    select_voice_locked(settings.espeak_voice);
  }
  settings_ = settings;
  rate_plan_ = plan_rate(settings.rate_wpm, settings.speed_factor);
  apply_parameters();
}

void EspeakEngine::set_lexicon(Lexicon lexicon) {
  std::lock_guard lock(g_mutex);
  lexicon_ = std::move(lexicon);
}

bool EspeakEngine::synthesize(std::string_view text, const ChunkSink& sink) {
  if (g_synthesizing_thread.load() == std::this_thread::get_id()) {
    throw Error(ExitCode::software, "a ChunkSink called EspeakEngine::synthesize");
  }
  std::lock_guard lock(g_mutex);

  Respelled respelled = lexicon_.apply(text);
  replace_control_chars(respelled.text);  // keeps byte offsets

  Run run;
  run.sink = &sink;
  run.original = text;
  run.respelled = &respelled;
  run.code_points = code_point_offsets(respelled.text);
  run.stretch_factor = rate_plan_.stretch_factor;
  if (run.stretch_factor != 1.0) run.stretch.emplace(sample_rate_hz_, run.stretch_factor);
  run.max_raw_samples = static_cast<std::size_t>(
      sample_rate_hz_ * (kRunawayBaseSeconds + kRunawaySecondsPerCodePoint *
                                                   static_cast<double>(run.code_points.size())));

  espeak_ng_STATUS status;
  {
    ClearOnExit clear;
    g_run = &run;
    g_synthesizing_thread.store(std::this_thread::get_id());
    Utf8CtypeScope ctype;
    apply_parameters();
    // Plain text only: never espeakSSML (its <audio src> opens files and can run a shell
    // command in 1.51) and never espeakPHONEMES (document "[[...]]" would become phonemes).
    // No espeakENDPAUSE: voxmark adds its own pauses and trims eSpeak's.
    status = espeak_ng_Synthesize(respelled.text.c_str(), respelled.text.size() + 1, 0,
                                  POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    if (!run.stopped && (status == ENS_OK)) {
      try {
        run.finish();
      } catch (...) {
        run.error = std::current_exception();
      }
    }
  }
  if (run.error) std::rethrow_exception(run.error);
  if (run.stopped) return false;
  if (status != ENS_OK) {
    throw Error(ExitCode::software,
                "eSpeak NG failed to speak a sentence: " + status_message(status, nullptr));
  }
  return true;
}

}  // namespace voxmark::speech
