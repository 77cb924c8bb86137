# sciorex_embed_schemas(<var> <folder> <namespace> <header> <cpp>)
# The tool schemas in schemas/<folder>/*.json are data: at build time cmake/embed_schemas.cmake
# turns them into <cpp> (raw string literals declared by <header>, in <namespace>) in the calling
# directory's binary folder; editing a schema rebuilds it. <var> receives the .cpp's path.
function(sciorex_embed_schemas var folder namespace header cpp)
  file(GLOB schemas CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schemas/${folder}/*.json)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${cpp})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${out} "-DINPUTS=${schemas}" -DNAMESPACE=${namespace} -DHEADER=${header}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_schemas.cmake
    DEPENDS ${schemas} ${PROJECT_SOURCE_DIR}/cmake/embed_schemas.cmake
    COMMENT "Embedding the ${folder} tool schemas"
    VERBATIM)
  set(${var} ${out} PARENT_SCOPE)
endfunction()
