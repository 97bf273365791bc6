// Fixes as edits of text (model/text_edit.hpp), their unified diff
// (support/unified_diff.hpp), and judging a candidate by the findings of the
// edited build (analysis/fix_verify.hpp), on hand-written texts and findings.
#include <catch2/catch.hpp>

#include "analysis/fix_verify.hpp"
#include "analysis/match_engine.hpp"
#include "model/text_edit.hpp"
#include "source/go_source.hpp"
#include "support/unified_diff.hpp"

using namespace goescape;

namespace {

TextEdit edit(int line, int col, int end_line, int end_col, std::string text) {
  return TextEdit{"a.go", line, col, end_line, end_col, std::move(text)};
}

const std::string source =
    "package a\n"
    "\n"
    "func F(x int) string {\n"
    "\treturn fmt.Sprintf(\"%d\", x)\n"
    "}\n";

Finding heap(int line, std::string expr, Allocation allocation = Allocation::sometimes) {
  Finding f;
  f.kind = Kind::escapes_to_heap;
  f.pos = {"a.go", line, 2};
  f.expr = std::move(expr);
  f.allocation = allocation;
  return f;
}

}  // namespace

TEST_CASE("fixes: edits apply in any order, identical ones once") {
  const TextEdit call = edit(4, 9, 4, 29, "strconv.Itoa(x)");
  const TextEdit import = edit(2, 1, 2, 1, "import \"strconv\"\n");
  auto out = apply_edits(source, {call, import, import});
  REQUIRE(out.ok());
  CHECK(*out ==
        "package a\n"
        "import \"strconv\"\n"
        "\n"
        "func F(x int) string {\n"
        "\treturn strconv.Itoa(x)\n"
        "}\n");
  // Where the lines went: the call's line moved down by the inserted one.
  CHECK(moved_line(4, {call, import}) == 5);
  CHECK(edited_lines(call, {call, import}) == std::pair{5, 5});
  CHECK(edited_lines(import, {call, import}) == std::pair{2, 2});
  CHECK(replaced_lines(call) == std::pair{4, 4});
  CHECK(replaced_lines(import).first > replaced_lines(import).second);  // nothing replaced
}

TEST_CASE("fixes: an edit outside the text or overlapping another is an error") {
  CHECK_FALSE(apply_edits(source, {edit(9, 1, 9, 2, "x")}).ok());
  CHECK_FALSE(apply_edits(source, {edit(4, 40, 4, 41, "x")}).ok());  // past the line end
  const TextEdit a = edit(4, 2, 4, 10, "x");
  const TextEdit b = edit(4, 8, 4, 12, "y");
  CHECK(edits_overlap(a, b));
  CHECK_FALSE(apply_edits(source, {a, b}).ok());
  // Touching at a boundary, or inserting at the same place, is no overlap.
  CHECK_FALSE(edits_overlap(edit(4, 2, 4, 8, "x"), edit(4, 8, 4, 12, "y")));
  CHECK_FALSE(edits_overlap(edit(3, 1, 3, 1, "x"), edit(3, 1, 3, 1, "y")));
  TextEdit other = b;
  other.file = "b.go";
  CHECK_FALSE(edits_overlap(a, other));
}

TEST_CASE("fixes: a unified diff shows the changed lines with context") {
  auto after = apply_edits(source, {edit(4, 9, 4, 29, "strconv.Itoa(x)")});
  REQUIRE(after.ok());
  const std::string diff = unified_diff("a.go", source, *after);
  CHECK_THAT(diff, Catch::StartsWith("--- a/a.go\n+++ b/a.go\n@@ -1,5 +1,5 @@\n"));
  CHECK_THAT(diff, Catch::Contains("\n-\treturn fmt.Sprintf(\"%d\", x)\n"));
  CHECK_THAT(diff, Catch::Contains("\n+\treturn strconv.Itoa(x)\n"));
  CHECK_THAT(diff, Catch::Contains("\n package a\n"));
  CHECK(unified_diff("a.go", source, source).empty());
  // A last line without a line end is marked as diff marks it.
  CHECK_THAT(unified_diff("a.go", "x\n", "x"), Catch::Contains("\\ No newline at end of file"));
}

