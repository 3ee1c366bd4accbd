// What the listener sees and what each key does: the full-screen frame, the plain-mode
// lines, the status line, and the outline and help overlays, without a terminal.
#include <gtest/gtest.h>

#include <regex>

#include "tui/controller.h"
#include "tui/plain_reporter.h"
#include "tui/screen.h"
#include "tui/status.h"

namespace voxmark::tui {
namespace {

using document::BlockKind;
using player::CommandId;
using player::PlayerSnapshot;

// Three sections; each starts with its heading, spoken as a sentence.
document::Document make_document() {
  document::Document doc;
  doc.name = "talk.md";
  doc.metadata.title = "A Test Talk";
  auto add_section = [&](const std::string& title, int level, std::vector<std::string> sentences) {
    document::Section section;
    section.title = title;
    section.level = level;
    section.first_block = doc.blocks.size();
    section.first_sentence = doc.sentences.size();
    const std::size_t index = doc.sections.size();
    auto add_block = [&](BlockKind kind, const std::vector<std::string>& texts) {
      document::Block block;
      block.kind = kind;
      block.section_index = index;
      block.heading_level = kind == BlockKind::heading ? level : 0;
      block.first_sentence = doc.sentences.size();
      block.sentence_count = texts.size();
      for (const std::string& t : texts) {
        document::Sentence s;
        s.text = t;
        s.section_index = index;
        s.block_index = doc.blocks.size();
        s.word_count = document::count_words(t);
        doc.sentences.push_back(s);
      }
      doc.blocks.push_back(block);
    };
    add_block(BlockKind::heading, {title});
    add_block(BlockKind::paragraph, sentences);
    section.block_count = 2;
    section.sentence_count = 1 + sentences.size();
    doc.sections.push_back(section);
  };
  add_section("Opening", 1, {"The quick brown fox jumps over the lazy dog.", "Second one."});
  add_section("Details", 2, {"Detail sentence here."});
  add_section("Closing", 1, {"The end."});
  return doc;
}

KeyBindings test_bindings() {
  KeyBindings b;
  std::vector<Warning> warnings;
  parse_key_bindings(
      "Space toggle # pause or resume\n"
      "Right next\n"
      "t outline\n"
      "? help\n"
      "q quit\n"
      "1 next-heading 1\n",
      "k", b, warnings);
  EXPECT_TRUE(warnings.empty());
  return b;
}

PlayerSnapshot at(std::size_t sentence, std::size_t word_begin = 0, std::size_t word_length = 0) {
  PlayerSnapshot s;
  s.version = 1;
  s.sentence = sentence;
  s.word_begin_byte = word_begin;
  s.word_length_bytes = word_length;
  return s;
}

std::string strip_escapes(const std::string& row) {
  return std::regex_replace(row, std::regex("\x1b\\[[0-9;?]*[A-Za-z]"), "");
}

std::vector<std::string> visible(const Frame& frame) {
  std::vector<std::string> rows;
  for (const std::string& r : frame.rows) rows.push_back(strip_escapes(r));
  return rows;
}

TEST(Status, LineAndEstimates) {
  const document::Document doc = make_document();
  const StatusText status(doc, 60.0);  // one word a second keeps the arithmetic simple
  PlayerSnapshot s = at(1);
  s.speed_factor = 1.5;
  s.volume_percent = 80;
  s.heard_seconds = 42;
  EXPECT_EQ(status.title_line(s), "A Test Talk \xE2\x80\x94 Opening");
  // Words after sentence 1: 2 + 1 + 3 + 1 + 2 = 9; plus all 9 of sentence 1: 18 at 1.5x.
  EXPECT_NEAR(status.remaining_seconds(s), 18 / 1.5, 1e-9);
  EXPECT_EQ(status.status_line(s, 200),
            "Playing \xC2\xB7 sentence 2 of 7 \xC2\xB7 1.5x \xC2\xB7 volume 80% \xC2\xB7 0:42 "
            "\xC2\xB7 about 0:12 left");
  // Narrow: the volume goes first, then the time heard.
  EXPECT_EQ(status.status_line(s, 50),
            "Playing \xC2\xB7 sentence 2 of 7 \xC2\xB7 1.5x \xC2\xB7 about 0:12 left");
  s.paused = true;
  EXPECT_EQ(status.status_line(s, 12), "Paused");
}

TEST(Screen, FullFrameAt80Columns) {
  const document::Document doc = make_document();
  const StatusText status(doc, 175.0);
  Screen screen(doc, status, {"Space  pause or resume"}, "Space pause \xC2\xB7 q quit");
  const std::string& text = doc.sentences[1].text;
  const PlayerSnapshot s = at(1, text.find("jumps"), 5);
  const Frame frame = screen.render(s, UiState{}, 80, 10, terminal_palette(true));
  const std::vector<std::string> rows = visible(frame);
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0].rfind("  A Test Talk \xE2\x80\x94 Opening  ", 0), 0u) << rows[0];
  EXPECT_EQ(display_width(rows[0]), 80);  // the bar spans the width
  EXPECT_EQ(rows[1].rfind("  Playing \xC2\xB7 sentence 2 of 7 \xC2\xB7 1x", 0), 0u) << rows[1];
  EXPECT_EQ(rows[2], "");
  EXPECT_EQ(rows[3], "  The quick brown fox jumps over the lazy dog.");
  EXPECT_EQ(rows[9], "  Space pause \xC2\xB7 q quit");
  // The word is highlighted (reverse + underline with NO_COLOR) and the cursor rests on it.
  EXPECT_NE(frame.rows[3].find("\x1b[7;4mjumps\x1b[27;24m"), std::string::npos) << frame.rows[3];
  EXPECT_EQ(frame.cursor_row, 3);
  EXPECT_EQ(frame.cursor_column, 2 + 20);
  // The title bar is reverse video.
  EXPECT_EQ(frame.rows[0].rfind("\x1b[7m", 0), 0u);
}

