# The build's identity, for --version: sciorex_build_info.cpp, generated on every build by
# write_build_info.cmake from the project's VERSION and the git commit (short hash, "+dirty" when
# tracked files differ from it, "unknown" outside git). The file changes only when the commit or the
# version does, so a new commit recompiles this one small source and relinks; ccache keeps the rest.
#   sciorex_build_info_sources(VAR): VAR gets the generated source, to add to one library.
find_package(Git QUIET)
set(SCIOREX_BUILD_INFO_CPP ${CMAKE_BINARY_DIR}/generated/sciorex_build_info.cpp)
add_custom_target(sciorex_build_info
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} "-DGIT=${GIT_EXECUTABLE}"
          -DVERSION=${PROJECT_VERSION} -DIN=${PROJECT_SOURCE_DIR}/cmake/sciorex_build_info.cpp.in
          -DOUT=${SCIOREX_BUILD_INFO_CPP} -P ${PROJECT_SOURCE_DIR}/cmake/write_build_info.cmake
  BYPRODUCTS ${SCIOREX_BUILD_INFO_CPP}
  COMMENT "" VERBATIM)
