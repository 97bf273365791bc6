# End-to-end tests of `goescape check` (tests/check/run.py): against a fake go
# (tests/check/fake-go/go, a shell script; no toolchain needed) for exit codes,
# forwarded errors, -o and signals, and against the real go on a module made
# at test time (reported as skipped when go is not on PATH).
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: check tests are not registered")
  return()
endif()

set(check_cases
  fake_ok_json fake_ok_text_and_o fake_build_args fake_tests_flag
  fake_compile_error fake_compile_error_keeps_o fake_missing_go fake_go_on_path
  fake_go_list_fails fake_usage_errors_before_go fake_package_order fake_progress fake_sigint fake_sigterm
  real_check real_tests real_compile_error)
foreach(check_case IN LISTS check_cases)
  add_test(NAME "check: ${check_case}"
    COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/run.py" ${check_case}
      --goescape $<TARGET_FILE:goescape>
      --fake-go "${CMAKE_CURRENT_LIST_DIR}/fake-go/go")
  set_tests_properties("check: ${check_case}" PROPERTIES
    LABELS check SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
