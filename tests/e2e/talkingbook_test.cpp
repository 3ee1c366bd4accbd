// Talking books end to end: the real binary writes EPUB 3 publications with Media Overlays and
// read-along pages; epubcheck (Debian's, run with java -jar) judges the EPUBs, libzip reads
// them back, ffprobe measures their audio, and headless Chromium (Debian's) opens the pages:
// --dump-dom for the sentence marked at page.html#t=S, --screenshot for the highlight, and
// the DevTools protocol (talkingbook_keys.py, Debian's python3-websocket) for the keys.
#include <gtest/gtest.h>
#include <zip.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "media_probe.h"
#include "run_process.h"

namespace voxmark::test {
namespace {
namespace fs = std::filesystem;

// Sections, nested lists, a table, a quote, a code block and footnotes.
const char* kLongDocument = R"MD(---
title: A Longer Book
author: Ann Author
language: en
---

# Beginnings

The first chapter opens here. It has two sentences.

- A first item.
- A second item, with a nested list:
  - Nested one.
  - Nested two.

## A table

| Name | Age |
| --- | --- |
| Ann | 30 |
| Bob | 41 |

A sentence after the table, with a note.[^1]

[^1]: The note explains something.

# Middles

> A quoted paragraph. It has its own sentences.

1. Ordered one.
2. Ordered two.

```
let x = 1;
```

## Deeper

Another paragraph in a subsection. And one more.

# Endings

The last chapter is short. Goodbye.
)MD";

// Script tags (raw, in code, as entities), a closing script tag, quotes, ampersands, an event
// handler, and right-to-left text: none of it may run or break the markup.
const char* kHostileDocument = R"MD(---
title: "<script>document.body.setAttribute('data-pwned','t')</script> & \"quotes\""
---

# Heading <b>bold</b> & </script>

Raw <script>document.body.setAttribute('data-pwned','1')</script> tags are here.

Code `</script><script>document.body.setAttribute('data-pwned','2')</script>` in a span.

Entities &lt;script&gt;document.body.setAttribute('data-pwned','3')&lt;/script&gt; decoded.

Quotes "double" and 'single' & ampersands; <img src=x onerror="document.body.setAttribute('data-pwned','4')">.

שלום עולם, זה טקסט בעברית. مرحبا بالعالم.
)MD";

ProcessResult voxmark(std::vector<std::string> args, ProcessOptions options = {}) {
  args.insert(args.begin(), voxmark_binary());
  options.timeout_seconds = 300;
  return run_process(args, options);
}

ProcessOptions with_timeout(double seconds) {
  ProcessOptions options;
  options.timeout_seconds = seconds;
  return options;
}

std::string chromium() { return "/usr/bin/chromium"; }

