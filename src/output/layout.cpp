#include "output/layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "support/text.hpp"

namespace goescape {

namespace {

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

constexpr std::string_view outside_any_function = "(outside any function)";

}  // namespace

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !continuation_byte(c); }));
}

std::string fit_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  std::size_t columns = 0;
  std::size_t cut = 0;
  while (cut < text.size()) {
    if (!continuation_byte(text[cut]) && ++columns == width) break;
    ++cut;
  }
  return std::string(text.substr(0, cut)) + "…";
}

std::string list_some(const std::vector<std::string>& items, std::size_t keep) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < keep; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > keep) out += fmt::format(", … ({} more)", items.size() - keep);
  return out;
}

std::string position_text(const Position& pos) {
  return pos.col > 0 ? fmt::format("{}:{}:{}", pos.file, pos.line, pos.col)
                     : fmt::format("{}:{}", pos.file, pos.line);
}

std::string per_call_text(double per_call) {
  if (per_call == static_cast<double>(static_cast<long>(per_call)))
    return std::to_string(static_cast<long>(per_call));
  return per_call >= 1 ? fmt::format("{:.1f}", per_call) : fmt::format("{:.2g}", per_call);
}

bool shown_in_details(const Finding& f, bool all) {
  return all || f.allocates() || f.kind == Kind::source_pattern;
}

std::vector<FunctionBlocks> function_blocks(const std::vector<const Finding*>& findings,
                                            const Overview* overview, bool one_per_finding,
                                            std::set<std::string>& shown) {
  std::map<std::string, FunctionBlocks> functions;
  // Where each block is: function heading, block index.
  std::unordered_map<std::string, std::pair<std::string, std::size_t>> blocks;
  for (const Finding* f : findings) {
    std::string heading = f->function.value_or(std::string(outside_any_function));
    std::string key;
    Position pos = f->pos;
    const InlinedSites* inlined = nullptr;
    if (!one_per_finding && f->is_heap()) {
      std::string group;
      const InlinedSites* copies = nullptr;
      if (overview) group = inlined_group(*f);
      if (!group.empty()) {
        auto it = overview->inlined.find(group);
        if (it != overview->inlined.end()) copies = &it->second;
      }
      if (copies) {
        key = "inlined\n" + group;
        if (!blocks.contains(key) && !shown.insert(group).second) continue;  // shown before
        heading = collapse_type_arguments(f->inlined_from->function);
        pos = {f->inlined_from->file, f->inlined_from->line, 0};
        inlined = copies;
      } else {
        key = fmt::format("{}\n{}\n{}", heading, f->pos.file, f->pos.line);
      }
    }
    FunctionBlocks& function = functions[heading];
    function.function = heading;
    auto found = key.empty() ? blocks.end() : blocks.find(key);
    if (found == blocks.end()) {
      if (!key.empty()) blocks.emplace(key, std::pair(heading, function.blocks.size()));
      SiteBlock block;
      block.pos = pos;
      block.function = heading;
      block.inlined = inlined;
      function.blocks.push_back(std::move(block));
    }
    SiteBlock& block = found == blocks.end()
                           ? function.blocks.back()
                           : functions[found->second.first].blocks[found->second.second];
    block.findings.push_back(f);
    if (f->allocates()) ++function.allocations;
    if (f->profile) function.bytes += f->profile->alloc_space;
  }

  std::vector<FunctionBlocks> out;
  out.reserve(functions.size());
  for (auto& [name, function] : functions) {
    for (SiteBlock& block : function.blocks) {
      std::stable_sort(block.findings.begin(), block.findings.end(),
                       [](const Finding* a, const Finding* b) {
                         return std::tuple(a->pos.col, a->kind) < std::tuple(b->pos.col, b->kind);
                       });
      if (!block.inlined && !block.findings.empty())
        block.pos.col = block.findings.front()->pos.col;
    }
    // Heaviest in the profile first, then the compiler's findings before
    // source patterns, then by position.
    const auto bytes_of = [](const SiteBlock& block) {
      std::int64_t bytes = 0;
      for (const Finding* f : block.findings)
        if (f->profile) bytes += f->profile->alloc_space;
      return bytes;
    };
    std::stable_sort(function.blocks.begin(), function.blocks.end(),
                     [&](const SiteBlock& a, const SiteBlock& b) {
                       if (bytes_of(a) != bytes_of(b)) return bytes_of(a) > bytes_of(b);
                       if (a.findings.front()->is_heap() != b.findings.front()->is_heap())
                         return a.findings.front()->is_heap();
                       return std::tie(a.pos.file, a.pos.line, a.pos.col) <
                              std::tie(b.pos.file, b.pos.line, b.pos.col);
                     });
    out.push_back(std::move(function));
  }
  std::stable_sort(out.begin(), out.end(), [](const FunctionBlocks& a, const FunctionBlocks& b) {
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    return a.allocations > b.allocations;
  });
  return out;
}

void fold_alike_blocks(FunctionBlocks& function) {
  std::unordered_map<std::string, std::size_t> first;  // what a block says -> its index
  std::vector<SiteBlock> kept;
  for (SiteBlock& block : function.blocks) {
    std::string says;
    for (const Finding* f : block.findings) {
      if (!f->allocates() || f->suggestion || f->profile || block.inlined) {
        says.clear();
        break;
      }
      says += allocated_expression(*f) + "\n";
    }
    auto [it, inserted] =
        says.empty() ? std::pair(first.end(), true) : first.try_emplace(says, kept.size());
    if (inserted) {
      kept.push_back(std::move(block));
      continue;
    }
    SiteBlock& into = kept[it->second];
    into.alike.push_back(block.pos);
    into.alike_findings.insert(into.alike_findings.end(), block.findings.begin(),
                               block.findings.end());
  }
  function.blocks = std::move(kept);
}

std::string positions_text(const std::vector<Position>& positions, const std::string& file,
                           std::size_t keep) {
  const bool same_file = std::all_of(positions.begin(), positions.end(),
                                     [&](const Position& p) { return p.file == file; });
  std::vector<std::string> items;
  for (const Position& p : positions)
    items.push_back(same_file ? std::to_string(p.line) : position_text(p));
  return (same_file ? (positions.size() == 1 ? "line " : "lines ") : "") + list_some(items, keep);
}

std::string block_headline(const SiteBlock& block) {
  if (block.findings.size() == 1) {
    const Finding& f = *block.findings.front();
    return f.message.value_or(f.pattern ? "source pattern " + *f.pattern : "");
  }
  std::vector<std::string> moved, escapes, others;
  std::set<std::string> named;  // without generic shapes: one instantiation names them all
  const auto add = [&](std::vector<std::string>& list, std::string item) {
    if (named.insert(without_shapes(item)).second) list.push_back(std::move(item));
  };
  for (const Finding* f : block.findings) {
    if (f->kind == Kind::moved_to_heap)
      add(moved, allocated_expression(*f));
    else if (f->kind == Kind::escapes_to_heap)
      add(escapes, allocated_expression(*f));
    else
      add(others, f->message.value_or(f->pattern ? "source pattern " + *f->pattern : ""));
  }
  std::vector<std::string> parts;
  if (!moved.empty()) parts.push_back("moved to heap: " + list_some(moved, moved.size()));
  if (!escapes.empty())
    parts.push_back(list_some(escapes, escapes.size()) +
                    (escapes.size() == 1 ? " escapes to heap" : " escape to heap"));
  parts.insert(parts.end(), others.begin(), others.end());
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

}  // namespace goescape
