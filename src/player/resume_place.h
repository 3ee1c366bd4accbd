// Finding where the listener was after the document was edited. A fixed typo, an added
// paragraph or a removed section must not cost them their place: the saved sentence is looked
// for by its text, then by its neighbours, then by a close likeness, and only when none is
// found does playback start over (the caller says which happened, in one line).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "document/document.h"
#include "player/position_store.h"

namespace voxmark::player {

struct FoundPlace {
  enum class How {
    unchanged,     // the spoken text is as it was: the same sentence number
    same_text,     // the sentence itself, moved by edits elsewhere
    neighbours,    // the sentence was edited or removed; the sentences around it are there
    similar_text,  // the sentence was edited and its neighbours too; most of its words remain
  };
  std::size_t sentence = 0;  // 0-based, in `doc`
  How how = How::unchanged;
};

// The saved place in `doc` (as it is now), or nullopt when it cannot be found. Among several
// candidates the one whose neighbours match best wins, then the one nearest the old position.
// Pure; cost linear in the document (the likeness search looks near the old position only).
std::optional<FoundPlace> find_place(const document::Document& doc, const SavedPlace& saved);

}  // namespace voxmark::player
