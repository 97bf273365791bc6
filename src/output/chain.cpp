#include "output/chain.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "output/layout.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// The text of a `flow: DST ← SRC` step up to its arrow: where the steps
// after it lead.
std::string_view flow_destination(std::string_view text) {
  std::size_t arrow = text.find(" ← ");
  if (arrow == std::string_view::npos) arrow = text.find(" = ");
  return text.substr(0, arrow);
}

// The callee of a call as -m=2 prints it: `fmt.Sprintf("%d", ... argument...)`
// -> `fmt.Sprintf`, `(*server.Router).Handle(router, x)` -> `(*server.Router).Handle`,
// with a generic's shape arguments left out.
std::string callee_of(std::string_view call) {
  std::size_t i = 0;
  if (!call.empty() && call.front() == '(') {
    int depth = 0;
    for (; i < call.size(); ++i) {
      if (call[i] == '(') ++depth;
      if (call[i] == ')' && --depth == 0) {
        ++i;
        break;
      }
    }
  }
  std::size_t open = call.find('(', i);
  return collapse_type_arguments(call.substr(0, open));
}

// The left side of `lhs = rhs` / `lhs := rhs`, and whether it declares.
struct Assignment {
  std::string_view lhs;
  bool declares = false;
};

Assignment assignment_of(std::string_view text) {
  if (std::size_t at = text.find(" := "); at != std::string_view::npos)
    return {text.substr(0, at), true};
  if (std::size_t at = text.find(" = "); at != std::string_view::npos)
    return {text.substr(0, at), false};
  return {text, false};
}

// Whether an assignment's left side is memory that outlives a local: a
// field, an element or a dereference, not a variable (`~r0` and other
// compiler temporaries are result bindings of inlined calls).
bool stores_into_memory(std::string_view lhs) {
  if (lhs.empty() || lhs.front() == '~' || lhs.front() == '.') return false;
  if (lhs.find(',') != std::string_view::npos) return false;  // a multi-assignment
  return lhs.front() == '*' || lhs.find('[') != std::string_view::npos ||
         lhs.find('.') != std::string_view::npos;
}

constexpr std::size_t max_text = 32;  // an expression inside a step

// What one explanation note says, when it decides the escape; empty when it
// is a step a reader need not see (spills, copies, result bindings).
std::string decisive_phrase(const FlowStep& step) {
  const std::string_view reason = step.reason;
  const std::string_view text = step.text;
  if (reason == "address-of") return "address taken";
  if (reason == "captured by a closure") return "captured by a closure";
  if (reason == "call parameter") return "passed to " + fit_width(callee_of(text), max_text);
  if (reason == "callee operand") return "called as a func value";
  if (reason == "return") return "returned";
  if (reason == "interface-converted") return "converted to an interface";
  if (reason == "send") return "sent on a channel";
  if (reason == "key of map put") return "used as a map key";
  if (reason == "appended slice..." || reason == "appendee slice") return "appended to a slice";
  if (reason == "copied slice") return "copied into a slice";
  if (reason == "too large for stack") return "too large for the stack";
  if (reason == "too aligned for stack") return "too aligned for the stack";
  if (reason == "non-constant size") return "size not constant";
  if (reason == "zero-sized element") return "zero-sized elements";
  if (reason == "//go:uintptrescapes") return "//go:uintptrescapes argument";
  if (reason == "conversion to unsafe.Pointer") return "converted to unsafe.Pointer";
  if (reason == "reflect.Header.Data") return "stored in a reflect header";
  if (reason == "struct literal element" || reason == "array literal element" ||
      reason == "map literal key" || reason == "map literal value")
    return "stored in " + fit_width(text, max_text);
  if (reason == "slice-literal-element")
    return text == "... argument" ? std::string() : "stored in a slice literal";
  if (reason == "assign") {
    Assignment a = assignment_of(text);
    if (!a.declares && stores_into_memory(a.lhs)) return "stored in " + fit_width(a.lhs, max_text);
  }
  return {};
}

// Where the flow ends, from the destination of its last `flow:` step.
std::string ending(std::string_view destination) {
  if (destination.empty() || destination == "{temp}") return {};
  if (destination == "{heap}") return "heap";
  // A result, also of an inlined callee (`cache.~r0`).
  std::string_view result = destination.substr(destination.rfind('.') + 1);
  if (result.starts_with("~r") || result.starts_with("~R")) return "returned";
  constexpr std::string_view storage = "{storage for ";
  if (destination.starts_with("&")) destination.remove_prefix(1);
  if (destination.starts_with(storage) && destination.ends_with("}")) {
    std::string_view of =
        destination.substr(storage.size(), destination.size() - storage.size() - 1);
    return "held by " + fit_width(of, max_text);
  }
  return "kept in " + fit_width(destination, max_text);
}

// " (line 43)" when the step is on another line of the finding's file,
// " (lru.go:43)" in another file, nothing on the finding's own line.
std::string where(const Position& step, const Position& finding) {
  if (step.line <= 0 || (step.file == finding.file && step.line == finding.line)) return {};
  if (step.file == finding.file) return fmt::format(" (line {})", step.line);
  return " (" + short_position(step) + ")";
}

}  // namespace

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
      destination = flow_destination(step.text);
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

namespace {

// The decisive steps of a finding's flow and where it ends, as phrases.
std::vector<std::string> decisive_steps(const Finding& finding, bool positions = true) {
  std::vector<std::string> steps;
  std::string_view destination;
  for (const FlowStep& step : finding.flow) {
    if (step.reason == "flow") {
      destination = flow_destination(step.text);
      continue;
    }
    std::string phrase = decisive_phrase(step);
    if (phrase.empty()) continue;
    if (positions) phrase += where(step.pos, finding.pos);
    // The same step twice in a row (one path explained twice) reads once.
    if (steps.empty() || steps.back() != phrase) steps.push_back(std::move(phrase));
  }
  std::string end = ending(destination);
  if (!end.empty() && (steps.empty() || !steps.back().starts_with(end)))
    steps.push_back(std::move(end));
  return steps;
}

std::string joined(const std::vector<std::string>& steps) {
  std::string out;
  for (const std::string& step : steps) out += " → " + step;
  return out;
}

}  // namespace

std::string short_reason_steps(const Finding& finding, bool positions) {
  return finding.flow.empty() ? std::string() : joined(decisive_steps(finding, positions));
}

std::string short_reason_chain(const Finding& finding, std::size_t width) {
  if (finding.flow.empty()) return {};
  std::vector<std::string> steps = decisive_steps(finding);
  const std::string head = fit_width(finding.expr, 40);
  std::string out = head + joined(steps);
  // Too long: keep the first step and the last two (how it starts to escape
  // and where it ends), the middle becomes "…".
  if (display_width(out) > width && steps.size() > 3)
    out = head + joined({steps.front(), "…", steps[steps.size() - 2], steps.back()});
  return fit_width(out, width);
}

}  // namespace goescape
