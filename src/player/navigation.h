// Where a navigation command goes: pure functions of the document and the current sentence.
#pragma once

#include <cstddef>
#include <optional>

#include "document/document.h"
#include "player/command.h"

namespace voxmark::player {

// The sentence (0-based) that `command` moves to from sentence `current`, or nullopt when
// the command does not move (not a navigation command, or nothing lies that way: "next
// section" in the last section stays put rather than ending the document). skip-past goes
// to the sentence after the innermost unit (list, table, quote, code block) around `current`.
std::optional<std::size_t> navigate(const document::Document& doc, std::size_t current,
                                    const Command& command);

// A section given by number ("3", 1-based) or by title (exact, else unique case-insensitive
// prefix); nullopt when none or several match.
std::optional<std::size_t> find_section(const document::Document& doc,
                                        std::string_view number_or_title);

}  // namespace voxmark::player
