# What the product installs, and its Debian package (CPack, DEB), in one place. scripts/package.sh
# builds SCIOREX_PACKAGE_TARGETS in the tests' optimised build (build/) and runs cpack there: the
# package is that build, installed (`cmake --install`) and stripped, never a second one.
#   /usr/bin/                    every executable of SCIOREX_EXECUTABLES (stripped; the debug
#                                symbols go to the sciorex-dbgsym package, a .ddeb beside the .deb)
#   /usr/share/man/man1/         each one's page, made from its --help and --version by help2man
#   /usr/share/doc/sciorex/      copyright, and examples/ (host configurations, the seed's agents
#                                and flows, sample tickets)
# Depends comes from the binaries (dpkg-shlibdeps).
include(GNUInstallDirs)
set(SCIOREX_DOCDIR ${CMAKE_INSTALL_DATAROOTDIR}/doc/sciorex)

# Every executable of the product, listed here once: the servers, and the flows runner when its
# target exists.
set(SCIOREX_EXECUTABLES)
foreach(target IN ITEMS sciorex-tickets sciorex-interactions sciorex-flows)
  if(TARGET ${target})
    list(APPEND SCIOREX_EXECUTABLES ${target})
  endif()
endforeach()
set(SCIOREX_PACKAGE_TARGETS ${SCIOREX_EXECUTABLES})
# What the main job builds (scripts/setup.sh without --all): the executables and nothing else.
add_custom_target(sciorex_executables)
add_dependencies(sciorex_executables ${SCIOREX_EXECUTABLES})
install(TARGETS ${SCIOREX_EXECUTABLES} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The man pages: help2man runs each built executable (--help, --version); gzip -n keeps no time stamp.
set(SCIOREX_MAN_NAME_sciorex-tickets "tickets, epics and subtasks for ticket-driven development, over MCP")
set(SCIOREX_MAN_NAME_sciorex-interactions "agents ask people questions and approvals over MCP")
set(SCIOREX_MAN_NAME_sciorex-flows "runs the project's flows of agents when tickets move")
find_program(SCIOREX_HELP2MAN help2man)
if(SCIOREX_HELP2MAN)
  set(pages)
  foreach(target IN LISTS SCIOREX_EXECUTABLES)
    set(page ${CMAKE_BINARY_DIR}/man/${target}.1)
    add_custom_command(OUTPUT ${page}.gz
      COMMAND ${SCIOREX_HELP2MAN} --no-info --section=1 --source=sciorex
              "--name=${SCIOREX_MAN_NAME_${target}}" --output=${page} $<TARGET_FILE:${target}>
      COMMAND gzip -n -9 -f ${page}
      DEPENDS ${target} VERBATIM)
    list(APPEND pages ${page}.gz)
  endforeach()
  add_custom_target(sciorex_man ALL DEPENDS ${pages})
  list(APPEND SCIOREX_PACKAGE_TARGETS sciorex_man)
  install(FILES ${pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

install(FILES ${PROJECT_SOURCE_DIR}/cmake/package/copyright DESTINATION ${SCIOREX_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${SCIOREX_DOCDIR}/examples)
# What scripts/package.sh builds before cpack: everything installed, and nothing else.
add_custom_target(sciorex_package_parts)
add_dependencies(sciorex_package_parts ${SCIOREX_PACKAGE_TARGETS})

# `install` and cpack build only what is installed (package.sh builds it), not every test.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sciorex)
set(CPACK_PACKAGE_VENDOR "the sciorex MCP authors")
set(CPACK_PACKAGE_CONTACT "sciorex maintainers <maintainers@users.noreply.b-seed-0ac69815.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MCP servers for ticket-driven development with AI agents")
set(CPACK_PACKAGE_DESCRIPTION
    "sciorex-tickets serves tickets, epics and subtasks, and sciorex-interactions lets agents ask people, over MCP (stdio or Streamable HTTP), on one SQLite store per project. `sciorex-tickets init` sets a project up for Claude Code.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
set(CPACK_THREADS 0)
include(CPack)
