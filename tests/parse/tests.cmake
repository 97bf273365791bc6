# The log parser's driver (throughput and accounting over any log, see
# parse_bench.cpp) and a ctest that runs it over a captured log so it keeps
# building and running.
add_executable(parse_bench ${CMAKE_CURRENT_LIST_DIR}/parse_bench.cpp)
target_link_libraries(parse_bench PRIVATE goescape_core)
if(EXISTS "${PROJECT_SOURCE_DIR}/../shared/go-logs/m2/go1.26.txt")
  add_test(NAME "parse: bench driver on m2/go1.26"
           COMMAND parse_bench "${PROJECT_SOURCE_DIR}/../shared/go-logs/m2/go1.26.txt")
  set_tests_properties("parse: bench driver on m2/go1.26" PROPERTIES
                       PASS_REGULAR_EXPRESSION "sum_ok=1")
endif()
