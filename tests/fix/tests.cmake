# Fixes end to end (tests/fix): scripts/verify-fixes over the pattern samples
# that have fixes (each fix in the JSON applies to a copy, which builds, and
# its allocation is gone from a fresh run), and `goescape fix` on copies of
# samples/ and of those samples (it applies them, `go vet` and `go test`
# still pass, and a second run finds nothing left). Each driver prints SKIP
# and exits 77 when go is missing.
set(fix_samples fmt-on-hot-path regexp-compile-per-call time-after-in-loop
                closure-captures-large-struct string-bytes-conversion)
foreach(sample IN LISTS fix_samples)
  add_test(NAME "fix: verify-fixes ${sample}"
           COMMAND ${CMAKE_COMMAND} -E env GOESCAPE=$<TARGET_FILE:goescape> GOFLAGS=-mod=mod
                   GOTOOLCHAIN=local
                   ${PROJECT_SOURCE_DIR}/scripts/verify-fixes --tests
                   ${PROJECT_SOURCE_DIR}/samples/patterns/${sample})
  set_tests_properties("fix: verify-fixes ${sample}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                       LABELS live)
endforeach()
foreach(sample IN ITEMS . ${fix_samples})
  add_test(NAME "fix: goescape fix ${sample}"
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_fix.sh $<TARGET_FILE:goescape>
                   ${PROJECT_SOURCE_DIR}/samples/$<$<NOT:$<STREQUAL:${sample},.>>:patterns/${sample}>)
  set_tests_properties("fix: goescape fix ${sample}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                       LABELS live)
endforeach()
