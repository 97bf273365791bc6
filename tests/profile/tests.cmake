# "Profile first" (tests/profile): a real heap profile from the benchmark of
# samples/profile joined to the findings of `goescape check`, and `--profile`
# on files that are not profiles. Each driver prints SKIP and exits 77 when go
# is missing.
find_program(PYTHON3 python3)
set(profile_driver ${CMAKE_CURRENT_LIST_DIR}/run_profile_sample.sh)
foreach(profile_case IN ITEMS join growth not-a-profile)
  add_test(NAME "profile: ${profile_case}"
           COMMAND sh ${profile_driver} ${profile_case} $<TARGET_FILE:goescape>
                   ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/profile-out/${profile_case})
  set_tests_properties("profile: ${profile_case}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
