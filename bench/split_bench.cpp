// The sentence splitter alone on a whole file (its raw bytes, as one text), for instruction
// counts under callgrind: the voxmark binary cannot run under valgrind 3.19 since it loads
// libhwy (through FFmpeg), whose start-up code uses an instruction valgrind does not decode.
// Linked with --as-needed, so only ICU is loaded. Prints the number of sentences.
//
// Usage: voxmark_split_bench FILE [LOCALE]
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "text/sentence_splitter.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: voxmark_split_bench FILE [LOCALE]\n";
    return 64;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "voxmark_split_bench: cannot open " << argv[1] << "\n";
    return 66;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const voxmark::text::SentenceSplitter splitter(argc > 2 ? argv[2] : "en");
  std::cout << splitter.split(text.str()).size() << "\n";
  return 0;
}
