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

# Live: the functions goescape names agree with the compiler's own names (the
# Go 1.25+ `escapes to heap in F:` headings) on samples/, with the facts
# helper running: from check's -m=2 log, from the facts alone (a -m log), and
# with the helper and the build of Go 1.22 (GOTOOLCHAIN), whose logs name no
# function. Closures copied by inlining are the one class no source can name
# (src/gofacts/FACTS.md). SKIPPED without go 1.25+ or the 1.22 toolchain.
add_test(NAME "live: function names on samples"
  COMMAND Python3::Interpreter "${PROJECT_SOURCE_DIR}/scripts/compare-names" --quiet --m1
    --require-facts --tolerate inlined --goescape $<TARGET_FILE:goescape>
    "${PROJECT_SOURCE_DIR}/samples")
add_test(NAME "live: function names with go1.22.12"
  COMMAND Python3::Interpreter "${PROJECT_SOURCE_DIR}/scripts/compare-names" --quiet
    --release go1.22.12 --require-facts --tolerate inlined --goescape $<TARGET_FILE:goescape>
    "${PROJECT_SOURCE_DIR}/samples")
set_tests_properties("live: function names on samples" "live: function names with go1.22.12"
  PROPERTIES LABELS live SKIP_RETURN_CODE 77 TIMEOUT 900)

# Live: the facts cache (src/gofacts/FACTS.md, -cache) gives the same report
# as type-checking, survives damaged entries and follows a changed file.
add_test(NAME "live: facts cache"
  COMMAND sh "${PROJECT_SOURCE_DIR}/tests/live/facts_cache.sh" $<TARGET_FILE:goescape>
    "${PROJECT_SOURCE_DIR}/samples")
set_tests_properties("live: facts cache" PROPERTIES
  LABELS live SKIP_RETURN_CODE 77 TIMEOUT 600)
