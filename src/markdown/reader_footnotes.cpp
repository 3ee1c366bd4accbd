// Builder's footnotes: references said as "(note N)" and queued, and the queued definitions
// read as note blocks when the section that referred to them ends.
#include <cmark-gfm.h>

#include <string>
#include <vector>

#include "markdown/reader_builder.h"

namespace voxmark::markdown::detail {

void Builder::footnote_reference(cmark_node* node) {
  // The reference's literal is its note number, given by cmark-gfm.
  const std::string number = literal_of(node);
  std::size_t n = 0;
  for (const char c : number) {
    if (c < '0' || c > '9' || n > notes_.size()) break;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n == 0 || n > notes_.size()) return;
  target_->literal_before_end_punctuation(" (note " + std::to_string(n) + ")");
  if (!notes_[n - 1].queued) {
    notes_[n - 1].queued = true;
    pending_notes_.push_back(n);
  }
}

// Reads the notes referred to since the last flush, each as a block of its own.
void Builder::flush_notes() {
  if (in_note_ || pending_notes_.empty()) return;
  in_note_ = true;
  std::vector<Owner> outer_owners;
  outer_owners.swap(owners_);
  SpokenText* outer_target = target_;
  // Notes may refer to further notes; those join the queue and are read in this flush.
  for (std::size_t i = 0; i < pending_notes_.size(); ++i) {
    const std::size_t n = pending_notes_[i];
    note_owner_ = Owner{next_owner_++, BlockKind::note};
    owners_.assign(1, note_owner_);
    pending_prefix_ = "Note " + std::to_string(n) + ": ";
    walk(notes_[n - 1].definition);
    pending_prefix_.clear();
  }
  pending_notes_.clear();
  owners_.swap(outer_owners);
  target_ = outer_target;
  in_note_ = false;
}

}  // namespace voxmark::markdown::detail