TEST(Screen, NarrowTerminalWrapsAndPagesToTheSpokenWord) {
  const document::Document doc = make_document();
  const StatusText status(doc, 175.0);
  Screen screen(doc, status, {}, "hint");
  const std::string& text = doc.sentences[1].text;
  // 20 columns: no margin; 6 rows: 2 body rows. "dog." is on the third wrapped line.
  const Frame frame = screen.render(at(1, text.find("dog"), 4), UiState{}, 20, 6, plain_palette());
  const std::vector<std::string> rows = visible(frame);
  EXPECT_EQ(rows[3], "dog.");
  EXPECT_EQ(rows[4], "");
  EXPECT_EQ(frame.cursor_row, 3);
  EXPECT_EQ(frame.cursor_column, 0);
  for (const std::string& r : rows) EXPECT_LE(display_width(r), 20) << r;
}

TEST(Screen, TinyTerminalsKeepTheSentence) {
  const document::Document doc = make_document();
  const StatusText status(doc, 175.0);
  Screen screen(doc, status, {}, "hint");
  for (int height = 1; height <= 5; ++height) {
    const std::vector<std::string> rows =
        visible(screen.render(at(4), UiState{}, 30, height, plain_palette()));
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(height));
    EXPECT_NE(std::find(rows.begin(), rows.end(), "Detail sentence here."), rows.end())
        << "height " << height;
  }
}

TEST(Screen, OutlineAndHelpOverlays) {
  const document::Document doc = make_document();
  const StatusText status(doc, 175.0);
  Screen screen(doc, status, {"Space  pause or resume", "q      quit"}, "hint");
  UiState ui;
  ui.overlay = Overlay::outline;
  ui.outline_selected = 1;
  ui.outline_playing = 0;
  Frame frame = screen.render(at(0), ui, 60, 12, terminal_palette(false));
  std::vector<std::string> rows = visible(frame);
  EXPECT_EQ(rows[3].rfind("  Outline: Up and Down choose", 0), 0u);
  EXPECT_EQ(rows[4], "    1. Opening (playing now)");
  EXPECT_EQ(rows[5], "  >   2. Details");
  EXPECT_EQ(rows[6], "    3. Closing");
  EXPECT_NE(frame.rows[5].find("\x1b[7m"), std::string::npos);
  EXPECT_EQ(frame.cursor_row, 5);

  ui.overlay = Overlay::help;
  rows = visible(screen.render(at(0), ui, 60, 12, plain_palette()));
  EXPECT_EQ(rows[3].rfind("  Keys:", 0), 0u);
  EXPECT_EQ(rows[4], "  Space  pause or resume");
  EXPECT_EQ(rows[5], "  q      quit");
}

