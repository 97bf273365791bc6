# The runtime check of the count (issue 11): samples/allocprobe's test
# measures each probe function with testing.AllocsPerRun, and goescape's
# allocating findings (always + sometimes) must equal it, function by
# function; every allocation rule has a probe function (tests/count/run.py).
# With the installed go and with go1.22.12 from the module cache (GOPROXY=off:
# no network); SKIPPED when either cannot be had.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: count tests are not registered")
  return()
endif()

set(count_args --goescape $<TARGET_FILE:goescape>
  --probe "${PROJECT_SOURCE_DIR}/samples/allocprobe"
  --rules "${PROJECT_SOURCE_DIR}/src/analysis/allocation.cpp")
add_test(NAME "count: allocations measured = allocating findings"
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/run.py" ${count_args})
add_test(NAME "count: allocations measured = allocating findings, go1.22.12"
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/run.py" ${count_args}
    --release go1.22.12)
set_tests_properties("count: allocations measured = allocating findings"
  "count: allocations measured = allocating findings, go1.22.12"
  PROPERTIES LABELS "count;live" SKIP_RETURN_CODE 77 TIMEOUT 600)
