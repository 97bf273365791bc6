// New and fixed findings by fingerprint, per-function deltas, and the gate
// (analysis/diff.hpp).
#include "analysis/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

#include "analysis/stages.hpp"
#include "model/summary.hpp"

namespace goescape {

namespace {

// Per-function counts of `findings`; findings outside any function are
// grouped under "(outside any function)" per package.
std::map<std::pair<std::string, std::string>, KindCounts> counts_by_function(
    const std::vector<Finding>& findings) {
  std::map<std::pair<std::string, std::string>, KindCounts> out;
  for (const Finding& f : findings) {
    // Closures count with their named function, as in fingerprints.
    std::string function =
        f.function ? std::string(named_function(*f.function)) : "(outside any function)";
    KindCounts& counts = out[{std::move(function), f.package}];
    counts.try_emplace(heap_allocations_key, 0);
    count_finding(f, counts);
  }
  return out;
}

// The findings of `from` whose fingerprints `against` lacks (multiset
// difference), in `from`'s order.
std::vector<Finding> missing_from(const std::vector<Finding>& from,
                                  const std::vector<Finding>& against) {
  std::map<std::string, int> available;
  for (const Finding& f : against) ++available[f.fingerprint];
  std::vector<Finding> out;
  for (const Finding& f : from) {
    int& left = available[f.fingerprint];
    if (left > 0) {
      --left;
    } else {
      out.push_back(f);
    }
  }
  return out;
}

}  // namespace

void fill_missing_fingerprints(std::vector<Finding>& findings) {
  // The fingerprint numbers repeats within one package block, so rebuild the
  // blocks of the findings that need one.
  std::map<std::pair<std::string, std::string>, PackageResult> blocks;
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> where;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!findings[i].fingerprint.empty()) continue;
    std::pair key{findings[i].package, findings[i].variant};
    PackageResult& block = blocks[key];
    block.package = key.first;
    block.variant = key.second;
    block.findings.push_back(findings[i]);
    where[key].push_back(i);
  }
  for (auto& [key, block] : blocks) {
    assign_fingerprints(block);
    const std::vector<std::size_t>& indices = where[key];
    for (std::size_t j = 0; j < indices.size(); ++j)
      findings[indices[j]].fingerprint = block.findings[j].fingerprint;
  }
}

ReportDiff diff_reports(const Report& base, const Report& head) {
  ReportDiff diff;
  diff.base.go = base.go;
  diff.base.root = base.root;
  diff.head.go = head.go;
  diff.head.root = head.root;
  diff.added = missing_from(head.findings, base.findings);
  diff.fixed = missing_from(base.findings, head.findings);
  diff.unchanged = static_cast<int>(head.findings.size() - diff.added.size());

  auto before = counts_by_function(base.findings);
  auto after = counts_by_function(head.findings);
  std::map<std::pair<std::string, std::string>, FunctionDelta> deltas;
  auto consider = [&](const auto& key) {
    KindCounts b = before.count(key) ? before.at(key) : KindCounts{{heap_allocations_key, 0}};
    KindCounts h = after.count(key) ? after.at(key) : KindCounts{{heap_allocations_key, 0}};
    if (b != h) deltas[key] = FunctionDelta{key.first, key.second, std::move(b), std::move(h)};
  };
  for (const auto& [key, counts] : before) consider(key);
  for (const auto& [key, counts] : after) consider(key);
  for (auto& [key, delta] : deltas) diff.functions.push_back(std::move(delta));
  auto heap_change = [](const FunctionDelta& d) {
    return std::abs(count_in(d.head, heap_allocations_key) -
                    count_in(d.base, heap_allocations_key));
  };
  std::stable_sort(diff.functions.begin(), diff.functions.end(),
                   [&](const FunctionDelta& a, const FunctionDelta& b) {
                     return heap_change(a) > heap_change(b);
                   });

  auto heap = [](const std::vector<Finding>& findings) {
    return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                          [](const Finding& f) { return f.allocates(); }));
  };
  diff.summary["new_heap_allocations"] = heap(diff.added);
  diff.summary["fixed_heap_allocations"] = heap(diff.fixed);
  diff.summary["new_findings"] = static_cast<int>(diff.added.size());
  diff.summary["fixed_findings"] = static_cast<int>(diff.fixed.size());
  diff.summary["unchanged_findings"] = diff.unchanged;
  diff.summary["base_heap_allocations"] = heap(base.findings);
  diff.summary["head_heap_allocations"] = heap(head.findings);
  return diff;
}

int count_in(const KindCounts& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

int gate_count(const Gate& gate, const KindCounts& counts) {
  if (gate.kinds.empty()) return count_in(counts, heap_allocations_key);
  int total = 0;
  for (Kind k : gate.kinds) total += count_in(counts, std::string(kind_name(k)));
  return total;
}

bool gate_counts(const Gate& gate, const Finding& finding) {
  // An escape the runtime never allocates for fails no gate, whatever --kind.
  if (finding.is_heap() && !finding.allocates()) return false;
  if (gate.kinds.empty()) return finding.is_heap();
  return std::find(gate.kinds.begin(), gate.kinds.end(), finding.kind) != gate.kinds.end();
}

bool notable(const Gate& gate, const Finding& finding) {
  return gate_counts(gate, finding) || (gate.kinds.empty() && finding.kind == Kind::source_pattern);
}

GateVerdict evaluate_gate(const Gate& gate, const ReportDiff& diff) {
  GateVerdict verdict;
  verdict.counted =
      static_cast<int>(std::count_if(diff.added.begin(), diff.added.end(),
                                     [&](const Finding& f) { return gate_counts(gate, f); }));
  const char* what = gate.kinds.empty() ? "new heap allocation" : "new finding";
  const char* plural = verdict.counted == 1 ? "" : "s";
  if (gate.max_new && verdict.counted > *gate.max_new) {
    verdict.failed = true;
    verdict.reason = fmt::format("{} {}{}, more than --max-new {}", verdict.counted, what, plural,
                                 *gate.max_new);
  } else if (gate.fail_on_new && verdict.counted > 0 && !gate.max_new) {
    verdict.failed = true;
    verdict.reason = fmt::format("{} {}{} (--fail-on new)", verdict.counted, what, plural);
  }
  return verdict;
}

}  // namespace goescape
