# Script mode: writes OUT, a C++ source defining SYMBOL with the bytes of IN.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR byte_count "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUT}" "#include <string_view>\nnamespace voxmark::embedded {\nnamespace {\nconst char data[] = {${bytes} '\\0'};\n}\nextern const std::string_view ${SYMBOL};\nconst std::string_view ${SYMBOL}{data, ${byte_count}};\n}\n")
