# Reviewer-annotation formats checked by outside validators: the OASIS SARIF
# schema, reviewdog's rdf schema, GitLab's Code Quality entry schema (all
# with Python jsonschema), an XML parser and xmllint for Checkstyle, a
# re-implementation of the Actions runner's command parser for `github`, and
# optionally Microsoft's SARIF Multitool.
#
# Inputs: `hostile` (hand-built reports with injection attempts, rendered by
# render_report), `crafted` (goescape parse over a temp tree with hostile
# file names and Go sources) and `samples` (goescape parse over the captured
# sample logs). Tests exit 77 (SKIP) when ../shared/schemas, python3 with
# jsonschema, or the goescape binary are missing; never need the network.
add_executable(render_report ${CMAKE_CURRENT_LIST_DIR}/render_report.cpp)
target_link_libraries(render_report PRIVATE goescape_core)

find_program(GOESCAPE_PYTHON3 NAMES python3)
set(formats_shared_dir "${PROJECT_SOURCE_DIR}/../shared")
set(formats_script "${CMAKE_CURRENT_LIST_DIR}/validate_formats.py")

if(GOESCAPE_PYTHON3)
  foreach(input IN ITEMS hostile crafted samples)
    foreach(format IN ITEMS sarif github rdjsonl checkstyle codeclimate markdown)
      set(test_name "formats: ${format} ${input}")
      add_test(NAME "${test_name}"
        COMMAND ${GOESCAPE_PYTHON3} ${formats_script}
          --format ${format} --input ${input}
          --shared ${formats_shared_dir}
          --render $<TARGET_FILE:render_report>
          --goescape $<TARGET_FILE:goescape>
          --samples ${PROJECT_SOURCE_DIR}/samples
          --work ${CMAKE_CURRENT_BINARY_DIR}/formats-work)
      set_tests_properties("${test_name}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
    endforeach()
  endforeach()

  # Microsoft's SARIF Multitool, when installed beforehand (it is a download:
  # tests/formats/install-sarif-multitool.sh DIR, then configure with
  # -DGOESCAPE_SARIF_MULTITOOL=<the executable it prints>).
  # SKIPs when absent; the test never installs anything itself.
  set(GOESCAPE_SARIF_MULTITOOL "" CACHE FILEPATH "sarif-multitool executable (optional)")
  add_test(NAME "formats: sarif multitool"
    COMMAND ${GOESCAPE_PYTHON3} ${formats_script}
      --format sarif --input multitool
      --shared ${formats_shared_dir}
      --render $<TARGET_FILE:render_report>
      --goescape $<TARGET_FILE:goescape>
      --samples ${PROJECT_SOURCE_DIR}/samples
      --work ${CMAKE_CURRENT_BINARY_DIR}/formats-work
      --multitool "${GOESCAPE_SARIF_MULTITOOL}")
  set_tests_properties("formats: sarif multitool" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
