# The log parser's driver (throughput and accounting over any log, see
# parse_bench.cpp) and a ctest that runs it over a captured log so it keeps
# building and running.
add_executable(parse_bench ${CMAKE_CURRENT_LIST_DIR}/parse_bench.cpp)
target_link_libraries(parse_bench PRIVATE goescape_core)
# On a committed log, so that it runs in every clone.
add_test(NAME "parse: bench driver on samples/logs/go1.26/m2.txt"
         COMMAND parse_bench "${PROJECT_SOURCE_DIR}/samples/logs/go1.26/m2.txt")
set_tests_properties("parse: bench driver on samples/logs/go1.26/m2.txt" PROPERTIES
                     PASS_REGULAR_EXPRESSION "sum_ok=1")