// Chromium's flags for a test: no sandbox (tests may run as root), no GPU, no first-run UI.
std::vector<std::string> chromium_args(std::vector<std::string> more) {
  std::vector<std::string> args{chromium(),      "--headless",     "--no-sandbox",
                                "--disable-gpu", "--no-first-run", "--hide-scrollbars"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string file_url(const std::string& path) { return "file://" + path; }

// The DOM after the page's script ran.
std::string dump_dom(const std::string& url, const TempDir& profile) {
  const auto r =
      run_process(chromium_args({"--user-data-dir=" + profile.file("chromium"), "--dump-dom", url}),
                  with_timeout(120));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

std::string unescape_html(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += 1) {
      s.replace(at, std::string(from).size(), to);
    }
  }
  return s;
}

struct Span {
  std::string id;
  std::uint64_t begin_ms = 0;
  std::uint64_t end_ms = 0;
  std::string section;
  std::string text;
  bool current = false;
};

std::uint64_t seconds_to_ms(const std::string& s) {
  return static_cast<std::uint64_t>(std::llround(std::stod(s) * 1000));
}

// The page's sentence spans, in order, as Chromium serialised them (or as written).
std::vector<Span> spans_of(const std::string& html) {
  static const std::regex span(R"re(<span id="(s\d+)" class="vx-s" data-b="([0-9.]+)" )re"
                               R"re(data-e="([0-9.]+)" data-k="\d+" data-c="(\d+)"([^>]*)>)re"
                               R"re(([^<]*)</span>)re");
  std::vector<Span> spans;
  for (std::sregex_iterator it(html.begin(), html.end(), span), end; it != end; ++it) {
    const std::smatch& m = *it;
    spans.push_back({m[1], seconds_to_ms(m[2]), seconds_to_ms(m[3]), m[4], unescape_html(m[6]),
                     m[5].str().find("aria-current=\"true\"") != std::string::npos});
  }
  return spans;
}

struct Cue {
  std::uint64_t start_ms = 0;
  std::uint64_t end_ms = 0;
  std::string text;  // lines joined by spaces
};

std::uint64_t vtt_ms(const std::string& t) {  // "01:02:03.456"
  return std::stoull(t.substr(0, 2)) * 3600000 + std::stoull(t.substr(3, 2)) * 60000 +
         std::stoull(t.substr(6, 2)) * 1000 + std::stoull(t.substr(9, 3));
}

std::vector<Cue> read_vtt(const std::string& path) {
  std::vector<Cue> cues;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    const auto arrow = line.find(" --> ");
    if (arrow == std::string::npos) continue;
    Cue cue{vtt_ms(line.substr(0, arrow)), vtt_ms(line.substr(arrow + 5)), ""};
    for (std::string text; std::getline(in, text) && !text.empty();) {
      cue.text += (cue.text.empty() ? "" : " ") + text;
    }
    cues.push_back(cue);
  }
  return cues;
}

// SMIL clock "H:MM:SS.mmm" in ms.
std::uint64_t clock_ms(const std::string& c) {
  const auto first = c.find(':');
  const auto second = c.find(':', first + 1);
  return std::stoull(c.substr(0, first)) * 3600000 +
         std::stoull(c.substr(first + 1, second - first - 1)) * 60000 +
         static_cast<std::uint64_t>(std::llround(std::stod(c.substr(second + 1)) * 1000));
}

// The entries of a zip, in the order they are stored, read with libzip.
struct Entry {
  std::string name;
  bool stored = false;
  std::string bytes;
};

std::vector<Entry> read_zip(const std::string& path) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr) << path;
  std::vector<Entry> entries;
  if (!archive) return entries;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    Entry e{st.name, st.comp_method == ZIP_CM_STORE, std::string(st.size, '\0')};
    zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, e.bytes.data(), st.size);
    zip_fclose(f);
    entries.push_back(std::move(e));
  }
  zip_discard(archive);
  return entries;
}

// epubcheck's verdict: exit 0 and "No errors or warnings detected."
void expect_epubcheck_clean(const std::string& epub) {
  const auto r = run_process({"/usr/bin/java", "-jar", "/usr/share/java/epubcheck.jar", epub},
                             with_timeout(280));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("No errors or warnings detected"), std::string::npos)
      << r.out << r.err;
}

