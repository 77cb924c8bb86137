# Run at build time (cmake -P, by the sciorex_build_info target of sciorex_version.cmake): writes the
# source that says which commit a build came from. configure_file rewrites OUT only when its text
# changes, so a build on the same commit compiles nothing and a new commit recompiles this one file.
#   -DSOURCE_DIR=the project   -DGIT=git's path (may be empty)   -DVERSION=x.y.z   -DIN=template   -DOUT=file
set(SCIOREX_COMMIT unknown)
if(GIT)
  execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" rev-parse --show-toplevel
                  RESULT_VARIABLE rc OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  # Only the project's own repository counts: a source tree unpacked inside another repository is "unknown".
  if(rc EQUAL 0)
    file(REAL_PATH "${top}" top)
    file(REAL_PATH "${SOURCE_DIR}" src)
  endif()
  if(rc EQUAL 0 AND top STREQUAL src)
    execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" rev-parse --short HEAD
                    RESULT_VARIABLE rc OUTPUT_VARIABLE hash OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(rc EQUAL 0 AND hash)
      set(SCIOREX_COMMIT "${hash}")
      # Tracked files only (a build folder or dist/ in the tree does not count); no index lock taken.
      execute_process(COMMAND "${GIT}" --no-optional-locks -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                      RESULT_VARIABLE rc OUTPUT_VARIABLE changes ERROR_QUIET)
      if(NOT rc EQUAL 0 OR changes)
        string(APPEND SCIOREX_COMMIT "+dirty")
      endif()
    endif()
  endif()
endif()
set(SCIOREX_VERSION "${VERSION}")
configure_file("${IN}" "${OUT}" @ONLY)
