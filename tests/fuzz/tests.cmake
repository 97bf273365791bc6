# Fuzz targets for every parser of outside input (DESIGN.md, "Tests"): the log
# grammar, the Go source scanner, the pattern-catalog loader, the heap
# profile text reader, the report reader of `diff` and the facts helper's output
# reader. Each target is one LLVMFuzzerTestOneInput source:
#  - always: fuzz_replay_TARGET, the target linked with replay_main.cpp (any
#    compiler), and a ctest "fuzz: TARGET" that replays the committed corpus
#    tests/fuzz/corpus/TARGET, so every test run checks every saved input;
#  - with -DGOESCAPE_FUZZ=ON (clang): fuzz_TARGET, the libFuzzer binary
#    (scripts/fuzz TARGET runs it).
set(fuzz_targets log_parser go_source catalog pprof_raw report_json facts_line)
foreach(fuzz_target IN LISTS fuzz_targets)
  set(fuzz_source ${CMAKE_CURRENT_LIST_DIR}/fuzz_${fuzz_target}.cpp)
  add_executable(fuzz_replay_${fuzz_target} ${fuzz_source} ${CMAKE_CURRENT_LIST_DIR}/replay_main.cpp)
  target_link_libraries(fuzz_replay_${fuzz_target} PRIVATE goescape_core)
  # The targets check with assert(): on in every build type, or a replay
  # could only ever fail by crashing.
  target_compile_options(fuzz_replay_${fuzz_target} PRIVATE -UNDEBUG)
  # The scanner's seeds also include every Go file of samples/, read in place
  # rather than copied into the corpus.
  set(fuzz_extra_inputs "")
  if(fuzz_target STREQUAL "go_source")
    set(fuzz_extra_inputs ${PROJECT_SOURCE_DIR}/samples/cmd ${PROJECT_SOURCE_DIR}/samples/internal
                          ${PROJECT_SOURCE_DIR}/samples/server ${PROJECT_SOURCE_DIR}/samples/patterns
                          ${PROJECT_SOURCE_DIR}/samples/profile)
  endif()
  add_test(NAME "fuzz: ${fuzz_target}"
           COMMAND fuzz_replay_${fuzz_target} ${CMAKE_CURRENT_LIST_DIR}/corpus/${fuzz_target}
                   ${fuzz_extra_inputs})
  set_tests_properties("fuzz: ${fuzz_target}" PROPERTIES LABELS fuzz TIMEOUT 300)
  if(GOESCAPE_FUZZ)
    add_executable(fuzz_${fuzz_target} ${fuzz_source})
    target_link_libraries(fuzz_${fuzz_target} PRIVATE goescape_core)
    target_link_options(fuzz_${fuzz_target} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()
