# Live test: `goescape check` runs the real go command on samples/ and its
# report must satisfy the `// want` comments (tests/golden/check_wants.py).
# Reported as skipped, not passed, when go is not on PATH.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: live tests are not registered")
  return()
endif()

add_test(NAME "live: check samples"
  COMMAND Python3::Interpreter "${PROJECT_SOURCE_DIR}/tests/golden/run.py" live
    --goescape $<TARGET_FILE:goescape> --samples "${PROJECT_SOURCE_DIR}/samples"
    --allow "${PROJECT_SOURCE_DIR}/tests/golden/allow-list.txt")
set_tests_properties("live: check samples" PROPERTIES
  LABELS live SKIP_RETURN_CODE 77 TIMEOUT 900)
