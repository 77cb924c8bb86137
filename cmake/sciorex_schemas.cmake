# sciorex_embed_schemas(<var> <dir> <namespace> <cpp>)
# Tool schemas are data: at build time cmake/embed_schemas.cmake turns <dir>/*.json into <cpp>, in
# the calling directory's binary folder, defining
#   const std::vector<sciorex::common::EmbeddedSchema>& <namespace>::embedded_schemas();
# (declare it where the server makes its ToolCatalogue; the target links sciorex_server_common).
# A new or edited schema file rebuilds it. <var> receives the .cpp's path.
function(sciorex_embed_schemas var dir namespace cpp)
  file(GLOB schemas CONFIGURE_DEPENDS ${dir}/*.json)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${cpp})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${out} "-DINPUTS=${schemas}" -DNAMESPACE=${namespace}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_schemas.cmake
    DEPENDS ${schemas} ${PROJECT_SOURCE_DIR}/cmake/embed_schemas.cmake
    COMMENT "Embedding the tool schemas of ${dir}"
    VERBATIM)
  set(${var} ${out} PARENT_SCOPE)
endfunction()

# sciorex_embed_files(<var> <dir> <namespace> <cpp>)
# Every file under <dir> (recursively) into <cpp>, defining
#   const std::vector<std::pair<std::string_view, std::string_view>>& <namespace>::embedded_files();
# ({path relative to <dir>, bytes}, in path order). A new or edited file rebuilds it.
function(sciorex_embed_files var dir namespace cpp)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS ${dir}/*)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${cpp})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${out} "-DINPUTS=${files}" -DBASE=${dir} -DNAMESPACE=${namespace}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding the files of ${dir}"
    VERBATIM)
  set(${var} ${out} PARENT_SCOPE)
endfunction()
