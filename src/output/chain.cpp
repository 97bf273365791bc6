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
  // A `flow: DST ← SRC` step names where the steps after it lead; show that
  // destination once its steps are printed ({temp} says nothing).
  std::string_view destination;
  std::string_view last_text = finding.expr;
  const auto flush = [&] {
    if (!destination.empty() && destination != "{temp}") {
      out += " → ";
      out += destination;
      last_text = destination;
    }
    destination = {};
  };
  for (const FlowStep& step : finding.flow) {
    if (step.reason == "flow") {
      flush();
      std::string_view text = step.text;
      std::size_t arrow = text.find(" ← ");
      if (arrow == std::string_view::npos) arrow = text.find(" = ");
      destination = text.substr(0, arrow);
      continue;
    }
    // The first note often restates the expression itself ("&T{...} (spill)"):
    // say only why, not the same text twice.
    if (step.text != last_text) {
      out += " → ";
      out += step.text;
      last_text = step.text;
    }
    out += fmt::format(" ({}, {})", step.reason, short_position(step.pos));
  }
  flush();
  return out;
}

}  // namespace goescape
