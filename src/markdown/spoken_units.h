// Numbers that eSpeak NG would read in part as letters: a unit glued to its number ("3.1ms" is
// heard "3.1 em es", "16kHz" "16 kay aitch zed") said as the unit's name ("3.1 milliseconds",
// "16 kilohertz"), and a dotted version ("1.51.0", heard "one point five one point zero") said
// part by part ("1 point 51 point 0"). English words, so used only where the reader says numbers
// in English (spoken_numbers.h). The units are one table, kSpokenUnits in spoken_units.cpp.
#pragma once

#include <cstdint>
#include <string>

namespace voxmark::markdown {

// A number with a unit starting at s[at] (the number's first digit) in the UTF-8 text
// s[0, length): "2.43MB" -> "2.43 megabytes", "1ms" -> "1 millisecond", "150 ms" -> "150
// milliseconds" (only units that are no English word are taken after a space); after "a" or
// "an", or first in a hyphenated compound, the unit is an adjective, in the singular ("a 5 MB
// cache" -> "a 5 megabyte cache", "64KB-aligned" -> "64 kilobyte-aligned"). The number is a
// whole token (not "abc12ms", "0x1Fms", "v2.5ms") and the unit the whole rest of it
// (not "3D", "4K", "64KBytes"). Appends the words and returns where the form ends, or returns -1
// (and appends nothing).
int32_t speak_unit(const uint8_t* s, int32_t at, int32_t length, std::string& out);

// A version of exactly three numbers with a later one of two digits or more, "1.51.0" or
// "v1.10.2" (s[at] the first digit), said "1 point 51 point 0", "v 1 point 10 point 2" (eSpeak NG
// says "1.2.3" right by itself). Not a longer dotted run (an IP address "10.0.0.1"), nor one
// inside a word, a path or a file name. Appends the words and returns the end, or -1.
int32_t speak_version(const uint8_t* s, int32_t at, int32_t length, std::string& out);

}  // namespace voxmark::markdown