TEST(Screen, MessageReplacesTheHint) {
  const document::Document doc = make_document();
  const StatusText status(doc, 175.0);
  Screen screen(doc, status, {}, "hint");
  UiState ui;
  ui.message = "x is not bound; press ? for the keys";
  const std::vector<std::string> rows = visible(screen.render(at(0), ui, 80, 8, plain_palette()));
  EXPECT_EQ(rows.back(), "  x is not bound; press ? for the keys");
}

TEST(PlainReporter, SentencesOnceAndStateChanges) {
  const document::Document doc = make_document();
  const StatusText status(doc, 175.0);
  PlainReporter reporter(doc, status);
  EXPECT_EQ(reporter.intro_line("?", "q"),
            "A Test Talk: 7 sentences, about 0:07. Press ? for the keys, q to quit.");

  // The heading is the section line; it is not said twice.
  EXPECT_EQ(reporter.update(at(0)), (std::vector<std::string>{"Section 1: Opening"}));
  PlayerSnapshot s = at(1);
  EXPECT_EQ(reporter.update(s),
            (std::vector<std::string>{"The quick brown fox jumps over the lazy dog."}));
  s.word_begin_byte = 4;
  s.word_length_bytes = 5;
  EXPECT_TRUE(reporter.update(s).empty());  // a word moving on prints nothing
  s.paused = true;
  EXPECT_EQ(reporter.update(s), std::vector<std::string>{"Paused"});
  s.paused = false;
  s.speed_factor = 1.5;
  s.volume_percent = 80;
  EXPECT_EQ(reporter.update(s), (std::vector<std::string>{"Playing", "Speed 1.5x", "Volume 80%"}));
  // Repeat: the same sentence from its start again.
  s.word_begin_byte = 0;
  s.word_length_bytes = 0;
  EXPECT_EQ(reporter.update(s),
            (std::vector<std::string>{"The quick brown fox jumps over the lazy dog."}));
  // A jump into the next section.
  s.sentence = 3;
  EXPECT_EQ(reporter.update(s), (std::vector<std::string>{"Section 2: Details"}));
  PlayerSnapshot end = s;
  end.sentence = 6;
  EXPECT_EQ(reporter.update(end), (std::vector<std::string>{"Section 3: Closing", "The end."}));
  end.finished = true;
  EXPECT_EQ(reporter.update(end), std::vector<std::string>{"Finished"});
}

TEST(PlainReporter, AKeyThatCannotMoveIsOneLineEachTime) {
  const document::Document doc = make_document();
  const StatusText status(doc, 175.0);
  PlainReporter reporter(doc, status);
  PlayerSnapshot s = at(6);
  reporter.update(s);
  s.cues = 1;
  s.cue_reason = "nothing further that way";
  EXPECT_EQ(reporter.update(s), std::vector<std::string>{"Nothing further that way"});
  EXPECT_TRUE(reporter.update(s).empty());  // said once
  s.cues = 2;                               // the same key again: said again
  EXPECT_EQ(reporter.update(s), std::vector<std::string>{"Nothing further that way"});
}

TEST(PlainReporter, NeverPrintsEscapes) {
  document::Document doc = make_document();
  doc.sentences[1].text = "Evil \x1b[2J\x1b]0;title\x07 text.";
  const StatusText status(doc, 175.0);
  PlainReporter reporter(doc, status);
  reporter.update(at(0));
  for (const std::string& line : reporter.update(at(1))) {
    EXPECT_EQ(line.find('\x1b'), std::string::npos);
    EXPECT_EQ(line.find('\x07'), std::string::npos);
  }
}

TEST(Controller, BoundKeysSubmitCommands) {
  const document::Document doc = make_document();
  const KeyBindings bindings = test_bindings();
  Controller c(doc, bindings, /*plain=*/false);
  Controller::Outcome out = c.handle(named_key(KeyCode::space), at(0));
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0].id, CommandId::toggle);
  out = c.handle(character_key('1'), at(0));
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0].id, CommandId::next_heading);
  EXPECT_EQ(out.commands[0].value, 1);
  out = c.handle(character_key('q'), at(0));
  EXPECT_TRUE(out.quit);
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0].id, CommandId::quit);
}

TEST(Controller, UnboundKeysSayHowToFindTheKeys) {
  const document::Document doc = make_document();
  const KeyBindings bindings = test_bindings();
  Controller c(doc, bindings, /*plain=*/true);
  Controller::Outcome out = c.handle(character_key('x'), at(0));
  EXPECT_TRUE(out.commands.empty());
  EXPECT_EQ(out.lines, std::vector<std::string>{"x is not bound; press ? for the keys"});
  EXPECT_EQ(c.state().message, "x is not bound; press ? for the keys");
  out = c.handle(named_key(KeyCode::escape), at(0));  // Escape out of habit: no scolding
  EXPECT_TRUE(out.lines.empty());
}

