# Shipping goescape where Go developers work (README, "Quick start" and
# "CI gate"): the GitHub Action's script driven like the action drives it, the
# action and pre-commit metadata, a relocated install, the Debian package and
# the pre-commit hook. Tests that need go, git, dpkg-deb or PyYAML report
# SKIPPED without them.
set(ship_dir ${CMAKE_CURRENT_LIST_DIR})
set(ship_goescape $<TARGET_FILE:goescape>)

foreach(case new moved budget sarif bad-input)
  add_test(NAME "ship: action: ${case}"
           COMMAND bash ${ship_dir}/action_test.sh ${case} ${ship_goescape}
                   ${PROJECT_SOURCE_DIR}/scripts/action-run)
  set_tests_properties("ship: action: ${case}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()

foreach(case new moved no-head)
  add_test(NAME "ship: pre-commit: ${case}"
           COMMAND bash ${ship_dir}/precommit_test.sh ${case} ${ship_goescape}
                   ${PROJECT_SOURCE_DIR}/scripts/pre-commit-hook)
  set_tests_properties("ship: pre-commit: ${case}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()

add_test(NAME "ship: metadata: action.yml, pre-commit hooks, README"
         COMMAND python3 ${ship_dir}/validate_metadata.py ${PROJECT_SOURCE_DIR})
add_test(NAME "ship: metadata: the checker catches broken copies"
         COMMAND python3 ${ship_dir}/validate_metadata.py ${PROJECT_SOURCE_DIR} --self-test)
set_tests_properties("ship: metadata: action.yml, pre-commit hooks, README"
                     "ship: metadata: the checker catches broken copies"
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 60)

# Both read the build directory's install scripts and write its
# install_manifest.txt: one at a time.
add_test(NAME "ship: relocated install finds its catalog, or says where it looked"
         COMMAND bash ${ship_dir}/install_test.sh ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 ${CMAKE_INSTALL_PREFIX})
add_test(NAME "ship: Debian package gives build/goescape's report"
         COMMAND bash ${ship_dir}/deb_test.sh ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR}
                 ${ship_goescape})
set_tests_properties("ship: relocated install finds its catalog, or says where it looked"
                     "ship: Debian package gives build/goescape's report"
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 RESOURCE_LOCK build_install)
