# The layers of src/ (tests/layers/check_layers.py): the include graph of the
# folders points one way and has no cycle, only src/runner/ starts processes,
# and every folder is in the README's layout section. The self-test makes sure
# the checker still catches each kind of problem.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: layer tests are not registered")
  return()
endif()
add_test(NAME "layers: src/ includes point one way, processes start in runner/"
         COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/check_layers.py"
                 "${PROJECT_SOURCE_DIR}/src" "${PROJECT_SOURCE_DIR}/README.md")
add_test(NAME "layers: the checker catches an upward include, a cycle and a fork"
         COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/check_layers.py" --self-test)
set_tests_properties("layers: src/ includes point one way, processes start in runner/"
                     "layers: the checker catches an upward include, a cycle and a fork"
                     PROPERTIES LABELS layers TIMEOUT 120)
