// Where each document was left, so that --resume continues there and the listener's speed
// is remembered. Stored as JSON in $XDG_STATE_HOME/voxmark/positions.json (default
// ~/.local/state), written atomically (temporary file + rename), one entry per document.
//
// A file is known by its path, not its content: after an edit the entry still belongs to it,
// and resume_place.h finds the place again from the text kept here (the sentence and its two
// neighbours). Standard input, which has no path, is known by its content.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "document/document.h"

namespace voxmark::player {

// Identifies a document: its absolute path, "(bundled)", or for "(stdin)" a hash of its bytes.
std::string document_key(std::string_view name, std::string_view bytes);

std::filesystem::path positions_file();

// What is kept of a document.
struct SavedPlace {
  std::size_t sentence = 0;            // 0-based, in the document as it was then
  std::size_t sentence_count = 0;      // how many it had
  std::string content_hash;            // sentences_hash() then: equal means nothing spoken changed
  std::string text;                    // the sentence
  std::string before;                  // the sentence before it ("" for the first)
  std::string after;                   // the sentence after it ("" for the last)
  std::optional<double> speed_factor;  // the speed last listened at
};

// The spoken text's identity: every sentence, in order (markup-only edits keep it).
std::string sentences_hash(const document::Document& doc);

// Threads: any; the file is the shared state (last writer wins).
// Never throws: a missing, unreadable or malformed file or entry means "nothing saved"; a failed
// save returns false (the caller says so).
std::optional<SavedPlace> load_place(const std::string& key);
bool save_place(const std::string& key, const document::Document& doc, std::size_t sentence,
                double speed_factor);

// Replaces `file` (in voxmark's state folder) with `text` atomically: a temporary beside it
// (made by mkstemp), then a rename; a symlink stays a link and the file it leads to is
// replaced. Never throws; false when it could not (the temporary is removed).
bool write_state_file(const std::filesystem::path& file, const std::string& text);

}  // namespace voxmark::player
