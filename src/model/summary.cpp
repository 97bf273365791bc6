#include "model/summary.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace goescape {

int FunctionSummary::heap_allocations() const {
  auto it = counts.find(heap_allocations_key);
  return it == counts.end() ? 0 : it->second;
}

void count_finding(const Finding& finding, KindCounts& counts) {
  counts[std::string(kind_name(finding.kind))] += 1;
  if (finding.allocates()) counts[heap_allocations_key] += 1;
  if (finding.is_heap() && !finding.allocates()) counts[without_allocation_key] += 1;
  if (finding.synthesized) counts[synthesized_key] += 1;
}

int findings_counted(const KindCounts& counts) {
  int n = 0;
  for (const auto& [key, count] : counts) {
    if (key != heap_allocations_key && key != without_allocation_key && key != synthesized_key)
      n += count;
  }
  return n;
}

void add_to_function_summaries(const Finding& finding,
                               std::map<std::string, FunctionSummary>& by_name) {
  if (!finding.function) return;
  auto [it, inserted] = by_name.try_emplace(*finding.function);
  FunctionSummary& summary = it->second;
  if (inserted) {
    summary.function = *finding.function;
    summary.package = finding.package;
    summary.file = finding.pos.file;
    summary.line = finding.pos.line;
    summary.counts[heap_allocations_key] = 0;
  }
  count_finding(finding, summary.counts);
}

std::vector<FunctionSummary> summarize_functions(const std::vector<Finding>& findings) {
  std::map<std::string, FunctionSummary> by_name;
  for (const Finding& finding : findings) add_to_function_summaries(finding, by_name);
  std::vector<FunctionSummary> out;
  out.reserve(by_name.size());
  for (auto& [name, summary] : by_name) out.push_back(std::move(summary));
  auto total = [](const FunctionSummary& s) { return findings_counted(s.counts); };
  std::stable_sort(out.begin(), out.end(), [&](const FunctionSummary& a, const FunctionSummary& b) {
    if (a.heap_allocations() != b.heap_allocations())
      return a.heap_allocations() > b.heap_allocations();
    if (total(a) != total(b)) return total(a) > total(b);
    return a.function < b.function;
  });
  return out;
}

KindCounts summarize(const std::vector<Finding>& findings) {
  KindCounts counts;
  counts[heap_allocations_key] = 0;
  for (const Finding& finding : findings) count_finding(finding, counts);
  return counts;
}

}  // namespace goescape
