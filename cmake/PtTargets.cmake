# pt_library(): the one way a ptsearch static library is declared (alias, public headers, warnings).
#
#   pt_library(NAME SOURCES a.cc ... [PUBLIC deps...] [PRIVATE deps...])
# makes target pt_NAME with alias pt::NAME; its public headers are the folder's include/.
function(pt_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(pt_${name} STATIC ${ARG_SOURCES})
  add_library(pt::${name} ALIAS pt_${name})
  target_include_directories(pt_${name} PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)
  target_link_libraries(pt_${name} PUBLIC ${ARG_PUBLIC} PRIVATE pt::warnings ${ARG_PRIVATE})
  target_compile_definitions(pt_${name} PRIVATE PTSEARCH_VERSION="${PROJECT_VERSION}")
  set_target_properties(pt_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# pt_program(NAME SOURCE LIBS...): a command-line program, installed into bin/ with its man page
# docs/man/NAME.1 (written by hand; keep it in step with NAME --help).
function(pt_program name source)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE pt::warnings CLI11::CLI11 ${ARGN})
  # Only the shared libraries the program calls: pt_indexer brings libxml2 (and with it libicuuc)
  # to the link line, which ptsearch never calls; a sanitizer build's link kept them otherwise,
  # loading ICU at every start (tests/cli/lazy_icu_test.cc).
  target_link_options(${name} PRIVATE LINKER:--as-needed)
  target_compile_definitions(${name} PRIVATE PTSEARCH_VERSION="${PROJECT_VERSION}")
  install(TARGETS ${name} RUNTIME DESTINATION bin)
  if(EXISTS ${PROJECT_SOURCE_DIR}/docs/man/${name}.1)
    install(FILES ${PROJECT_SOURCE_DIR}/docs/man/${name}.1 DESTINATION share/man/man1)
  endif()
endfunction()