TEST_CASE("fixes: a candidate is verified when fewer allocations stay on its lines") {
  PackageResult package;
  package.package = "example.com/a";
  Finding target = heap(4, "x");
  target.suggestion = "use strconv";
  target.fix = Fix{{edit(4, 9, 4, 29, "strconv.Itoa(x)")}, {}};
  package.findings = {target, heap(4, "\"%d\"", Allocation::never)};
  const std::vector<PackageResult> packages{package};
  const std::vector<FixCandidate> candidates = fix_candidates(packages);
  REQUIRE(candidates.size() == 1);
  CHECK(candidates[0].heap_before == 1);  // the constant allocates nothing
  const std::vector<const FixCandidate*> batch{&candidates[0]};
  const auto file_edits = edits_by_file(batch);
  CHECK(escape_gone(candidates[0], {}, file_edits));
  // The same count after the rewrite: nothing gained, no fix. A
  // concatenation that starts with a literal is no constant.
  CHECK_FALSE(escape_gone(candidates[0], {heap(4, "\"n=\" + strconv.Itoa(x)")}, file_edits));
  CHECK(escape_gone(candidates[0], {heap(4, "\"n=\"")}, file_edits));
  // An allocation on another line does not count against it.
  CHECK(escape_gone(candidates[0], {heap(3, "y")}, file_edits));
}

TEST_CASE("fixes: sizing a slice that an append grows may cost the sized make, no more") {
  // `out := []T{}` (zero-sized, allocates nothing) on line 3, appended to on
  // line 4: the append's verdict stays after `make([]T, 0, n)`; the make may
  // go to the heap once, in place of the growth.
  PackageResult package;
  package.package = "example.com/a";
  Finding growth = heap(4, "append(out, v)");
  growth.suggestion = "size it";
  growth.fix = Fix{{edit(3, 9, 3, 14, "make([]T, 0, n)")}, {}};
  package.findings = {heap(3, "[]T{}", Allocation::never), growth};
  const std::vector<PackageResult> packages{package};
  const std::vector<FixCandidate> candidates = fix_candidates(packages);
  REQUIRE(candidates.size() == 1);
  CHECK_FALSE(candidates[0].heap_target);
  CHECK(candidates[0].heap_before == 0);
  const std::vector<const FixCandidate*> batch{&candidates[0]};
  const auto file_edits = edits_by_file(batch);
  CHECK(escape_gone(candidates[0], {heap(3, "make([]T, 0, n)"), heap(4, "append(out, v)")},
                    file_edits));
  CHECK_FALSE(escape_gone(candidates[0], {heap(3, "make([]T, 0, n)"), heap(3, "v")}, file_edits));
}

TEST_CASE("fixes: only findings with a suggestion and unverified edits of own files") {
  PackageResult package;
  Finding no_suggestion = heap(4, "x");
  no_suggestion.fix = Fix{{edit(4, 9, 4, 29, "y")}, {}};
  Finding outside = heap(4, "x");
  outside.suggestion = "s";
  outside.fix = Fix{{TextEdit{"/usr/lib/go/src/fmt/print.go", 1, 1, 1, 1, "x"}}, {}};
  package.findings = {no_suggestion, outside};
  CHECK(fix_candidates({package}).empty());
  PackageResult test_variant = package;
  test_variant.variant = "example.com/a.test";
  test_variant.findings = {heap(4, "x")};
  test_variant.findings[0].suggestion = "s";
  test_variant.findings[0].fix = Fix{{edit(4, 9, 4, 29, "y")}, {}};
  CHECK(fix_candidates({test_variant}).empty());
}

TEST_CASE("fixes: a failed build's errors blame the candidates whose lines they name") {
  Finding a = heap(4, "x");
  a.suggestion = "s";
  a.fix = Fix{{edit(4, 9, 4, 29, "strconv.Itoa(x)")}, {}};
  Finding b = heap(10, "y");
  b.suggestion = "s";
  b.fix = Fix{{edit(10, 2, 10, 5, "z")}, {}};
  std::vector<PackageResult> packages(1);
  packages[0].findings = {a, b};
  // Candidates point into `packages`, which must outlive them.
  const std::vector<FixCandidate> candidates = fix_candidates(packages);
  REQUIRE(candidates.size() == 2);
  const std::vector<const FixCandidate*> batch{&candidates[0], &candidates[1]};
  const auto file_edits = edits_by_file(batch);
  std::vector<std::string> unexplained;
  auto blamed = blamed_candidates(
      batch, file_edits,
      {"./a.go:4:9: undefined: strconv", "# example.com/a", "other.go:3:1: syntax error"},
      unexplained);
  CHECK(blamed == std::set<std::size_t>{0});
  CHECK(std::find(unexplained.begin(), unexplained.end(), "other.go:3:1: syntax error") !=
        unexplained.end());
}

