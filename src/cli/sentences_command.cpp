// voxmark sentences [FILE] [--json]: every sentence as spoken, one a line.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"

namespace voxmark::cli {
namespace {

struct SentencesOptions {
  DocumentOptions document;
  bool json = false;
};

int run_sentences(const SentencesOptions& options) {
  const document::Document doc = load_document(options.document.file, options.document.read);
  // One buffer, written in large pieces: a 100 MB document prints millions of lines.
  std::string out;
  out.reserve(1 << 20);
  auto flush = [&out] {
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
      throw Error(ExitCode::io, "standard output: write failed");
    }
    out.clear();
  };
  nlohmann::ordered_json j;
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    const document::Sentence& s = doc.sentences[i];
    if (options.json) {
      j["index"] = i + 1;
      j["section"] = s.section_index + 1;
      j["block"] = s.block_index + 1;
      j["kind"] = document::to_string(doc.blocks[s.block_index].kind);
      j["text"] = s.text;
      j["line"] = s.source_line;
      j["words"] = s.word_count;
      out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      out += s.text;
    }
    out += '\n';
    if (out.size() > (1 << 20)) flush();
  }
  flush();
  if (std::fflush(stdout) != 0) throw Error(ExitCode::io, "standard output: write failed");
  return 0;
}

}  // namespace

void register_sentences(CLI::App& app, Action& action) {
  auto options = std::make_shared<SentencesOptions>();
  CLI::App* command =
      app.add_subcommand("sentences", "Print every sentence as it will be spoken, one a line");
  add_document_options(*command, options->document);
  command->add_flag("--json", options->json,
                    "Print JSON Lines: index, section, block, kind, text, line, words");
  command->callback(
      [options, &action] { action = [options] { return run_sentences(*options); }; });
}

}  // namespace voxmark::cli
