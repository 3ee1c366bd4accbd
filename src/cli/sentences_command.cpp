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
  document::Document doc = load_document(options.document.file, options.document.read);
  // One buffer, written in large pieces: a 100 MB document prints millions of lines.
  std::string out;
  out.reserve(1 << 20);
  auto flush = [&out] {
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
      throw Error(ExitCode::io, "standard output: write failed");
    }
    out.clear();
  };
  // One JSON object, its members set in place for each sentence, and one serializer writing
  // straight into `out`: the bytes json::dump would give, without building a string, a
  // serializer and a copy of the text per line (millions of lines).
  using Json = nlohmann::ordered_json;
  Json j = {{"index", 0u}, {"section", 0u}, {"block", 0u}, {"kind", ""},
            {"text", ""},  {"line", 0},     {"words", 0u}};
  Json& index = j["index"];
  Json& section = j["section"];
  Json& block = j["block"];
  std::string& kind = j["kind"].get_ref<std::string&>();
  std::string& text = j["text"].get_ref<std::string&>();
  Json& line = j["line"];
  Json& words = j["words"];
  nlohmann::detail::serializer<Json> serializer(
      std::make_shared<nlohmann::detail::output_string_adapter<char, std::string>>(out), ' ',
      nlohmann::json::error_handler_t::replace);
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    document::Sentence& s = doc.sentences[i];
    if (options.json) {
      index = i + 1;
      section = s.section_index + 1;
      block = s.block_index + 1;
      kind.assign(document::to_string(doc.blocks[s.block_index].kind));
      line = s.source_line;
      words = s.word_count;
      text.swap(s.text);  // lent to the JSON object, given back after the line is written
      serializer.dump(j, /*pretty_print=*/false, /*ensure_ascii=*/false, /*indent_step=*/0);
      text.swap(s.text);
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
  command->callback([options, &action] { action = [options] { return run_sentences(*options); }; });
}

}  // namespace voxmark::cli
