#include "export/talkingbook/epub.h"

#include <zip.h>

#include <chrono>
#include <ctime>
#include <deque>
#include <memory>

#include "common/error.h"
#include "export/talkingbook/smil.h"

namespace voxmark::audiobook::talkingbook {
namespace fs = std::filesystem;

namespace {

constexpr const char* kAudioHref = "book.mp3";

const char* kStylesheet =
    "body { line-height: 1.6; }\n"
    ".vx-announce { font-style: italic; }\n"
    ".vx-note { font-size: 0.9em; border-top: 1px solid; margin-top: 1em; }\n"
    ".vx-list, .vx-table, .vx-code { margin: 1em 0; }\n"
    "pre { white-space: pre-wrap; }\n"
    // Not colour alone: an outline and an underline mark the sentence being read too.
    ".vx-active { background-color: #ffef80; color: #000000; outline: 2px solid #000000; "
    "text-decoration: underline; }\n"
    ".-epub-media-overlay-active { background-color: #ffef80; color: #000000; }\n";

// Failures of libzip as voxmark's one-line message.
[[noreturn]] void zip_failed(const fs::path& shown, const std::string& what) {
  throw Error(ExitCode::io, shown.string() + ": writing the EPUB failed (" + what +
                                "); free some space or choose another folder");
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// A stable identifier for the same document: FNV-1a of its identity and title.
std::string book_identifier(const document::Document& doc) {
  std::uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : doc.key + "\n" + doc.metadata.title) {
    h = (h ^ c) * 1099511628211ull;
  }
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "urn:voxmark:%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

std::string part_name(std::size_t k) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "part-%03zu", k + 1);
  return buffer;
}

std::string xhtml_head(const std::string& language, const std::string& title) {
  const std::string lang = escape_attribute(language);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
         "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
         "xml:lang=\"" +
         lang + "\" lang=\"" + lang + "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>" +
         escape_text(title) +
         "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"book.css\"/>\n</head>\n";
}

// Entries in the order they are added; buffers live until zip_close reads them.
class Zip {
 public:
  Zip(const fs::path& path, fs::path shown) : shown_(std::move(shown)) {
    int error = 0;
    archive_ = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive_) {
      zip_error_t e;
      zip_error_init_with_code(&e, error);
      const std::string what = zip_error_strerror(&e);
      zip_error_fini(&e);
      zip_failed(shown_, what);
    }
  }
  ~Zip() {
    if (archive_) zip_discard(archive_);
  }
  void add_text(const std::string& name, std::string text, bool stored = false) {
    const std::string& kept = texts_.emplace_back(std::move(text));
    zip_source_t* source = zip_source_buffer(archive_, kept.data(), kept.size(), 0);
    add(name, source, stored);
  }
  void add_file(const std::string& name, const fs::path& file) {
    add(name, zip_source_file(archive_, file.c_str(), 0, -1), true);
  }
  void close() {
    if (zip_close(archive_) != 0) zip_failed(shown_, zip_strerror(archive_));
    archive_ = nullptr;
  }

 private:
  void add(const std::string& name, zip_source_t* source, bool stored) {
    if (!source) zip_failed(shown_, zip_strerror(archive_));
    const zip_int64_t index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      zip_failed(shown_, zip_strerror(archive_));
    }
    const zip_uint64_t at = static_cast<zip_uint64_t>(index);
    // Stored: OCF requires it for the mimetype; MP3 would not shrink anyway.
    if (zip_set_file_compression(archive_, at, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0) {
      zip_failed(shown_, zip_strerror(archive_));
    }
  }
  fs::path shown_;
  zip_t* archive_ = nullptr;
  std::deque<std::string> texts_;
};

}  // namespace

