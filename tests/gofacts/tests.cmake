# The gofacts helper (src/gofacts, Go): its own Go tests, and the same built
# and tested with the oldest release it supports and with Go 1.22 (goescape
# builds the helper with the toolchain of the user's module, and its names
# and positions follow that release). All report SKIPPED, not passed, without
# go or when a toolchain cannot be fetched.
set(gofacts_src "${PROJECT_SOURCE_DIR}/src/gofacts")
set(gofacts_run "${CMAKE_CURRENT_LIST_DIR}/run.sh")

add_test(NAME "gofacts: go test" COMMAND sh "${gofacts_run}" test "${gofacts_src}")
set_tests_properties("gofacts: go test" PROPERTIES
  LABELS "gofacts;live" SKIP_RETURN_CODE 77 TIMEOUT 600)

foreach(gofacts_toolchain go1.22.12 go1.19.13)
  add_test(NAME "gofacts: build with ${gofacts_toolchain}"
    COMMAND sh "${gofacts_run}" build "${gofacts_src}" ${gofacts_toolchain})
  set_tests_properties("gofacts: build with ${gofacts_toolchain}" PROPERTIES
    LABELS "gofacts;live" SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
