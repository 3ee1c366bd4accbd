// Terminal bytes into keys: every common xterm/VT escape variant, sequences split across
// reads, and a lone Escape told apart from the start of a sequence.
#include <gtest/gtest.h>

#include "tui/keys.h"

namespace voxmark::tui {
namespace {

std::vector<Key> decode(std::string_view bytes) {
  KeyDecoder decoder;
  std::vector<Key> keys = decoder.feed(bytes);
  const std::vector<Key> rest = decoder.flush();
  keys.insert(keys.end(), rest.begin(), rest.end());
  return keys;
}

Key one(std::string_view bytes) {
  const std::vector<Key> keys = decode(bytes);
  EXPECT_EQ(keys.size(), 1u) << "bytes: " << testing::PrintToString(std::string(bytes));
  return keys.empty() ? Key{} : keys.front();
}

const Key kUp = named_key(KeyCode::up);
const Key kDown = named_key(KeyCode::down);
const Key kLeft = named_key(KeyCode::left);
const Key kRight = named_key(KeyCode::right);
const Key kHome = named_key(KeyCode::home);
const Key kEnd = named_key(KeyCode::end);
const Key kPageUp = named_key(KeyCode::page_up);
const Key kPageDown = named_key(KeyCode::page_down);
const Key kEscape = named_key(KeyCode::escape);
const Key kUnknown = named_key(KeyCode::unknown);

TEST(KeyDecoder, PrintableKeysSpaceEnterTab) {
  EXPECT_EQ(decode("a+]1!V"),
            (std::vector<Key>{character_key('a'), character_key('+'), character_key(']'),
                              character_key('1'), character_key('!'), character_key('V')}));
  EXPECT_EQ(one(" "), named_key(KeyCode::space));
  EXPECT_EQ(one("\r"), named_key(KeyCode::enter));
  EXPECT_EQ(one("\n"), named_key(KeyCode::enter));
  EXPECT_EQ(one("\t"), named_key(KeyCode::tab));
  EXPECT_EQ(one("\x7f"), named_key(KeyCode::backspace));
}

TEST(KeyDecoder, ShiftedDigitsArriveAsTheirCharacters) {
  EXPECT_EQ(decode("!@#$%^"),
            (std::vector<Key>{character_key('!'), character_key('@'), character_key('#'),
                              character_key('$'), character_key('%'), character_key('^')}));
}

TEST(KeyDecoder, Utf8Characters) {
  EXPECT_EQ(one("\xC3\xA9"), character_key(U'\u00E9'));      // é
  EXPECT_EQ(one("\xE2\x82\xAC"), character_key(U'\u20AC'));  // €
  EXPECT_EQ(one("\xF0\x9F\x98\x80"), character_key(U'\U0001F600'));
  EXPECT_EQ(one("\xFF"), kUnknown);
}

TEST(KeyDecoder, ArrowsInNormalAndApplicationCursorMode) {
  EXPECT_EQ(one("\x1b[A"), kUp);
  EXPECT_EQ(one("\x1b[B"), kDown);
  EXPECT_EQ(one("\x1b[C"), kRight);
  EXPECT_EQ(one("\x1b[D"), kLeft);
  EXPECT_EQ(one("\x1bOA"), kUp);
  EXPECT_EQ(one("\x1bOB"), kDown);
  EXPECT_EQ(one("\x1bOC"), kRight);
  EXPECT_EQ(one("\x1bOD"), kLeft);
}

TEST(KeyDecoder, ModifiedArrowsAreTheArrows) {
  EXPECT_EQ(one("\x1b[1;5C"), kRight);  // xterm Ctrl+Right
  EXPECT_EQ(one("\x1b[1;2A"), kUp);     // xterm Shift+Up
  EXPECT_EQ(one("\x1b[a"), kUp);        // rxvt Shift+Up
}

TEST(KeyDecoder, HomeEndVariants) {
  for (const char* home : {"\x1b[H", "\x1bOH", "\x1b[1~", "\x1b[7~"}) {
    EXPECT_EQ(one(home), kHome) << testing::PrintToString(std::string(home));
  }
  for (const char* end : {"\x1b[F", "\x1bOF", "\x1b[4~", "\x1b[8~"}) {
    EXPECT_EQ(one(end), kEnd) << testing::PrintToString(std::string(end));
  }
}

TEST(KeyDecoder, PageUpDownInsertDelete) {
  EXPECT_EQ(one("\x1b[5~"), kPageUp);
  EXPECT_EQ(one("\x1b[6~"), kPageDown);
  EXPECT_EQ(one("\x1b[5;5~"), kPageUp);  // with Ctrl
  EXPECT_EQ(one("\x1b[2~"), named_key(KeyCode::insert));
  EXPECT_EQ(one("\x1b[3~"), named_key(KeyCode::delete_key));
}

TEST(KeyDecoder, FunctionKeysAndAltKeysAreUnknownNotCommands) {
  EXPECT_EQ(one("\x1bOP"), kUnknown);    // F1
  EXPECT_EQ(one("\x1b[15~"), kUnknown);  // F5
  EXPECT_EQ(one("\x1b[[A"), kUnknown);   // Linux console F1
  EXPECT_EQ(one("\x1bq"), kUnknown);     // Alt+q must not quit
  EXPECT_EQ(one("\x1b\xC3\xA9"), kUnknown);
  EXPECT_EQ(one("\x01"), kUnknown);  // Ctrl-A
}

TEST(KeyDecoder, SeveralKeysInOneRead) {
  EXPECT_EQ(decode("\x1b[Cq\x1b[5~ "),
            (std::vector<Key>{kRight, character_key('q'), kPageUp, named_key(KeyCode::space)}));
}

TEST(KeyDecoder, LoneEscapeWaitsForTheTimeout) {
  KeyDecoder decoder;
  EXPECT_TRUE(decoder.feed("\x1b").empty());
  EXPECT_TRUE(decoder.has_pending());
  EXPECT_EQ(decoder.flush(), std::vector<Key>{kEscape});
  EXPECT_FALSE(decoder.has_pending());
}

TEST(KeyDecoder, EscapeThenAnotherEscape) {
  KeyDecoder decoder;
  EXPECT_EQ(decoder.feed("\x1b\x1b"), std::vector<Key>{kEscape});
  EXPECT_EQ(decoder.flush(), std::vector<Key>{kEscape});
}

TEST(KeyDecoder, SequencesSplitAcrossReads) {
  const std::string sequences[] = {"\x1b[A", "\x1bOD", "\x1b[5~", "\x1b[1;5C", "\xE2\x82\xAC"};
  const Key expected[] = {kUp, kLeft, kPageUp, kRight, character_key(U'\u20AC')};
  for (std::size_t i = 0; i < std::size(sequences); ++i) {
    const std::string& s = sequences[i];
    // Every way of cutting the sequence in two gives the same single key.
    for (std::size_t cut = 1; cut < s.size(); ++cut) {
      KeyDecoder decoder;
      std::vector<Key> keys = decoder.feed(s.substr(0, cut));
      EXPECT_TRUE(keys.empty()) << "cut " << cut << " of " << testing::PrintToString(s);
      EXPECT_TRUE(decoder.has_pending());
      keys = decoder.feed(s.substr(cut));
      EXPECT_EQ(keys, std::vector<Key>{expected[i]}) << testing::PrintToString(s);
      EXPECT_FALSE(decoder.has_pending());
    }
  }
  // One byte at a time.
  KeyDecoder decoder;
  std::vector<Key> keys;
  for (char c : std::string("\x1b[6~x")) {
    for (const Key& k : decoder.feed(std::string(1, c))) keys.push_back(k);
  }
  EXPECT_EQ(keys, (std::vector<Key>{kPageDown, character_key('x')}));
}

TEST(KeyDecoder, TruncatedSequenceAtTimeoutIsUnknown) {
  KeyDecoder decoder;
  EXPECT_TRUE(decoder.feed("\x1b[1;").empty());
  EXPECT_EQ(decoder.flush(), std::vector<Key>{kUnknown});
}

TEST(KeyDecoder, InterruptedSequenceKeepsTheKeyAfterIt) {
  // A control byte cannot be inside a sequence: the sequence is dropped, the byte decoded.
  EXPECT_EQ(decode("\x1b[1\r"), (std::vector<Key>{kUnknown, named_key(KeyCode::enter)}));
}

TEST(KeyDecoder, EndlessGarbageDoesNotPileUp) {
  KeyDecoder decoder;
  const std::vector<Key> keys = decoder.feed("\x1b[" + std::string(100, '1'));
  EXPECT_EQ(keys, std::vector<Key>{kUnknown});
  EXPECT_FALSE(decoder.has_pending());
}

TEST(KeyNames, RoundTrip) {
  for (const char* name : {"a",        "V",      "+",    "]",     "1",    "!",       "Space",
                           "Enter",    "Escape", "Left", "Right", "Up",   "Down",    "PageUp",
                           "PageDown", "Home",   "End",  "Tab",   "Hash", "\xC3\xA9"}) {
    const std::optional<Key> key = parse_key_name(name);
    ASSERT_TRUE(key) << name;
    EXPECT_EQ(key_name(*key), name);
  }
}

TEST(KeyNames, CaseMattersForCharactersNotForNames) {
  EXPECT_EQ(parse_key_name("v"), character_key('v'));
  EXPECT_EQ(parse_key_name("V"), character_key('V'));
  EXPECT_EQ(parse_key_name("pagedown"), named_key(KeyCode::page_down));
  EXPECT_EQ(parse_key_name("SPACE"), named_key(KeyCode::space));
  EXPECT_EQ(parse_key_name("Sharp"), character_key('#'));
  EXPECT_EQ(parse_key_name("Esc"), named_key(KeyCode::escape));
}

TEST(KeyNames, RejectsWhatIsNotAKey) {
  EXPECT_FALSE(parse_key_name(""));
  EXPECT_FALSE(parse_key_name("Ctrl+x"));
  EXPECT_FALSE(parse_key_name("ab"));
  EXPECT_FALSE(parse_key_name("\x01"));
  EXPECT_FALSE(parse_key_name("F13"));
}

}  // namespace
}  // namespace voxmark::tui
