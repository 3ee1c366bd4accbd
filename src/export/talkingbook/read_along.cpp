#include "export/talkingbook/read_along.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "export/talkingbook/talking_book.h"

namespace voxmark::audiobook::talkingbook {

namespace {

// The page's behaviour. Sentences are the .vx-s spans in document order, each with data-b /
// data-e (seconds in the audio), data-k (its block's first sentence) and data-c (its section).
// The sentence being spoken is the last one that begins at or before the audio's time, so a
// pause between sentences keeps the one just read marked.
const char* kScript = R"JS(
(function () {
  'use strict';
  var audio = document.getElementById('vx-audio');
  var spans = Array.prototype.slice.call(document.querySelectorAll('.vx-s'));
  var begins = spans.map(function (s) { return parseFloat(s.getAttribute('data-b')); });
  var reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var current = -1;
  var ticking = false;
  function indexAt(t) {
    var lo = 0, hi = begins.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (begins[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }
  function mark(i) {
    if (i === current || i < 0 || i >= spans.length) return;
    if (current >= 0) spans[current].removeAttribute('aria-current');
    current = i;
    spans[i].setAttribute('aria-current', 'true');
    spans[i].scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }
  function seek(t) {
    mark(indexAt(t));
    audio.currentTime = t;
  }
  function go(i) {
    if (spans.length === 0) return;
    i = Math.max(0, Math.min(spans.length - 1, i));
    seek(begins[i]);
  }
  function attr(i, name) { return spans[i].getAttribute(name); }
  // The first sentence after `from` whose `name` differs (forward), or the start of the group
  // before the one `from` is in (backward).
  function step(name, forward) {
    var i = Math.max(current, 0);
    var here = attr(i, name);
    if (forward) {
      while (i < spans.length && attr(i, name) === here) i++;
      return i < spans.length ? i : current;
    }
    while (i > 0 && attr(i - 1, name) === here) i--;
    if (i === 0) return 0;
    var before = attr(i - 1, name);
    i--;
    while (i > 0 && attr(i - 1, name) === before) i--;
    return i;
  }
  function tick() {
    mark(indexAt(audio.currentTime));
    if (!audio.paused) { window.requestAnimationFrame(tick); } else { ticking = false; }
  }
  audio.addEventListener('play', function () {
    if (!ticking) { ticking = true; window.requestAnimationFrame(tick); }
  });
  audio.addEventListener('seeked', function () { mark(indexAt(audio.currentTime)); });
  document.getElementById('vx-text').addEventListener('click', function (e) {
    var s = e.target.closest ? e.target.closest('.vx-s') : null;
    if (!s) return;
    go(spans.indexOf(s));
    audio.play();
  });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || spans.length === 0) return;
    if (e.target === audio) return;  // the player's own controls keep their keys
    var next = null;
    switch (e.key) {
      case ' ': if (audio.paused) { audio.play(); } else { audio.pause(); } break;
      case 'ArrowRight': next = current + 1; break;
      case 'ArrowLeft': next = current - 1; break;
      case 'ArrowDown': next = step('data-k', true); break;
      case 'ArrowUp': next = step('data-k', false); break;
      case 'PageDown': case ']': next = step('data-c', true); break;
      case 'PageUp': case '[': next = step('data-c', false); break;
      case 'Home': next = 0; break;
      case 'End': next = spans.length - 1; break;
      default: return;
    }
    e.preventDefault();
    if (next !== null) go(next);
  });
  // page.html#t=SECONDS (W3C media fragments: t=12.5, t=npt:12.5, t=1:02.5, t=12,20).
  function fromHash() {
    var m = /(?:^#|&)t=(?:npt:)?([0-9:.]+)/.exec(window.location.hash);
    if (!m) return;
    var t = 0;
    m[1].split(':').forEach(function (part) { t = t * 60 + parseFloat(part || '0'); });
    if (isFinite(t)) seek(t);
  }
  window.addEventListener('hashchange', fromHash);
  if (spans.length > 0) { if (window.location.hash) { fromHash(); } else { mark(0); } }
})();
)JS";

// Not colour alone: the marked sentence is outlined and underlined as well as shaded, in
// forced colours (Windows high contrast) with the system's own highlight colours.
const char* kStyle = R"CSS(
:root { color-scheme: light dark; }
body { font: 1.25rem/1.7 system-ui, sans-serif; max-width: 42em; margin: 0 auto; padding: 0 1em 40vh; }
header { position: sticky; top: 0; padding: 0.5em 0; background: Canvas; border-bottom: 1px solid CanvasText; }
header audio { width: 100%; }
header p { margin: 0.25em 0; font-size: 0.85em; }
.vx-s { cursor: pointer; scroll-margin: 9em 0 5em; }
.vx-s[aria-current="true"] { background: #ffe24d; color: #000; outline: 3px solid #000; outline-offset: 1px; text-decoration: underline 3px; text-underline-offset: 0.2em; }
@media (prefers-color-scheme: dark) { .vx-s[aria-current="true"] { background: #4a3f00; color: #fff; outline-color: #fff; } }
@media (forced-colors: active) { .vx-s[aria-current="true"] { forced-color-adjust: none; background: Highlight; color: HighlightText; outline: 3px solid CanvasText; } }
@media (prefers-reduced-motion: reduce) { html { scroll-behavior: auto; } }
.vx-announce { font-style: italic; }
.vx-note { font-size: 0.9em; border-top: 1px solid; }
pre { white-space: pre-wrap; }
)CSS";

// OpenSSL's libcrypto: voxmark loads it anyway (libzip uses it), FFmpeg it does not load here.
std::string sha256_base64(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_bytes = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &digest_bytes, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
  }
  unsigned char out[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];  // base64 and its terminating zero
  const int length = EVP_EncodeBlock(out, digest, static_cast<int>(digest_bytes));
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length));
}

}  // namespace

const std::string& read_along_script() {
  static const std::string script = kScript;
  return script;
}

const std::string& read_along_style() {
  static const std::string style = kStyle;
  return style;
}

std::string render_read_along_page(const document::Document& doc,
                                   const std::vector<SentenceMs>& times,
                                   const std::string& audio_href, const std::string& language,
                                   const std::string& title) {
  const std::string policy = "default-src 'none'; script-src 'sha256-" +
                             sha256_base64(read_along_script()) + "'; style-src 'sha256-" +
                             sha256_base64(read_along_style()) + "'; media-src 'self'";
  std::string out(kReadAlongPageFirstLine);
  out +=
      ": the text with its speech, written by voxmark export -->\n"
      "<html lang=\"" +
      escape_attribute(language) +
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
      policy + "\">\n<meta name=\"generator\" content=\"voxmark\">\n<title>" + escape_text(title) +
      "</title>\n<style>" + read_along_style() +
      "</style>\n</head>\n<body>\n<header>\n<audio id=\"vx-audio\" controls "
      "preload=\"auto\" src=\"" +
      escape_attribute(audio_href) +
      "\"></audio>\n<p>Click a sentence to hear it. Keys: Space plays or pauses; Left and "
      "Right: previous and next sentence; Up and Down: block; Page Up and Page Down: "
      "section.</p>\n</header>\n<main id=\"vx-text\">\n" +
      render_body(doc, 0, doc.sentences.size(), &times) + "</main>\n<script>" +
      read_along_script() + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace voxmark::audiobook::talkingbook
