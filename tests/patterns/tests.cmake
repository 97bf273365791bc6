# Live catalog tests: one ctest per pattern sample (samples/patterns/<id>/) and
# one for the PLAYBOOK §16 negative sample. Each runs goescape with the real go
# and checks the `// want` / `// held` comments; SKIP when go is missing.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  file(GLOB pattern_samples LIST_DIRECTORIES true CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/samples/patterns/*)
  foreach(sample IN LISTS pattern_samples)
    if(IS_DIRECTORY ${sample} AND EXISTS ${sample}/go.mod)
      get_filename_component(case ${sample} NAME)
      add_test(NAME "patterns: ${case}"
               COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/check_samples.py
                       $<TARGET_FILE:goescape> ${PROJECT_SOURCE_DIR}/samples/patterns ${case})
      set_tests_properties("patterns: ${case}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                           LABELS "live;patterns")
    endif()
  endforeach()
  # The shipped catalog must load cleanly.
  add_test(NAME "patterns: catalog loads" COMMAND goescape patterns --format json)
  # One pattern explained, with its rewrite rules and which are offered as fixes.
  add_test(NAME "patterns: explain shows rewrites and fixes"
           COMMAND goescape patterns string-bytes-conversion)
  set_tests_properties("patterns: explain shows rewrites and fixes" PROPERTIES
                       PASS_REGULAR_EXPRESSION "io.WriteString.*offered as a fix where the file imports io")
endif()