TEST(Controller, OutlinePicksASection) {
  const document::Document doc = make_document();
  const KeyBindings bindings = test_bindings();
  Controller c(doc, bindings, /*plain=*/false);
  c.handle(character_key('t'), at(1));
  EXPECT_EQ(c.state().overlay, Overlay::outline);
  EXPECT_EQ(c.state().outline_selected, 0u);  // opens at the section playing
  c.handle(named_key(KeyCode::down), at(1));
  c.handle(named_key(KeyCode::down), at(1));
  c.handle(named_key(KeyCode::down), at(1));  // stays on the last
  EXPECT_EQ(c.state().outline_selected, 2u);
  c.handle(named_key(KeyCode::up), at(1));
  // Space still pauses while the outline is open.
  Controller::Outcome out = c.handle(named_key(KeyCode::space), at(1));
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0].id, CommandId::toggle);
  out = c.handle(named_key(KeyCode::enter), at(1));
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0].id, CommandId::goto_section);
  EXPECT_EQ(out.commands[0].value, 2);  // 1-based, as the command language counts
  EXPECT_EQ(c.state().overlay, Overlay::none);
}

TEST(Controller, OutlineEscapeCancelsAndQDoesNotQuit) {
  const document::Document doc = make_document();
  const KeyBindings bindings = test_bindings();
  Controller c(doc, bindings, /*plain=*/false);
  c.handle(character_key('t'), at(0));
  Controller::Outcome out = c.handle(named_key(KeyCode::escape), at(0));
  EXPECT_TRUE(out.commands.empty());
  EXPECT_EQ(c.state().overlay, Overlay::none);
  c.handle(character_key('t'), at(0));
  out = c.handle(character_key('q'), at(0));
  EXPECT_FALSE(out.quit);
  EXPECT_TRUE(out.commands.empty());
  EXPECT_EQ(c.state().overlay, Overlay::none);
}

TEST(Controller, PlainOutlineSpeaksEachChoiceAndTakesNumbers) {
  const document::Document doc = make_document();
  const KeyBindings bindings = test_bindings();
  Controller c(doc, bindings, /*plain=*/true);
  Controller::Outcome out = c.handle(character_key('t'), at(4));
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_EQ(out.lines[0].rfind("Outline, 3 sections:", 0), 0u);
  EXPECT_EQ(out.lines[1], "2. Details (playing now)");
  EXPECT_TRUE(c.picking());
  EXPECT_EQ(c.handle(named_key(KeyCode::down), at(4)).lines,
            std::vector<std::string>{"3. Closing"});
  EXPECT_EQ(c.handle(named_key(KeyCode::down), at(4)).lines,
            std::vector<std::string>{"3. Closing (end of the list)"});
  EXPECT_EQ(c.handle(character_key('1'), at(4)).lines, std::vector<std::string>{"1. Opening"});
  out = c.handle(named_key(KeyCode::enter), at(4));
  EXPECT_EQ(out.lines, std::vector<std::string>{"Going to 1. Opening"});
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0].value, 1);
  EXPECT_FALSE(c.picking());
}

TEST(Controller, HelpOverlayAndPlainHelp) {
  const document::Document doc = make_document();
  const KeyBindings bindings = test_bindings();
  Controller full(doc, bindings, /*plain=*/false);
  full.handle(character_key('?'), at(0));
  EXPECT_EQ(full.state().overlay, Overlay::help);
  EXPECT_FALSE(full.handle(character_key('q'), at(0)).quit);  // q closes the help
  EXPECT_EQ(full.state().overlay, Overlay::none);

  Controller plain(doc, bindings, /*plain=*/true);
  const Controller::Outcome out = plain.handle(character_key('?'), at(0));
  ASSERT_EQ(out.lines.size(), 1 + help_lines(bindings).size());
  EXPECT_EQ(out.lines[0], "Keys:");
  EXPECT_EQ(out.lines[1], help_lines(bindings)[0]);
  EXPECT_EQ(plain.state().overlay, Overlay::none);
}

}  // namespace
}  // namespace voxmark::tui
