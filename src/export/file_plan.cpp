#include "export/file_plan.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>

#include "export/exporter.h"

namespace voxmark::audiobook {

namespace {

// An untitled section's label: the preamble's, or "Section N".
std::string untitled_label(const document::Document& doc, std::size_t section_index) {
  if (doc.sections[section_index].level == 0) {
    // The text before the first heading is titled with the book's title, unless that title is
    // a heading's own (a README's "# name" after its badges): two chapters of one name would
    // leave a listener unable to tell them apart in a chapter list.
    const bool title_is_a_heading =
        std::any_of(doc.sections.begin(), doc.sections.end(),
                    [&](const document::Section& s) { return s.title == doc.metadata.title; });
    if (!doc.metadata.title.empty() && !title_is_a_heading) return doc.metadata.title;
    return "Introduction";
  }
  return "Section " + std::to_string(section_index + 1);
}

// "Windows: Prerequisites": a title qualified by its parent section's.
std::string qualified_label(const document::Document& doc, std::size_t section_index) {
  const document::Section& section = doc.sections[section_index];
  if (section.parent == document::Section::npos || doc.sections[section.parent].title.empty()) {
    return section.title;
  }
  return doc.sections[section.parent].title + ": " + section.title;
}

}  // namespace

std::vector<std::string> section_labels(const document::Document& doc) {
  std::vector<std::string> labels(doc.sections.size());
  // Sections of one name ("Prerequisites" under "Linux" and under "Windows") are told apart
  // by their parents' titles, or failing that by their order. Grouped once by title, so that
  // a document of thousands of sections costs no more than sorting them.
  std::map<std::string_view, std::vector<std::size_t>> by_title;
  for (std::size_t i = 0; i < doc.sections.size(); ++i) {
    if (doc.sections[i].title.empty()) {
      labels[i] = untitled_label(doc, i);
    } else {
      by_title[doc.sections[i].title].push_back(i);
    }
  }
  for (const auto& [title, same] : by_title) {
    if (same.size() == 1) {
      labels[same.front()] = std::string(title);
      continue;
    }
    std::map<std::string, std::size_t> uses;
    for (const std::size_t i : same) ++uses[qualified_label(doc, i)];
    for (std::size_t position = 0; position < same.size(); ++position) {
      const std::size_t i = same[position];
      std::string qualified = qualified_label(doc, i);
      const bool distinct = uses[qualified] == 1;
      if (distinct) {
        labels[i] = std::move(qualified);
      } else {
        labels[i] = std::string(title) + " (" + std::to_string(position + 1) + ")";
      }
    }
  }
  return labels;
}

std::vector<std::string> section_file_names(const document::Document& doc,
                                            std::string_view extension) {
  const std::vector<std::string> labels = section_labels(doc);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    const std::size_t section = doc.sentences[i].section_index;
    if (i > 0 && section == doc.sentences[i - 1].section_index) continue;
    names.push_back(
        section_file_name(section + 1, doc.sections.size(), labels[section], extension));
  }
  return names;
}

namespace {

// Sentences [first, end) cut into runs whose audio (with the head and tail) fits the limit;
// a single sentence longer than the limit is a run of its own.
std::vector<std::pair<std::size_t, std::size_t>> parts_of(const std::vector<SpooledSentence>& s,
                                                          std::size_t first, std::size_t end,
                                                          const PlanRules& rules) {
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  std::size_t begin = first;
  const std::uint64_t room = rules.max_file_samples > rules.head_samples + rules.tail_samples
                                 ? rules.max_file_samples - rules.head_samples - rules.tail_samples
                                 : 1;
  for (std::size_t i = first; i < end; ++i) {
    const bool too_long =
        rules.max_file_samples > 0 && i > begin && s[i].end_sample - s[begin].start_sample > room;
    if (too_long) {
      parts.emplace_back(begin, i);
      begin = i;
    }
  }
  parts.emplace_back(begin, end);
  return parts;
}

}  // namespace

std::vector<PlannedFile> plan_files(const document::Document& doc,
                                    const std::vector<SpooledSentence>& sentences,
                                    std::uint64_t spool_samples, const PlanRules& rules,
                                    std::string_view extension) {
  std::vector<PlannedFile> files;
  if (sentences.empty()) return files;
  const std::vector<std::string> labels = section_labels(doc);
  if (!rules.split_sections) {
    PlannedFile f;
    f.title = doc.metadata.title;
    f.end_sentence = sentences.size();
    f.end_sample = spool_samples;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      const std::size_t section = doc.sentences[i].section_index;
      if (i > 0 && section == doc.sentences[i - 1].section_index) continue;
      // The first chapter starts the file, head silence and all.
      f.chapters.push_back(
          {i == 0 ? 0 : sentences[i].start_sample + rules.head_samples, labels[section]});
    }
    files.push_back(std::move(f));
  } else {
    for (std::size_t i = 0; i < sentences.size();) {
      const std::size_t section = doc.sentences[i].section_index;
      std::size_t end = i;
      while (end < sentences.size() && doc.sentences[end].section_index == section) ++end;
      const auto parts = parts_of(sentences, i, end, rules);
      for (std::size_t p = 0; p < parts.size(); ++p) {
        PlannedFile f;
        f.title = labels[section];
        if (parts.size() > 1) {
          // Zero-padded, so that the files sort in order: "(part 02 of 13)".
          const std::string total = std::to_string(parts.size());
          std::string number = std::to_string(p + 1);
          const std::size_t width = std::max<std::size_t>(2, total.size());
          number.insert(0, width - std::min(width, number.size()), '0');
          f.title += " (part " + number + " of " +
                     std::string(width - std::min(width, total.size()), '0') + total + ")";
        }
        f.name = section_file_name(section + 1, doc.sections.size(), f.title, extension);
        f.first_sentence = parts[p].first;
        f.end_sentence = parts[p].second;
        f.begin_sample = sentences[f.first_sentence].start_sample;
        f.end_sample = sentences[f.end_sentence - 1].end_sample;
        f.chapters.push_back({0, f.title});
        files.push_back(std::move(f));
      }
      i = end;
    }
    for (std::size_t k = 0; k < files.size(); ++k) files[k].track_number = static_cast<int>(k + 1);
  }
  return files;
}

}  // namespace voxmark::audiobook
