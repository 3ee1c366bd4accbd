// The key-binding file: good lines, bad lines reported with FILE:LINE and skipped,
// overrides, the default file, and docs/keys.md generated from it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tui/key_bindings.h"

namespace voxmark::tui {
namespace {

using player::CommandId;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kDefaultFile = VOXMARK_SOURCE_DIR "/src/tui/default-keys.conf";
const std::string kKeysDoc = VOXMARK_SOURCE_DIR "/docs/keys.md";

KeyBindings defaults(std::vector<Warning>& warnings) {
  KeyBindings bindings;
  parse_key_bindings(read_file(kDefaultFile), "default-keys.conf", bindings, warnings);
  return bindings;
}

const Binding& bound(const KeyBindings& bindings, const char* key_name_text) {
  static const Binding none{};
  const std::optional<Key> key = parse_key_name(key_name_text);
  const Binding* b = key ? bindings.find(*key) : nullptr;
  EXPECT_NE(b, nullptr) << key_name_text << " is not bound";
  return b != nullptr ? *b : none;
}

TEST(KeyBindings, GoodLines) {
  KeyBindings b;
  std::vector<Warning> warnings;
  parse_key_bindings(
      "# a comment\n"
      "\n"
      "n next\n"
      "  PageDown   next-section   # onwards\n"
      "s speed 2.5\t# my speed\n"
      "Hash prev-heading 3\n"
      "Space toggle\r\n",
      "keys.conf", b, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(b.all().size(), 5u);
  EXPECT_EQ(bound(b, "n").command.id, CommandId::next);
  EXPECT_EQ(bound(b, "n").description, "next sentence");  // the command's own words
  EXPECT_EQ(bound(b, "n").where, "keys.conf:3");
  EXPECT_EQ(bound(b, "PageDown").description, "onwards");
  EXPECT_EQ(bound(b, "s").command.id, CommandId::speed);
  EXPECT_DOUBLE_EQ(bound(b, "s").command.value, 2.5);
  EXPECT_EQ(bound(b, "s").command_text, "speed 2.5");
  EXPECT_EQ(bound(b, "#").command_text, "prev-heading 3");
  EXPECT_EQ(bound(b, "Space").command.id, CommandId::toggle);
}

TEST(KeyBindings, BadLinesAreReportedWithFileAndLineAndSkipped) {
  KeyBindings b;
  std::vector<Warning> warnings;
  parse_key_bindings(
      "n next\n"
      "F13 next\n"        // 2: no such key
      "x\n"               // 3: no command
      "y jump\n"          // 4: no such command
      "z speed 9\n"       // 5: out of range
      "w next-heading\n"  // 6: missing argument
      "p prev\n",
      "/home/me/.config/voxmark/keys.conf", b, warnings);
  ASSERT_EQ(warnings.size(), 5u);
  EXPECT_EQ(warnings[0].where, "/home/me/.config/voxmark/keys.conf:2");
  EXPECT_NE(warnings[0].message.find("unknown key 'F13'"), std::string::npos);
  EXPECT_EQ(warnings[1].where, "/home/me/.config/voxmark/keys.conf:3");
  EXPECT_NE(warnings[1].message.find("no command"), std::string::npos);
  EXPECT_EQ(warnings[2].where, "/home/me/.config/voxmark/keys.conf:4");
  EXPECT_NE(warnings[2].message.find("unknown command 'jump'"), std::string::npos);
  EXPECT_EQ(warnings[3].where, "/home/me/.config/voxmark/keys.conf:5");
  EXPECT_NE(warnings[3].message.find("speed X (0.5 to 6)"), std::string::npos);
  EXPECT_EQ(warnings[4].where, "/home/me/.config/voxmark/keys.conf:6");
  // The good lines around them still work.
  EXPECT_EQ(b.all().size(), 2u);
  EXPECT_EQ(bound(b, "n").command.id, CommandId::next);
  EXPECT_EQ(bound(b, "p").command.id, CommandId::prev);
}

TEST(KeyBindings, UserLinesOverrideAndAddToTheDefaults) {
  std::vector<Warning> warnings;
  KeyBindings b = defaults(warnings);
  const std::size_t default_count = b.all().size();
  parse_key_bindings(
      "Right next-block   # paragraphs, please\n"
      "n next\n"
      "v ignore\n",
      "mine.conf", b, warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(bound(b, "Right").command.id, CommandId::next_block);
  EXPECT_EQ(bound(b, "Right").where, "mine.conf:1");
  EXPECT_EQ(bound(b, "n").command.id, CommandId::next);
  EXPECT_EQ(b.find(character_key('v')), nullptr);
  EXPECT_EQ(b.all().size(), default_count);  // one added, one removed
  // An override keeps the default's place, so the help keeps its order.
  EXPECT_EQ(b.all()[1].key, named_key(KeyCode::right));
}

TEST(KeyBindings, AKeyBoundTwiceInOneFileIsPointedOut) {
  KeyBindings b;
  std::vector<Warning> warnings;
  parse_key_bindings("n next\nn prev\n", "k.conf", b, warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].where, "k.conf:2");
  EXPECT_NE(warnings[0].message.find("line 1"), std::string::npos);
  EXPECT_EQ(bound(b, "n").command.id, CommandId::prev);
}

TEST(KeyBindings, DefaultFileHasTheDocumentedKeys) {
  std::vector<Warning> warnings;
  const KeyBindings b = defaults(warnings);
  for (const Warning& w : warnings) ADD_FAILURE() << w.where << ": " << w.message;
  struct Expected {
    const char* key;
    CommandId id;
    double value;
  };
  const Expected expected[] = {
      {"Space", CommandId::toggle, 0},
      {"Right", CommandId::next, 0},
      {"Left", CommandId::prev, 0},
      {"Down", CommandId::next_block, 0},
      {"Up", CommandId::prev_block, 0},
      {"PageDown", CommandId::next_section, 0},
      {"PageUp", CommandId::prev_section, 0},
      {"]", CommandId::next_section, 0},
      {"[", CommandId::prev_section, 0},
      {"1", CommandId::next_heading, 1},
      {"6", CommandId::next_heading, 6},
      {"!", CommandId::prev_heading, 1},
      {"@", CommandId::prev_heading, 2},
      {"Hash", CommandId::prev_heading, 3},
      {"$", CommandId::prev_heading, 4},
      {"%", CommandId::prev_heading, 5},
      {"^", CommandId::prev_heading, 6},
      {"Home", CommandId::go_start, 0},
      {"End", CommandId::go_end, 0},
      {"b", CommandId::goto_saved, 0},
      {"r", CommandId::repeat, 0},
      {"+", CommandId::faster, 0},
      {"-", CommandId::slower, 0},
      {"=", CommandId::normal_speed, 0},
      {"v", CommandId::volume_down, 0},
      {"V", CommandId::volume_up, 0},
      {"t", CommandId::outline, 0},
      {"?", CommandId::help, 0},
      {"q", CommandId::quit, 0},
  };
  for (const Expected& e : expected) {
    const Binding& binding = bound(b, e.key);
    EXPECT_EQ(binding.command.id, e.id) << e.key;
    EXPECT_EQ(binding.command.value, e.value) << e.key;
  }
  for (const Binding& binding : b.all()) {
    EXPECT_FALSE(binding.description.empty()) << key_name(binding.key);
  }
}

TEST(KeyBindings, HelpGroupsKeysOfOneCommand) {
  std::vector<Warning> warnings;
  const KeyBindings b = defaults(warnings);
  const std::vector<HelpEntry> entries = help_entries(b);
  const auto next_section = std::find_if(entries.begin(), entries.end(), [](const HelpEntry& e) {
    return e.command_text == "next-section";
  });
  ASSERT_NE(next_section, entries.end());
  EXPECT_EQ(next_section->key_names, (std::vector<std::string>{"PageDown", "]"}));
  const std::vector<std::string> lines = help_lines(b);
  ASSERT_EQ(lines.size(), entries.size());
  EXPECT_EQ(lines[0].rfind("Space ", 0), 0u);
  EXPECT_NE(lines[0].find("pause or resume"), std::string::npos);
  // Descriptions line up in one column.
  const std::size_t column = lines[0].find("pause");
  EXPECT_EQ(lines[1].find("next sentence"), column);
}

// docs/keys.md is generated from the default key file; this fails when someone changed one
// without the other. Regenerate with `voxmark keys --markdown > docs/keys.md`, or run this
// test with VOXMARK_UPDATE_DOCS=1.
TEST(KeyBindings, KeysDocIsGeneratedFromTheDefaults) {
  std::vector<Warning> warnings;
  const std::string expected = keys_markdown(defaults(warnings));
  const char* update = std::getenv("VOXMARK_UPDATE_DOCS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(kKeysDoc, std::ios::binary) << expected;
  }
  EXPECT_EQ(read_file(kKeysDoc), expected)
      << "docs/keys.md is out of date with src/tui/default-keys.conf; regenerate it with\n"
         "  voxmark keys --markdown > docs/keys.md\n"
         "or VOXMARK_UPDATE_DOCS=1 voxmark_unit_tests --gtest_filter='*KeysDoc*'";
}

TEST(KeyBindings, CompiledInDefaultsAreTheFile) {
  EXPECT_EQ(default_key_bindings_text(), read_file(kDefaultFile));
  std::vector<Warning> warnings;
  EXPECT_FALSE(default_key_bindings(warnings).all().empty());
  EXPECT_TRUE(warnings.empty());
  // What `voxmark keys --markdown` prints is docs/keys.md.
  std::ostringstream markdown;
  print_keys(markdown, /*markdown=*/true, "", warnings);
  EXPECT_EQ(markdown.str(), read_file(kKeysDoc));
}

// Sets XDG_CONFIG_HOME for one test and puts it back.
class ScopedConfigHome {
 public:
  explicit ScopedConfigHome(const std::string& dir) {
    const char* old = std::getenv("XDG_CONFIG_HOME");
    had_ = old != nullptr;
    if (had_) old_ = old;
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  }
  ~ScopedConfigHome() {
    if (had_)
      ::setenv("XDG_CONFIG_HOME", old_.c_str(), 1);
    else
      ::unsetenv("XDG_CONFIG_HOME");
  }

 private:
  bool had_ = false;
  std::string old_;
};

TEST(KeyBindings, LoadsTheUsersFileFromTheXdgConfigFolder) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("voxmark-keys-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "voxmark");
  std::ofstream(dir / "voxmark" / "keys.conf") << "n next\nRight bogus\nq ignore\n";
  {
    ScopedConfigHome home(dir.string());
    const std::string file = (dir / "voxmark" / "keys.conf").string();
    EXPECT_EQ(default_user_key_file(), file);
    std::vector<Warning> warnings;
    const KeyBindings b = load_key_bindings("", warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].where, file + ":2");
    EXPECT_EQ(bound(b, "n").command.id, CommandId::next);
    EXPECT_EQ(bound(b, "Right").command.id, CommandId::next);  // the bad line changed nothing
    EXPECT_EQ(b.find(character_key('q')), nullptr);
  }
  {
    ScopedConfigHome home((dir / "nothing-here").string());
    std::vector<Warning> warnings;
    load_key_bindings("", warnings);  // no file of one's own: fine, and silent
    EXPECT_TRUE(warnings.empty());
  }
  std::vector<Warning> warnings;
  EXPECT_THROW(load_key_bindings((dir / "missing.conf").string(), warnings), Error);
  std::filesystem::remove_all(dir);
}

// Found by fuzzing: warnings and help descriptions quoted the file's bytes, so a control
// character in a key file (ESC [ ...) went to the terminal as is.
TEST(KeyBindings, ControlCharactersFromTheFileAreShownEscaped) {
  KeyBindings b;
  std::vector<Warning> warnings;
  parse_key_bindings("\x1b[2J next\nq unknown\x1b[31m\nn next # red \x1b[31m text\n", "k.conf", b,
                     warnings);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].message.find("unknown key '\\x1b[2J'"), std::string::npos)
      << warnings[0].message;
  EXPECT_NE(warnings[1].message.find("unknown\\x1b[31m"), std::string::npos) << warnings[1].message;
  EXPECT_EQ(bound(b, "n").description, "red \\x1b[31m text");
}

TEST(KeyBindings, KeysMarkdownEscapesTableCells) {
  KeyBindings b;
  std::vector<Warning> warnings;
  parse_key_bindings("| next  # one | two\n` prev\n", "k.conf", b, warnings);
  ASSERT_TRUE(warnings.empty());
  const std::string md = keys_markdown(b);
  EXPECT_NE(md.find("| `\\|` | `next` | one \\| two |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `` ` `` | `prev` |"), std::string::npos) << md;
}

}  // namespace
}  // namespace voxmark::tui
