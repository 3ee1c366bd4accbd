// voxmark outline [FILE] [--json]: the section tree with counts and listening time.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "document/estimate.h"

namespace voxmark::cli {
namespace {

struct OutlineOptions {
  DocumentOptions document;
  bool json = false;
};

struct SectionFigures {
  std::size_t sentences = 0;
  std::size_t words = 0;
  double seconds = 0;
};

SectionFigures figures(const document::Document& doc, std::size_t first, std::size_t end) {
  SectionFigures f;
  for (std::size_t i = first; i < end; ++i) {
    ++f.sentences;
    f.words += doc.sentences[i].word_count;
  }
  // From what will be spoken (code spelled out, URLs as hosts ...), with the pauses.
  f.seconds = document::estimate_seconds(doc, first, end, kDefaultRateWpm);
  return f;
}

int run_outline(const OutlineOptions& options) {
  const document::Document doc = load_document(options.document.file, options.document.read);
  const SectionFigures total = figures(doc, 0, doc.sentences.size());
  if (options.json) {
    nlohmann::ordered_json out;
    out["title"] = doc.metadata.title;
    out["author"] = doc.metadata.author;
    out["language"] = doc.metadata.language;
    out["sentences"] = total.sentences;
    out["words"] = total.words;
    out["estimated_seconds"] = std::round(total.seconds * 10) / 10;
    out["rate_wpm"] = kDefaultRateWpm;
    out["sections"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < doc.sections.size(); ++i) {
      const document::Section& s = doc.sections[i];
      const SectionFigures own =
          figures(doc, s.first_sentence, s.first_sentence + s.sentence_count);
      nlohmann::ordered_json j;
      j["section"] = i + 1;
      j["kind"] = document::to_string(s.kind);
      j["level"] = s.level;
      j["title"] = s.title;
      j["line"] = s.source_line;
      j["parent"] = s.parent == document::Section::npos ? nlohmann::ordered_json(nullptr)
                                                        : nlohmann::ordered_json(s.parent + 1);
      j["continues"] = s.continues == document::Section::npos
                           ? nlohmann::ordered_json(nullptr)
                           : nlohmann::ordered_json(s.continues + 1);
      j["sentences"] = own.sentences;
      j["words"] = own.words;
      j["estimated_seconds"] = std::round(own.seconds * 10) / 10;
      out["sections"].push_back(std::move(j));
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  const std::string title = doc.metadata.title.empty() ? doc.name : doc.metadata.title;
  std::cout << title << "\n";
  if (!doc.metadata.author.empty()) std::cout << "by " << doc.metadata.author << "\n";
  std::cout << total.sentences << " sentences, " << total.words << " words, about "
            << format_duration(total.seconds) << " at " << kDefaultRateWpm
            << " words per minute\n\n";
  for (std::size_t i = 0; i < doc.sections.size(); ++i) {
    const document::Section& s = doc.sections[i];
    const SectionFigures own = figures(doc, s.first_sentence, s.first_sentence + s.sentence_count);
    const std::string indent(static_cast<std::size_t>(std::max(0, s.level - 1)) * 2, ' ');
    const std::string name = s.kind == document::SectionKind::preamble
                                 ? "(before the first heading)"
                             : s.title.empty() ? "(untitled)"
                                               : s.title;
    // The kind when it is not a plain heading: "run-in", "break", "continues 2".
    std::string kind;
    if (s.kind == document::SectionKind::continuation) {
      kind = s.continues == document::Section::npos
                 ? "continuation, "
                 : "continues " + std::to_string(s.continues + 1) + ", ";
    } else if (s.kind == document::SectionKind::run_in ||
               s.kind == document::SectionKind::thematic_break) {
      kind = std::string(document::to_string(s.kind)) + ", ";
    }
    std::cout << indent << i + 1 << ". " << name << "  [" << kind << "level " << s.level << ", "
              << own.sentences << (own.sentences == 1 ? " sentence, " : " sentences, ") << own.words
              << " words, " << format_duration(own.seconds) << "]\n";
  }
  return 0;
}

}  // namespace

void register_outline(CLI::App& app, Action& action) {
  auto options = std::make_shared<OutlineOptions>();
  CLI::App* command = app.add_subcommand(
      "outline", "Show the section tree with sentence and word counts and listening time");
  add_document_options(*command, options->document);
  command->add_flag("--json", options->json, "Print JSON for machines");
  command->callback([options, &action] { action = [options] { return run_outline(*options); }; });
}

}  // namespace voxmark::cli