void write_epub(const fs::path& path, const fs::path& shown, const EpubInput& input) {
  const document::Document& doc = *input.doc;
  const std::vector<ContentPart> parts = split_parts(doc);
  std::vector<std::size_t> part_of(doc.sentences.size(), 0);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    for (std::size_t i = parts[k].first_sentence; i < parts[k].end_sentence; ++i) part_of[i] = k;
  }

  Zip zip(path, shown);
  // OCF: "mimetype" first, stored, without extra fields; then the container.
  zip.add_text("mimetype", "application/epub+zip", true);
  zip.add_text("META-INF/container.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<container version=\"1.0\" "
               "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n"
               "<rootfile full-path=\"EPUB/package.opf\" "
               "media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n");

  std::string manifest, spine, durations;
  std::uint64_t total_ms = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string name = part_name(k);
    const Overlay overlay = render_overlay(parts[k], input.times, name + ".xhtml", kAudioHref);
    total_ms += overlay.duration_ms;
    zip.add_text("EPUB/" + name + ".xhtml",
                 xhtml_head(input.language, parts[k].title) + "<body>\n<section>\n" +
                     render_body(doc, parts[k].first_sentence, parts[k].end_sentence, nullptr) +
                     "</section>\n</body>\n</html>\n");
    zip.add_text("EPUB/" + name + ".smil", overlay.text);
    manifest += "<item id=\"" + name + "\" href=\"" + name +
                ".xhtml\" media-type=\"application/xhtml+xml\" media-overlay=\"" + name +
                "-smil\"/>\n<item id=\"" + name + "-smil\" href=\"" + name +
                ".smil\" media-type=\"application/smil+xml\"/>\n";
    spine += "<itemref idref=\"" + name + "\"/>\n";
    durations += "<meta property=\"media:duration\" refines=\"#" + name + "-smil\">" +
                 smil_clock(overlay.duration_ms) + "</meta>\n";
  }

  const std::string title = escape_text(input.title);
  zip.add_text(
      "EPUB/nav.xhtml",
      xhtml_head(input.language, input.title) +
          "<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>" + title + "</h1>\n" +
          toc_list(doc,
                   [&](std::size_t sentence) {
                     return part_name(part_of[sentence]) + ".xhtml#" + sentence_id(sentence);
                   }) +
          "</nav>\n</body>\n</html>\n");
  zip.add_text("EPUB/book.css", kStylesheet);

  std::string metadata = "<dc:identifier id=\"uid\">" + escape_text(book_identifier(doc)) +
                         "</dc:identifier>\n" + "<dc:title>" + title +
                         "</dc:title>\n<dc:language>" + escape_text(input.language) +
                         "</dc:language>\n";
  if (!doc.metadata.author.empty()) {
    metadata += "<dc:creator>" + escape_text(doc.metadata.author) + "</dc:creator>\n";
  }
  if (!doc.metadata.source.empty()) {
    metadata += "<dc:source>" + escape_text(doc.metadata.source) + "</dc:source>\n";
  }
  metadata += "<meta property=\"dcterms:modified\">" + utc_now() + "</meta>\n" +
              "<meta property=\"media:duration\">" + smil_clock(total_ms) + "</meta>\n" +
              durations + "<meta property=\"media:active-class\">" + kActiveClass +
              "</meta>\n"
              "<meta property=\"schema:accessMode\">textual</meta>\n"
              "<meta property=\"schema:accessMode\">auditory</meta>\n"
              "<meta property=\"schema:accessModeSufficient\">textual</meta>\n"
              "<meta property=\"schema:accessModeSufficient\">auditory</meta>\n"
              "<meta property=\"schema:accessibilityFeature\">synchronizedAudioText</meta>\n"
              "<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>\n"
              "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>\n"
              "<meta property=\"schema:accessibilityFeature\">readingOrder</meta>\n"
              "<meta property=\"schema:accessibilityHazard\">none</meta>\n"
              "<meta property=\"schema:accessibilitySummary\">The full text with synthesized "
              "speech (eSpeak NG) for every sentence: each sentence is highlighted as it is "
              "read. Headings, lists and a table of contents give the structure.</meta>\n";
  zip.add_text("EPUB/package.opf",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package "
               "xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
               "unique-identifier=\"uid\" xml:lang=\"" +
                   escape_attribute(input.language) +
                   "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n" + metadata +
                   "</metadata>\n<manifest>\n"
                   "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
                   "properties=\"nav\"/>\n"
                   "<item id=\"css\" href=\"book.css\" media-type=\"text/css\"/>\n"
                   "<item id=\"audio\" href=\"" +
                   kAudioHref + "\" media-type=\"audio/mpeg\"/>\n" + manifest +
                   "</manifest>\n<spine>\n" + spine + "</spine>\n</package>\n");
  zip.add_file(std::string("EPUB/") + kAudioHref, input.audio);
  zip.close();
}

}  // namespace voxmark::audiobook::talkingbook
