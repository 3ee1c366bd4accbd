// Numbers said as a listener expects them, in place of what eSpeak NG would make of the
// symbols in them: an en dash range "10–12" -> "10 to 12", an ISO date "2024-01-15" ->
// "15 January 2024", money "$1.5 million" -> "1.5 million dollars", decades "1990s" ->
// "nineteen nineties", factors "5x" -> "5 times", "~5" -> "about 5", units and versions
// (spoken_units.h) "3.1ms" -> "3.1 milliseconds", "1.51.0" -> "1 point 51 point 0". English words,
// so used only for documents in English (SpokenText::start, the reader's english_number_words()).
#pragma once

#include <cstdint>
#include <string>

namespace voxmark::markdown {

// The form starting at s[at] (a date's, decade's or factor's first digit, a currency sign's
// first byte, an en dash's first byte, a tilde, or a decade's apostrophe) in the UTF-8 text s[0,
// length): appends its words to `out` and returns where the form ends, or returns -1 (and appends
// nothing) when there is none.
int32_t speak_number_form(const uint8_t* s, int32_t at, int32_t length, std::string& out);

// For a scan that stops only at the bytes where a form may be seen (spoken_forms.cpp): the form
// that s[i] starts or ends (a date's first dash, a decade's s, a factor's x, a number's first
// digit, a currency sign, a tilde, an en dash). Sets `at` to where it starts and, unless it
// starts before `copied`, appends its words and returns its end; else returns -1.
int32_t speak_number_form_at_stop(const uint8_t* s, int32_t i, int32_t copied, int32_t length,
                                  std::string& out, int32_t& at);

// The same for an ISO date only (s[at] its first digit).
int32_t speak_iso_date(const uint8_t* s, int32_t at, int32_t length, std::string& out);
// The same for a decade ("1990s", "'80s"; s[at] its first digit or apostrophe).
int32_t speak_decade(const uint8_t* s, int32_t at, int32_t length, std::string& out);
// The same for a factor ("5x"; s[at] its first digit).
int32_t speak_times(const uint8_t* s, int32_t at, int32_t length, std::string& out);

}  // namespace voxmark::markdown
