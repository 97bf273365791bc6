# Hostile inputs (tests/hostile/run.py), one ctest per case: binary and
# malformed logs, huge lines, odd paths, unreadable inputs, broken pattern
# directories, non-profiles, -o edge cases, a module that does not build and
# no go on PATH. Each case checks SPEC.md's exit code, a single `goescape:`
# error line, valid JSON whose counts add up, and that no file is left behind.
# The `check` cases use the fake go of tests/check (no toolchain needed).
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: hostile-input tests are not registered")
  return()
endif()

set(hostile_cases
  binary_bytes empty_log truncated_block long_line crlf invalid_utf8 nul_bytes
  windows_paths spaces_and_colons multiline_messages missing_file directory_as_log
  broken_pattern_regex pattern_number_overflow pattern_go_min_overflow
  diff_function_line_not_integer profile_not_profile output_missing_dir output_onto_directory
  output_failed_run check_compile_error check_no_go)
foreach(hostile_case IN LISTS hostile_cases)
  add_test(NAME "hostile: ${hostile_case}"
    COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/run.py" ${hostile_case}
      --goescape $<TARGET_FILE:goescape>
      --fake-go "${PROJECT_SOURCE_DIR}/tests/check/fake-go/go"
      --source-dir "${PROJECT_SOURCE_DIR}")
  set_tests_properties("hostile: ${hostile_case}" PROPERTIES
    LABELS hostile SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
