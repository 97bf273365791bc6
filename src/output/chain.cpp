#include "output/chain.hpp"

#include <fmt/format.h>

namespace goescape {

std::string short_position(const Position& pos) {
  std::string_view file = pos.file;
  if (auto slash = file.find_last_of("/\\"); slash != std::string_view::npos)
    file.remove_prefix(slash + 1);
  return pos.line > 0 ? fmt::format("{}:{}", file, pos.line) : std::string(file);
}

std::string reason_chain(const Finding& finding) {
  if (finding.flow.empty()) return {};
  std::string out = finding.expr;
  for (const FlowStep& step : finding.flow) {
    out += " → ";
    out += step.text;
    out += fmt::format(" ({}, {})", step.reason, short_position(step.pos));
  }
  return out;
}

}  // namespace goescape
