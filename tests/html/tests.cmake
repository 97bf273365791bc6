# The HTML report in a real headless Chromium (tests/html): the page loads
# from file:// with no network, its script runs, the function table and the
# line markers are in the DOM, and a screenshot is left for review in
# ${CMAKE_CURRENT_BINARY_DIR}/html-out/report.png. Skips (exit 77) when
# Chromium is missing and cannot be installed.
add_test(NAME "html: chromium"
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_chromium.sh $<TARGET_FILE:goescape>
                 ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/html-out)
set_tests_properties("html: chromium" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
