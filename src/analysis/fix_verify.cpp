#include "analysis/fix_verify.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include "analysis/loop_patterns.hpp"
#include "model/text_edit.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// A heap finding that allocates: the compiler's verdict, less what the
// runtime never allocates for (allocation "never"; a constant boxed into an
// interface, such as the panic message of an inlined library function). A
// concatenation that starts with a literal (`"^" + s`) is no constant.
bool allocating(const Finding& f) {
  if (!f.allocates()) return false;
  const std::string_view e = f.expr;
  if (e.empty()) return true;
  if (e.front() == '"' || e.front() == '`' || e.front() == '\'')
    return skip_go_literal(e, 0) < e.size();
  const bool number = std::all_of(e.begin(), e.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
  return !(number || e == "nil" || e == "true" || e == "false");
}

int heap_on(const std::vector<Finding>& findings, const std::string& file,
            std::pair<int, int> lines) {
  if (lines.first > lines.second) return 0;
  return static_cast<int>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
    return allocating(f) && f.pos.file == file && f.pos.line >= lines.first &&
           f.pos.line <= lines.second;
  }));
}

// "dir/x.go" of "./dir/x.go".
std::string normal(std::string_view path) {
  return std::filesystem::path(path).lexically_normal().string();
}

}  // namespace

std::vector<FixCandidate> fix_candidates(const std::vector<PackageResult>& packages) {
  std::vector<FixCandidate> out;
  for (std::size_t p = 0; p < packages.size(); ++p) {
    const PackageResult& result = packages[p];
    if (!result.variant.empty()) continue;
    for (std::size_t i = 0; i < result.findings.size(); ++i) {
      const Finding& f = result.findings[i];
      if (!f.suggestion || !f.fix || f.fix->edits.empty() || f.fix->verified_ok()) continue;
      const bool own = std::all_of(f.fix->edits.begin(), f.fix->edits.end(), [](const TextEdit& e) {
        return e.file.ends_with(".go") && !e.file.empty() && e.file[0] != '/' &&
               !e.file.starts_with("../");
      });
      if (!own) continue;
      FixCandidate c;
      c.package = p;
      c.finding = i;
      c.fix = &*f.fix;
      // An append's verdict stays when its slice is sized up front: what the
      // rewrite removes is the growth, which -m=2 does not show, so it is
      // judged as a loop pattern is (it builds, no new heap allocation).
      c.heap_target = f.is_heap() && !is_append_verdict(f);
      c.target = f.pos;
      c.target_expr = f.expr;
      bool target_counted = false;
      for (const TextEdit& e : f.fix->edits) {
        const auto lines = replaced_lines(e);
        c.heap_before += heap_on(result.findings, e.file, lines);
        target_counted |=
            e.file == f.pos.file && f.pos.line >= lines.first && f.pos.line <= lines.second;
      }
      // The finding may sit elsewhere (a variable a closure captures is
      // reported at its declaration): it counts too.
      if (c.heap_target && !target_counted && allocating(f)) ++c.heap_before;
      out.push_back(c);
    }
  }
  return out;
}

std::map<std::string, std::vector<TextEdit>> edits_by_file(
    const std::vector<const FixCandidate*>& candidates) {
  std::map<std::string, std::vector<TextEdit>> out;
  for (const FixCandidate* c : candidates)
    for (const TextEdit& e : c->fix->edits) out[e.file].push_back(e);
  return out;
}

bool escape_gone(const FixCandidate& candidate, const std::vector<Finding>& after,
                 const std::map<std::string, std::vector<TextEdit>>& file_edits) {
  int heap_after = 0;
  bool target_counted = false;
  for (const TextEdit& e : candidate.fix->edits) {
    auto all = file_edits.find(e.file);
    if (all == file_edits.end()) return false;
    // The edit as stored in the batch (edited_lines needs it among them).
    auto self = std::find(all->second.begin(), all->second.end(), e);
    if (self == all->second.end()) return false;
    heap_after += heap_on(after, e.file, edited_lines(*self, all->second));
    const auto lines = replaced_lines(e);
    target_counted |= e.file == candidate.target.file && candidate.target.line >= lines.first &&
                      candidate.target.line <= lines.second;
  }
  if (candidate.heap_target && !target_counted) {
    // The finding's own line, where it moved: is the same verdict still there?
    auto all = file_edits.find(candidate.target.file);
    const int line = all == file_edits.end() ? candidate.target.line
                                             : moved_line(candidate.target.line, all->second);
    heap_after += static_cast<int>(std::count_if(after.begin(), after.end(), [&](const Finding& f) {
      return allocating(f) && f.pos.file == candidate.target.file && f.pos.line == line &&
             f.expr == candidate.target_expr;
    }));
  }
  if (candidate.heap_target) return heap_after < candidate.heap_before;
  // A loop pattern sizes its declaration: the sized make may itself go to the
  // heap (a length known only at run time), once, in place of every growth.
  return heap_after <= candidate.heap_before + 1;
}

std::set<std::size_t> blamed_candidates(
    const std::vector<const FixCandidate*>& candidates,
    const std::map<std::string, std::vector<TextEdit>>& file_edits,
    const std::vector<std::string>& errors, std::vector<std::string>& unexplained) {
  std::set<std::size_t> blamed;
  for (const std::string& line : errors) {
    // file:line:col: message (go build's compile errors).
    const std::size_t go = line.find(".go:");
    if (go == std::string::npos) {
      unexplained.push_back(line);
      continue;
    }
    const std::string file = normal(std::string_view(line).substr(0, go + 3));
    int number = 0;
    const char* begin = line.data() + go + 4;
    auto [end, ec] = std::from_chars(begin, line.data() + line.size(), number);
    if (ec != std::errc() || end == begin) {
      unexplained.push_back(line);
      continue;
    }
    bool found = false;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      for (const TextEdit& e : candidates[i]->fix->edits) {
        // go prints paths relative to where it ran: the root, or "./x.go".
        if (e.file != file && !e.file.ends_with("/" + file)) continue;
        const auto& all = file_edits.at(e.file);
        auto self = std::find(all.begin(), all.end(), e);
        auto [first, last] = edited_lines(*self, all);
        if (number >= first && number <= last) {
          blamed.insert(i);
          found = true;
        }
      }
    }
    if (!found) unexplained.push_back(line);
  }
  return blamed;
}

}  // namespace goescape
