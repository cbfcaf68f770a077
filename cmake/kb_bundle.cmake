# c311_kb_bundle(DIR OUT): concatenates DIR/<lang>/<slug>.md into OUT, each file after a line
# "@@@ <lang>/<slug>.md" (parsed by adapters/config/article_file). Runs at build time whenever
# a file changes; a new or removed file is picked up at the next configure (CONFIGURE_DEPENDS).
# As a script: cmake -DDIR=… -DOUT=… -P kb_bundle.cmake
if(CMAKE_SCRIPT_MODE_FILE)
  file(GLOB files RELATIVE ${DIR} ${DIR}/*/*.md)
  list(SORT files)
  set(text "")
  foreach(f ${files})
    file(READ ${DIR}/${f} body)
    string(APPEND text "@@@ ${f}\n${body}\n")
  endforeach()
  file(WRITE ${OUT}.tmp "${text}")
  file(RENAME ${OUT}.tmp ${OUT})
  return()
endif()
include_guard(GLOBAL)

function(c311_kb_bundle dir out)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*/*.md)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUT=${out} -P ${CMAKE_SOURCE_DIR}/cmake/kb_bundle.cmake
    DEPENDS ${files} ${CMAKE_SOURCE_DIR}/cmake/kb_bundle.cmake
    COMMENT "Bundling the demo knowledge base"
    VERBATIM)
  add_custom_target(c311_kb_bundle_file DEPENDS ${out})
  add_dependencies(c311_demo c311_kb_bundle_file)
endfunction()
