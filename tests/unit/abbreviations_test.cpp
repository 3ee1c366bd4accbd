// The abbreviation data (data/abbreviations/*.txt, compiled in) and the user's own file
// ($XDG_CONFIG_HOME/voxmark/abbreviations/LANG.txt), seen through SentenceSplitter as a user
// would see them: where a sentence ends.

#include "text/abbreviations.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "text/sentence_splitter.h"

namespace voxmark::text {
namespace {

std::vector<std::string> Split(const SentenceSplitter& splitter, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& r : splitter.split(text)) out.push_back(text.substr(r.begin, r.end - r.begin));
  return out;
}

// A fresh XDG_CONFIG_HOME for one test (each test uses its own folder, so the once-per-process
// cache, keyed by the file's path, never hands one test another's data).
class UserConfig {
 public:
  UserConfig() {
    std::string pattern = (std::filesystem::temp_directory_path() / "voxmark-abbr-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    if (const char* old = std::getenv("XDG_CONFIG_HOME")) old_ = old, had_old_ = true;
    ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  }
  ~UserConfig() {
    if (had_old_) {
      ::setenv("XDG_CONFIG_HOME", old_.c_str(), 1);
    } else {
      ::unsetenv("XDG_CONFIG_HOME");
    }
    std::filesystem::remove_all(dir_);
  }
  std::string Write(const std::string& language, const std::string& text) const {
    const auto folder = std::filesystem::path(dir_) / "voxmark" / "abbreviations";
    std::filesystem::create_directories(folder);
    const auto path = folder / (language + ".txt");
    std::ofstream(path) << text;
    return path.string();
  }

 private:
  std::string dir_;
  std::string old_;
  bool had_old_ = false;
};

TEST(Abbreviations, BuiltInDataHasEveryKindOfEntry) {
  using detail::Abbr;
  detail::Abbreviations en;
  en.parse(R"(Dr.  title
co.  end
p.   number  exact
)",
           "test");
  EXPECT_EQ(en.lookup("Dr"), Abbr::kTitle);
  EXPECT_EQ(en.lookup("DR"), Abbr::kTitle);
  EXPECT_EQ(en.lookup("dr"), Abbr::kEnd);  // "5th dr." is a street (Drive)
  EXPECT_EQ(en.lookup("Co"), Abbr::kEnd);
  EXPECT_EQ(en.lookup("CO"), Abbr::kEnd);
  EXPECT_EQ(en.lookup("p"), Abbr::kNumberPrefix);
  EXPECT_EQ(en.lookup("P"), Abbr::kNone);  // an initial
  for (const char* locale : {"en", "fr", "de", "es", "en-GB", "de_AT", "it"}) {
    EXPECT_GT(detail::AbbreviationsFor(locale).size(), 10u) << locale;
  }
}

TEST(Abbreviations, LanguagePicksTheData) {
  // "M. Dupont" is a French title; in English "M." after a sentence is an initial.
  EXPECT_EQ(Split(SentenceSplitter("fr"), "Hier, M. Dupont est venu. Il pleuvait."),
            (std::vector<std::string>{"Hier, M. Dupont est venu.", "Il pleuvait."}));
  EXPECT_EQ(Split(SentenceSplitter("de-DE"), "Das gilt z. B. für Nr. 5 und Abs. 2. Sonst nicht."),
            (std::vector<std::string>{"Das gilt z. B. für Nr. 5 und Abs. 2.", "Sonst nicht."}));
  EXPECT_EQ(Split(SentenceSplitter("es"), "La Sra. García llegó ayer. Traía flores."),
            (std::vector<std::string>{"La Sra. García llegó ayer.", "Traía flores."}));
}

TEST(Abbreviations, UserFileAddsATitle) {
  const std::string text = "We met Cllr. Hughes at noon. She voted against it.";
  {
    UserConfig config;  // no file: "Cllr." is an unknown word, so the period ends a sentence
    EXPECT_EQ(Split(SentenceSplitter("en"), text).size(), 3u);
  }
  UserConfig config;
  config.Write("en", "# councillor (UK)\nCllr.   title\n");
  EXPECT_EQ(Split(SentenceSplitter("en-GB"), text),
            (std::vector<std::string>{"We met Cllr. Hughes at noon.", "She voted against it."}));
}

TEST(Abbreviations, UserFileOverridesABuiltInKind) {
  UserConfig config;
  // Built in, "Co." may end a sentence before a starter word; this user says it never does.
  config.Write("en", "co.  title\n");
  EXPECT_EQ(Split(SentenceSplitter("en"), "Ask Smith & Co. They know.").size(), 1u);
}

TEST(Abbreviations, MalformedUserFileIsOneLineNamingFileAndLine) {
  UserConfig config;
  const std::string path = config.Write("en", "# mine\nCllr.  title\nSupt   title\n");
  try {
    SentenceSplitter splitter("en");
    FAIL() << "a malformed user file was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::data);
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_NE(message.find(path + ":3: 'Supt'"), std::string::npos) << message;
    EXPECT_NE(message.find("fix or remove the line"), std::string::npos) << message;
  }
  {
    UserConfig escape;  // text quoted from the file cannot reach the terminal as a control
    escape.Write("en", "Cl\x1b[2Jlr.  title\n");
    try {
      SentenceSplitter splitter("en");
      FAIL() << "a control character was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).find('\x1b'), std::string::npos) << e.what();
    }
  }
  UserConfig other;
  const std::string bad_kind = other.Write("fr", "Pdt.  president\n");
  try {
    SentenceSplitter splitter("fr-CA");
    FAIL() << "an unknown kind was accepted";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find(bad_kind + ":1: unknown kind 'president' (use one of title"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace voxmark::text
