# `goescape diff` end to end (SPEC.md, "CI diff"), one ctest per case:
#  - on hand-made reports in data/ (no go needed): errors, matching, gates, formats;
#  - --base in a real temporary git repository with a tiny Go module
#    (git_gate.sh; skipped, not passed, without go or git). The CI gate script
#    around it, scripts/action-run, is tested in tests/ship/.
set(diff_test_dir ${CMAKE_CURRENT_LIST_DIR})
set(diff_data ${diff_test_dir}/data)

# diff_json_test(NAME STATUS [--has ERE] [--lacks ERE] [--stderr-lines N] -- ARGS...)
function(diff_json_test name status)
  add_test(NAME "diff: ${name}"
           COMMAND bash ${diff_test_dir}/expect.sh ${status} ${ARGN})
endfunction()

set(ge $<TARGET_FILE:goescape>)
diff_json_test("missing file is one line, exit 2" 2 --has "cannot read .*nowhere.json"
               --stderr-lines 1 -- ${ge} diff ${diff_data}/nowhere.json ${diff_data}/base.json)
diff_json_test("not JSON is one line, exit 2" 2 --has "not-json.json: not JSON: "
               --stderr-lines 1 -- ${ge} diff ${diff_data}/base.json ${diff_data}/not-json.json)
diff_json_test("wrong schema is one line, exit 2" 2 --has "expected \"goescape/report/v1\""
               --stderr-lines 1 -- ${ge} diff ${diff_data}/wrong-schema.json ${diff_data}/base.json)
diff_json_test("one input is a usage error" 2 --has "BASE.json HEAD.json" --stderr-lines 1
               -- ${ge} diff ${diff_data}/base.json)
diff_json_test("unknown format is a usage error" 2 --has "unknown --format" --stderr-lines 1
               -- ${ge} diff --format html ${diff_data}/base.json ${diff_data}/base.json)
diff_json_test("unknown kind is a usage error" 2 --has "unknown --kind" --stderr-lines 1
               -- ${ge} diff --kind heap ${diff_data}/base.json ${diff_data}/base.json)
diff_json_test("moved code is unchanged" 0 --has "0 new heap allocations, 0 fixed. 3 findings unchanged"
               -- ${ge} diff --fail-on new ${diff_data}/base.json ${diff_data}/moved.json)
diff_json_test("a new heap allocation fails --fail-on new" 1
               --has "gate failed: 1 new heap allocation" --has "a.go:50:9: &T\\{\\} escapes to heap"
               --has "fix: return T by value" --has "Fixed \\(1\\)"
               -- ${ge} diff --fail-on new ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("without a gate a new allocation exits 0" 0 --has "1 new heap allocation"
               -- ${ge} diff ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("--max-new 1 allows one" 0 --has "gate passed"
               -- ${ge} diff --fail-on new --max-new 1 ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("--max-new 0 fails" 1 --has "more than --max-new 0"
               -- ${ge} diff --max-new 0 ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("does_not_escape never fails the gate by default" 0
               -- ${ge} diff --fail-on new ${diff_data}/base.json ${diff_data}/advisory.json)
diff_json_test("--kind does_not_escape makes it count" 1 --has "1 new finding"
               -- ${ge} diff --fail-on new ${diff_data}/base.json ${diff_data}/advisory.json --kind does_not_escape)
diff_json_test("json model" 1 --has "\"schema\": \"goescape/diff/v1\"" --has "\"new_heap_allocations\": 1"
               --has "\"rev\": null"
               -- ${ge} diff --fail-on new --format json ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("markdown summary" 0 --has "^### goescape: 1 new, 1 fixed heap allocation$"
               --has "^\\| a.go:50:9 \\|"
               -- ${ge} diff --format markdown ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("github annotates new findings only" 0 --has "^::warning file=a.go,line=50,"
               --lacks "line=10" --lacks "line=31"
               -- ${ge} diff --format github ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("sarif holds new findings only" 0 --has "\"startLine\": ?50" --lacks "\"startLine\": ?10,"
               -- ${ge} diff --format sarif ${diff_data}/base.json ${diff_data}/changed.json)
diff_json_test("-C resolves relative inputs" 0 --has "3 findings unchanged"
               -- ${ge} diff -C ${diff_data} base.json moved.json)

foreach(case moved new dirty sigint sigint-go-build sigterm-stubborn)
  add_test(NAME "diff: git repository: ${case}"
           COMMAND bash ${diff_test_dir}/git_gate.sh ${case} $<TARGET_FILE:goescape>)
  set_tests_properties("diff: git repository: ${case}" PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
