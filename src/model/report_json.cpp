#include "model/report_json.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>

#include "support/json_tree_writer.hpp"
#include "support/json_type.hpp"
#include "support/json_writer.hpp"

namespace goescape {

using nlohmann::json;

namespace {

// ---- Writing ----------------------------------------------------------------

template <typename Writer>
void optional_value(Writer& w, const std::optional<std::string>& text) {
  if (text)
    w.value(*text);
  else
    w.null();
}

template <typename Writer>
void write_finding(const Finding& f, Writer& w) {
  const auto position = [&](const Position& pos) {
    w.key("file");
    w.value(pos.file);
    w.key("line");
    w.value(pos.line);
    w.key("col");
    w.value(pos.col);
  };
  w.begin_object();
  w.key("kind");
  w.value(kind_name(f.kind));
  position(f.pos);
  w.key("message");
  optional_value(w, f.message);
  w.key("expr");
  w.value(f.expr);
  w.key("package");
  w.value(f.package);
  w.key("function");
  optional_value(w, f.function);
  w.key("inlined_from");
  if (f.inlined_from) {
    w.begin_object();
    w.key("function");
    w.value(f.inlined_from->function);
    w.key("file");
    if (f.inlined_from->file.empty())
      w.null();
    else
      w.value(f.inlined_from->file);
    w.key("line");
    if (f.inlined_from->line)
      w.value(f.inlined_from->line);
    else
      w.null();
    w.end_object();
  } else {
    w.null();
  }
  w.key("flow");
  w.begin_array();
  for (const FlowStep& step : f.flow) {
    w.begin_object();
    w.key("reason");
    w.value(step.reason);
    w.key("text");
    w.value(step.text);
    position(step.pos);
    w.end_object();
  }
  w.end_array();
  w.key("pattern");
  optional_value(w, f.pattern);
  w.key("playbook");
  optional_value(w, f.playbook);
  w.key("suggestion");
  optional_value(w, f.suggestion);
  w.key("profile");
  if (f.profile) {
    w.begin_object();
    w.key("alloc_space");
    w.value(f.profile->alloc_space);
    w.key("alloc_objects");
    w.value(f.profile->alloc_objects);
    w.key("inuse_space");
    w.value(f.profile->inuse_space);
    w.key("inuse_objects");
    w.value(f.profile->inuse_objects);
    w.key("cold");
    w.value(f.profile->cold);
    w.end_object();
  } else {
    w.null();
  }
  w.key("fingerprint");
  w.value(f.fingerprint);
  // Fields beyond SPEC.md's minimum, useful to tools and to --explain.
  if (f.held_back) {
    w.key("held_back");
    w.value(*f.held_back);
  }
  if (f.fix) {
    w.key("fix");
    w.begin_object();
    w.key("edits");
    w.begin_array();
    for (const TextEdit& e : f.fix->edits) {
      w.begin_object();
      w.key("file");
      w.value(e.file);
      w.key("line");
      w.value(e.line);
      w.key("col");
      w.value(e.col);
      w.key("end_line");
      w.value(e.end_line);
      w.key("end_col");
      w.value(e.end_col);
      w.key("text");
      w.value(e.text);
      w.end_object();
    }
    w.end_array();
    w.key("verified");
    w.begin_object();
    w.key("builds");
    w.value(f.fix->verified.builds);
    w.key("escape_gone");
    w.value(f.fix->verified.escape_gone);
    w.key("tests");
    w.value(tests_verdict_name(f.fix->verified.tests));
    w.end_object();
    w.end_object();
  }
  if (f.allocation) {
    w.key("allocation");
    w.value(allocation_name(*f.allocation));
    w.key("allocation_note");
    w.value(f.allocation_note);
  }
  if (f.synthesized) {
    w.key("synthesized");
    w.value(true);
  }
  if (f.cold) {
    w.key("cold");
    w.value(*f.cold);
  }
  if (f.occurrences > 1) {
    w.key("occurrences");
    w.value(f.occurrences);
  }
  if (!f.copies.empty()) {
    w.key("copies");
    w.begin_array();
    for (const std::string& c : f.copies) w.value(c);
    w.end_array();
  }
  if (!f.variant.empty()) {
    w.key("variant");
    w.value(f.variant);
  }
  if (f.printed_file != f.pos.file) {
    w.key("printed_file");
    w.value(f.printed_file);
  }
  if (!f.detail.empty()) {
    w.key("detail");
    w.value(f.detail);
  }
  if (f.derefs >= 0) {
    w.key("derefs");
    w.value(f.derefs);
  }
  if (!f.captures.empty()) {
    w.key("captures");
    w.begin_array();
    for (const Capture& c : f.captures) {
      w.begin_object();
      w.key("closure");
      w.value(c.closure);
      w.key("var");
      w.value(c.var);
      w.key("by");
      w.value(c.by_ref ? "ref" : "value");
      w.key("addr");
      w.value(c.addr);
      w.key("assign");
      w.value(c.assign);
      w.key("width");
      w.value(c.width);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

template <typename Writer>
void write_function(const FunctionSummary& f, Writer& w) {
  w.begin_object();
  w.key("function");
  w.value(f.function);
  w.key("package");
  w.value(f.package);
  w.key("file");
  w.value(f.file);
  w.key("line");
  w.value(f.line);
  w.key("counts");
  w.begin_object();
  for (const auto& [kind, count] : f.counts) {
    w.key(kind);
    w.value(count);
  }
  w.end_object();
  w.end_object();
}

template <typename Writer>
void write_diagnostic(const Diagnostic& d, Writer& w) {
  w.begin_object();
  w.key("package");
  w.value(d.package);
  w.key("text");
  w.value(d.text);
  w.end_object();
}

// ---- Reading ----------------------------------------------------------------
//
// The from_json functions below throw FieldError, which never leaves this
// file: finding_from_json and report_from_json turn it into an Error. Each
// level of nesting adds its field name or index to the path on the way out.

struct FieldError {
  std::string path;  // "findings[3].line"; empty for the value itself
  std::string what;  // "expected an integer, found a string"
};

[[noreturn]] void mistyped(const json& j, std::string_view expected) {
  throw FieldError{"", fmt::format("expected {}, found {}", expected, json_type_name(j))};
}

// `inner` under `outer`: "functions" + "[2]" -> "functions[2]", "a" + "b" -> "a.b".
std::string join_path(std::string_view outer, std::string_view inner) {
  if (inner.empty()) return std::string(outer);
  if (inner.front() == '[') return fmt::format("{}{}", outer, inner);
  return fmt::format("{}.{}", outer, inner);
}

// Scalars are read strictly: nlohmann's get<int>() would take 1.5, true or
// 2^40 without a word.
template <typename Int>
Int integer(const json& j) {
  if (!j.is_number_integer()) mistyped(j, "an integer");
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<Int>::max());
  if (j.is_number_unsigned() ? j.get<std::uint64_t>() > max
                             : j.get<std::int64_t>() < std::numeric_limits<Int>::min() ||
                                   j.get<std::int64_t>() > static_cast<std::int64_t>(max))
    throw FieldError{"", fmt::format("{} is out of range", j.dump())};
  return static_cast<Int>(j.get<std::int64_t>());
}

void read(const json& j, std::string& out) {
  if (!j.is_string()) mistyped(j, "a string");
  out = j.get_ref<const std::string&>();
}
void read(const json& j, int& out) { out = integer<int>(j); }
void read(const json& j, std::int64_t& out) { out = integer<std::int64_t>(j); }
void read(const json& j, bool& out) {
  if (!j.is_boolean()) mistyped(j, "true or false");
  out = j.get<bool>();
}
void read(const json& j, Kind& out) {
  std::string name;
  read(j, name);
  auto kind = kind_from_name(name);
  if (!kind) throw FieldError{"", fmt::format("unknown kind \"{}\"", name)};
  out = *kind;
}
// Our own types: their from_json, through nlohmann.
template <typename T>
requires std::is_class_v<T>
void read(const json& j, T& out) {
  if (!j.is_object()) mistyped(j, "an object");
  j.get_to(out);
}
template <typename T>
void read(const json& j, std::optional<T>& out) {
  if (j.is_null()) {
    out.reset();
    return;
  }
  T value{};
  read(j, value);
  out = std::move(value);
}
template <typename T>
void read(const json& j, std::vector<T>& out) {
  if (!j.is_array()) mistyped(j, "an array");
  out.clear();
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    try {
      read(j[i], out.emplace_back());
    } catch (FieldError& e) {
      e.path = join_path(fmt::format("[{}]", i), e.path);
      throw;
    }
  }
}
void read(const json& j, KindCounts& out) {
  if (!j.is_object()) mistyped(j, "an object of counts");
  out.clear();
  for (const auto& [key, value] : j.items()) {
    try {
      read(value, out[key]);
    } catch (FieldError& e) {
      e.path = join_path(key, e.path);
      throw;
    }
  }
}

// Reads field `name` of object `j` into `out`. A missing field leaves `out`
// as it is, or is an error when `required`.
template <typename T>
void field(const json& j, const char* name, T& out, bool required = false) {
  auto it = j.find(name);
  if (it == j.end()) {
    if (required) throw FieldError{name, "missing required field"};
    return;
  }
  try {
    read(*it, out);
  } catch (FieldError& e) {
    e.path = join_path(name, e.path);
    throw;
  }
}

template <typename T>
Result<T> checked_from_json(const json& j) {
  try {
    T value{};
    read(j, value);
    return value;
  } catch (const FieldError& e) {
    return Error{e.path.empty() ? e.what : fmt::format("{}: {}", e.path, e.what), ExitCode::usage};
  } catch (const json::exception& e) {  // not expected: every read checks its type first
    return Error{fmt::format("unreadable JSON: {}", e.what()), ExitCode::usage};
  }
}

}  // namespace

// ---- Writing: entry points ----------------------------------------------------

void write_finding_json(const Finding& finding, std::string& out) {
  JsonWriter w(out);
  write_finding(finding, w);
}

void write_function_json(const FunctionSummary& function, std::string& out) {
  JsonWriter w(out);
  write_function(function, w);
}

void write_diagnostic_json(const Diagnostic& diagnostic, std::string& out) {
  JsonWriter w(out);
  write_diagnostic(diagnostic, w);
}

void to_json(json& out, const Finding& finding) {
  JsonTreeWriter w(out);
  write_finding(finding, w);
}

void to_json(json& out, const FunctionSummary& function) {
  JsonTreeWriter w(out);
  write_function(function, w);
}

void to_json(json& out, const Diagnostic& diagnostic) {
  JsonTreeWriter w(out);
  write_diagnostic(diagnostic, w);
}

json stats_to_json(const ParseStats& s) {
  return {{"lines", s.lines},
          {"verdict_lines", s.verdict_lines},
          {"explanation_lines", s.explanation_lines},
          {"orphan_explanations", s.orphan_explanations},
          {"duplicate_lines", s.duplicate_lines},
          {"header_lines", s.header_lines},
          {"noise_lines", s.noise_lines},
          {"unclassified", s.unclassified}};
}

void to_json(json& out, const Report& r) {
  out = json::object();
  out["schema"] = r.schema;
  out["tool"] = {{"name", r.tool.name}, {"version", r.tool.version}};
  out["go"] = {{"version", r.go.version ? json(*r.go.version) : json(nullptr)},
               {"flags", r.go.flags}};
  out["root"] = r.root;
  out["findings"] = r.findings;
  out["functions"] = r.functions;
  out["summary"] = r.summary;
  out["diagnostics"] = r.diagnostics;
  out["stats"] = stats_to_json(r.stats);
}

// ---- Reading: nlohmann's from_json, one per type -----------------------------

void from_json(const json& j, InlinedFrom& out) {
  field(j, "function", out.function);
  std::optional<std::string> file;
  field(j, "file", file);
  out.file = file.value_or("");
  std::optional<int> line;
  field(j, "line", line);
  out.line = line.value_or(0);
}

void from_json(const json& j, FlowStep& out) {
  field(j, "reason", out.reason);
  field(j, "text", out.text);
  field(j, "file", out.pos.file);
  field(j, "line", out.pos.line);
  field(j, "col", out.pos.col);
}

void from_json(const json& j, Capture& out) {
  field(j, "closure", out.closure);
  field(j, "var", out.var);
  std::string by = "value";
  field(j, "by", by);
  if (by != "ref" && by != "value")
    throw FieldError{"by", fmt::format("expected \"ref\" or \"value\", found \"{}\"", by)};
  out.by_ref = by == "ref";
  field(j, "addr", out.addr);
  field(j, "assign", out.assign);
  field(j, "width", out.width);
}

void from_json(const json& j, TextEdit& out) {
  field(j, "file", out.file, true);
  field(j, "line", out.line, true);
  field(j, "col", out.col, true);
  field(j, "end_line", out.end_line, true);
  field(j, "end_col", out.end_col, true);
  field(j, "text", out.text, true);
}

void from_json(const json& j, FixVerified& out) {
  field(j, "builds", out.builds);
  field(j, "escape_gone", out.escape_gone);
  std::string tests(tests_verdict_name(out.tests));
  field(j, "tests", tests);
  auto verdict = tests_verdict_from_name(tests);
  if (!verdict)
    throw FieldError{"tests", fmt::format("expected \"passed\", \"failed\" or \"not_run\", "
                                          "found \"{}\"",
                                          tests)};
  out.tests = *verdict;
}

void from_json(const json& j, Fix& out) {
  field(j, "edits", out.edits, true);
  field(j, "verified", out.verified);
}

void from_json(const json& j, ProfileFigures& out) {
  field(j, "alloc_space", out.alloc_space);
  field(j, "alloc_objects", out.alloc_objects);
  field(j, "inuse_space", out.inuse_space);
  field(j, "inuse_objects", out.inuse_objects);
  field(j, "cold", out.cold);
}

void from_json(const json& j, Finding& f) {
  field(j, "kind", f.kind, true);
  field(j, "file", f.pos.file);
  field(j, "line", f.pos.line);
  field(j, "col", f.pos.col);
  f.printed_file = f.pos.file;
  field(j, "printed_file", f.printed_file);
  field(j, "message", f.message);
  field(j, "expr", f.expr);
  field(j, "package", f.package);
  field(j, "variant", f.variant);
  field(j, "function", f.function);
  field(j, "inlined_from", f.inlined_from);
  field(j, "flow", f.flow);
  field(j, "captures", f.captures);
  field(j, "pattern", f.pattern);
  field(j, "playbook", f.playbook);
  field(j, "suggestion", f.suggestion);
  field(j, "held_back", f.held_back);
  field(j, "fix", f.fix);
  field(j, "profile", f.profile);
  field(j, "fingerprint", f.fingerprint);
  field(j, "occurrences", f.occurrences);
  field(j, "copies", f.copies);
  std::optional<std::string> allocation;
  field(j, "allocation", allocation);
  if (allocation) {
    f.allocation = allocation_from_name(*allocation);
    if (!f.allocation)
      throw FieldError{"allocation", fmt::format("expected \"always\", \"sometimes\" or "
                                                 "\"never\", found \"{}\"",
                                                 *allocation)};
  }
  field(j, "allocation_note", f.allocation_note);
  field(j, "synthesized", f.synthesized);
  field(j, "cold", f.cold);
  field(j, "detail", f.detail);
  field(j, "derefs", f.derefs);
}

void from_json(const json& j, FunctionSummary& out) {
  field(j, "function", out.function);
  field(j, "package", out.package);
  field(j, "file", out.file);
  field(j, "line", out.line);
  field(j, "counts", out.counts);
}

void from_json(const json& j, Diagnostic& out) {
  field(j, "package", out.package);
  field(j, "text", out.text);
}

void from_json(const json& j, ToolInfo& out) { field(j, "version", out.version); }

void from_json(const json& j, GoInfo& out) {
  field(j, "version", out.version);
  field(j, "flags", out.flags);
}

void from_json(const json& j, Report& r) {
  field(j, "schema", r.schema, true);
  if (r.schema != "goescape/report/v1")
    throw FieldError{"schema", fmt::format("is \"{}\", expected \"goescape/report/v1\"", r.schema)};
  field(j, "tool", r.tool);
  field(j, "go", r.go);
  field(j, "root", r.root);
  field(j, "findings", r.findings, true);
  field(j, "functions", r.functions);
  field(j, "summary", r.summary);
  field(j, "diagnostics", r.diagnostics);
}

Result<Finding> finding_from_json(const json& j) { return checked_from_json<Finding>(j); }

Result<Report> report_from_json(const json& j) { return checked_from_json<Report>(j); }

Result<Report> report_from_text(std::string_view text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for 1E400
    std::string why = e.what();
    // "[json.exception.parse_error.101] parse error at ..." -> "parse error at ..."
    if (auto end = why.find("] "); why.starts_with("[json.exception") && end != std::string::npos)
      why.erase(0, end + 2);
    return Error{"not JSON: " + why, ExitCode::usage};
  }
  return report_from_json(j);
}

}  // namespace goescape
