# Golden tests over the captured compiler logs in samples/logs/<release>/*.txt:
#   "golden: <release>/<log>"  the JSON report of `goescape parse` equals
#                              tests/golden/expected/<release>-<log>.json
#                              (scripts/update-goldens regenerates those);
#   "wants: <release>/<log>"   the report satisfies the `// want` comments in
#                              the sample sources and the allow-list.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: golden tests are not registered")
  return()
endif()

set(golden_samples_dir "${PROJECT_SOURCE_DIR}/samples")
set(golden_runner "${CMAKE_CURRENT_LIST_DIR}/run.py")
set(golden_allow_list "${CMAKE_CURRENT_LIST_DIR}/allow-list.txt")

file(GLOB golden_logs CONFIGURE_DEPENDS "${golden_samples_dir}/logs/go*/*.txt")
list(SORT golden_logs)
foreach(golden_log IN LISTS golden_logs)
  file(RELATIVE_PATH golden_case "${golden_samples_dir}/logs" "${golden_log}")
  string(REGEX REPLACE "\\.txt$" "" golden_case "${golden_case}")
  string(REPLACE "/" "-" golden_flat "${golden_case}")

  add_test(NAME "golden: ${golden_case}"
    COMMAND Python3::Interpreter "${golden_runner}" golden
      --goescape $<TARGET_FILE:goescape> --samples "${golden_samples_dir}"
      --log "${golden_log}"
      --expected "${CMAKE_CURRENT_LIST_DIR}/expected/${golden_flat}.json")
  set_tests_properties("golden: ${golden_case}" PROPERTIES LABELS golden TIMEOUT 120
    SKIP_RETURN_CODE 77)

  # Every log of the sample module, -trimpath (module-path file names) included.
  if(golden_case MATCHES "/m[12](-test|-json|-trimpath)?$")
    set(golden_want_flags "")
    if(golden_case MATCHES "-test$")
      set(golden_want_flags --tests)
    endif()
    add_test(NAME "wants: ${golden_case}"
      COMMAND Python3::Interpreter "${golden_runner}" wants
        --goescape $<TARGET_FILE:goescape> --samples "${golden_samples_dir}"
        --log "${golden_log}" --allow "${golden_allow_list}" ${golden_want_flags})
    set_tests_properties("wants: ${golden_case}" PROPERTIES LABELS golden TIMEOUT 120
      SKIP_RETURN_CODE 77)
  endif()
endforeach()

# The checker must reject reports whose findings moved, vanished or were added.
add_test(NAME "wants: checker self-test"
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/selftest.py")
set_tests_properties("wants: checker self-test" PROPERTIES LABELS golden TIMEOUT 60)

# The text and markdown reports of a few logs, byte for byte: the overview,
# cold code, the short and the full reason chains (tests/golden/renders.txt).
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/renders.txt" golden_renders REGEX "^[^#]")
foreach(golden_render IN LISTS golden_renders)
  string(REPLACE "|" ";" golden_fields "${golden_render}")
  list(GET golden_fields 0 golden_case)
  list(GET golden_fields 1 golden_format)
  list(GET golden_fields 2 golden_flags)
  list(GET golden_fields 3 golden_expected)
  set(golden_flag_args "")
  if(golden_flags)
    string(REPLACE " " ";" golden_flag_list "${golden_flags}")
    foreach(golden_flag IN LISTS golden_flag_list)
      list(APPEND golden_flag_args "--flag=${golden_flag}")
    endforeach()
  endif()
  set(golden_name "golden ${golden_format}: ${golden_case}")
  if(golden_flags)
    string(APPEND golden_name " ${golden_flags}")
  endif()
  add_test(NAME "${golden_name}"
    COMMAND Python3::Interpreter "${golden_runner}" golden
      --goescape $<TARGET_FILE:goescape> --samples "${golden_samples_dir}"
      --log "${golden_samples_dir}/logs/${golden_case}.txt"
      --expected "${CMAKE_CURRENT_LIST_DIR}/expected/${golden_expected}"
      --format ${golden_format} ${golden_flag_args})
  set_tests_properties("${golden_name}" PROPERTIES LABELS golden TIMEOUT 120
    SKIP_RETURN_CODE 77)
endforeach()
