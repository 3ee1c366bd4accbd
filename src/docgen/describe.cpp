// docgen::describe: the App's commands and options as plain data for the generators.
#include <algorithm>
#include <cctype>

#include "docgen/docgen.h"

namespace voxmark::docgen {
namespace {

// CLI11's type name is "TEXT", "INT", "FLOAT" ..., followed by each validator's description
// after a ':'; IsMember describes itself as "{a,b,c}".
std::vector<std::string> choices_of(const std::string& type_name) {
  const std::size_t colon = type_name.find(':');
  if (colon == std::string::npos) return {};
  const std::size_t open = type_name.find('{', colon);
  const std::size_t close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  std::string item;
  for (char c : type_name.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

std::string base_type(const std::string& type_name) {
  return type_name.substr(0, type_name.find(':'));
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

OptionDoc describe_option(const CLI::Option& option) {
  OptionDoc doc;
  doc.description = option.get_description();
  if (option.get_positional()) {
    doc.positional = option.get_name(true);
    doc.value_name = upper(doc.positional);
    doc.kind = ValueKind::file;
    return doc;
  }
  const std::string all = option.get_name(false, true);  // "-o,--output"
  std::size_t start = 0;
  while (start <= all.size()) {
    const std::size_t comma = std::min(all.find(',', start), all.size());
    if (comma > start) doc.names.push_back(all.substr(start, comma - start));
    start = comma + 1;
  }
  if (option.get_items_expected_min() == 0) return doc;  // a flag
  const std::string type = option.get_type_name();
  const std::string base = base_type(type);
  const std::string& longest = doc.names.back();
  doc.choices = choices_of(type);
  if (!doc.choices.empty()) {
    doc.kind = ValueKind::choice;
    for (const std::string& c : doc.choices) {
      doc.value_name += (doc.value_name.empty() ? "" : "|") + c;
    }
    return doc;
  }
  // The few values with their own source of candidates; the rest by type.
  if (longest == "--voice") {
    doc.kind = ValueKind::voice;
    doc.value_name = "VOICE";
  } else if (longest == "--from") {
    doc.kind = ValueKind::section;
    doc.value_name = "SECTION";
  } else if (longest == "--device") {
    doc.kind = ValueKind::number;  // a number or name from `voxmark devices`: not a file
    doc.value_name = "DEVICE";
  } else if (longest == "--loudness") {
    doc.kind = ValueKind::number;  // LUFS or "off"
    doc.value_name = "LUFS";
  } else if (base == "INT" || base == "UINT") {
    doc.kind = ValueKind::number;
    doc.value_name = "N";
  } else if (base == "FLOAT") {
    doc.kind = ValueKind::number;
    doc.value_name = "X";
  } else {
    doc.kind = ValueKind::file;
    doc.value_name = upper(longest.substr(longest.find_first_not_of('-')));
  }
  return doc;
}

CommandDoc describe_command(const CLI::App& app, std::string name) {
  CommandDoc doc;
  doc.name = std::move(name);
  doc.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    doc.options.push_back(describe_option(*option));
  }
  return doc;
}

}  // namespace

std::vector<CommandDoc> describe(const CLI::App& app) {
  std::vector<CommandDoc> out;
  out.push_back(describe_command(app, ""));
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;  // hidden: __generate, __complete
    out.push_back(describe_command(*sub, sub->get_name()));
  }
  return out;
}

}  // namespace voxmark::docgen