TEST_CASE("fixes: an import edit goes into the block, after the package clause, or drops a line") {
  const auto apply = [](const std::string& text, const std::optional<TextEdit>& e) {
    REQUIRE(e);
    auto out = apply_edits(text, {*e});
    REQUIRE(out.ok());
    return *out;
  };
  // An `import (` block: its own line after the block's first line.
  const GoSourceFile block = scan_go_source(
      "// Package a.\n"
      "package a\n"
      "\n"
      "import (\n"
      "\t\"fmt\"\n"
      ")\n"
      "\n"
      "func F() {}\n");
  CHECK(imports_package(block, "fmt"));
  CHECK_FALSE(imports_package(block, "strconv"));
  CHECK(apply(block.text, import_insertion(block, "a.go", "strconv")) ==
        "// Package a.\npackage a\n\nimport (\n\t\"strconv\"\n\t\"fmt\"\n)\n\nfunc F() {}\n");
  CHECK(apply(block.text, import_deletion(block, "a.go", "fmt")) ==
        "// Package a.\npackage a\n\nimport (\n)\n\nfunc F() {}\n");
  // A single import line: a new line after the package clause.
  const GoSourceFile single = scan_go_source(
      "/* A licence\n"
      "package b */\n"
      "package a\n"
      "\n"
      "import \"fmt\"\n"
      "\n"
      "func F() {}\n");
  CHECK(apply(single.text, import_insertion(single, "a.go", "io")) ==
        "/* A licence\npackage b */\npackage a\nimport \"io\"\n\nimport \"fmt\"\n\nfunc F() {}\n");
  CHECK(apply(single.text, import_deletion(single, "a.go", "fmt")) ==
        "/* A licence\npackage b */\npackage a\n\n\nfunc F() {}\n");
  // No imports at all.
  const GoSourceFile none = scan_go_source("package a\n\nfunc F() {}\n");
  CHECK(apply(none.text, import_insertion(none, "a.go", "strconv")) ==
        "package a\nimport \"strconv\"\n\nfunc F() {}\n");
  CHECK_FALSE(import_deletion(none, "a.go", "fmt"));
  // fmt under another name, or a file without a line after its package clause.
  const GoSourceFile named = scan_go_source("package a\n\nimport f \"fmt\"\n\nvar _ = f.Sprint\n");
  CHECK_FALSE(import_deletion(named, "a.go", "fmt"));
  CHECK_FALSE(import_insertion(scan_go_source("package a"), "a.go", "io"));
}

TEST_CASE("fixes: two fixes adding the same import apply together, the import once") {
  const GoSourceFile file = scan_go_source(
      "package a\n"
      "\n"
      "import \"fmt\"\n"
      "\n"
      "func F(x int) string { return fmt.Sprint(x) }\n"
      "func G(x int) string { return fmt.Sprint(x) }\n");
  const auto import = import_insertion(file, "a.go", "strconv");
  REQUIRE(import);
  const TextEdit f = edit(5, 31, 5, 44, "strconv.Itoa(x)");
  const TextEdit g = edit(6, 31, 6, 44, "strconv.Itoa(x)");
  // The verifier batches candidates whose edits do not overlap: the same
  // insertion in both is no clash.
  CHECK_FALSE(edits_overlap(*import, *import));
  CHECK_FALSE(edits_overlap(*import, f));
  const std::vector<TextEdit> all{f, *import, g, *import};
  auto out = apply_edits(file.text, all);
  REQUIRE(out.ok());
  CHECK(*out ==
        "package a\n"
        "import \"strconv\"\n"
        "\n"
        "import \"fmt\"\n"
        "\n"
        "func F(x int) string { return strconv.Itoa(x) }\n"
        "func G(x int) string { return strconv.Itoa(x) }\n");
  // The lines moved by the one inserted line, not two.
  CHECK(moved_line(6, all) == 7);
  CHECK(edited_lines(g, all) == std::pair{7, 7});
  CHECK(edited_lines(*import, all) == std::pair{2, 2});
}