// Checks an EPUB against its document's sentences and the subtitles of the same export.
void expect_talking_book(const std::string& epub, const std::vector<std::string>& sentences,
                         const std::vector<Cue>& cues, const TempDir& dir) {
  SCOPED_TRACE(epub);
  expect_epubcheck_clean(epub);
  const std::vector<Entry> entries = read_zip(epub);
  ASSERT_FALSE(entries.empty());
  // OCF: mimetype first and stored.
  EXPECT_EQ(entries.front().name, "mimetype");
  EXPECT_TRUE(entries.front().stored);
  EXPECT_EQ(entries.front().bytes, "application/epub+zip");

  std::map<std::string, std::string> files;
  for (const Entry& e : entries) files[e.name] = e.bytes;
  ASSERT_TRUE(files.count("EPUB/book.mp3"));
  const std::string mp3 =
      dir.write(fs::path(epub).stem().string() + "-audio.mp3", files["EPUB/book.mp3"]);
  const auto probe = ffprobe(mp3);
  EXPECT_EQ(audio_stream(probe)["codec_name"], "mp3");
  const double audio_ms = std::stod(probe["format"]["duration"].get<std::string>()) * 1000;

  // The pars of every overlay, in the spine's order (part-001, part-002, ...: sorted names).
  static const std::regex par(
      R"re(<par id="p(s\d+)"><text src="(part-\d+\.xhtml)#(s\d+)"/><audio src="book\.mp3" )re"
      R"re(clipBegin="([0-9:.]+)" clipEnd="([0-9:.]+)"/></par>)re");
  static const std::regex refined(
      R"re(<meta property="media:duration" refines="#(part-\d+)-smil">([0-9:.]+)</meta>)re");
  const std::string opf = files["EPUB/package.opf"];
  std::map<std::string, std::uint64_t> declared;
  std::uint64_t declared_sum = 0;
  for (std::sregex_iterator it(opf.begin(), opf.end(), refined), end; it != end; ++it) {
    declared[(*it)[1]] = clock_ms((*it)[2]);
    declared_sum += clock_ms((*it)[2]);
  }
  std::smatch total;
  ASSERT_TRUE(std::regex_search(opf, total,
                                std::regex(R"re(<meta property="media:duration">([0-9:.]+)<)re")));
  EXPECT_EQ(clock_ms(total[1]), declared_sum);
  EXPECT_NE(opf.find("<meta property=\"media:active-class\">"), std::string::npos);
  EXPECT_NE(opf.find("synchronizedAudioText"), std::string::npos);
  EXPECT_NE(opf.find("schema:accessibilitySummary"), std::string::npos);
  EXPECT_NE(opf.find("schema:accessMode\">auditory"), std::string::npos);

  std::size_t n = 0;
  std::uint64_t previous_end = 0;
  for (const auto& [name, bytes] : files) {
    if (!name.ends_with(".smil")) continue;
    const std::string part = fs::path(name).stem().string();
    const std::string xhtml = files["EPUB/" + part + ".xhtml"];
    std::uint64_t sum = 0;
    for (std::sregex_iterator it(bytes.begin(), bytes.end(), par), end; it != end; ++it) {
      const std::smatch& m = *it;
      ++n;
      const std::string id = "s" + std::to_string(n);
      // One par per sentence, in order, pointing at that sentence's span in this document.
      EXPECT_EQ(m[1], id);
      EXPECT_EQ(m[2], part + ".xhtml");
      EXPECT_EQ(m[3], id);
      EXPECT_NE(xhtml.find("<span id=\"" + id + "\" class=\"vx-s\">"), std::string::npos) << id;
      const std::uint64_t begin = clock_ms(m[4]), end_ms = clock_ms(m[5]);
      EXPECT_LE(previous_end, begin) << id;
      EXPECT_LT(begin, end_ms) << id;
      EXPECT_LE(static_cast<double>(end_ms), audio_ms) << id;
      previous_end = end_ms;
      sum += end_ms - begin;
      // The subtitles of the same export: a cue starts where the sentence starts and one ends
      // where it ends, to the millisecond.
      const bool starts =
          std::any_of(cues.begin(), cues.end(), [&](const Cue& c) { return c.start_ms == begin; });
      const bool ends =
          std::any_of(cues.begin(), cues.end(), [&](const Cue& c) { return c.end_ms == end_ms; });
      EXPECT_TRUE(starts && ends) << id << " " << m[4] << " - " << m[5];
    }
    EXPECT_EQ(declared[part], sum) << part;
  }
  EXPECT_EQ(n, sentences.size());
  EXPECT_NE(files["EPUB/nav.xhtml"].find("epub:type=\"toc\""), std::string::npos);
}

class TalkingBook : public testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(TalkingBook, TheOpEdsEpubPassesEpubcheckWithOneParPerSentence) {
  const auto r = voxmark(
      {"export", "-o", dir_.file("op-ed.epub"), "--subtitles", dir_.file("op-ed.vtt"), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_talking_book(dir_.file("op-ed.epub"), voxmark_sentences(),
                      read_vtt(dir_.file("op-ed.vtt")), dir_);
}

TEST_F(TalkingBook, ALongMultiSectionDocumentsEpubPassesEpubcheckWithItsStructure) {
  // Sections, nested lists, a table, a quote, code and footnotes.
  const std::string doc = dir_.write("long.md", kLongDocument);
  const auto r = voxmark(
      {"export", doc, "-o", dir_.file("long.epub"), "--subtitles", dir_.file("long.vtt"), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_talking_book(dir_.file("long.epub"), voxmark_sentences(doc),
                      read_vtt(dir_.file("long.vtt")), dir_);
  std::map<std::string, std::string> files;
  for (const Entry& e : read_zip(dir_.file("long.epub"))) files[e.name] = e.bytes;
  // One content document per top-level section; the structure kept as HTML.
  EXPECT_TRUE(files.count("EPUB/part-003.xhtml"));
  EXPECT_FALSE(files.count("EPUB/part-004.xhtml"));
  EXPECT_NE(files["EPUB/part-001.xhtml"].find("<h1 dir=\"auto\">"), std::string::npos);
  EXPECT_NE(files["EPUB/part-001.xhtml"].find("<h2 dir=\"auto\">"), std::string::npos);
  EXPECT_NE(files["EPUB/part-001.xhtml"].find("<li dir=\"auto\">"), std::string::npos);
  EXPECT_NE(files["EPUB/part-001.xhtml"].find("xml:lang=\"en\""), std::string::npos);
  EXPECT_NE(files["EPUB/part-002.xhtml"].find("<blockquote>"), std::string::npos);
  for (const char* title : {">Beginnings<", ">A table<", ">Middles<", ">Deeper<", ">Endings<"}) {
    EXPECT_NE(files["EPUB/nav.xhtml"].find(title), std::string::npos) << title;
  }
}

TEST_F(TalkingBook, ThePageMarksTheSentenceTheSubtitlesPlaceAtAnyTime) {
  const auto r =
      voxmark({"export", "-o", dir_.file("page.html"), "--subtitles", dir_.file("page.vtt"), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(dir_.file("page.html"));
  // Nothing from elsewhere: one local audio file, no links, no remote URLs.
  EXPECT_EQ(page.find("http:"), std::string::npos);
  EXPECT_EQ(page.find("https:"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_NE(page.find("src=\"page.mp3\""), std::string::npos);
  const auto probe = ffprobe(dir_.file("page.mp3"));
  const double audio_ms = std::stod(probe["format"]["duration"].get<std::string>()) * 1000;
  const std::vector<Span> spans = spans_of(page);
  ASSERT_EQ(spans.size(), voxmark_sentences().size());
  EXPECT_LE(static_cast<double>(spans.back().end_ms), audio_ms);

  const std::vector<Cue> cues = read_vtt(dir_.file("page.vtt"));
  ASSERT_GT(cues.size(), 10u);
  for (const std::size_t k : {std::size_t{0}, std::size_t{3}, cues.size() / 2, cues.size() - 1}) {
    const Cue& cue = cues[k];
    const std::uint64_t at_ms = (cue.start_ms + cue.end_ms) / 2;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", at_ms / 1000.0);
    SCOPED_TRACE(std::string("#t=") + seconds + " cue: " + cue.text);
    const std::vector<Span> shown =
        spans_of(dump_dom(file_url(dir_.file("page.html")) + "#t=" + seconds, dir_));
    const auto marked =
        std::find_if(shown.begin(), shown.end(), [](const Span& s) { return s.current; });
    ASSERT_NE(marked, shown.end());
    EXPECT_EQ(std::count_if(shown.begin(), shown.end(), [](const Span& s) { return s.current; }),
              1);
    // The cue lies within the marked sentence, and its words are that sentence's.
    EXPECT_LE(marked->begin_ms, cue.start_ms);
    EXPECT_GE(marked->end_ms, cue.end_ms);
    std::string words = marked->text;
    std::replace(words.begin(), words.end(), '\n', ' ');
    EXPECT_NE(words.find(cue.text), std::string::npos) << marked->id << ": " << words;
  }
}

// The pixels of a PNG, RGB, decoded by ffmpeg.
std::string png_pixels(const std::string& png) {
  const auto r = run_process(
      {"/usr/bin/ffmpeg", "-v", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// Pixels of the highlight's background (#ffe24d), give or take antialiasing.
std::size_t highlight_pixels(const std::string& rgb) {
  std::size_t count = 0;
  for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
    const auto near = [](char c, int want) {
      return std::abs(static_cast<unsigned char>(c) - want) <= 8;
    };
    if (near(rgb[i], 0xff) && near(rgb[i + 1], 0xe2) && near(rgb[i + 2], 0x4d)) ++count;
  }
  return count;
}

TEST_F(TalkingBook, AScreenshotShowsTheHighlightedSentenceEvenFarDownThePage) {
  const auto r = voxmark({"export", "-o", dir_.file("page.html"), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<Span> spans = spans_of(read_file(dir_.file("page.html")));
  ASSERT_GT(spans.size(), 20u);
  // The first sentence, and one far below the first screen: scrolled to and highlighted.
  for (const std::size_t k : {std::size_t{0}, spans.size() - 3}) {
    SCOPED_TRACE(spans[k].id);
    const std::string png = dir_.file("shot-" + spans[k].id + ".png");
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", (spans[k].begin_ms + 100) / 1000.0);
    // Chromium's --screenshot can capture before the scrolled-to part is painted; the
    // DevTools protocol's screenshot comes once the page has settled.
    const auto shot = run_process(
        {"/usr/bin/python3", source_path("tests/e2e/talkingbook_keys.py"), "--screenshot=" + png,
         chromium(), file_url(dir_.file("page.html")) + "#t=" + seconds},
        with_timeout(120));
    ASSERT_EQ(shot.exit_code, 0) << shot.err;
    EXPECT_EQ(nlohmann::json::parse(shot.out)["initial"], spans[k].id);
    const std::string rgb = png_pixels(png);
    ASSERT_GT(rgb.size(), 800u * 500u * 3u);
    // A sentence's worth of highlighted background: hundreds of pixels at least.
    EXPECT_GT(highlight_pixels(rgb), 2000u);
  }
}

TEST_F(TalkingBook, TheKeysMoveTheMarkLikeVoxmarksPlayer) {
  const std::string doc = dir_.write("long.md", kLongDocument);
  const auto r = voxmark({"export", doc, "-o", dir_.file("page.html"), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<Span> spans = spans_of(read_file(dir_.file("page.html")));
  ASSERT_GT(spans.size(), 10u);
  // Where Page Down goes from the second sentence: the first of the next section.
  std::size_t next_section = 1;
  while (spans[next_section].section == spans[1].section) ++next_section;

  const auto keys =
      run_process({"/usr/bin/python3", source_path("tests/e2e/talkingbook_keys.py"), chromium(),
                   file_url(dir_.file("page.html")), "ArrowRight", "ArrowRight", "ArrowLeft",
                   "PageDown", "PageUp", "End", "Home", " ", " "},
                  with_timeout(120));
  ASSERT_EQ(keys.exit_code, 0) << keys.err;
  const auto report = nlohmann::json::parse(keys.out);
  // The audio loads (under the page's Content-Security-Policy) and is as long as the text.
  EXPECT_TRUE(report["audio_error"].is_null());
  EXPECT_GE(report["duration"].get<double>() * 1000, static_cast<double>(spans.back().end_ms));
  EXPECT_EQ(report["initial"], "s1");
  const std::vector<std::string> expected{
      "s2", "s3", "s2", spans[next_section].id, "s1", spans.back().id, "s1", "s1", "s1"};
  EXPECT_EQ(report["after"].get<std::vector<std::string>>(), expected);
  // Space plays, Space pauses.
  const auto paused = report["paused"].get<std::vector<bool>>();
  EXPECT_FALSE(paused[7]);
  EXPECT_TRUE(paused[8]);
}

TEST_F(TalkingBook, HostileTextIsEscapedAndNothingFromTheDocumentRuns) {
  const std::string doc = dir_.write("hostile.md", kHostileDocument);
  auto r = voxmark({"export", doc, "-o", dir_.file("page.html"), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = read_file(dir_.file("page.html"));
  // One script (voxmark's), no element from the document.
  std::size_t scripts = 0;
  for (std::size_t at = 0; (at = page.find("<script", at)) != std::string::npos; ++at) ++scripts;
  EXPECT_EQ(scripts, 1u);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  const std::string dom = dump_dom(file_url(dir_.file("page.html")), dir_);
  // The payloads would set an attribute on the body; as text they only name it.
  EXPECT_EQ(dom.find("data-pwned=\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("data-pwned"), std::string::npos);
  // The text is there as text: what the document says, spoken and shown.
  const std::vector<Span> spans = spans_of(dom);
  std::string all;
  for (const Span& s : spans) all += s.text + "\n";
  EXPECT_NE(all.find("<script>document.body.setAttribute('data-pwned','3')</script>"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("\"double\" and 'single' & ampersands"), std::string::npos) << all;
  EXPECT_NE(all.find("שלום עולם"), std::string::npos) << all;
  EXPECT_NE(all.find("مرحبا بالعالم"), std::string::npos) << all;

  r = voxmark({"export", doc, "-o", dir_.file("hostile.epub"), "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_epubcheck_clean(dir_.file("hostile.epub"));
}

TEST_F(TalkingBook, FilesThatVoxmarkDidNotWriteAreNeverReplaced) {
  const std::string notes = "my notes, not a page\n";
  dir_.write("page.html", notes);
  auto r = voxmark({"export", "-o", dir_.file("page.html"), "-q"});
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_EQ(read_file(dir_.file("page.html")), notes);
  EXPECT_FALSE(fs::exists(dir_.file("page.mp3")));

  // The page's audio file is a text file: refused before anything is written.
  dir_.write("other.mp3", notes);
  r = voxmark({"export", "-o", dir_.file("other.html"), "-q"});
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_EQ(read_file(dir_.file("other.mp3")), notes);
  EXPECT_FALSE(fs::exists(dir_.file("other.html")));

  dir_.write("book.epub", notes);
  r = voxmark({"export", "-o", dir_.file("book.epub"), "-q"});
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_EQ(read_file(dir_.file("book.epub")), notes);

  r = voxmark({"export", "-o", dir_.file("split.epub"), "--split", "sections", "-q"});
  EXPECT_EQ(r.exit_code, 64) << r.err;

  // Nothing but the outputs was left behind.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir_.path())) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"book.epub", "other.mp3", "page.html"}));
}

TEST_F(TalkingBook, AnEarlierPageAndEpubAreReplaced) {
  const std::string doc = dir_.write("short.md", "# Short\n\nOne sentence. Two sentences.\n");
  for (int pass = 0; pass < 2; ++pass) {
    auto r = voxmark({"export", doc, "-o", dir_.file("short.html"), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = voxmark({"export", doc, "-o", dir_.file("short.epub"), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(spans_of(read_file(dir_.file("short.html"))).size(), 3u);
  EXPECT_EQ(read_zip(dir_.file("short.epub")).front().name, "mimetype");
  expect_epubcheck_clean(dir_.file("short.epub"));
  // The EPUB's audio was made in a hidden folder that is gone; no temporary is left.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir_.path())) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"short.epub", "short.html", "short.md", "short.mp3"}));
}

}  // namespace
}  // namespace voxmark::test
