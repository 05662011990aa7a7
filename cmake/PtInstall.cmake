# Installing and packaging ptsearch: the shared libptsearch (the embedding API), its public headers,
# a CMake package (ptsearch::searcher), a pkg-config file, and the Debian package (cpack -G DEB).
# Included once from the top-level CMakeLists.txt after every library target exists. The
# programs and man pages are installed by pt_program() (PtTargets.cmake).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# libptsearch.so: pt_searcher whole, plus what it needs from pt_common and pt_indexer (all static
# and PIC; the in-tree programs and tests keep linking them statically). Xapian, ICU, zstd and
# libxml2 are private: the library links them itself, consumers see only its own headers. A
# version script exports just the public API (cmake/libptsearch.map).
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(PT_SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})  # 0.x: each minor may break the ABI
else()
  set(PT_SOVERSION ${PROJECT_VERSION_MAJOR})
endif()
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/libptsearch.cc
  CONTENT "// libptsearch ${PROJECT_VERSION}: its code is pt_searcher's, linked whole (cmake/PtInstall.cmake).\n")
add_library(pt_searcher_shared SHARED ${PROJECT_BINARY_DIR}/libptsearch.cc)
add_library(ptsearch::searcher ALIAS pt_searcher_shared)
target_link_libraries(pt_searcher_shared PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,pt_searcher>"
  -Wl,--version-script=${PROJECT_SOURCE_DIR}/cmake/libptsearch.map -Wl,--no-undefined)
target_include_directories(pt_searcher_shared INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/searcher/include>
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/common/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_features(pt_searcher_shared INTERFACE cxx_std_20)
set_target_properties(pt_searcher_shared PROPERTIES
  OUTPUT_NAME ptsearch EXPORT_NAME searcher LINKER_LANGUAGE CXX
  VERSION ${PROJECT_VERSION} SOVERSION ${PT_SOVERSION}
  LINK_DEPENDS ${PROJECT_SOURCE_DIR}/cmake/libptsearch.map)

install(TARGETS pt_searcher_shared EXPORT ptsearchTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
# The public headers: only these, free of Xapian, ICU and zstd types.
install(FILES searcher/include/ptsearch/searcher.h searcher/include/ptsearch/printers.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ptsearch)
install(FILES common/include/pt/error.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pt)

# CMake package: find_package(ptsearch) then target_link_libraries(app PRIVATE ptsearch::searcher).
set(PT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ptsearch)
install(EXPORT ptsearchTargets NAMESPACE ptsearch:: DESTINATION ${PT_CMAKE_DIR})
configure_package_config_file(cmake/ptsearchConfig.cmake.in ${PROJECT_BINARY_DIR}/ptsearchConfig.cmake
  INSTALL_DESTINATION ${PT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ptsearchConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ptsearchConfig.cmake ${PROJECT_BINARY_DIR}/ptsearchConfigVersion.cmake
  DESTINATION ${PT_CMAKE_DIR})

# pkg-config: relocatable (paths relative to the .pc file), so any --prefix works.
file(RELATIVE_PATH PT_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" PT_PC_TO_PREFIX "${PT_PC_TO_PREFIX}")
configure_file(cmake/ptsearch.pc.in ${PROJECT_BINARY_DIR}/ptsearch.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ptsearch.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Debian package: cpack -G DEB in the build folder. dpkg-shlibdeps computes Depends from the
# programs and the library (libxapian30, libxml2, libstdc++6, libc6; libzstd1 too where zstd is not linked statically); libicu72 is named here.
set(CPACK_PACKAGE_NAME ptsearch)
set(CPACK_PACKAGE_VENDOR "ptsearch")
set(CPACK_PACKAGE_CONTACT "ptsearch maintainers <ptsearch@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "ptsearch maintainers <ptsearch@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libicuuc is loaded with dlopen (common/include/pt/icu.h), which dpkg-shlibdeps cannot see.
string(REGEX MATCH "^[0-9]+" pt_icu_major "${ICU_VERSION}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libicu${pt_icu_major}")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
# The extended description (the synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY); CPack indents it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "ptindex reads a folder of news articles (text, Markdown, HTML), works out each one's source,
publication date, authors and actors, and writes a compressed Xapian index; ptsearch answers
ranked queries with highlighted snippets, filters and facet counts, as text or JSON.
Also holds libptsearch, the embedding API: headers, the CMake package (ptsearch::searcher)
and a pkg-config file (ptsearch.pc).")
include(CPack)
