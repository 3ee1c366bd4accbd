# voxmark_embed(TARGET "relative/path:symbol" ...)
# Compiles each file into a static library as `extern const std::string_view voxmark::embedded::SYMBOL`.
# The bytes are written as a hex array so no content can break the generated source.
function(voxmark_embed target)
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/embedded")
  set(sources "")
  set(header "#pragma once\n#include <string_view>\nnamespace voxmark::embedded {\n")
  foreach(spec IN LISTS ARGN)
    string(REPLACE ":" ";" parts "${spec}")
    list(GET parts 0 rel_path)
    list(GET parts 1 symbol)
    set(in "${CMAKE_CURRENT_SOURCE_DIR}/${rel_path}")
    set(cpp "${out_dir}/${symbol}.cpp")
    add_custom_command(OUTPUT "${cpp}"
      COMMAND ${CMAKE_COMMAND} -DIN=${in} -DOUT=${cpp} -DSYMBOL=${symbol}
              -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedOne.cmake"
      DEPENDS "${in}" "${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedOne.cmake"
      COMMENT "Embedding ${rel_path}")
    list(APPEND sources "${cpp}")
    string(APPEND header "extern const std::string_view ${symbol};  // ${rel_path}\n")
  endforeach()
  string(APPEND header "}  // namespace voxmark::embedded\n")
  file(MAKE_DIRECTORY "${out_dir}/voxmark")
  file(GENERATE OUTPUT "${out_dir}/voxmark/embedded.h" CONTENT "${header}")
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC "${out_dir}")
endfunction()
