// The cover picture of an audiobook: --cover FILE, or `cover:` in the document's front
// matter (a path relative to the document's folder). Checked before any work starts.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "export/formats/format_writer.h"

namespace voxmark::audiobook {

// Reads a cover. `origin` says where it was named, for messages ("--cover" or
// "book.md: cover"). Throws Error(no_input) when the file is missing or unreadable,
// Error(data) when it is not a JPEG or PNG picture (what players show).
Cover load_cover(const std::filesystem::path& file, std::string_view origin);

// The `cover:` value of a document's YAML front matter, or nullopt (no front matter, no such
// key, or not a string). `document_text` is the document's whole text.
std::optional<std::string> front_matter_cover(std::string_view document_text);

}  // namespace voxmark::audiobook
