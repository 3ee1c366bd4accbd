// Where each document was left, so that --resume continues there.
// Stored as JSON in $XDG_STATE_HOME/voxmark/positions.json (default ~/.local/state),
// written atomically (temporary file + rename), keyed by the document's path and content.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace voxmark::player {

// Identifies a document: its absolute path (or "(bundled)"/"(stdin)") and a hash of its
// bytes, so an edited file does not resume at a sentence that moved.
std::string document_key(std::string_view name, std::string_view bytes);

std::filesystem::path positions_file();

// Threads: any; the file is the shared state (last writer wins).
// Never throws: a missing, unreadable or malformed file means "no saved position"; a failed
// save returns false (the caller says so).
std::optional<std::size_t> load_position(const std::string& key);
bool save_position(const std::string& key, std::size_t sentence);

}  // namespace voxmark::player
