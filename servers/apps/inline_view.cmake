# Run with cmake -P: writes OUTPUT, the TEMPLATE with @VIEW@ and @TITLE@ replaced by the view's name
# and title, then every marker `<!-- inline: PATH -->` replaced by the file at BASE/PATH, so that a
# view is one self-contained document (issue 15: the extension's
# default CSP allows inline scripts and styles, nothing from the network). The shared files are
# plain scripts: a JavaScript file's `export ` keywords (the web board's modules, e.g. dom.js) are
# dropped so that it runs in the one classic <script> of the view. A file holding `</script` or
# `</style` would end its element early, so it stops the build.
cmake_minimum_required(VERSION 3.25)  # as the project: a script run alone gets old policies otherwise
file(READ ${TEMPLATE} html)
string(REPLACE "@VIEW@" "${VIEW}" html "${html}")
string(REPLACE "@TITLE@" "${TITLE}" html "${html}")
string(REGEX MATCHALL "<!-- inline: [^ ]+ -->" markers "${html}")
foreach(marker IN LISTS markers)
  string(REGEX REPLACE "<!-- inline: ([^ ]+) -->" "\\1" rel "${marker}")
  if(NOT EXISTS ${BASE}/${rel})
    message(FATAL_ERROR "${TEMPLATE}: ${rel} does not exist")
  endif()
  file(READ ${BASE}/${rel} content)
  if(rel MATCHES "\\.js$")
    string(REPLACE "\nexport " "\n" content "${content}")
  endif()
  string(TOLOWER "${content}" lower)
  string(FIND "${lower}" "</script" in_script)
  string(FIND "${lower}" "</style" in_style)
  if(NOT in_script EQUAL -1 OR NOT in_style EQUAL -1)
    message(FATAL_ERROR "${rel} holds a closing </script or </style tag; it cannot be inlined")
  endif()
  string(REPLACE "${marker}" "${content}" html "${html}")
endforeach()
file(WRITE ${OUTPUT}.tmp "${html}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
