# PT_SANITIZE: build every project target (libraries, programs, tests, libptsearch, benchmarks)
# with GCC/Clang sanitizers, e.g. -DPT_SANITIZE=address,undefined or -DPT_SANITIZE=thread
# (docs/sanitizers.md; scripts/sanitize runs the CI jobs). Empty (the default): no sanitizer.
#
# The flags are directory options of the top-level folder, so every target below it gets them and
# nothing is exported to the installed package's consumers. -fno-omit-frame-pointer gives whole
# stack traces; with UBSan, -fno-sanitize-recover=all makes every report abort the program, so a
# report fails its test instead of scrolling past.
set(PT_SANITIZE "" CACHE STRING "Sanitizers for every target, as -fsanitize= takes them (address,undefined | thread); empty: none")

# pt_test_timeout(VAR SECONDS): a ctest TIMEOUT of SECONDS, longer in a sanitizer build, whose
# programs run a few times slower (ThreadSanitizer most): tests that pass there, only slower,
# are not cut off.
set(PT_TEST_TIMEOUT_SCALE 1)
function(pt_test_timeout var seconds)
  math(EXPR t "${seconds} * ${PT_TEST_TIMEOUT_SCALE}")
  set(${var} ${t} PARENT_SCOPE)
endfunction()

if(PT_SANITIZE STREQUAL "")
  return()
endif()

string(REPLACE "," ";" pt_sanitizers "${PT_SANITIZE}")
foreach(s IN LISTS pt_sanitizers)
  if(NOT s MATCHES "^(address|undefined|thread|leak)$")
    message(FATAL_ERROR "PT_SANITIZE: unknown sanitizer '${s}' (address, undefined, thread, leak)")
  endif()
endforeach()
if("thread" IN_LIST pt_sanitizers AND ("address" IN_LIST pt_sanitizers OR "leak" IN_LIST pt_sanitizers))
  message(FATAL_ERROR "PT_SANITIZE: thread cannot be combined with address or leak")
endif()

set(pt_sanitize_flags -fsanitize=${PT_SANITIZE} -fno-omit-frame-pointer)
if("undefined" IN_LIST pt_sanitizers)
  list(APPEND pt_sanitize_flags -fno-sanitize-recover=all)
endif()
if("thread" IN_LIST pt_sanitizers)
  set(PT_TEST_TIMEOUT_SCALE 5)
else()
  set(PT_TEST_TIMEOUT_SCALE 3)
endif()
add_compile_options(${pt_sanitize_flags})
add_link_options(-fsanitize=${PT_SANITIZE})
list(JOIN pt_sanitize_flags " " pt_flags_text)
message(STATUS "Sanitizers: ${PT_SANITIZE} (${pt_flags_text})")
