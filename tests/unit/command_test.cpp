// The stdin and key-binding command language.
#include "player/command.h"

#include <gtest/gtest.h>

namespace voxmark::player {
namespace {

Command ok(std::string_view line) {
  auto parsed = parse_command(line);
  EXPECT_TRUE(std::holds_alternative<Command>(parsed)) << line << ": " << std::get<std::string>(parsed);
  return std::holds_alternative<Command>(parsed) ? std::get<Command>(parsed) : Command{CommandId::quit};
}

std::string error(std::string_view line) {
  auto parsed = parse_command(line);
  EXPECT_TRUE(std::holds_alternative<std::string>(parsed)) << line;
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

TEST(Command, EveryCommandInTheTableParsesByName) {
  for (const CommandSpec& spec : command_table()) {
    std::string line(spec.name);
    if (spec.argument != ArgumentKind::none) line += " " + std::to_string(spec.min_value);
    EXPECT_EQ(ok(line).id, spec.id) << line;
  }
}

TEST(Command, Arguments) {
  EXPECT_EQ(ok("speed 1.5").value, 1.5);
  EXPECT_EQ(ok("  speed   6  ").value, 6.0);
  EXPECT_EQ(ok("next-heading 2").value, 2.0);
  EXPECT_EQ(ok("volume 0").value, 0.0);
  EXPECT_EQ(ok("goto-section 12").value, 12.0);
}

TEST(Command, MistakesNameTheCommandAndItsSyntax) {
  EXPECT_EQ(error("speed 7"), "'speed 7': expected speed X (0.5 to 6)");
  EXPECT_EQ(error("speed fast"), "'speed fast': expected speed X (0.5 to 6)");
  EXPECT_EQ(error("next-heading 2.5"), "'next-heading 2.5': expected next-heading N (1 to 6)");
  EXPECT_EQ(error("next-heading"), "'next-heading': expected next-heading N (1 to 6)");
  EXPECT_EQ(error("volume 201"), "'volume 201': expected volume N (0 to 200)");
  EXPECT_EQ(error("toggle now"), "'toggle now': toggle takes no argument");
  EXPECT_NE(error("fly").find("unknown command 'fly'"), std::string::npos);
  EXPECT_NE(error("").find("empty command"), std::string::npos);
  EXPECT_NE(error("speed 1e400").find("expected speed X"), std::string::npos);
  EXPECT_NE(error("speed nan").find("expected speed X"), std::string::npos);
}

}  // namespace
}  // namespace voxmark::player
