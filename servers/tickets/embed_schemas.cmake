# Run with cmake -P: writes OUTPUT, a .cpp defining sciorex::tickets::embedded_schemas(), one
# {file stem, file text} pair per INPUTS file (a ;-list), as raw string literals.
set(body "")
foreach(file IN LISTS INPUTS)
  get_filename_component(stem ${file} NAME_WE)
  file(READ ${file} text)
  string(FIND "${text}" ")schema\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw-string delimiter )schema\"")
  endif()
  string(APPEND body "      {\"${stem}\", R\"schema(${text})schema\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "// Generated from schemas/tickets/*.json by embed_schemas.cmake. Do not edit.
#include \"tool_schemas.hpp\"

namespace sciorex::tickets {

const std::vector<EmbeddedSchema>& embedded_schemas() {
  static const std::vector<EmbeddedSchema> all = {
${body}  };
  return all;
}

}  // namespace sciorex::tickets
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
